// SPDX-License-Identifier: GPL-2.0
/*
 * Unit tests for ipsec_log's filter language (logging/query.h) and its
 * macros (logging/macros.h): every primitive against crafted records,
 * precedence, errors and their positions, limits, the macro store, its
 * file and its command.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netdb.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "logging/macros.h"
#include "logging/events.h"
#include "logging/query.h"
#include "util/diag.h"

static char dir[] = "/tmp/ebfilt-query-XXXXXX";
static char file[sizeof(dir) + 16], out_path[sizeof(dir) + 16], lock_path[sizeof(dir) + 16];

struct want {
	const char *expr;
	bool match;
};

static struct ebfilt_log_record packet(uint8_t version, uint8_t proto, const char *src,
				       const char *dst, uint16_t sport, uint16_t dport)
{
	struct ebfilt_log_record r;
	int family = version == 4 ? AF_INET : AF_INET6;

	memset(&r, 0, sizeof(r));
	r.hdr.len = (uint16_t)ebfilt_log_record_len(0);
	r.hdr.type = EBFILT_REC_PACKET;
	r.hdr.version = EBFILT_REC_PACKET_VERSION;
	r.version = version;
	r.proto = proto;
	r.flags = EBFILT_LOG_ADDRS | EBFILT_LOG_PROTO | EBFILT_LOG_PORTS;
	assert_int_equal(inet_pton(family, src, r.saddr), 1);
	assert_int_equal(inet_pton(family, dst, r.daddr), 1);
	r.sport = sport;
	r.dport = dport;
	r.action = EBFILT_PERMIT;
	r.inbound = 1;
	r.rule_id = 3;
	return r;
}

static bool matches(const char *expr, const struct macro_set *set, const struct log_view *v)
{
	struct query_error err;
	struct log_query *q;
	bool match;

	if (query_parse(expr, set, &q, &err))
		fail_msg("\"%s\" refused: %s (%zu)", expr, err.msg, err.pos);
	match = query_match(q, v);
	query_free(q);
	return match;
}

static void check_view(const struct want *w, size_t n, const struct log_view *v)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (matches(w[i].expr, NULL, v) != w[i].match)
			fail_msg("\"%s\" should %smatch", w[i].expr, w[i].match ? "" : "not ");
}

static void check(const struct want *w, size_t n, const struct ebfilt_log_record *r,
		  const char *ifname)
{
	struct log_view v = { .hdr = &r->hdr, .pkt = r, .ifname = ifname };

	check_view(w, n, &v);
}
#define CHECK(w, r, ifname) check(w, sizeof(w) / sizeof(w[0]), r, ifname)

/* TCP 192.0.2.1:1234 -> 198.51.100.7:80, inbound on eth0, permitted by rule 3. */
static void test_tcp4(void **state)
{
	static const struct want w[] = {
		{ "", true }, { "   \t", true }, { "tcp", true }, { "TCP", true }, { "udp", false },
		{ "icmp", false }, { "icmp6", false }, { "ip", true }, { "ip6", false },
		{ "esp", false }, { "ah", false }, { "proto 6", true }, { "proto tcp", true },
		{ "proto 17", false }, { "proto udp", false },
		{ "host 192.0.2.1", true }, { "host 198.51.100.7", true },
		{ "host 192.0.2.2", false },
		{ "192.0.2.1", true }, { "192.0.2.2", false }, { "host 2001:db8::1", false },
		{ "src 192.0.2.1", true }, { "from 192.0.2.1", true },
		{ "src host 192.0.2.1", true },
		{ "dst 192.0.2.1", false }, { "to 198.51.100.7", true },
		{ "dst host 198.51.100.7", true }, { "src 198.51.100.7", false },
		{ "host 192.0.2.0..192.0.2.1", true }, { "host 192.0.2.2..198.51.100.6", false },
		{ "host 192.0.2.2..198.51.100.7", true }, { "src 192.0.2.2..198.51.100.7", false },
		{ "net 192.0.2.0/24", true }, { "net 192.0.2.128/25", false },
		{ "src net 192.0.2.0/24", true }, { "dst net 192.0.2.0/24", false },
		{ "net 192.0.2.77/24", true }, { "net 192.0.2.0 mask 255.255.255.0", true },
		{ "net 192.0.2.0 mask 255.255.255.128", true }, { "net 0.0.0.0/0", true },
		{ "net 192.0.2.1/32", true }, { "net ::/0", false },
		{ "dst net 198.51.0.0/16", true },
		{ "port 80", true }, { "port 1234", true }, { "port 81", false },
		{ "srcport 1234", true }, { "srcport 80", false }, { "dstport 80", true },
		{ "src port 1234", true }, { "dst port 1234", false }, { "port 79..81", true },
		{ "port 81..1233", false }, { "dstport 0..65535", true }, { "port 80..80", true },
		{ "rule 3", true }, { "rule 0", false }, { "rule 1..3", true },
		{ "rule 4..7", false },
		{ "action permit", true }, { "action pass", true }, { "action deny", false },
		{ "action block", false }, { "action PERMIT", true },
		{ "logiface eth", true }, { "logiface ETH0", true }, { "logiface eth0 in", true },
		{ "logiface eth0 inbound", true }, { "logiface eth0 out", false },
		{ "logiface eth1", false }, { "logiface eth0x", false },
		{ "logwhy 1", true }, { "logwhy rule", true }, { "logwhy default", false },
		{ "logwhy shun", false }, { "loglvl pkt", true }, { "loglvl sess", false },
		{ "loglvl event", false }, { "logsev notice", true }, { "logsev note", true },
		{ "logsev debug", true }, { "logsev warning", false }, { "logsev err", false },
		{ "logapp filter", true }, { "logapp FILTER", true }, { "logapp ftpp", false },
	};
	struct ebfilt_log_record r = packet(4, 6, "192.0.2.1", "198.51.100.7", 1234, 80);

	(void)state;
	CHECK(w, &r, "eth0");
}

