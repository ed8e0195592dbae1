// SPDX-License-Identifier: GPL-2.0
/* lsfilt: list the rules of the rule tables (lsfilt(8)). */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "datapath/counters.h"
#include "datapath/state.h"
#include "rules/attr.h"
#include "rules/format.h"
#include "rules/ids.h"
#include "rules/table.h"
#include "util/cmdline.h"
#include "util/diag.h"
#include "util/escape.h"
#include "util/json.h"
#include "util/paths.h"

/* As SYNOPSIS in lsfilt(8) says it, one line per form (util/cmdline.h). */
static const char synopsis[] = "lsfilt [-v 4|6] [-n fid_list] [-O|-j] [-a] [-d]";

struct listing {
	bool fields;			/* -O: one |-separated line per rule */
	struct json_out *json;		/* -j: everything into this document */
	const struct id_list *only;	/* -n: only these IDs, else all */
};

static const char *version_key(uint8_t version)
{
	return version == 4 ? "ipv4" : "ipv6";
}

/* -j -a and -d: the version's object, in force, with its list opened (the caller closes both). */
static void json_version_open(struct json_out *j, uint8_t version, const char *list)
{
	json_open(j, version_key(version), '{');
	json_bool(j, "active", true);
	json_open(j, list, '[');
}

static void list_rule(const struct listing *how, unsigned long id, const struct filter_rule *rule)
{
	if (how->only && !id_list_has(how->only, id))
		return;
	if (how->json) {
		json_open(how->json, NULL, '{');
		rule_print_json(how->json, id, rule);
		json_close(how->json, '}');
		return;
	}
	if (how->fields) {
		rule_print_fields(stdout, id, rule);
		return;
	}
	rule_print_verbose(stdout, id, rule);
	putchar('\n');
}

static void list_table(const struct listing *how, struct rule_table *table)
{
	size_t i;

	if (how->json) {
		json_open(how->json, version_key(table->version), '{');
		json_open(how->json, "rules", '[');
	} else if (!how->fields) {
		printf("Beginning of IPv%u filter rules.\n", table->version);
	}
	for (i = 0; i < table->count; i++)
		list_rule(how, i + 1, &table->rules[i]);
	list_rule(how, 0, &table->default_rule);
	if (how->json) {
		json_close(how->json, ']');
		json_close(how->json, '}');
	} else if (!how->fields) {
		printf("End of IPv%u filter rules.\n", table->version);
	}
}

/*
 * What could not be read: an inactive version is said (0; in JSON,
 * "active": false), anything else an error.
 */
static int unread(const struct listing *how, uint8_t version, int err)
{
	if (err == -ENOENT && how->json) {
		json_open(how->json, version_key(version), '{');
		json_bool(how->json, "active", false);
		json_close(how->json, '}');
		return 0;
	}
	if (err == -ENOENT) {
		printf("IPv%u filter is currently inactive.\n", version);
		return 0;
	}
	pr_err("cannot read the IPv%u filter in force under %s: %s", version, ebfilt_pindir(),
	       err == -EACCES || err == -EPERM ? "permission denied" : strerror(-err));
	return err;
}

/* After the active rules of a table with IF or shun rules: their state. */
static void list_state(const struct listing *how, uint8_t version)
{
	struct json_out *j = how->json;
	struct state_summary st;

	if (filter_read_state(version, &st))
		return;
	if (j) {
		json_open(j, "if_conditions", '{');
		json_uint(j, "held", st.conditions);
		json_uint(j, "true", st.conditions_true);
		json_uint(j, "made", st.counts.if_made);
		json_uint(j, "evicted", st.conditions_evicted);
		json_close(j, '}');
		json_open(j, "shun_list", '{');
		json_uint(j, "entries", st.shuns);
		json_uint(j, "in_force", st.shuns_in_force);
		json_uint(j, "made", st.counts.shuns_made);
		json_uint(j, "evicted", st.shuns_evicted);
		json_uint(j, "packets_shunned", st.counts.shunned);
		json_close(j, '}');
		return;
	}
	printf("IF conditions: %zu held, %zu true; %" PRIu64 " made, %" PRIu64
	       " dropped by a full map.\n", st.conditions, st.conditions_true,
	       (uint64_t)st.counts.if_made, st.conditions_evicted);
	printf("Shun list: %zu entries, %zu in force; %" PRIu64 " made, %" PRIu64
	       " dropped by a full map; %" PRIu64 " packets shunned.\n", st.shuns,
	       st.shuns_in_force, (uint64_t)st.counts.shuns_made, st.shuns_evicted,
	       (uint64_t)st.counts.shunned);
}

