// SPDX-License-Identifier: GPL-2.0
/*
 * The activation, one transaction: the new generation is loaded, pinned,
 * handed to the dispatcher and attached everywhere it is wanted while the
 * old one stays in force; then one map update switches every hook on every
 * interface. A failure before the switch undoes what was done, in reverse;
 * a kill before it leaves debris the next activation clears (the slot not
 * in force, links of interfaces it attached); after it, the new generation
 * is in force everywhere, and lsfilt reads the switch itself.
 */
#include <errno.h>
#include <string.h>

#include "config/config.h"
#include "datapath/activate.h"
#include "datapath/attachments.h"
#include "datapath/dispatch.h"
#include "datapath/load.h"
#include "datapath/pins.h"
#include "datapath/sessions.h"
#include "datapath/watch.h"
#include "util/diag.h"
#include "util/lock.h"
#include "util/paths.h"

/* An activation's work in progress. */
struct activation {
	struct dispatcher d;
	struct config conf;
	enum ebfilt_slot was, next;	/* the slot in force before, and the new one */
	struct attachments old, now;	/* the hooks before, and those wanted */
	bool attached[CONFIG_MAX_IFACES];	/* now.a[i] was (re)attached by this run */
	struct ebfilt *filter;
	struct ebfilt *filter_tc_out;	/* its filter_tc_out, verified apart (filter_load) */
};

/* Detach what this run attached, newest first. */
static void undo_attach(struct activation *act)
{
	size_t i = act->now.count;

	while (i-- > 0) {
		if (!act->attached[i])
			continue;
		attachment_remove(&act->now.a[i], attachments_find(&act->old, act->now.a[i].ifindex));
		act->attached[i] = false;
	}
}

/* The dispatcher on every wanted hook, checked after the fact. */
static int attach_all(struct activation *act)
{
	struct attachment *a, *old;
	char why[96];
	size_t i;
	int err = 0;

	for (i = 0; i < act->now.count && !err; i++) {
		a = &act->now.a[i];
		old = attachments_find(&act->old, a->ifindex);
		err = attachment_make(&act->d, a, old);
		if (err == -EBUSY)
			pr_err("cannot attach to %s: another tool's program holds its hook; "
			       "the filter in force is unchanged", a->name);
		else if (err == -EEXIST)
			pr_err("cannot attach to %s: an earlier ebfilt's XDP program holds its hook "
			       "without a link; detach it (ip link set dev %s xdp off) and run "
			       "mkfilt -u again; the filter in force is unchanged", a->name, a->name);
		else if (err)
			pr_err("cannot attach to %s: %s; the filter in force is unchanged", a->name,
			       strerror(-err));
		act->attached[i] = !err;
	}
	for (i = 0; i < act->now.count && !err; i++) {
		a = &act->now.a[i];
		err = attachment_check(&act->d, a, why, sizeof(why));
		if (err)
			pr_err("%s (index %d): %s after attaching; the filter in force is unchanged",
			       a->name, a->ifindex, why);
	}
	if (err)
		undo_attach(act);
	return err;
}

/* Hooks of interfaces no longer wanted, or no longer used, are let go. */
static void let_go(struct activation *act)
{
	size_t i;

	for (i = 0; i < act->old.count; i++)
		attachment_remove(&act->old.a[i],
				  attachments_find(&act->now, act->old.a[i].ifindex));
}

/* Nothing left in force: pass everything, then take everything out. */
static int remove_everything(struct activation *act)
{
	unsigned int gen;
	size_t i;

	if (act->d.active_fd >= 0 || dispatch_open(&act->d, false) == 0)
		dispatch_switch(&act->d, EBFILT_SLOT_NONE);
	/* No packet reaches them now: their records go to the ring ipsec_logd holds open. */
	for (gen = 0; gen < EBFILT_SLOTS; gen++)
		sessions_end_gen(gen, 3, NULL);
	attachments_read(&act->old);
	for (i = 0; i < act->old.count; i++)
		attachment_remove(&act->old.a[i], NULL);
	act->old.count = 0;
	attachments_write(&act->old);
	pins_clear_current();
	for (gen = 0; gen < EBFILT_SLOTS; gen++)
		pins_unpin_gen(gen);
	pins_unpin_group(MAPS_LOG, 0);
	dispatch_unpin();
	hook_links_tidy();
	return 0;
}

