// SPDX-License-Identifier: GPL-2.0
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdarg.h>
#include <linux/if_link.h>
#include <linux/magic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/vfs.h>
#include <unistd.h>

#include <bpf/bpf.h>
#include <bpf/libbpf.h>

#include "filter_attach.h"
#include "filter_load.h"
#include "log.h"
#include "paths.h"

/* Our tc filters are found again by this handle and priority. */
#define TC_HANDLE	0xeb
#define TC_PRIORITY	0xeb

/* What was attached to one interface (a line of EBFILT_RUNDIR/attached). */
struct attachment {
	char name[IF_NAMESIZE];
	int ifindex;
	enum inbound_hook inbound;
	bool made_clsact;	/* we created the clsact qdisc, so we remove it */
};

struct attachments {
	struct attachment a[CONFIG_MAX_IFACES];
	size_t count;
};

static int pin_path(char *buf, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static int pin_path(char *buf, const char *fmt, ...)
{
	char rel[128];
	va_list ap;
	int len;

	va_start(ap, fmt);
	vsnprintf(rel, sizeof(rel), fmt, ap);
	va_end(ap);
	len = snprintf(buf, PATH_MAX, "%s/%s", ebfilt_pindir(), rel);
	return len >= PATH_MAX ? -ENAMETOOLONG : 0;
}

bool filter_version_active(uint8_t version)
{
	char path[PATH_MAX];

	return !pin_path(path, "v%u/config", version) && access(path, F_OK) == 0;
}

static bool on_bpffs(const char *path)
{
	struct statfs st;

	return !statfs(path, &st) && st.f_type == BPF_FS_MAGIC;
}

static int make_dir(const char *path)
{
	return mkdir(path, 0700) && errno != EEXIST ? -errno : 0;
}

/*
 * Make EBFILT_PINDIR a directory on a bpffs. Inside "ip netns exec" no
 * bpffs is mounted (and /sys/fs/bpf is a plain sysfs directory), so mount
 * one at the deepest existing ancestor, or at the directory itself.
 */
static int prepare_pindir(void)
{
	char path[PATH_MAX], *slash;
	const char *dir = ebfilt_pindir();

	if (on_bpffs(dir))
		return 0;
	snprintf(path, sizeof(path), "%s", dir);
	if (make_dir(path) == 0 && !on_bpffs(path)) {
		if (mount("bpf", path, "bpf", 0, "mode=0700"))
			goto fail;
		return 0;
	}
	while ((slash = strrchr(path, '/')) && slash != path && access(path, F_OK))
		*slash = '\0';
	if (!on_bpffs(path) && mount("bpf", path, "bpf", 0, "mode=0700"))
		goto fail;
	if (make_dir(dir) == 0 && on_bpffs(dir))
		return 0;
fail:
	pr_err("%s: cannot set up a BPF file system: %s", dir, strerror(errno));
	return -errno;
}

/* ---- the record of attachments ---- */

static int state_path(char *buf)
{
	int len = snprintf(buf, PATH_MAX, "%s/attached", ebfilt_rundir());

	return len >= PATH_MAX ? -ENAMETOOLONG : 0;
}

static void read_state(struct attachments *st)
{
	char path[PATH_MAX], line[128];
	struct attachment *a;
	int inbound, made;
	FILE *in;

	st->count = 0;
	if (state_path(path) || !(in = fopen(path, "re")))
		return;
	while (st->count < CONFIG_MAX_IFACES && fgets(line, sizeof(line), in)) {
		a = &st->a[st->count];
		if (line[0] == '#' ||
		    sscanf(line, "%15s %d %d %d", a->name, &a->ifindex, &inbound, &made) != 4)
			continue;
		a->inbound = inbound ? INBOUND_TC : INBOUND_XDP;
		a->made_clsact = made;
		st->count++;
	}
	fclose(in);
}

static int write_state(const struct attachments *st)
{
	char path[PATH_MAX], tmp[PATH_MAX + 4];
	size_t i;
	FILE *out;

	if (state_path(path))
		return -ENAMETOOLONG;
	if (mkdir(ebfilt_rundir(), 0755) && errno != EEXIST)
		return -errno;
	if (!st->count)
		return unlink(path) && errno != ENOENT ? -errno : 0;
	snprintf(tmp, sizeof(tmp), "%s.new", path);
	out = fopen(tmp, "we");
	if (!out)
		return -errno;
	fprintf(out, "# interface ifindex inbound(0 xdp, 1 tc) made-clsact\n");
	for (i = 0; i < st->count; i++)
		fprintf(out, "%s %d %d %d\n", st->a[i].name, st->a[i].ifindex,
			st->a[i].inbound == INBOUND_TC, st->a[i].made_clsact);
	if (fclose(out) || rename(tmp, path))
		return -errno;
	return 0;
}

/* ---- attaching ---- */

static int tc_attach(int ifindex, enum bpf_tc_attach_point where, int prog_fd, bool *made)
{
	LIBBPF_OPTS(bpf_tc_hook, hook, .ifindex = ifindex, .attach_point = BPF_TC_INGRESS);
	LIBBPF_OPTS(bpf_tc_opts, opts, .handle = TC_HANDLE, .priority = TC_PRIORITY,
		    .prog_fd = prog_fd, .flags = BPF_TC_F_REPLACE);
	int err;

	/* clsact carries both directions; creating it for ingress creates both. */
	err = bpf_tc_hook_create(&hook);
	if (err && err != -EEXIST)
		return err;
	if (!err)
		*made = true;
	hook.attach_point = where;
	return bpf_tc_attach(&hook, &opts);
}

static void tc_detach(int ifindex, enum bpf_tc_attach_point where)
{
	LIBBPF_OPTS(bpf_tc_hook, hook, .ifindex = ifindex, .attach_point = where);
	LIBBPF_OPTS(bpf_tc_opts, opts, .handle = TC_HANDLE, .priority = TC_PRIORITY);

	bpf_tc_detach(&hook, &opts);
}

static void tc_remove_clsact(int ifindex)
{
	LIBBPF_OPTS(bpf_tc_hook, hook, .ifindex = ifindex,
		    .attach_point = BPF_TC_INGRESS | BPF_TC_EGRESS);

	bpf_tc_hook_destroy(&hook);
}

/* The fd of our XDP program on ifindex (by name), or -1 if there is none. */
static int our_xdp_prog(int ifindex)
{
	struct bpf_prog_info info = { 0 };
	__u32 len = sizeof(info), id = 0;
	int fd;

	if (bpf_xdp_query_id(ifindex, 0, &id) || !id)
		return -1;
	fd = bpf_prog_get_fd_by_id(id);
	if (fd < 0)
		return -1;
	if (bpf_obj_get_info_by_fd(fd, &info, &len) || strcmp(info.name, "ebfilt_xdp_in")) {
		close(fd);
		return -1;
	}
	return fd;
}

/*
 * Attach the XDP program through netlink, so the attachment lives in the
 * kernel whatever happens to the pins. Our previous program is replaced
 * atomically; another tool's program is never replaced.
 */
static int xdp_attach(int ifindex, struct bpf_program *prog)
{
	LIBBPF_OPTS(bpf_xdp_attach_opts, opts, .old_prog_fd = our_xdp_prog(ifindex));
	__u32 flags = opts.old_prog_fd >= 0 ? XDP_FLAGS_REPLACE : XDP_FLAGS_UPDATE_IF_NOEXIST;
	int err = bpf_xdp_attach(ifindex, bpf_program__fd(prog), flags, &opts);

	if (opts.old_prog_fd >= 0)
		close(opts.old_prog_fd);
	return err;
}

static void xdp_detach(int ifindex)
{
	LIBBPF_OPTS(bpf_xdp_attach_opts, opts, .old_prog_fd = our_xdp_prog(ifindex));

	if (opts.old_prog_fd < 0)
		return;
	bpf_xdp_detach(ifindex, XDP_FLAGS_REPLACE, &opts);
	close(opts.old_prog_fd);
}

static const struct attachment *find_attachment(const struct attachments *st, const char *name)
{
	size_t i;

	for (i = 0; i < st->count; i++)
		if (!strcmp(st->a[i].name, name))
			return &st->a[i];
	return NULL;
}

static void detach_one(const struct attachment *a)
{
	if (a->inbound == INBOUND_XDP)
		xdp_detach(a->ifindex);
	else
		tc_detach(a->ifindex, BPF_TC_INGRESS);
	tc_detach(a->ifindex, BPF_TC_EGRESS);
	if (a->made_clsact)
		tc_remove_clsact(a->ifindex);
}

static int attach_one(struct ebfilt *skel, const struct iface_config *want,
		      const struct attachment *old, struct attachment *now)
{
	int err;

	memset(now, 0, sizeof(*now));
	strcpy(now->name, want->name);
	now->inbound = want->inbound;
	now->ifindex = (int)if_nametoindex(want->name);
	if (!now->ifindex) {
		pr_err("interface %s: %s", want->name, strerror(errno));
		return -ENODEV;
	}
	now->made_clsact = old && old->ifindex == now->ifindex && old->made_clsact;
	if (old && old->ifindex == now->ifindex && old->inbound != want->inbound) {
		if (old->inbound == INBOUND_XDP)	/* moving inbound to tc */
			xdp_detach(old->ifindex);
		else
			tc_detach(old->ifindex, BPF_TC_INGRESS);
	}
	err = tc_attach(now->ifindex, BPF_TC_EGRESS, bpf_program__fd(skel->progs.ebfilt_tc_out),
			&now->made_clsact);
	if (!err && want->inbound == INBOUND_TC)
		err = tc_attach(now->ifindex, BPF_TC_INGRESS,
				bpf_program__fd(skel->progs.ebfilt_tc_in), &now->made_clsact);
	if (!err && want->inbound == INBOUND_XDP) {
		err = xdp_attach(now->ifindex, skel->progs.ebfilt_xdp_in);
		if (err == -EEXIST || err == -EBUSY) {
			pr_err("cannot attach to %s: it has an XDP program of another tool", want->name);
			return err;
		}
	}
	if (err)
		pr_err("cannot attach to %s: %s", want->name, strerror(-err));
	return err;
}

/* ---- pins ---- */

static void unpin_version(uint8_t version)
{
	char path[PATH_MAX];
	int i;

	for (i = 0; i < FMAP_COUNT; i++)
		if (!pin_path(path, "v%u/%s", version, filter_map_names[i]))
			unlink(path);
	if (!pin_path(path, "v%u", version))
		rmdir(path);
}

static int pin_version(struct ebfilt *skel, uint8_t version)
{
	char path[PATH_MAX];
	int i, err;

	unpin_version(version);
	err = pin_path(path, "v%u", version);
	if (!err)
		err = make_dir(path);
	for (i = 0; i < FMAP_COUNT && !err; i++) {
		err = pin_path(path, "v%u/%s", version, filter_map_names[i]);
		if (!err)
			err = bpf_map__pin(filter_map(skel, version, i), path);
	}
	return err;
}

static const char *const prog_pins[] = { "prog_xdp_in", "prog_tc_in", "prog_tc_out", "stats" };

static void unpin_programs(void)
{
	char path[PATH_MAX];
	size_t i;

	for (i = 0; i < sizeof(prog_pins) / sizeof(prog_pins[0]); i++)
		if (!pin_path(path, "%s", prog_pins[i]))
			unlink(path);
}

/* The logging maps are pinned once and taken over by later activations. */
static int pin_log_maps(struct ebfilt *skel)
{
	char path[PATH_MAX];
	int i, err;

	for (i = 0; i < LMAP_COUNT; i++) {
		err = pin_path(path, "%s", log_map_names[i]);
		if (err)
			return err;
		if (access(path, F_OK) == 0)
			continue;
		err = bpf_map__pin(log_map(skel, i), path);
		if (err)
			return err;
	}
	return 0;
}

static void unpin_log_maps(void)
{
	char path[PATH_MAX];
	int i;

	for (i = 0; i < LMAP_COUNT; i++)
		if (!pin_path(path, "%s", log_map_names[i]))
			unlink(path);
}

static int pin_programs(struct ebfilt *skel)
{
	char path[PATH_MAX];
	int err;

	unpin_programs();
	err = pin_path(path, "prog_xdp_in");
	if (!err)
		err = bpf_program__pin(skel->progs.ebfilt_xdp_in, path);
	if (!err && !(err = pin_path(path, "prog_tc_in")))
		err = bpf_program__pin(skel->progs.ebfilt_tc_in, path);
	if (!err && !(err = pin_path(path, "prog_tc_out")))
		err = bpf_program__pin(skel->progs.ebfilt_tc_out, path);
	if (!err && !(err = pin_path(path, "stats")))
		err = bpf_map__pin(skel->maps.stats, path);
	return err;
}

static void remove_everything(void)
{
	struct attachments st;
	size_t i;

	read_state(&st);
	for (i = 0; i < st.count; i++)
		detach_one(&st.a[i]);
	st.count = 0;
	write_state(&st);
	unpin_version(4);
	unpin_version(6);
	unpin_programs();
	unpin_log_maps();
}

/* ---- activation ---- */

static int attach_all(struct ebfilt *skel, const struct ebfilt_config_file *conf,
		      struct attachments *now)
{
	struct iface_config want[CONFIG_MAX_IFACES];
	struct attachments old;
	size_t n, i;
	int err;

	err = config_interfaces(conf, want, CONFIG_MAX_IFACES, &n);
	if (err) {
		pr_err("cannot list the interfaces: %s", strerror(-err));
		return err;
	}
	if (!n) {
		pr_err("no interface to attach to (none is up, and ebfilt.conf lists none)");
		return -ENODEV;
	}
	/* Every interface must exist before anything is switched. */
	for (i = 0; i < n; i++) {
		if (!if_nametoindex(want[i].name)) {
			pr_err("interface %s: %s", want[i].name, strerror(errno));
			return -ENODEV;
		}
	}
	read_state(&old);
	now->count = 0;
	for (i = 0; i < n && !err; i++) {
		err = attach_one(skel, &want[i], find_attachment(&old, want[i].name),
				 &now->a[now->count]);
		if (!err)
			now->count++;
	}
	/* Interfaces no longer configured are let go. */
	for (i = 0; i < old.count && !err; i++)
		if (!find_attachment(now, old.a[i].name))
			detach_one(&old.a[i]);
	return err;
}

/* One activation at a time: concurrent ones would race on pins and attachments. */
static int lock_activation(void)
{
	char path[PATH_MAX];
	int fd;

	if (snprintf(path, sizeof(path), "%s/.lock", ebfilt_rundir()) >= (int)sizeof(path))
		return -ENAMETOOLONG;
	if (mkdir(ebfilt_rundir(), 0755) && errno != EEXIST)
		return -errno;
	fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0600);
	if (fd < 0 || flock(fd, LOCK_EX)) {
		pr_err("cannot lock %s: %s", path, strerror(errno));
		if (fd >= 0)
			close(fd);
		return -errno;
	}
	return fd;
}

