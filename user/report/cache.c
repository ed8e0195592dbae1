// SPDX-License-Identifier: GPL-2.0
/*
 * -cache: the state the filter made as packets came: the shun list's
 * entries with the time they have left and the rule that made each, the
 * IF conditions with the host pairs they hold for, and the open sessions
 * of rules that log them (the largest first, r->top of them).
 */
#include <arpa/inet.h>
#include <errno.h>
#include <stdlib.h>

#include "datapath/state.h"
#include "report/report.h"

static const uint8_t versions[] = { 4, 6 };

static void addr_text(uint8_t version, const uint8_t *addr, char *buf, size_t size)
{
	inet_ntop(version == 4 ? AF_INET : AF_INET6, addr, buf, (socklen_t)size);
}

static int shuns(struct report *r, uint8_t version)
{
	struct active_shun *s;
	char addr[INET6_ADDRSTRLEN];
	size_t n, i;
	int err = filter_read_shuns(version, &s, &n);

	if (err)
		return err;
	for (i = 0; i < n; i++) {
		bool port = s[i].key.kind == EBFILT_SHUN_KIND_PORT;

		if (s[i].left_s == 0)
			continue;	/* over: only the LRU still holds it */
		addr_text(version, s[i].key.addr, addr, sizeof(addr));
		if (r->j) {
			json_open(r->j, NULL, '{');
			json_uint(r->j, "version", version);
			json_string(r->j, "address", addr);
			if (port)
				json_uint(r->j, "port", s[i].key.port);
			else
				json_string(r->j, "port", NULL);
			json_uint(r->j, "rule", s[i].shun.rule_id);
			if (s[i].left_s < 0)
				json_string(r->j, "seconds_left", NULL);
			else
				json_int(r->j, "seconds_left", s[i].left_s);
			json_close(r->j, '}');
			continue;
		}
		report_heading(r, "Shun List Entry");
		fprintf(r->out, "Shunned %s: %s", port ? "Port" : "Host", addr);
		if (port)
			fprintf(r->out, " Port number: %u", s[i].key.port);
		fprintf(r->out, "\nBy Rule: %u (IPv%u) Time Left: ", s[i].shun.rule_id, version);
		if (s[i].left_s < 0)
			fprintf(r->out, "until flushed\n");
		else
			fprintf(r->out, "%lld s\n", s[i].left_s);
	}
	free(s);
	return 0;
}

static int conditions(struct report *r, uint8_t version)
{
	struct active_condition *c;
	char a[INET6_ADDRSTRLEN], b[INET6_ADDRSTRLEN];
	size_t n, i;
	int err = filter_read_conditions(version, &c, &n);

	if (err)
		return err;
	for (i = 0; i < n; i++) {
		addr_text(version, c[i].key.a, a, sizeof(a));
		addr_text(version, c[i].key.b, b, sizeof(b));
		if (r->j) {
			json_open(r->j, NULL, '{');
			json_uint(r->j, "version", version);
			json_uint(r->j, "rule", c[i].key.if_rule);
			json_string(r->j, "host_a", a);
			json_string(r->j, "host_b", b);
			json_bool(r->j, "true", c[i].left_s != 0);
			json_int(r->j, "seconds_left", c[i].left_s);
			json_close(r->j, '}');
			continue;
		}
		report_heading(r, "IF Condition Entry");
		fprintf(r->out, "IF Rule: %u (IPv%u) Hosts: %s %s\n", c[i].key.if_rule, version, a, b);
		fprintf(r->out, "State: %s Time Left: %lld s\n", c[i].left_s ? "true" : "lapsed",
			c[i].left_s);
	}
	free(c);
	return 0;
}

int report_cache(struct report *r)
{
	size_t i;
	int err = 0, inactive = 0;

	if (r->j) {
		json_open(r->j, "cache", '{');
		json_open(r->j, "shuns", '[');
	}
	for (i = 0; i < sizeof(versions); i++) {
		err = shuns(r, versions[i]);
		if (err == -ENOENT)
			inactive++;
		else if (err)
			return report_unreadable("the shun list", err);
	}
	if (r->j) {
		json_close(r->j, ']');
		json_open(r->j, "if_conditions", '[');
	}
	for (i = 0; i < sizeof(versions); i++) {
		err = conditions(r, versions[i]);
		if (err && err != -ENOENT)
			return report_unreadable("the IF conditions", err);
	}
	if (r->j) {
		json_close(r->j, ']');
		json_close(r->j, '}');
	}
	if (inactive == (int)sizeof(versions)) {
		if (!r->j)
			fprintf(r->out, "The filter is not active: no dynamic state.\n");
		return -ENOENT;
	}
	return 0;
}