static bool stateful(enum ebfilt_action action)
{
	return action == EBFILT_IF || action == EBFILT_SHUN_HOST || action == EBFILT_SHUN_PORT;
}

/* One active rule in JSON: the rule, its counters, and its time left (null: none). */
static void json_active_rule(struct json_out *j, size_t id, const struct filter_rule *rule,
			     const struct active_rule *a, long long left)
{
	json_open(j, NULL, '{');
	rule_print_json(j, id, rule);
	json_uint(j, "packets", a->packets);
	json_uint(j, "bytes", a->bytes);
	if (left >= 0)
		json_int(j, "time_left", left);
	else
		json_string(j, "time_left", NULL);
	json_close(j, '}');
}

/*
 * -a: the rules in the kernel, with their counters. Descriptions stay in
 * the table file (AIX does not list them for active rules either).
 */
static int list_active(const struct listing *how, uint8_t version)
{
	struct json_out *j = how->json;
	struct active_rule *active;
	struct filter_rule rule;
	uint64_t activated = 0;
	bool with_state = false;
	size_t count, i;
	long long left;
	int err;

	err = filter_read_active(version, &active, &count);
	if (!err)
		err = filter_read_activated(version, &activated);
	if (err) {
		free(active);
		return unread(how, version, err);
	}
	if (j)
		json_version_open(j, version, "rules");
	else if (!how->fields)
		printf("Beginning of IPv%u filter rules.\n", version);
	for (i = 1; i <= count; i++) {
		size_t id = i % count;	/* rules 1.., then the default rule 0 */

		rule_decode(&active[id].rule, version, &rule);
		left = rule_time_left(&active[id].rule, activated);
		with_state |= stateful(rule.action);
		if (j) {
			json_active_rule(j, id, &rule, &active[id], left);
			continue;
		}
		if (how->fields) {
			rule_print_counted_fields(stdout, id, &rule, active[id].packets,
						  active[id].bytes);
			continue;
		}
		rule_print_verbose(stdout, id, &rule);
		if (left > 0)
			printf("%-20s: %lld s\n", "Time Left", left);
		else if (left == 0)
			printf("%-20s: expired\n", "Time Left");
		printf("%-20s: %llu\n%-20s: %llu\n\n", "Packets",
		       (unsigned long long)active[id].packets, "Bytes",
		       (unsigned long long)active[id].bytes);
	}
	if (j)
		json_close(j, ']');
	else if (!how->fields)
		printf("End of IPv%u filter rules.\n", version);
	if (with_state && (j || !how->fields))
		list_state(how, version);
	if (j)
		json_close(j, '}');
	free(active);
	return 0;
}

/*
 * -d: the dynamic rules, which here are the shun list's entries in force:
 * the host (and port) shunned, the shun rule that put it there, the time
 * left. With -O: rule|host or port|address|port|seconds left or "-".
 */