static int apply_locked(const struct classifier *install[2], const bool deactivate[2]);

int filter_apply(const struct classifier *install[2], const bool deactivate[2])
{
	int lock = lock_activation(), err;

	if (lock < 0)
		return lock;
	err = apply_locked(install, deactivate);
	close(lock);
	return err;
}

static int apply_locked(const struct classifier *install[2], const bool deactivate[2])
{
	struct filter_load_opts opts = { .log_dir = ebfilt_pindir() };
	struct ebfilt_config_file conf;
	bool keep[2];
	struct attachments now;
	struct ebfilt *skel = NULL;
	int v, err;

	for (v = 0; v < 2; v++) {
		keep[v] = !install[v] && !deactivate[v] && filter_version_active(v ? 6 : 4);
		if (keep[v])
			opts.reuse_dir[v] = ebfilt_pindir();
	}
	if (!install[0] && !install[1] && !keep[0] && !keep[1]) {
		remove_everything();
		return 0;
	}
	/* Each step reports its own failure; this function only stops. */
	err = config_load(&conf);
	opts.ring_bytes = conf.log.buffer_kb * 1024;	/* used when the ring is created */
	if (!err)
		err = prepare_pindir();
	if (!err)
		err = filter_load(&skel, install, &opts);
	if (!err)
		err = attach_all(skel, &conf, &now);
	if (!err) {
		err = write_state(&now);
		if (err)
			pr_err("cannot record the attachments in %s: %s", ebfilt_rundir(),
			       strerror(-err));
	}
	if (!err) {
		for (v = 0; v < 2 && !err; v++) {
			if (install[v])
				err = pin_version(skel, v ? 6 : 4);
			else if (deactivate[v])
				unpin_version(v ? 6 : 4);
		}
		if (!err)
			err = pin_programs(skel);
		if (!err)
			err = pin_log_maps(skel);
		if (err)
			pr_err("cannot pin under %s: %s", ebfilt_pindir(), strerror(-err));
	}
	ebfilt__destroy(skel);
	return err;
}

