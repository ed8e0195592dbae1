// SPDX-License-Identifier: GPL-2.0
#include <errno.h>
#include <string.h>

#include "config/config.h"
#include "datapath/activate.h"
#include "datapath/attachments.h"
#include "datapath/load.h"
#include "datapath/pins.h"
#include "util/diag.h"
#include "util/lock.h"
#include "util/ipver.h"
#include "util/paths.h"

static void remove_everything(void)
{
	struct attachments st;
	enum map_group group;
	size_t i;

	attachments_read(&st);
	for (i = 0; i < st.count; i++)
		attachment_remove(&st.a[i]);
	st.count = 0;
	attachments_write(&st);
	for (group = 0; group < MAP_GROUPS; group++)
		pins_unpin_group(group);
	pins_unpin_programs();
}

static int attach_all(struct ebfilt *skel, const struct config *conf, struct attachments *now)
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
	attachments_read(&old);
	now->count = 0;
	for (i = 0; i < n && !err; i++) {
		err = attachment_make(skel, &want[i], attachments_find(&old, want[i].name),
				      &now->a[now->count]);
		if (!err)
			now->count++;
	}
	/* Interfaces no longer configured are let go. */
	for (i = 0; i < old.count && !err; i++)
		if (!attachments_find(now, old.a[i].name))
			attachment_remove(&old.a[i]);
	return err;
}

/* Pin what the new programs use: the tables in force, logging, counters, programs. */
static int pin_all(struct ebfilt *skel, const bool active[IPV_SLOTS])
{
	unsigned int slot;
	int err = 0;

	for (slot = 0; slot < IPV_SLOTS && !err; slot++) {
		if (active[slot])
			err = pins_pin_group(skel, table_group(ipv_of(slot)));
		else
			pins_unpin_group(table_group(ipv_of(slot)));
	}
	if (!err)
		err = pins_pin_group(skel, MAPS_DATAPATH);
	if (!err)
		err = pins_pin_group(skel, MAPS_LOG);
	if (!err)
		err = pins_pin_programs(skel);
	return err;
}

static int apply_locked(const struct classifier *install[IPV_SLOTS],
			const bool deactivate[IPV_SLOTS])
{
	struct filter_load_opts opts = { .reuse_log = true };
	struct attachments now;
	struct ebfilt *skel = NULL;
	bool active[IPV_SLOTS];
	struct config conf;
	unsigned int slot;
	int err;

	for (slot = 0; slot < IPV_SLOTS; slot++) {
		opts.reuse_table[slot] = !install[slot] && !deactivate[slot] &&
					 pins_group_pinned(table_group(ipv_of(slot)));
		active[slot] = install[slot] || opts.reuse_table[slot];
	}
	if (!active[0] && !active[1]) {
		remove_everything();
		return 0;
	}
	/* Each step reports its own failure; this function only stops. */
	err = config_load(&conf);
	opts.ring_bytes = conf.log.buffer_kb * 1024;	/* used when the ring is created */
	if (!err)
		err = pins_prepare();
	if (!err)
		err = filter_load(&skel, install, &opts);
	if (!err)
		err = attach_all(skel, &conf, &now);
	if (!err)
		err = attachments_write(&now);
	if (!err)
		err = pin_all(skel, active);
	ebfilt__destroy(skel);
	return err;
}

int filter_apply(const struct classifier *install[IPV_SLOTS], const bool deactivate[IPV_SLOTS])
{
	int lock = lock_acquire(ebfilt_rundir()), err;

	if (lock < 0)
		return lock;
	err = apply_locked(install, deactivate);
	lock_release(lock);
	return err;
}