/* not over and over or; two primitives in a row are one "and". */
static void test_precedence(void **state)
{
	static const struct want w[] = {
		{ "udp or tcp and port 80", true }, { "udp or tcp and port 81", false },
		{ "tcp or udp and port 81", true }, { "(tcp or udp) and port 81", false },
		{ "not tcp or port 80", true }, { "not tcp and port 80", false },
		{ "not (tcp and port 81)", true }, { "! tcp", false }, { "!tcp || udp", false },
		{ "tcp && !udp", true }, { "tcp&&!udp", true }, { "tcp port 80", true },
		{ "tcp port 81", false }, { "udp port 80 or tcp", true },
		{ "tcp port 81 or udp", false },
		{ "not not tcp", true }, { "TCP AND PORT 80", true },
		{ "tcp (port 81 or port 80)", true },
		{ "tcp not port 81", true }, { "((tcp))", true }, { "tcp or (udp port 81)", true },
		{ "udp or not tcp or port 1", false }, { "udp or icmp or not port 80", false },
	};
	struct ebfilt_log_record r = packet(4, 6, "192.0.2.1", "198.51.100.7", 1234, 80);

	(void)state;
	CHECK(w, &r, "eth0");
}

/* ICMP: the ports' place holds type and code, which are not ports. */
static void test_icmp(void **state)
{
	static const struct want w4[] = {
		{ "icmp", true }, { "icmp6", false }, { "tcp", false }, { "proto icmp", true },
		{ "proto 1", true }, { "port 8", false }, { "port 0", false },
		{ "srcport 8", false },
		{ "port 0..65535", false }, { "action deny", true }, { "logwhy default", true },
		{ "logwhy 2", true }, { "rule 0", true }, { "logsev warning", true },
		{ "logsev notice", true }, { "logsev err", false }, { "logiface eth0 out", true },
		{ "logiface eth0 in", false }, { "host 192.0.2.9", true },
	};
	static const struct want w6[] = {
		{ "icmp6", true }, { "icmp", false }, { "proto icmp6", true },
		{ "proto icmpv6", true },
		{ "proto 58", true }, { "port 128", false }, { "ip6", true }, { "ip", false },
	};
	struct ebfilt_log_record r = packet(4, 1, "192.0.2.1", "192.0.2.9", 8, 0);

	(void)state;
	r.action = EBFILT_DENY;
	r.inbound = 0;
	r.rule_id = 0;
	CHECK(w4, &r, "eth0");
	r = packet(6, 58, "2001:db8::1", "2001:db8::2", 128, 0);
	CHECK(w6, &r, "eth0");
}

static void test_udp6(void **state)
{
	static const struct want w[] = {
		{ "udp", true }, { "ip6", true }, { "ip", false }, { "host 2001:db8::1", true },
		{ "2001:db8::1", true }, { "src 2001:db8::2", false }, { "dst 2001:db8::2", true },
		{ "net 2001:db8::/32", true }, { "net 2001:db9::/32", false },
		{ "src net 2001:db8::1/128", true }, { "net 2001:db8:: mask ffff:ffff::", true },
		{ "host 2001:db8::..2001:db8::ffff", true },
		{ "host 2001:db8::3..2001:db8::ffff", false },
		{ "net 192.0.2.0/24", false }, { "host 192.0.2.1", false },
		{ "net 0.0.0.0/0", false },
		{ "port 53", true }, { "dstport 5353", true }, { "srcport 5353", false },
		{ "rule 5..7", true }, { "logiface wg", false },
	};
	struct ebfilt_log_record r = packet(6, 17, "2001:db8::1", "2001:db8::2", 53, 5353);

	(void)state;
	r.rule_id = 7;
	CHECK(w, &r, "eth1");
}

