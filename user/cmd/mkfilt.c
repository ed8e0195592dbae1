// SPDX-License-Identifier: GPL-2.0
/* mkfilt: activate or deactivate the filter rules; set the default rule (mkfilt(8)). */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "compile/classifier.h"
#include "config/config.h"
#include "datapath/activate.h"
#include "datapath/counters.h"
#include "datapath/state.h"
#include "rules/attr.h"
#include "logging/control.h"
#include "logging/notices.h"
#include "rules/table.h"
#include "util/cmdline.h"
#include "util/diag.h"
#include "util/ipver.h"

/* As SYNOPSIS in mkfilt(8) says it, one line per form (util/cmdline.h). */
static const char synopsis[] = "mkfilt [-v 4|6] [-u [-i] | -d] [-z P|D] [-g start|stop]";

static int set_default_action(struct rule_table *table, void *ctx)
{
	enum ebfilt_action action = *(enum ebfilt_action *)ctx;

	/* Session summaries are for permit rules (genfilt(8)): the table stays as it is. */
	if (action != EBFILT_PERMIT && (table->default_rule.log & RULE_LOG_SESSION)) {
		pr_err("-z D: IPv%u's default rule logs sessions (-l %s), which only a permit "
		       "rule can; change that first (chfilt -v %u -n 0 -l)", table->version,
		       rule_name_letter(NAMES_LOG, table->default_rule.log), table->version);
		return -EINVAL;
	}
	table->default_rule.action = action;
	return 0;
}

static int parse_default_action(const char *arg, enum ebfilt_action *action)
{
	int value;

	if (rule_name_by_letter(NAMES_ACTION, arg, &value) ||
	    (value != EBFILT_PERMIT && value != EBFILT_DENY)) {
		pr_err("-z %s: default action must be P (permit) or D (deny)", arg);
		return -EINVAL;
	}
	*action = (enum ebfilt_action)value;
	return 0;
}

static int check_flags(const struct cmd_flags *flags)
{
	if (cmd_flag(flags, 'u') && cmd_flag(flags, 'd')) {
		pr_err("-d: cannot be used with -u");
		return -EINVAL;
	}
	if (cmd_flag(flags, 'i') && !cmd_flag(flags, 'u')) {
		pr_err("-i: applies only with -u");
		return -EINVAL;
	}
	if (!cmd_flag(flags, 'u') && !cmd_flag(flags, 'd') && !cmd_flag(flags, 'z') &&
	    !cmd_flag(flags, 'g')) {
		pr_err("nothing to do: give -u, -d, -z or -g; see mkfilt(8)");
		return -EINVAL;
	}
	if (cmd_flag(flags, 'g') && strcmp(cmd_flag(flags, 'g'), "start") &&
	    strcmp(cmd_flag(flags, 'g'), "stop")) {
		pr_err("-g %s: must be start or stop", cmd_flag(flags, 'g'));
		return -EINVAL;
	}
	return 0;
}

/*
 * When ipsec_logd.service owns the daemon, starting or stopping logging is
 * starting or stopping the unit, whose ExecStartPost and ExecStopPost run
 * "mkfilt -g" again with the daemon running, or ended: that run sets the
 * mark and the kernel. Returns 1 when the unit did it all, 0 when the rest
 * is still to do here (no unit; a daemon mkfilt started; a unit without
 * those lines), or -errno.
 */
static int set_logging_by_unit(bool start)
{
	int err;

	if (!logd_unit_owns() || start == (logd_pid() != 0))
		return 0;
	err = logd_unit(start ? "start" : "stop");
	if (err)
		return err;
	return start ? logging_started() : !logging_started() && !logd_pid();
}

static int set_logging(bool start)
{
	int err;

	err = set_logging_by_unit(start);
	if (err < 0)
		return err;
	if (err > 0) {
		printf("Packet logging %s.\n", start ? "started" : "stopped");
		return 0;
	}
	err = logging_mark(start);
	if (!err && start && !logd_pid())
		err = logd_start();
	if (err)
		return err;
	/* With no filter active yet, the mark makes the next activation log. */
	err = log_settings_update(start, -1, -1);
	if (err && err != -ENOENT)
		pr_warn("cannot switch logging in the kernel: %s", strerror(-err));
	notice_logging_status(start);
	if (!start && logd_stop())
		pr_warn("ipsec_logd did not stop within 5 seconds");
	printf("Packet logging %s.\n", start ? "started" : "stopped");
	return 0;
}

/*
 * An xfrm tunnel a rule names is attached only if ebfilt.conf lets it be
 * (no interfaces line, or the interface on it): say when it does not.
 */
static void check_tunnels_attached(const struct config *conf, const struct tunnel_map *tunnels,
				   const struct rule_table *table)
{
	const struct tunnel_binding *t;
	size_t i, k;
	bool listed;

	for (i = 0; conf->listed && i < table->count; i++) {
		t = table->rules[i].tunnel ? tunnel_find(tunnels, table->rules[i].tunnel) : NULL;
		if (!t || !t->xfrm)
			continue;
		for (k = 0, listed = false; k < conf->count; k++)
			listed |= !strcmp(conf->ifaces[k].name, t->name);
		if (!listed)
			pr_warn("IPv%u rule %zu: tunnel %u is %s, which the interfaces line of "
				"ebfilt.conf leaves out: the filter does not see its traffic",
				table->version, i + 1, t->id, t->name);
	}
}