/* Load the new generation into the slot not in force, pinned under its name. */
static int load_next(struct activation *act, const struct classifier *install[IPV_SLOTS],
		     const bool keep[IPV_SLOTS])
{
	struct filter_load_opts opts = { .reuse_gen = act->was, .reuse_log = true,
					 .reuse_shared = true,
					 .ring_bytes = act->conf.log.buffer_kb * 1024,
					 .state_entries = act->conf.state.entries,
					 .if_idle_s = act->conf.state.if_idle_s,
					 .session_max = act->conf.session.max,
					 .raw_ip = act->now.raw_ip_wanted,
					 .tc_in = act->now.tc_in_wanted,
					 .log_snap = act->conf.log.snap };
	unsigned int slot;
	int err = 0;

	for (slot = 0; slot < IPV_SLOTS; slot++)
		opts.reuse_table[slot] = keep[slot];
	dispatch_clear(&act->d, act->next);	/* the generation before the one in force */
	pins_unpin_gen(act->next);		/* debris of a killed activation */
	err = filter_load(&act->filter, &act->filter_tc_out, install, &opts);
	for (slot = 0; slot < IPV_SLOTS && !err; slot++)
		if (install[slot] || keep[slot])
			err = pins_pin_group(act->filter->obj, table_group(ipv_of(slot)), act->next);
	if (!err)
		err = pins_pin_group(act->filter->obj, MAPS_LOG, 0);
	if (!err)
		err = sessions_pin_sweep(act->filter, act->next);
	if (!err)
		err = dispatch_install(&act->d, act->next, act->filter, act->filter_tc_out);
	return err;
}

static int apply_locked(struct activation *act, const struct classifier *install[IPV_SLOTS],
			const bool deactivate[IPV_SLOTS])
{
	bool keep[IPV_SLOTS], any = false;
	uint32_t going = 0;	/* versions whose table goes: their sessions end */
	unsigned int slot;
	int err;

	err = config_load(&act->conf);
	if (!err)
		err = pins_prepare();
	if (err)
		return err;
	if (dispatch_read_active(&act->was))
		act->was = EBFILT_SLOT_NONE;
	for (slot = 0; slot < IPV_SLOTS; slot++) {
		keep[slot] = !install[slot] && !deactivate[slot] && act->was != EBFILT_SLOT_NONE &&
			     pins_group_pinned(table_group(ipv_of(slot)), act->was);
		any |= install[slot] || keep[slot];
		going |= keep[slot] ? 0 : 1u << slot;
	}
	if (!any)
		return remove_everything(act);
	act->next = act->was == EBFILT_SLOT_0 ? EBFILT_SLOT_1 : EBFILT_SLOT_0;
	attachments_read(&act->old);
	err = attachments_wanted(&act->conf, &act->now, false);
	if (!err)
		err = dispatch_open(&act->d, true);
	if (!err)
		err = load_next(act, install, keep);
	if (!err)
		err = attach_all(act);
	if (!err) {
		err = attachments_write_both(&act->now, &act->old);
		if (err)
			undo_attach(act);
	}
	/* The switch: from here on the new generation is in force everywhere. */
	if (!err) {
		err = dispatch_switch(&act->d, act->next);
		if (err)
			undo_attach(act);
	}
	if (err) {
		attachments_write(&act->old);	/* as it was (said if it cannot be) */
		dispatch_clear(&act->d, act->next);
		pins_unpin_gen(act->next);
		if (act->was == EBFILT_SLOT_NONE)	/* there was no filter: none is left */
			remove_everything(act);
		return err;
	}
	let_go(act);
	if (attachments_write(&act->now))
		pr_warn("the record of attachments still names hooks let go; the next mkfilt "
			"-u or -d tidies it");
	pins_set_current(act->next);
	/*
	 * The old generation's pins go; its programs stay in their slot until
	 * the next activation, for packets that read the switch just before.
	 */
	if (act->was != EBFILT_SLOT_NONE) {
		/* Rule IDs change with the table: its open sessions end here, said "deactivated". */
		sessions_end_gen(act->was, going, NULL);
		pins_unpin_gen(act->was);
	}
	return 0;
}

int filter_apply(const struct classifier *install[IPV_SLOTS], const bool deactivate[IPV_SLOTS])
{
	struct activation act = { 0 };
	int lock = lock_acquire(ebfilt_rundir()), err;

	if (lock < 0)
		return lock;
	dispatch_init(&act.d);
	err = apply_locked(&act, install, deactivate);
	if (!err)
		watch_follow();	/* under the lock, so it sees what is in force */
	ebfilt__destroy(act.filter_tc_out);
	ebfilt__destroy(act.filter);
	dispatch_close(&act.d);
	lock_release(lock);
	return err;
}