/* A record without addresses, protocol or ports: only what it has can match. */
static void test_short_and_reasons(void **state)
{
	static const struct want short_w[] = {
		{ "ip", true }, { "tcp", false }, { "proto 0", false }, { "host 0.0.0.0", false },
		{ "net 0.0.0.0/0", false }, { "port 0", false }, { "logwhy unseen", true },
		{ "logwhy 4", true }, { "logsev err", true }, { "logsev crit", false },
		{ "not tcp", true }, { "action deny", true }, { "logiface e", false },
	};
	static const struct want frag_w[] = { { "logwhy frag", true }, { "logwhy unseen", false } };
	static const struct want shun_w[] = {
		{ "logwhy shun", true }, { "logwhy rule", false }, { "logwhy 3", true },
		{ "rule 5", true },
	};
	static const struct want ah_w[] = {
		{ "ah", true }, { "tcp", true }, { "proto ah", true }, { "proto 51", true },
		{ "esp", false }, { "port 22", true },
	};
	static const struct want esp_w[] = {
		{ "esp", true }, { "proto esp", true }, { "proto 50", true }, { "ah", false },
		{ "port 0", false }, { "tcp", false },
	};
	struct ebfilt_log_record r = packet(4, 0, "0.0.0.0", "0.0.0.0", 0, 0);

	(void)state;
	r.flags = EBFILT_LOG_SHORT;
	r.action = EBFILT_DENY;
	r.reason = EBFILT_REASON_UNSEEN;
	r.rule_id = 0;
	CHECK(short_w, &r, NULL);
	r.frag = EBFILT_FRAG_LATER;
	CHECK(frag_w, &r, NULL);
	r = packet(4, 6, "192.0.2.1", "192.0.2.2", 1000, 22);
	r.reason = EBFILT_REASON_SHUNNED;
	r.action = EBFILT_DENY;
	r.rule_id = 5;
	CHECK(shun_w, &r, "eth0");
	r = packet(4, 6, "192.0.2.1", "192.0.2.2", 1000, 22);
	r.flags |= EBFILT_LOG_AH;
	CHECK(ah_w, &r, "eth0");
	r = packet(6, 50, "2001:db8::1", "2001:db8::2", 0, 0);
	r.flags = EBFILT_LOG_ADDRS | EBFILT_LOG_PROTO | EBFILT_LOG_ESP;
	CHECK(esp_w, &r, "eth0");
}

/* A session summary: no packet, so no packet primitive matches it. */
static void test_not_a_packet(void **state)
{
	static const struct want w[] = {
		{ "", true }, { "loglvl sess", true }, { "loglvl pkt", false }, { "tcp", false },
		{ "not tcp", true }, { "ip", false }, { "host 192.0.2.1", false },
		{ "net 0.0.0.0/0", false }, { "port 0..65535", false },
		{ "rule 0..4294967295", false },
		{ "action permit", false }, { "action deny", false }, { "logsev debug", false },
		{ "logapp filter", false }, { "logiface e", false }, { "logwhy 1", false },
		{ "esp", false }, { "ah", false }, { "loglvl sess or tcp", true },
	};
	struct ebfilt_rec_hdr hdr = { .len = 16, .type = EBFILT_REC_SESSION, .version = 1 };
	struct log_view v = { .hdr = &hdr, .ifname = "eth0" };

	(void)state;
	check_view(w, sizeof(w) / sizeof(w[0]), &v);
}

/* An event: its severity, component and rule; no packet field. */
static void test_event(void **state)
{
	static const struct want w[] = {
		{ "loglvl event", true }, { "loglvl pkt", false }, { "logsev notice", true },
		{ "logsev warning", false }, { "logsev debug", true }, { "logapp shun", true },
		{ "logapp SHUN", true }, { "logapp filter", false }, { "logapp mkfilt", false },
		{ "rule 4", true }, { "rule 1..3", false }, { "rule 0..10", true },
		{ "host 192.0.2.2", false }, { "tcp", false }, { "action deny", false },
		{ "loglvl event and logapp shun and not logsev warning", true },
	};
	struct event_record ev;
	struct log_view v;

	(void)state;
	event_record_make(&ev, EV_SHUNNED, 4, "ipsec_logd", "host 192.0.2.2 shunned by rule 4 for 60 s");
	ev.text[ev.text_len] = '\0';
	v = (struct log_view){ .hdr = &ev.hdr, .ev = &ev };
	check_view(w, sizeof(w) / sizeof(w[0]), &v);
	/* An event tied to no rule matches no rule range. */
	event_record_make(&ev, EV_CONFIG_RELOADED, 0, "ipsec_logd", "configuration reloaded");
	assert_false(matches("rule 0..10", NULL, &v));
	assert_true(matches("logapp config and logsev info", NULL, &v));
}