/* Compile the tables of the versions given; all are checked before any is used. */
static int compile(const uint8_t *versions, int n, struct rule_table tables[IPV_SLOTS],
		   struct classifier cls[IPV_SLOTS], const struct classifier *install[IPV_SLOTS])
{
	struct tunnel_map tunnels;
	struct config conf;
	unsigned int slot;
	int i, err;

	err = config_load(&conf);
	if (!err) {
		err = tunnels_resolve(&conf, &tunnels);
		if (err)
			pr_err("cannot find the tunnel interfaces: %s", strerror(-err));
	}
	for (i = 0; i < n && !err; i++) {
		slot = ipv_slot(versions[i]);
		err = rule_table_load(&tables[slot], versions[i]);
		if (!err)
			err = classifier_build(&cls[slot], &tables[slot], &tunnels);
		if (!err)
			check_tunnels_attached(&conf, &tunnels, &tables[slot]);
		if (!err)
			install[slot] = &cls[slot];
	}
	return err;
}

/*
 * The checksum of the table in force, as the kernel holds it: the same as
 * its activation said when nothing was lost in between ("" when it cannot
 * be read).
 */
static void active_checksum(uint8_t version, char sum[16])
{
	struct active_rule *active;
	struct rule_table t;
	size_t count, i;

	sum[0] = '\0';
	if (filter_read_active(version, &active, &count) || !count)
		return;
	rule_table_init(&t, version);
	t.rules = calloc(count, sizeof(*t.rules));
	if (t.rules) {
		t.count = count - 1;
		for (i = 1; i < count; i++)
			rule_decode(&active[i].rule, version, &t.rules[i - 1]);
		rule_decode(&active[0].rule, version, &t.default_rule);
		snprintf(sum, 16, "%08x", notice_table_checksum(&t));
	}
	free(t.rules);
	free(active);
}

static int activate(const uint8_t *versions, int n, bool deactivating)
{
	const struct classifier *install[IPV_SLOTS] = { NULL, NULL };
	const struct rule_table *activated[IPV_SLOTS] = { NULL, NULL };
	struct rule_table tables[IPV_SLOTS];
	struct classifier cls[IPV_SLOTS];
	bool deactivate[IPV_SLOTS] = { false, false }, replaced[IPV_SLOTS];
	char sums[2][16] = { "", "" };
	uint64_t since;
	unsigned int slot;
	int i, err = 0;

	for (slot = 0; slot < IPV_SLOTS; slot++)
		rule_table_init(&tables[slot], ipv_of(slot));
	if (deactivating) {
		for (i = 0; i < n; i++) {
			deactivate[ipv_slot(versions[i])] = true;
			active_checksum(versions[i], sums[i]);
		}
	} else {
		err = compile(versions, n, tables, cls, install);
	}
	/* Whether each table replaces one in force, for its event. */
	for (slot = 0; slot < IPV_SLOTS; slot++)
		replaced[slot] = install[slot] && !filter_read_activated(ipv_of(slot), &since);
	if (!err)
		err = filter_apply(install, deactivate);
	for (slot = 0; slot < IPV_SLOTS; slot++) {
		if (install[slot]) {
			classifier_free(&cls[slot]);
			activated[slot] = &tables[slot];
		}
	}
	if (!err && logging_started())
		log_settings_update(1, -1, -1);
	if (!err && deactivating)
		notice_deactivation(versions, n, sums);
	else if (!err)
		notice_activation(activated, replaced, logging_started());
	else if (!deactivating)
		notice_failure(err);
	for (slot = 0; slot < IPV_SLOTS; slot++)
		rule_table_free(&tables[slot]);
	if (err)
		return err;
	for (i = 0; i < n; i++)
		printf("IPv%u filter rules %s.\n", versions[i],
		       deactivating ? "deactivated" : "activated");
	return 0;
}

int main(int argc, char **argv)
{
	enum ebfilt_action action;
	struct cmd_flags flags;
	uint8_t versions[2];
	int i, n, err;

	err = cmd_parse(argc, argv, synopsis, "v:z:udig:", false, &flags);
	if (err)
		return err < 0 ? 1 : 0;
	if (check_flags(&flags) || cmd_versions(&flags, versions, &n))
		return 1;
	if (cmd_flag(&flags, 'z')) {
		if (parse_default_action(cmd_flag(&flags, 'z'), &action))
			return 1;
		for (i = 0; i < n; i++) {
			if (rule_table_edit(versions[i], set_default_action, &action))
				return 1;
			printf("Default rule for IPv%u has been set to %s.\n", versions[i],
			       rule_name_text(NAMES_ACTION, action));
		}
	}
	if (cmd_flag(&flags, 'g') && !strcmp(cmd_flag(&flags, 'g'), "start") && set_logging(true))
		return 1;
	/* -i: AIX activates the rules marked active; every ebfilt rule is. */
	if ((cmd_flag(&flags, 'u') || cmd_flag(&flags, 'd')) &&
	    activate(versions, n, cmd_flag(&flags, 'd') != NULL))
		return 1;
	if (cmd_flag(&flags, 'g') && !strcmp(cmd_flag(&flags, 'g'), "stop") && set_logging(false))
		return 1;
	return 0;
}
