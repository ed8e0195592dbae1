// SPDX-License-Identifier: GPL-2.0
/*
 * -host active: the rules in force, in the order they are evaluated (rule
 * 1 first, the default rule last), each with its counters and its state;
 * an IF rule with the host pairs its condition holds for. -host
 * configured: the rules in the table files, each marked where it differs
 * from the one in force, so edits not yet activated show.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "datapath/counters.h"
#include "datapath/state.h"
#include "report/report.h"
#include "rules/attr.h"
#include "rules/format.h"
#include "rules/table.h"
#include "util/diag.h"

static const uint8_t versions[] = { 4, 6 };

static const char *version_key(uint8_t version)
{
	return version == 6 ? "ipv6" : "ipv4";
}

/* How many host pairs IF rule id's condition holds for now. */
static size_t conditions_true(const struct active_condition *c, size_t n, size_t id)
{
	size_t i, count = 0;

	for (i = 0; i < n; i++)
		count += c[i].key.if_rule == id && c[i].left_s != 0;
	return count;
}

/*
 * A rule's state: expired (its -e time is over), waiting (it sits in an
 * IF block whose condition holds for no host pair yet), or active.
 */
static const char *rule_state(const struct ebfilt_rule *r, long long left,
			      const struct active_condition *c, size_t n)
{
	if (left == 0)
		return "expired";
	if (r->scopes[0] && !(r->scopes[0] & EBFILT_SCOPE_ELSE) &&
	    !conditions_true(c, n, r->scopes[0]))
		return "waiting";
	return "active";
}

static void one_active(struct report *r, size_t id, const struct active_rule *a,
		       uint8_t version, long long left, const char *state, long long if_true)
{
	struct filter_rule rule;

	rule_decode(&a->rule, version, &rule);
	if (r->j) {
		json_open(r->j, NULL, '{');
		rule_print_json(r->j, id, &rule);
		json_uint(r->j, "packets", a->packets);
		json_uint(r->j, "bytes", a->bytes);
		if (left >= 0)
			json_int(r->j, "time_left", left);
		else
			json_string(r->j, "time_left", NULL);
		json_string(r->j, "state", state);
		if (if_true >= 0)
			json_int(r->j, "if_true_pairs", if_true);
		json_close(r->j, '}');
		return;
	}
	report_heading(r, "Active Filter Rule");
	rule_print_verbose(r->out, id, &rule);
	fprintf(r->out, "%-20s: %s\n", "State", state);
	if (left > 0)
		fprintf(r->out, "%-20s: %lld s\n", "Time Left", left);
	if (if_true >= 0)
		fprintf(r->out, "%-20s: %lld\n", "IF True For", if_true);
	fprintf(r->out, "%-20s: %llu\n%-20s: %llu\n", "Packets", (unsigned long long)a->packets,
		"Bytes", (unsigned long long)a->bytes);
}

static int active_version(struct report *r, uint8_t version)
{
	struct active_condition *conds = NULL;
	struct active_rule *active = NULL;
	uint64_t activated = 0;
	size_t count, ncond = 0, i;
	int err = filter_read_active(version, &active, &count);

	if (!err)
		err = filter_read_activated(version, &activated);
	if (!err)
		filter_read_conditions(version, &conds, &ncond);	/* none: no IF rule */
	if (err == -ENOENT) {
		if (r->j) {
			json_open(r->j, version_key(version), '{');
			json_bool(r->j, "active", false);
			json_close(r->j, '}');
		} else {
			fprintf(r->out, "The IPv%u filter is not active.\n", version);
		}
	}
	if (err) {
		free(active);
		return err == -ENOENT ? err : report_unreadable("the filter in force", err);
	}
	if (r->j) {
		json_open(r->j, version_key(version), '{');
		json_bool(r->j, "active", true);
		json_open(r->j, "rules", '[');
	}
	for (i = 1; i <= count; i++) {
		size_t id = i % count;	/* rules 1.., then the default rule 0 */
		const struct ebfilt_rule *k = &active[id].rule;
		long long left = rule_time_left(k, activated);

		one_active(r, id, &active[id], version, left, rule_state(k, left, conds, ncond),
			   k->action == EBFILT_IF ? (long long)conditions_true(conds, ncond, id) : -1);
	}
	if (r->j) {
		json_close(r->j, ']');
		json_close(r->j, '}');
	}
	free(conds);
	free(active);
	return 0;
}