/* Service names resolve through the services database, TCP's first. */
static void test_services(void **state)
{
	static const struct want w[] = {
		{ "port ssh", true }, { "dstport ssh", true }, { "srcport ssh", false },
		{ "port ftp..ssh", true }, { "port telnet..smtp", false }, { "port 22..ssh", true },
	};
	struct ebfilt_log_record r = packet(4, 6, "192.0.2.1", "192.0.2.2", 40000, 22);
	struct servent *s;

	(void)state;
	s = getservbyname("ssh", "tcp");
	if (!s || ntohs((uint16_t)s->s_port) != 22 || !getservbyname("telnet", "tcp"))
		skip();
	CHECK(w, &r, "eth0");
}

struct bad {
	const char *expr;
	size_t pos;
	const char *msg;
};

static void expect_error(const char *expr, const struct macro_set *set, size_t pos,
			 const char *msg)
{
	struct query_error err;
	struct log_query *q = NULL;

	if (query_parse(expr, set, &q, &err) != -EINVAL)
		fail_msg("\"%s\" accepted", expr);
	assert_null(q);
	if (strcmp(err.msg, msg) || err.pos != pos)
		fail_msg("\"%s\": got \"%s\" (%zu), want \"%s\" (%zu)", expr, err.msg, err.pos,
			 msg, pos);
}

static void test_errors(void **state)
{
	static const struct bad bad[] = {
		{ "tcp and", 7, "unexpected end of expression at 7" },
		{ "foo", 0, "unexpected 'foo' at 0" },
		{ "tcp foo", 4, "unexpected 'foo' at 4" },
		{ "(tcp", 4, "unexpected end of expression at 4" },
		{ "tcp)", 3, "unexpected ')' at 3" },
		{ "()", 1, "unexpected ')' at 1" },
		{ "and tcp", 0, "unexpected 'and' at 0" },
		{ "tcp or or udp", 7, "unexpected 'or' at 7" },
		{ "tcp & udp", 4, "unexpected '&' at 4" },
		{ "tcp | udp", 4, "unexpected '|' at 4" },
		{ "tcp \"x\"", 4, "unexpected '\"' at 4" },
		{ "tcp \x01", 4, "unexpected '\\x01' at 4" },
		{ "tcp \xc3\xa9", 4, "unexpected '\\xc3' at 4" },
		{ "not", 3, "unexpected end of expression at 3" },
		{ "src", 3, "unexpected end of expression at 3" },
		{ "port", 4, "unexpected end of expression at 4" },
		{ "port (", 5, "unexpected '(' at 5" },
		{ "port 70000", 5, "'70000': number out of range (0-65535) at 5" },
		{ "port nosuchservice", 5, "unknown service 'nosuchservice' at 5" },
		{ "port 23..20", 5, "'23..20': a range that ends before it starts at 5" },
		{ "host 192.0.2.256", 5, "'192.0.2.256': not an IPv4 or IPv6 address at 5" },
		{ "host 192.0.2.9..192.0.2.1", 5,
		  "'192.0.2.9..192.0.2.1': a range that ends before it starts at 5" },
		{ "host 192.0.2.1..2001:db8::1", 5,
		  "'192.0.2.1..2001:db8::1': a range from one IP version to the other at 5" },
		{ "host 192.0.2.1..", 5, "'192.0.2.1..': not an IPv4 or IPv6 address at 5" },
		{ "dst host", 8, "unexpected end of expression at 8" },
		{ "net 192.0.2.0", 13, "a network needs /LENGTH or mask MASK at 13" },
		{ "net 192.0.2.0/33", 4, "'33': number out of range (0-32) at 4" },
		{ "net 192.0.2.0/", 4, "'': empty number (0-32) at 4" },
		{ "net 192.0.2.0 mask 255.0.255.0", 19,
		  "'255.0.255.0': a mask whose ones are not contiguous at 19" },
		{ "net 2001:db8:: mask 255.255.255.0", 20,
		  "'255.255.255.0': a mask of the other IP version at 20" },
		{ "rule x", 5, "'x': not a decimal number (0-4294967295) at 5" },
		{ "rule 4294967296", 5, "'4294967296': number out of range (0-4294967295) at 5" },
		{ "action allow", 7, "'allow' is not one of permit pass deny block at 7" },
		{ "logwhy 6", 7, "'6' is not one of 1-5 rule default shun unseen frag at 7" },
		{ "logwhy 0", 7, "'0' is not one of 1-5 rule default shun unseen frag at 7" },
		{ "loglvl auth", 7, "'auth' is not one of pkt sess event at 7" },
		{ "logsev loud", 7,
		  "'loud' is not one of emerg alert crit err warning notice info debug at 7" },
		{ "logsev informational", 7,
		  "'informational' is not one of emerg alert crit err warning notice info debug at 7" },
		{ "proto nosuch", 6, "unknown protocol 'nosuch' at 6" },
		{ "proto 256", 6, "'256': number out of range (0-255) at 6" },
		{ "macro nosuch", 6, "unknown macro 'nosuch' at 6" },
		{ "macro", 5, "unexpected end of expression at 5" },
		{ "logiface averyveryverylongname", 9, "'averyveryverylongname' is too long at 9" },
		{ "logiface eth0 sideways", 14, "unexpected 'sideways' at 14" },
		{ "logapp abcdefghijklmnopqrstuvwxyz0123456789", 7,
		  "'abcdefghijklmnopqrstuvwx...' is too long at 7" },
	};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		expect_error(bad[i].expr, NULL, bad[i].pos, bad[i].msg);
}