static int list_dynamic(const struct listing *how, uint8_t version)
{
	char addr[RULE_ADDR_TEXT_MAX], left[32];
	struct json_out *j = how->json;
	struct active_shun *shuns;
	size_t n, i;
	int err = filter_read_shuns(version, &shuns, &n);

	if (err)
		return unread(how, version, err);
	if (j) {
		json_version_open(j, version, "shuns");
	} else if (!how->fields) {
		printf("Beginning of IPv%u dynamic filter rules (shun list).\n", version);
	}
	for (i = 0; i < n; i++) {
		const struct active_shun *e = &shuns[i];
		bool port = e->key.kind == EBFILT_SHUN_KIND_PORT;

		if (e->left_s == 0)
			continue;	/* over: only the LRU still holds it */
		inet_ntop(version == 4 ? AF_INET : AF_INET6, e->key.addr, addr, sizeof(addr));
		if (j) {
			json_open(j, NULL, '{');
			json_uint(j, "rule", e->shun.rule_id);
			json_string(j, "kind", port ? "port" : "host");
			json_string(j, "address", addr);
			if (port)
				json_uint(j, "port", e->key.port);
			else
				json_string(j, "port", NULL);
			if (e->left_s < 0)
				json_string(j, "seconds_left", NULL);
			else
				json_int(j, "seconds_left", e->left_s);
			json_close(j, '}');
			continue;
		}
		if (how->fields) {
			snprintf(left, sizeof(left), e->left_s < 0 ? "-" : "%lld", e->left_s);
			printf("%u|%s|%s|%u|%s\n", e->shun.rule_id, port ? "port" : "host", addr,
			       e->key.port, left);
			continue;
		}
		snprintf(left, sizeof(left), e->left_s < 0 ? "until flushed" : "%lld s left",
			 e->left_s);
		if (port)
			printf("Shunned port %u of host %s, by rule %u, %s.\n", e->key.port, addr,
			       e->shun.rule_id, left);
		else
			printf("Shunned host %s, by rule %u, %s.\n", addr, e->shun.rule_id, left);
	}
	if (j) {
		json_close(j, ']');	/* the list, then the version's object */
		json_close(j, '}');
	} else if (!how->fields) {
		printf("End of IPv%u dynamic filter rules.\n", version);
	}
	free(shuns);
	return 0;
}

/* -a -j: one interface. */
static void json_iface(struct json_out *j, const struct active_iface *f)
{
	json_open(j, NULL, '{');
	json_string(j, "name", f->name);
	json_int(j, "ifindex", f->ifindex);
	json_string(j, "inbound", f->inbound_xdp ? "xdp" : f->tcx ? "tcx" : "tc");
	json_string(j, "outbound", f->tcx ? "tcx" : "tc");
	json_bool(j, "raw_ip", f->raw_ip);
	json_bool(j, "in_force", !f->problem[0]);
	json_string(j, "problem", f->problem[0] ? f->problem : NULL);
	json_close(j, '}');
}

/*
 * -a: where the filter is attached. A hook that lost the filter, or that
 * another program holds, is said on standard error, whatever the format.
 */
static void list_interfaces(const struct listing *how)
{
	struct active_iface ifaces[64];
	char name[ESCAPED_MAX];
	size_t n = 0, i;

	if (how->json)
		json_open(how->json, "interfaces", '[');
	if (filter_read_ifaces(ifaces, 64, &n))
		n = 0;
	for (i = 0; i < n; i++) {
		if (how->json)
			json_iface(how->json, &ifaces[i]);
		else if (!how->fields)
			printf("Interface %s (index %d): inbound %s, outbound %s%s%s\n",
			       escape_text(ifaces[i].name, IF_NAMESIZE, name, sizeof(name)),
			       ifaces[i].ifindex,
			       ifaces[i].inbound_xdp ? "xdp" : ifaces[i].tcx ? "tcx" : "tc clsact",
			       ifaces[i].tcx ? "tcx" : "tc clsact",
			       ifaces[i].raw_ip ? ", raw IP" : "",
			       ifaces[i].problem[0] ? "; NOT IN FORCE" : ".");
		if (ifaces[i].problem[0])
			pr_warn("%s (index %d): %s", ifaces[i].name, ifaces[i].ifindex,
				ifaces[i].problem);
	}
	if (how->json)
		json_close(how->json, ']');
}

