// SPDX-License-Identifier: GPL-2.0
#include <errno.h>
#include <string.h>
#include <unistd.h>

#include <bpf/bpf.h>
#include <bpf/libbpf.h>

#include "datapath/dispatch.h"
#include "datapath/pins.h"
#include "dispatch.skel.h"
#include "util/diag.h"
#include "util/paths.h"

static const char *const program_pins[DPROGS] = {
	EBFILT_PIN_XDP_IN, EBFILT_PIN_TC_IN, EBFILT_PIN_TC_OUT, EBFILT_PIN_IP_IN, EBFILT_PIN_IP_OUT,
};

static void close_fd(int *fd)
{
	if (*fd >= 0)
		close(*fd);
	*fd = -1;
}

/* The descriptors this run opened from the pins (a loaded skeleton owns its own). */
static void close_fds(struct dispatcher *d)
{
	int i;

	if (d->skel)
		return;
	for (i = 0; i < DPROGS; i++)
		close_fd(&d->prog_fd[i]);
	close_fd(&d->active_fd);
	close_fd(&d->xdp_progs_fd);
	close_fd(&d->tc_progs_fd);
}

static uint32_t prog_id(int fd)
{
	struct bpf_prog_info info = { 0 };
	__u32 len = sizeof(info);

	return bpf_obj_get_info_by_fd(fd, &info, &len) ? 0 : info.id;
}

static uint32_t map_entries(int fd)
{
	struct bpf_map_info info = { 0 };
	__u32 len = sizeof(info);

	return bpf_obj_get_info_by_fd(fd, &info, &len) ? 0 : info.max_entries;
}

/*
 * Every pin of the dispatcher, opened: 0, -ENOENT when one is missing, or
 * -ESTALE when they are an earlier ebfilt's.
 */
static int open_pinned(struct dispatcher *d)
{
	char path[PATH_MAX];
	int i, err = 0;

	d->active_fd = pins_open_map(MAPS_DISPATCH, 0, "active_slot");
	d->xdp_progs_fd = pins_open_map(MAPS_DISPATCH, 0, "xdp_progs");
	d->tc_progs_fd = pins_open_map(MAPS_DISPATCH, 0, "tc_progs");
	for (i = 0; i < DPROGS; i++) {
		d->prog_fd[i] = -1;
		if (!pin_path(path, "%s", program_pins[i]))
			d->prog_fd[i] = bpf_obj_get(path);
		if (d->prog_fd[i] < 0)
			err = -ENOENT;
		else
			d->prog_id[i] = prog_id(d->prog_fd[i]);
	}
	if (d->active_fd < 0 || d->xdp_progs_fd < 0 || d->tc_progs_fd < 0 ||
	    !pins_group_pinned(MAPS_SHARED, 0))
		err = -ENOENT;
	/* An earlier ebfilt's dispatcher has other places in its arrays. */
	if (d->tc_progs_fd >= 0 && map_entries(d->tc_progs_fd) != EBFILT_SLOTS * EBFILT_TC_PROGS)
		err = -ESTALE;
	return err;
}

void dispatch_unpin(void)
{
	char path[PATH_MAX];
	int i;

	for (i = 0; i < DPROGS; i++)
		if (!pin_path(path, "%s", program_pins[i]))
			unlink(path);
	pins_unpin_group(MAPS_DISPATCH, 0);
	pins_unpin_group(MAPS_SHARED, 0);
}

/* A new dispatcher, nothing in force, pinned. */
static int load_new(struct dispatcher *d)
{
	struct bpf_program *progs[DPROGS];
	struct ebfilt_active none = { .slot = EBFILT_SLOT_NONE };
	char path[PATH_MAX];
	uint32_t zero = 0;
	int i, err;

	d->skel = dispatch__open_and_load();
	if (!d->skel) {
		err = -errno;
		pr_err("cannot load the dispatcher: %s", strerror(-err));
		return err;
	}
	progs[DPROG_XDP] = d->skel->progs.ebfilt_xdp_in;
	progs[DPROG_TC_IN] = d->skel->progs.ebfilt_tc_in;
	progs[DPROG_TC_OUT] = d->skel->progs.ebfilt_tc_out;
	progs[DPROG_IP_IN] = d->skel->progs.ebfilt_ip_in;
	progs[DPROG_IP_OUT] = d->skel->progs.ebfilt_ip_out;
	d->active_fd = bpf_map__fd(d->skel->maps.active_slot);
	d->xdp_progs_fd = bpf_map__fd(d->skel->maps.xdp_progs);
	d->tc_progs_fd = bpf_map__fd(d->skel->maps.tc_progs);
	err = bpf_map_update_elem(d->active_fd, &zero, &none, BPF_ANY) ? -errno : 0;
	if (!err)
		err = pins_pin_group(d->skel->obj, MAPS_DISPATCH, 0);
	if (!err)
		err = pins_pin_group(d->skel->obj, MAPS_SHARED, 0);
	for (i = 0; i < DPROGS && !err; i++) {
		d->prog_fd[i] = bpf_program__fd(progs[i]);
		d->prog_id[i] = prog_id(d->prog_fd[i]);
		err = pin_path(path, "%s", program_pins[i]);
		if (!err && bpf_program__pin(progs[i], path))
			err = -errno;
	}
	if (err) {
		pr_err("cannot pin the dispatcher under %s: %s", path, strerror(-err));
		dispatch_unpin();
	}
	return err;
}