static void test_limits(void **state)
{
	struct ebfilt_rec_hdr hdr = { .len = 16, .type = EBFILT_REC_EVENT, .version = 1 };
	struct log_view none = { .hdr = &hdr };
	char expr[QUERY_EXPR_MAX + 2];
	size_t i;

	(void)state;
	/* 4096 bytes are fine, one more is not. */
	memset(expr, ' ', QUERY_EXPR_MAX);
	memcpy(expr + QUERY_EXPR_MAX - 3, "tcp", 3);
	expr[QUERY_EXPR_MAX] = '\0';
	assert_false(matches(expr, NULL, &none));
	strcpy(expr + QUERY_EXPR_MAX, "x");
	expect_error(expr, NULL, QUERY_EXPR_MAX, "expression longer than 4096 bytes at 4096");
	/* 64 parentheses inside each other are fine, 65 are not. */
	for (i = 0; i < 64; i++)
		expr[i] = '(';
	strcpy(expr + 64, "tcp");
	for (i = 0; i < 64; i++)
		expr[67 + i] = ')';
	expr[131] = '\0';
	assert_false(matches(expr, NULL, &none));
	memmove(expr + 1, expr, strlen(expr) + 1);
	strcat(expr, ")");
	expect_error(expr, NULL, 64, "nested deeper than 64 at 64");
	expr[0] = '\0';
	for (i = 0; i < 65; i++)
		strcat(expr, "not ");
	strcat(expr, "tcp");
	expect_error(expr, NULL, 256, "nested deeper than 64 at 256");
	/* Sixty-four of them: "tcp" again. */
	assert_false(matches(expr + 4, NULL, &none));
	assert_true(matches(expr + 8, NULL, &none));
}

/* A set built directly, without macros_add()'s checks: names must be sorted. */
static void set_of(struct macro_set *set, struct macro *m, size_t n)
{
	set->macros = m;
	set->count = set->capacity = n;
}