/* ---- reading what is active ---- */

static int open_pinned(uint8_t version, enum filter_map which)
{
	char path[PATH_MAX];

	if (pin_path(path, "v%u/%s", version, filter_map_names[which]))
		return -ENAMETOOLONG;
	return bpf_obj_get(path);
}

static void sum_counter(int fd, uint32_t id, struct active_rule *out, int ncpu)
{
	struct ebfilt_counter *per_cpu = calloc((size_t)ncpu, sizeof(*per_cpu));
	int i;

	if (per_cpu && !bpf_map_lookup_elem(fd, &id, per_cpu))
		for (i = 0; i < ncpu; i++) {
			out->packets += per_cpu[i].packets;
			out->bytes += per_cpu[i].bytes;
		}
	free(per_cpu);
}

int filter_read_active(uint8_t version, struct active_rule **rules, size_t *count)
{
	int config_fd = open_pinned(version, FMAP_CONFIG);
	int rules_fd = open_pinned(version, FMAP_RULES);
	int counters_fd = open_pinned(version, FMAP_COUNTERS);
	int ncpu = libbpf_num_possible_cpus(), err = 0;
	struct ebfilt_config cfg;
	uint32_t zero = 0, id;

	*rules = NULL;
	*count = 0;
	if (config_fd < 0 || rules_fd < 0 || counters_fd < 0 ||
	    bpf_map_lookup_elem(config_fd, &zero, &cfg)) {
		err = -ENOENT;
		goto cleanup;
	}
	*rules = calloc(cfg.nrules + 1, sizeof(**rules));
	if (!*rules) {
		err = -ENOMEM;
		goto cleanup;
	}
	for (id = 0; id <= cfg.nrules; id++) {
		if (bpf_map_lookup_elem(rules_fd, &id, &(*rules)[id].rule)) {
			err = -errno;
			break;
		}
		sum_counter(counters_fd, id, &(*rules)[id], ncpu);
	}
	*count = cfg.nrules + 1;
cleanup:
	if (config_fd >= 0)
		close(config_fd);
	if (rules_fd >= 0)
		close(rules_fd);
	if (counters_fd >= 0)
		close(counters_fd);
	return err;
}