/* -n takes one argument, but AIX lets the list go on after a space. */
static int join_id_list(int argc, char **argv, const struct cmd_flags *flags,
			char *buf, size_t size)
{
	size_t len = (size_t)snprintf(buf, size, "%s", cmd_flag(flags, 'n'));
	int i;

	for (i = flags->first_operand; i < argc && len < size; i++)
		len += (size_t)snprintf(buf + len, size - len, " %s", argv[i]);
	if (len >= size) {
		pr_err("-n: list of rule IDs too long");
		return -EINVAL;
	}
	return 0;
}

/* The listing asked for; 0 or a negative errno (said). */
static int list(int argc, char **argv, const struct cmd_flags *flags, struct listing *how)
{
	struct id_list only = { 0 };
	struct rule_table tables[2];
	uint8_t versions[2];
	char ids[4096];
	int i, n, err = 0;

	if (cmd_versions(flags, versions, &n))
		return -EINVAL;
	if (cmd_flag(flags, 'd')) {
		for (i = 0; i < n && !err; i++)
			err = list_dynamic(how, versions[i]);
		return err;
	}
	if (cmd_flag(flags, 'a')) {
		for (i = 0; i < n && !err; i++)
			err = list_active(how, versions[i]);
		if (!err)
			list_interfaces(how);
		return err;
	}
	/* Load everything first, so an error prints nothing but the error. */
	for (i = 0; i < n; i++) {
		err = rule_table_load(&tables[i], versions[i]);
		if (err) {
			while (i--)
				rule_table_free(&tables[i]);
			return err;
		}
	}
	if (cmd_flag(flags, 'n')) {
		err = join_id_list(argc, argv, flags, ids, sizeof(ids));
		if (!err)
			err = rule_ids_flag('n', ids, tables[0].count, versions[0], &only);
		how->only = &only;
	}
	for (i = 0; i < n; i++) {
		if (!err)
			list_table(how, &tables[i]);
		rule_table_free(&tables[i]);
	}
	id_list_free(&only);
	return err;
}

/* -j: one JSON document, written whole or not at all (built in memory first). */
static int list_json(int argc, char **argv, const struct cmd_flags *flags, struct listing *how)
{
	struct json_out json;
	char *doc = NULL;
	size_t len = 0;
	FILE *mem = open_memstream(&doc, &len);
	int err;

	if (!mem) {
		pr_err("out of memory");
		return -ENOMEM;
	}
	json_begin(&json, mem);
	how->json = &json;
	json_open(&json, NULL, '{');
	err = list(argc, argv, flags, how);
	json_close(&json, '}');
	json_end(&json);
	if (fclose(mem))
		err = err ? err : -ENOMEM;
	if (!err && fwrite(doc, 1, len, stdout) != len)
		err = -EIO;
	free(doc);
	return err;
}

int main(int argc, char **argv)
{
	struct listing how = { 0 };
	struct cmd_flags flags;
	int err;

	err = cmd_parse(argc, argv, synopsis, "v:n:Oadj", true, &flags);
	if (err)
		return err < 0 ? 1 : 0;
	if ((cmd_flag(&flags, 'a') || cmd_flag(&flags, 'd')) && cmd_flag(&flags, 'n')) {
		pr_err("-n %s: cannot be used with -%c", cmd_flag(&flags, 'n'),
		       cmd_flag(&flags, 'a') ? 'a' : 'd');
		return 1;
	}
	if (cmd_flag(&flags, 'j') && cmd_flag(&flags, 'O')) {
		pr_err("-j and -O: give one of them");
		return 1;
	}
	if (!cmd_flag(&flags, 'n') && flags.first_operand < argc) {
		cmd_usage_error(synopsis, "%s: unexpected argument", argv[flags.first_operand]);
		return 1;
	}
	if (cmd_flag(&flags, 'n') && !cmd_flag(&flags, 'v')) {
		pr_err("-n %s: -n needs -v 4 or -v 6", cmd_flag(&flags, 'n'));
		return 1;
	}
	how.fields = cmd_flag(&flags, 'O') != NULL;
	err = cmd_flag(&flags, 'j') ? list_json(argc, argv, &flags, &how)
				     : list(argc, argv, &flags, &how);
	return err ? 1 : 0;
}