static void test_macros_in_queries(void **state)
{
	static struct macro m[QUERY_MACRO_DEPTH + 1];
	struct ebfilt_log_record r = packet(4, 6, "192.0.2.1", "198.51.100.7", 1234, 80);
	struct log_view v = { .hdr = &r.hdr, .pkt = &r, .ifname = "eth0" };
	struct macro_set set = { 0 };
	struct query_error err;
	char *text;
	size_t i;

	(void)state;
	assert_int_equal(macros_add(&set, "web", "port 80 or port 443", "web traffic"), 0);
	assert_int_equal(macros_add(&set, "inweb", "macro web and logiface eth in", NULL), 0);
	assert_true(matches("macro inweb", &set, &v));
	assert_true(matches("tcp macro web", &set, &v));
	assert_false(matches("udp or not macro web", &set, &v));
	/* As if parenthesised: "not macro web" is "not (port 80 or port 443)". */
	assert_false(matches("not macro web", &set, &v));
	assert_int_equal(query_expand("tcp and macro inweb", &set, &text, &err), 0);
	assert_string_equal(text, "tcp and ((port 80 or port 443) and logiface eth in)");
	free(text);
	assert_int_equal(query_expand("  tcp  ", &set, &text, &err), 0);
	assert_string_equal(text, "  tcp  ");
	free(text);
	assert_int_equal(query_expand("macro nosuch", &set, &text, &err), -EINVAL);
	assert_string_equal(err.msg, "unknown macro 'nosuch' at 6");
	expect_error("macro web", NULL, 6, "unknown macro 'web' at 6");
	expect_error("macro Web", &set, 6, "unknown macro 'Web' at 6");
	macros_free(&set);

	/* An error inside a body names the macro; the position is where it is used. */
	strcpy(m[0].name, "broken");
	strcpy(m[0].expr, "tcp foo");
	set_of(&set, m, 1);
	expect_error("udp or macro broken", &set, 13, "in macro 'broken': unexpected 'foo' at 4");
	strcpy(m[0].expr, "");
	expect_error("macro broken", &set, 6,
		     "in macro 'broken': unexpected end of expression at 0");

	/* Sixteen macros inside each other are fine, seventeen are not. */
	for (i = 0; i <= QUERY_MACRO_DEPTH; i++) {
		snprintf(m[i].name, sizeof(m[i].name), "m%02zu", i);
		snprintf(m[i].expr, sizeof(m[i].expr), "macro m%02zu", i + 1);
	}
	strcpy(m[QUERY_MACRO_DEPTH - 1].expr, "tcp");
	set_of(&set, m, QUERY_MACRO_DEPTH + 1);
	assert_true(matches("macro m00", &set, &v));
	strcpy(m[QUERY_MACRO_DEPTH - 1].expr, "macro m16");
	strcpy(m[QUERY_MACRO_DEPTH].expr, "tcp");
	expect_error("tcp macro m00", &set, 10,
		     "macros nested deeper than 16: m00 -> m01 -> m02 -> m03 -> m04 -> m05 -> "
		     "m06 -> m07 -> m08 -> m09 -> m10 -> m11 -> m12 -> m13 -> m14 -> m15 -> m16");

	/* Each level used three times: the expansion is cut off, not built. */
	for (i = 0; i < 12; i++)
		snprintf(m[i].expr, sizeof(m[i].expr), "macro m%02zu or macro m%02zu macro m%02zu",
			 i + 1, i + 1, i + 1);
	strcpy(m[12].expr, "tcp");
	expect_error("macro m00", &set, 6, "more than 65536 terms with the macros expanded");
	/* Each level twice, with room to spare in the text: the expansion is too long. */
	for (i = 0; i < 12; i++)
		snprintf(m[i].expr, sizeof(m[i].expr), "macro m%02zu or macro m%02zu%600s", i + 1,
			 i + 1, "");
	assert_int_equal(query_expand("macro m00", &set, &text, &err), -E2BIG);
	assert_string_equal(err.msg, "the expansion is longer than 1048576 bytes");
	assert_true(matches("macro m00", &set, &v));
}

static void test_macro_set(void **state)
{
	struct macro_set set = { 0 };
	struct query_error err;
	char name[MACRO_NAME_MAX + 2];

	(void)state;
	diag_set_level(DIAG_SILENT);
	assert_int_equal(macros_add(&set, "web", "port 80 or port 443", "web traffic"), 0);
	assert_int_equal(macros_add(&set, "inweb", "macro web and logiface eth in", NULL), 0);
	assert_int_equal(macros_add(&set, "a_b-9", "tcp", ""), 0);
	assert_int_equal(set.count, 3);
	/* Sorted by name. */
	assert_string_equal(set.macros[0].name, "a_b-9");
	assert_string_equal(set.macros[1].name, "inweb");
	assert_string_equal(set.macros[2].name, "web");
	assert_string_equal(macros_find(&set, "web")->desc, "web traffic");
	assert_null(macros_find(&set, "nosuch"));
	/* Refused, and the set is left as it was. */
	assert_int_equal(macros_add(&set, "bad", "port 99999", NULL), -EINVAL);
	assert_int_equal(macros_add(&set, "loop", "macro loop", NULL), -EINVAL);
	assert_int_equal(macros_add(&set, "web", "macro inweb", NULL), -EINVAL);
	assert_int_equal(macros_add(&set, "other", "macro nosuch", NULL), -EINVAL);
	assert_int_equal(macros_add(&set, "empty", "  ", NULL), -EINVAL);
	assert_int_equal(macros_add(&set, "-x", "tcp", NULL), -EINVAL);
	assert_int_equal(macros_add(&set, "a b", "tcp", NULL), -EINVAL);
	assert_int_equal(macros_add(&set, "", "tcp", NULL), -EINVAL);
	assert_int_equal(macros_add(&set, "tab", "tcp\tor udp", NULL), -EINVAL);
	assert_int_equal(macros_add(&set, "d", "tcp", "bell\a"), -EINVAL);
	memset(name, 'n', sizeof(name) - 1);
	name[sizeof(name) - 1] = '\0';
	assert_int_equal(macros_add(&set, name, "tcp", NULL), -EINVAL);
	name[MACRO_NAME_MAX] = '\0';
	assert_int_equal(macros_add(&set, name, "tcp", NULL), 0);
	assert_int_equal(macros_delete(&set, name), 0);
	assert_int_equal(set.count, 3);
	assert_string_equal(macros_find(&set, "web")->expr, "port 80 or port 443");
	/* The cycle a replacement would make, as query_check_macro() says it. */
	assert_int_equal(query_check_macro("web", "tcp or macro inweb", &set, &err), -EINVAL);
	assert_string_equal(err.msg, "macro 'web' uses itself: web -> inweb -> web");
	assert_int_equal(err.pos, 13);
	assert_int_equal(query_check_macro("loop", "macro loop", &set, &err), -EINVAL);
	assert_string_equal(err.msg, "macro 'loop' uses itself: loop -> loop");
	assert_int_equal(err.pos, 6);
	/* Replacing keeps one macro of the name. */
	assert_int_equal(macros_add(&set, "web", "port 8080", NULL), 0);
	assert_int_equal(set.count, 3);
	assert_string_equal(macros_find(&set, "web")->expr, "port 8080");
	assert_string_equal(macros_find(&set, "web")->desc, "");
	/* A macro another uses stays; a missing one is -ENOENT. */
	assert_int_equal(macros_delete(&set, "web"), -EBUSY);
	assert_non_null(macros_find(&set, "web"));
	assert_int_equal(set.count, 3);
	assert_int_equal(macros_delete(&set, "nosuch"), -ENOENT);
	assert_int_equal(macros_delete(&set, "inweb"), 0);
	assert_int_equal(macros_delete(&set, "web"), 0);
	assert_int_equal(set.count, 1);
	macros_free(&set);
	assert_int_equal(set.count, 0);
	diag_set_level(DIAG_WARN);
}