void dispatch_init(struct dispatcher *d)
{
	int i;

	memset(d, 0, sizeof(*d));
	for (i = 0; i < DPROGS; i++)
		d->prog_fd[i] = -1;
	d->active_fd = d->xdp_progs_fd = d->tc_progs_fd = -1;
}

int dispatch_open(struct dispatcher *d, bool create)
{
	enum ebfilt_slot slot;
	int err;

	dispatch_init(d);
	err = open_pinned(d);
	if (!err || !create) {
		if (err)
			dispatch_close(d);
		return err;
	}
	/*
	 * Debris of a dispatcher pinned in part is cleared first, unless it is
	 * in force: its program arrays' last pins going would empty them, and
	 * every hook would drop everything. mkfilt -d takes such a one out.
	 */
	if (d->active_fd >= 0 && dispatch_read_active(&slot) == 0 && slot != EBFILT_SLOT_NONE) {
		if (err == -ESTALE)
			pr_err("the dispatcher in force is an earlier ebfilt's; mkfilt -d takes it "
			       "out, then mkfilt -u");
		else
			pr_err("the dispatcher in force has lost some of its pins under %s; "
			       "mkfilt -d takes it out, then mkfilt -u", ebfilt_pindir());
		dispatch_close(d);
		return -ENOENT;
	}
	close_fds(d);
	dispatch_unpin();
	diag_route_libbpf();
	err = load_new(d);
	if (err)
		dispatch_close(d);
	return err;
}

void dispatch_close(struct dispatcher *d)
{
	close_fds(d);
	dispatch__destroy(d->skel);
	dispatch_init(d);
}

/* The filter's program for each of a slot's places in the dispatcher's arrays. */
static void slot_places(const struct ebfilt *filter, const struct ebfilt *tc_out,
			enum ebfilt_slot slot, int fds[DPROGS], uint32_t keys[DPROGS])
{
	static const struct { bool in, raw_ip; } tc[DPROGS] = {
		[DPROG_TC_IN] = { true, false },  [DPROG_TC_OUT] = { false, false },
		[DPROG_IP_IN] = { true, true },   [DPROG_IP_OUT] = { false, true },
	};
	int i;

	keys[DPROG_XDP] = slot;
	for (i = DPROG_TC_IN; i < DPROGS; i++)
		keys[i] = ebfilt_tc_prog_index(slot, tc[i].in, tc[i].raw_ip);
	if (!filter)
		return;
	fds[DPROG_XDP] = bpf_program__fd(filter->progs.filter_xdp_in);
	fds[DPROG_TC_IN] = bpf_program__fd(filter->progs.filter_tc_in);	/* < 0: not loaded */
	fds[DPROG_TC_OUT] = bpf_program__fd((tc_out ? tc_out : filter)->progs.filter_tc_out);
	fds[DPROG_IP_IN] = bpf_program__fd(filter->progs.filter_ip_in);	/* < 0: not loaded */
	fds[DPROG_IP_OUT] = bpf_program__fd(filter->progs.filter_ip_out);
}

static int array_of(const struct dispatcher *d, int i)
{
	return i == DPROG_XDP ? d->xdp_progs_fd : d->tc_progs_fd;
}

int dispatch_install(struct dispatcher *d, enum ebfilt_slot slot, const struct ebfilt *filter,
		     const struct ebfilt *tc_out)
{
	uint32_t keys[DPROGS];
	int fds[DPROGS], i, err = 0;

	slot_places(filter, tc_out, slot, fds, keys);
	for (i = 0; i < DPROGS && !err; i++) {
		if (fds[i] < 0 && i != DPROG_XDP && i != DPROG_TC_OUT)
			bpf_map_delete_elem(array_of(d, i), &keys[i]);
		else if (bpf_map_update_elem(array_of(d, i), &keys[i], &fds[i], BPF_ANY))
			err = -errno;
	}
	if (err) {
		pr_err("cannot hand the new filter to the dispatcher: %s", strerror(-err));
		dispatch_clear(d, slot);
	}
	return err;
}

void dispatch_clear(struct dispatcher *d, enum ebfilt_slot slot)
{
	uint32_t keys[DPROGS];
	int i;

	slot_places(NULL, NULL, slot, NULL, keys);
	for (i = 0; i < DPROGS; i++)
		bpf_map_delete_elem(array_of(d, i), &keys[i]);
}

bool dispatch_has_raw_ip(const struct dispatcher *d, enum ebfilt_slot slot)
{
	uint32_t key = ebfilt_tc_prog_index(slot, true, true), id;

	/* From user space a program array's entry reads as the program's ID. */
	return slot < EBFILT_SLOTS && !bpf_map_lookup_elem(d->tc_progs_fd, &key, &id);
}

int dispatch_switch(struct dispatcher *d, enum ebfilt_slot slot)
{
	struct ebfilt_active active = { .slot = slot };
	uint32_t zero = 0;
	int err;

	if (!bpf_map_update_elem(d->active_fd, &zero, &active, BPF_ANY))
		return 0;
	err = -errno;
	pr_err("cannot switch the filter in force: %s", strerror(-err));
	return err;
}

int dispatch_read_active(enum ebfilt_slot *slot)
{
	struct ebfilt_active active;
	int fd = pins_open_map(MAPS_DISPATCH, 0, "active_slot"), err = 0;
	uint32_t zero = 0;

	if (fd < 0)
		return fd;
	if (bpf_map_lookup_elem(fd, &zero, &active))
		err = -errno;
	else
		*slot = active.slot < EBFILT_SLOTS ? active.slot : EBFILT_SLOT_NONE;
	close(fd);
	return err;
}
