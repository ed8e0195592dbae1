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
#include <time.h>

#include "datapath/sessions.h"
#include "datapath/state.h"
#include "report/report.h"
#include "rules/rule.h"

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

static uint64_t bytes_of(const struct session_view *s)
{
	return s->bytes_in + s->bytes_out;
}

static int by_bytes(const void *a, const void *b)
{
	uint64_t x = bytes_of(a), y = bytes_of(b);

	return x < y ? 1 : x > y ? -1 : 0;
}

static void when_text(const struct timespec *t, char *buf, size_t size)
{
	struct tm tm;

	localtime_r(&t->tv_sec, &tm);
	strftime(buf, size, "%Y-%m-%d %H:%M:%S", &tm);
}

/* The open sessions, the r->top largest (bytes both ways) first. */
static int sessions(struct report *r)
{
	char src[INET6_ADDRSTRLEN], dst[INET6_ADDRSTRLEN], first[32], last[32], num[4];
	struct session_view *s = NULL;
	size_t n = 0, i;
	int err = sessions_read_open(&s, &n);

	if (err)
		return err;
	qsort(s, n, sizeof(*s), by_bytes);
	if (r->j) {
		json_uint(r->j, "sessions_open", n);
		json_open(r->j, "sessions", '[');
	}
	for (i = 0; i < n && i < r->top; i++) {
		addr_text(s[i].version, s[i].saddr, src, sizeof(src));
		addr_text(s[i].version, s[i].daddr, dst, sizeof(dst));
		when_text(&s[i].first, first, sizeof(first));
		when_text(&s[i].last, last, sizeof(last));
		if (r->j) {
			json_open(r->j, NULL, '{');
			json_uint(r->j, "version", s[i].version);
			json_uint(r->j, "proto", s[i].proto);
			json_string(r->j, "src", src);
			json_uint(r->j, "sport", s[i].sport);
			json_string(r->j, "dst", dst);
			json_uint(r->j, "dport", s[i].dport);
			json_uint(r->j, "rule", s[i].rule_id);
			json_uint(r->j, "ifindex", s[i].ifindex);
			json_uint(r->j, "tunnel", s[i].tunnel);
			json_string(r->j, "direction", s[i].inbound ? "in" : "out");
			json_uint(r->j, "packets_in", s[i].packets_in);
			json_uint(r->j, "packets_out", s[i].packets_out);
			json_uint(r->j, "bytes_in", s[i].bytes_in);
			json_uint(r->j, "bytes_out", s[i].bytes_out);
			json_string(r->j, "first", first);
			json_string(r->j, "last", last);
			json_close(r->j, '}');
			continue;
		}
		report_heading(r, "Open Session");
		fprintf(r->out, "Src IP Address: %s Src Port number: %u\n", src, s[i].sport);
		fprintf(r->out, "Dst IP Address: %s Dst Port number: %u\n", dst, s[i].dport);
		fprintf(r->out, "Network Protocol: %s Direction: %s By Rule: %u (IPv%u)\n",
			proto_text(s[i].proto, false, num), s[i].inbound ? "inbound" : "outbound",
			s[i].rule_id, s[i].version);
		fprintf(r->out, "Packets in/out: %llu/%llu Bytes in/out: %llu/%llu\n",
			(unsigned long long)s[i].packets_in, (unsigned long long)s[i].packets_out,
			(unsigned long long)s[i].bytes_in, (unsigned long long)s[i].bytes_out);
		fprintf(r->out, "First packet: %s Last packet: %s\n", first, last);
	}
	if (r->j)
		json_close(r->j, ']');
	else if (n > r->top)
		fprintf(r->out, "(%zu more open sessions; -n shows more)\n", n - r->top);
	free(s);
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
	if (r->j)
		json_close(r->j, ']');
	err = sessions(r);
	if (err && err != -ENOENT)
		return report_unreadable("the open sessions", err);
	if (r->j)
		json_close(r->j, '}');
	if (inactive == (int)sizeof(versions)) {
		if (!r->j)
			fprintf(r->out, "The filter is not active: no dynamic state.\n");
		return -ENOENT;
	}
	return 0;
}