static void write_file(const char *text)
{
	FILE *out = fopen(file, "w");

	assert_non_null(out);
	fputs(text, out);
	fclose(out);
}

static void test_macro_file(void **state)
{
	static const char *const bad[] = {
		"web port 80\n", "web \"port 80\n", "web \"tcp\" \"d\" extra\n", "-bad \"tcp\"\n",
		"web \"tcp\"\nweb \"udp\"\n", "web \"\"\n", "web \"a\tb\"\n", "web \"a\\qb\"\n",
		"web\n", "abcdefghijklmnopqrstuvwxyz0123456 \"tcp\"\n", "w.b \"tcp\"\n",
	};
	struct macro_set set = { 0 }, back;
	char text[512];
	FILE *in;
	size_t i, len;

	(void)state;
	unlink(file);
	assert_int_equal(macros_load(&back), 0);
	assert_int_equal(back.count, 0);
	assert_int_equal(macros_add(&set, "web", "port 80 or port 443", "web traffic"), 0);
	assert_int_equal(macros_add(&set, "quoted", "tcp", "say \"hi\" \\ there"), 0);
	assert_int_equal(macros_add(&set, "plain", "macro web and tcp", NULL), 0);
	assert_int_equal(macros_save(&set), 0);
	in = fopen(file, "r");
	assert_non_null(in);
	len = fread(text, 1, sizeof(text) - 1, in);
	text[len] = '\0';
	fclose(in);
	assert_non_null(strstr(text, "\nplain \"macro web and tcp\"\n"
					"quoted \"tcp\" \"say \\\"hi\\\" \\\\ there\"\n"
					"web \"port 80 or port 443\" \"web traffic\"\n"));
	assert_int_equal(macros_load(&back), 0);
	assert_int_equal(back.count, set.count);
	for (i = 0; i < set.count; i++)
		assert_memory_equal(&back.macros[i], &set.macros[i], sizeof(set.macros[i]));
	macros_free(&back);
	macros_free(&set);

	write_file("# comment\n\n  web \"port 80\"  \"d\"  \r\n\t# another\nx \"tcp\"\n");
	assert_int_equal(macros_load(&set), 0);
	assert_int_equal(set.count, 2);
	assert_string_equal(set.macros[0].expr, "port 80");
	assert_string_equal(set.macros[0].desc, "d");
	macros_free(&set);

	diag_set_level(DIAG_SILENT);
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		write_file(bad[i]);
		if (macros_load(&set) != -EINVAL)
			fail_msg("accepted: %s", bad[i]);
		assert_int_equal(set.count, 0);
	}
	diag_set_level(DIAG_WARN);
	unlink(file);
}