int report_host_active(struct report *r)
{
	int err, inactive = 0;
	size_t i;

	if (r->j)
		json_open(r->j, "host_active", '{');
	for (i = 0; i < sizeof(versions); i++) {
		err = active_version(r, versions[i]);
		if (err == -ENOENT)
			inactive++;
		else if (err)
			return err;
	}
	if (r->j)
		json_close(r->j, '}');
	return inactive == (int)sizeof(versions) ? -ENOENT : 0;
}

/* Whether two rules (both as the kernel holds them) list alike. */
static bool same_rule(const struct filter_rule *a, const struct filter_rule *b)
{
	char *ta = NULL, *tb = NULL;
	size_t la = 0, lb = 0;
	FILE *fa = open_memstream(&ta, &la), *fb = open_memstream(&tb, &lb);
	bool same;

	if (fa)
		rule_print_fields(fa, 0, a);
	if (fb)
		rule_print_fields(fb, 0, b);
	if (fa)
		fclose(fa);
	if (fb)
		fclose(fb);
	same = fa && fb && ta && tb && la == lb && !memcmp(ta, tb, la);
	free(ta);
	free(tb);
	return same;
}

static void one_configured(struct report *r, size_t id, const struct filter_rule *rule,
			   const char *status)
{
	if (r->j) {
		json_open(r->j, NULL, '{');
		rule_print_json(r->j, id, rule);
		json_string(r->j, "status", status);
		json_close(r->j, '}');
		return;
	}
	report_heading(r, "Configured Filter Rule");
	rule_print_verbose(r->out, id, rule);
	fprintf(r->out, "%-20s: %s\n", "Status", status);
}

static int configured_version(struct report *r, uint8_t version)
{
	struct active_rule *active = NULL;
	struct filter_rule held, in_force;
	struct rule_table t;
	size_t count = 0, i, id;
	int err;

	rule_table_init(&t, version);
	err = rule_table_load(&t, version);
	if (err)
		return err;
	if (filter_read_active(version, &active, &count))
		count = 0;	/* nothing in force: every rule waits for mkfilt -u */
	if (r->j) {
		json_open(r->j, version_key(version), '{');
		json_bool(r->j, "active", count > 0);
		json_open(r->j, "rules", '[');
	}
	/*
	 * Rules 1.. then the default rule; then those in force that the
	 * files no longer have.
	 */
	for (i = 1; i <= t.count + 1; i++) {
		const struct filter_rule *rule = i <= t.count ? &t.rules[i - 1] : &t.default_rule;
		const char *status = "not active";

		id = i <= t.count ? i : 0;
		if (id < count || (id == 0 && count)) {
			rule_as_held(rule, &held);
			rule_decode(&active[id].rule, version, &in_force);
			status = same_rule(&held, &in_force) ? "active" : "changed";
		} else if (count) {
			status = "added";
		}
		one_configured(r, id, rule, status);
	}
	for (id = t.count + 1; id < count; id++) {
		rule_decode(&active[id].rule, version, &in_force);
		one_configured(r, id, &in_force, "removed");
	}
	if (r->j) {
		json_close(r->j, ']');
		json_close(r->j, '}');
	}
	rule_table_free(&t);
	free(active);
	return 0;
}

int report_host_configured(struct report *r)
{
	size_t i;
	int err;

	if (r->j)
		json_open(r->j, "host_configured", '{');
	for (i = 0; i < sizeof(versions); i++) {
		err = configured_version(r, versions[i]);
		if (err)
			return err;
	}
	if (r->j)
		json_close(r->j, '}');
	return 0;
}