/* Run `macro ARGS...` with its output in out_path; returns what it returns. */
static int command(char *out, size_t size, int argc, ...)
{
	char *argv[8];
	int fd, saved, err, i;
	va_list ap;
	ssize_t len;

	va_start(ap, argc);
	for (i = 0; i < argc; i++)
		argv[i] = va_arg(ap, char *);
	va_end(ap);
	fflush(stdout);
	fd = open(out_path, O_RDWR | O_CREAT | O_TRUNC, 0600);
	saved = dup(1);
	assert_true(fd >= 0 && saved >= 0);
	dup2(fd, 1);
	err = macro_command(argc, argv);
	fflush(stdout);
	dup2(saved, 1);
	close(saved);
	len = pread(fd, out, size - 1, 0);
	close(fd);
	out[len < 0 ? 0 : len] = '\0';
	return err;
}

static void test_macro_command(void **state)
{
	char out[512];

	(void)state;
	unlink(file);
	assert_int_equal(command(out, sizeof(out), 1, "names"), 0);
	assert_string_equal(out, "");
	assert_int_equal(command(out, sizeof(out), 5, "add", "web", "port 80 or port 443", "-D",
				 "web traffic"), 0);
	assert_int_equal(command(out, sizeof(out), 3, "add", "https", "port 443"), 0);
	assert_string_equal(out, "");
	assert_int_equal(command(out, sizeof(out), 1, "print"), 0);
	assert_string_equal(out, "https \"port 443\"\n"
				 "web \"port 80 or port 443\"\n\tweb traffic\n");
	assert_int_equal(command(out, sizeof(out), 2, "print", "web"), 0);
	assert_string_equal(out, "web \"port 80 or port 443\"\n\tweb traffic\n");
	assert_int_equal(command(out, sizeof(out), 1, "names"), 0);
	assert_string_equal(out, "https\nweb\n");
	assert_int_equal(command(out, sizeof(out), 2, "expand", "tcp macro web or macro https"), 0);
	assert_string_equal(out, "tcp (port 80 or port 443) or (port 443)\n");
	assert_int_equal(command(out, sizeof(out), 2, "delete", "https"), 0);
	assert_int_equal(command(out, sizeof(out), 1, "names"), 0);
	assert_string_equal(out, "web\n");

	diag_set_level(DIAG_SILENT);
	assert_int_equal(command(out, sizeof(out), 2, "print", "nosuch"), -ENOENT);
	assert_int_equal(command(out, sizeof(out), 2, "delete", "nosuch"), -ENOENT);
	assert_int_equal(command(out, sizeof(out), 2, "expand", "macro nosuch"), -EINVAL);
	assert_int_equal(command(out, sizeof(out), 3, "add", "x", "port 99999"), -EINVAL);
	assert_int_equal(command(out, sizeof(out), 1, "frob"), -EINVAL);
	assert_int_equal(command(out, sizeof(out), 2, "add", "x"), -EINVAL);
	assert_int_equal(command(out, sizeof(out), 4, "add", "x", "tcp", "-D"), -EINVAL);
	assert_int_equal(command(out, sizeof(out), 5, "add", "x", "tcp", "-X", "d"), -EINVAL);
	assert_int_equal(command(out, sizeof(out), 2, "names", "x"), -EINVAL);
	assert_int_equal(command(out, sizeof(out), 0), -EINVAL);
	diag_set_level(DIAG_WARN);
	/* Nothing refused changed the file. */
	assert_int_equal(command(out, sizeof(out), 1, "print"), 0);
	assert_string_equal(out, "web \"port 80 or port 443\"\n\tweb traffic\n");
	unlink(file);
}

static int setup(void **state)
{
	(void)state;
	diag_init("test_query");
	if (!mkdtemp(dir))
		return -1;
	snprintf(file, sizeof(file), "%s/log_macros", dir);
	snprintf(out_path, sizeof(out_path), "%s/out", dir);
	snprintf(lock_path, sizeof(lock_path), "%s/.lock", dir);
	return setenv("EBFILT_CONFDIR", dir, 1);
}

static int teardown(void **state)
{
	(void)state;
	unlink(file);
	unlink(out_path);
	unlink(lock_path);
	return rmdir(dir);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_tcp4),
		cmocka_unit_test(test_precedence),
		cmocka_unit_test(test_icmp),
		cmocka_unit_test(test_udp6),
		cmocka_unit_test(test_short_and_reasons),
		cmocka_unit_test(test_not_a_packet),
		cmocka_unit_test(test_event),
		cmocka_unit_test(test_services),
		cmocka_unit_test(test_errors),
		cmocka_unit_test(test_limits),
		cmocka_unit_test(test_macros_in_queries),
		cmocka_unit_test(test_macro_set),
		cmocka_unit_test(test_macro_file),
		cmocka_unit_test(test_macro_command),
	};

	return cmocka_run_group_tests_name("query", tests, setup, teardown);
}
