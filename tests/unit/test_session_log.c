// SPDX-License-Identifier: GPL-2.0
/*
 * Unit tests of session records on the reading side: decoding and its
 * refusals, the one syslog line (AIX-like, or ipmon's state line), every
 * ipsec_log dump format on crafted records (pcap writes none), and the
 * filter language's primitives applied to sessions. Also -l's letters and
 * words, and the refusal of S on rules that permit nothing.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>
#include <arpa/inet.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "logging/dump.h"
#include "logging/query.h"
#include "logging/session.h"
#include "rules/attr.h"

#define WHEN 872669320	/* 1997-08-27 08:08:40 UTC: when the session ended */

struct sess {
	struct ebfilt_session_record r;
	struct log_view v;
};

/* 192.0.2.2:34286 -> 192.0.2.1:23 (TCP), ended fin, 1.25 s of packets ending 2 s before. */
static void sess_tcp(struct sess *x)
{
	memset(x, 0, sizeof(*x));
	x->r.hdr.len = sizeof(x->r);
	x->r.hdr.type = EBFILT_REC_SESSION;
	x->r.hdr.version = EBFILT_REC_SESSION_VERSION;
	x->r.hdr.time_ns = (uint64_t)WHEN * 1000000000;
	x->r.first_ago_ns = 3250000000ull;
	x->r.last_ago_ns = 2000000000ull;
	x->r.packets_in = 12;
	x->r.packets_out = 10;
	x->r.bytes_in = 1386;
	x->r.bytes_out = 5112;
	x->r.rule_id = 3;
	x->r.ifindex = 2;
	x->r.sport = 34286;
	x->r.dport = 23;
	inet_pton(AF_INET, "192.0.2.2", x->r.saddr);
	inet_pton(AF_INET, "192.0.2.1", x->r.daddr);
	x->r.version = 4;
	x->r.proto = 6;
	x->r.end = EBFILT_SESSION_FIN;
	x->r.inbound = 1;
	x->r.tcp_flags_in = 0x13;	/* SYN ACK FIN */
	x->r.tcp_flags_out = 0x13;
	x->v.hdr = &x->r.hdr;
	x->v.sess = &x->r;
	x->v.ifname = "eth0";
	x->v.ifaddr = "192.0.2.1";
	x->v.when.tv_sec = WHEN;
}

static char *dump_one(enum dump_format f, const struct sess *x)
{
	struct dump_out *d;
	char *text = NULL;
	size_t size = 0;
	FILE *out = open_memstream(&text, &size);

	assert_non_null(out);
	assert_int_equal(dump_open(&d, f, out, NULL), 0);
	assert_int_equal(dump_record(d, &x->v), 0);
	assert_int_equal(dump_close(d), 0);
	assert_int_equal(fclose(out), 0);
	return text;
}

static void test_decode(void **state)
{
	struct ebfilt_session_record out;
	struct sess x;

	(void)state;
	sess_tcp(&x);
	assert_int_equal(log_session_decode(&x.r, sizeof(x.r), &out), 0);
	assert_memory_equal(&out, &x.r, sizeof(out));
	assert_int_equal(log_session_decode(&x.r, sizeof(x.r) - 1, &out), -EINVAL);	/* cut */
	x.r.hdr.len = 64;
	assert_int_equal(log_session_decode(&x.r, sizeof(x.r), &out), -EINVAL);	/* too short */
	x.r.hdr.len = sizeof(x.r);
	x.r.hdr.version = 2;
	assert_int_equal(log_session_decode(&x.r, sizeof(x.r), &out), -ENOMSG);	/* skipped */
	x.r.hdr.version = 1;
	x.r.version = 5;
	assert_int_equal(log_session_decode(&x.r, sizeof(x.r), &out), -EINVAL);
}

static void test_lines(void **state)
{
	char line[512];
	struct sess x;

	(void)state;
	sess_tcp(&x);
	assert_string_equal(session_format_aix(&x.v, false, line, sizeof(line)),
			    "#:3 S:fin i:192.0.2.1 s:192.0.2.2 d:192.0.2.1 p:tcp sp:34286 dp:23 "
			    "start:08:08:36 dur:1250 pi:12 po:10 bi:1386 bo:5112 T:0");
	session_format_aix(&x.v, true, line, sizeof(line));
	assert_string_equal(strstr(line, " T:0"), " T:0 I:eth0");
	assert_string_equal(session_format_ipmon(&x.v, line, sizeof(line)),
			    "08:08:40.000000 STATE:CLOSE 192.0.2.2,34286 -> 192.0.2.1,23 PR tcp "
			    "Pkts 22 Bytes 6498 end fin");
	/* ICMP echo: the identifier; other protocols: no ports. An idle one expires. */
	x.r.proto = 1;
	x.r.sport = x.r.dport = 4711;
	x.r.end = EBFILT_SESSION_IDLE;
	x.r.inbound = 0;
	x.v.ifaddr = NULL;
	assert_string_equal(session_format_aix(&x.v, false, line, sizeof(line)),
			    "#:3 S:idle o:- s:192.0.2.2 d:192.0.2.1 p:icmp id:4711 start:08:08:36 "
			    "dur:1250 pi:12 po:10 bi:1386 bo:5112 T:0");
	assert_string_equal(session_format_ipmon(&x.v, line, sizeof(line)),
			    "08:08:40.000000 STATE:EXPIRE 192.0.2.2 -> 192.0.2.1 PR icmp Pkts 22 "
			    "Bytes 6498 end idle");
	x.r.proto = 47;
	x.r.sport = x.r.dport = 0;
	x.r.end = EBFILT_SESSION_DEACTIVATED;
	assert_string_equal(session_format_aix(&x.v, false, line, sizeof(line)),
			    "#:3 S:deactivated o:- s:192.0.2.2 d:192.0.2.1 p:47 start:08:08:36 "
			    "dur:1250 pi:12 po:10 bi:1386 bo:5112 T:0");
	assert_non_null(strstr(session_format_ipmon(&x.v, line, sizeof(line)), "STATE:FLUSH "));
	assert_string_equal(session_end_name(EBFILT_SESSION_RST), "rst");
	assert_string_equal(session_end_name((enum ebfilt_session_end)9), "?");
}

static void test_dump_formats(void **state)
{
	struct sess x;
	char *text;

	(void)state;
	sess_tcp(&x);
	text = dump_one(DUMP_AIX, &x);
	assert_string_equal(text, "#:3 S:fin i:192.0.2.1 s:192.0.2.2 d:192.0.2.1 p:tcp sp:34286 "
				  "dp:23 start:08:08:36 dur:1250 pi:12 po:10 bi:1386 bo:5112 T:0\n");
	free(text);
	text = dump_one(DUMP_IPMON, &x);
	assert_string_equal(text, "27/08/1997 08:08:40.000000 STATE:CLOSE 192.0.2.2,34286 -> "
				  "192.0.2.1,23 PR tcp Pkts 22 Bytes 6498 end fin\n");
	free(text);
	text = dump_one(DUMP_JSON, &x);
	assert_string_equal(text,
		"{\"time\":\"1997-08-27T08:08:40.000000Z\",\"type\":\"session\",\"rule\":3,"
		"\"end\":\"fin\",\"direction\":\"in\",\"interface\":\"eth0\",\"ifindex\":2,"
		"\"version\":4,\"src\":\"192.0.2.2\",\"dst\":\"192.0.2.1\",\"proto\":6,"
		"\"proto_name\":\"tcp\",\"sport\":34286,\"dport\":23,"
		"\"start\":\"1997-08-27T08:08:36.750000Z\",\"duration_ms\":1250,"
		"\"packets_in\":12,\"packets_out\":10,\"bytes_in\":1386,\"bytes_out\":5112,"
		"\"tcp_flags_in\":\"ASF\",\"tcp_flags_out\":\"ASF\",\"tunnel\":0,"
		"\"severity\":\"info\"}\n");
	free(text);
	text = dump_one(DUMP_WELF, &x);
	assert_non_null(strstr(text, " pri=6 rule=3 proto=tcp src=192.0.2.2 srcport=34286 "
				     "dst=192.0.2.1 dstport=23 duration=1 sent=1386 rcvd=5112 "
				     "act=permit msg=\"session fin in on eth0\"\r\n"));
	free(text);
	/* pcap: no packet to write, nothing but the file's header. */
	text = dump_one(DUMP_PCAP, &x);
	free(text);
}

static bool matches(const char *expr, const struct log_view *v)
{
	struct query_error err;
	struct log_query *q;
	bool match;

	if (query_parse(expr, NULL, &q, &err))
		fail_msg("\"%s\" refused: %s (%zu)", expr, err.msg, err.pos);
	match = query_match(q, v);
	query_free(q);
	return match;
}

static void test_query(void **state)
{
	static const struct { const char *expr; bool match; } cases[] = {
		{ "loglvl sess", true }, { "loglvl pkt", false },
		{ "src host 192.0.2.2", true }, { "dst host 192.0.2.2", false },
		{ "host 192.0.2.1", true }, { "net 192.0.2.0/24", true }, { "ip6", false },
		{ "src port 34286", true }, { "dst port 23", true }, { "port 80", false },
		{ "tcp", true }, { "udp", false }, { "proto tcp", true }, { "ip", true },
		{ "rule 3", true }, { "rule 4", false }, { "action permit", true },
		{ "action deny", false }, { "logiface eth0", true }, { "logiface eth0 in", true },
		{ "logiface eth0 out", false }, { "logiface eth1", false },
		{ "logsev info", true }, { "logsev notice", false }, { "logwhy rule", false },
		{ "loglvl sess and src host 192.0.2.2 and dst port 23", true },
	};
	struct sess x;
	size_t i;

	(void)state;
	sess_tcp(&x);
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
		if (matches(cases[i].expr, &x.v) != cases[i].match)
			fail_msg("\"%s\" should %smatch the session", cases[i].expr,
				 cases[i].match ? "" : "not ");
}

static void test_log_letters(void **state)
{
	static const struct { const char *flag, *word; uint8_t value, kflags; } cases[] = {
		{ "S", "session", RULE_LOG_SESSION, EBFILT_RULE_SESSION },
		{ "ys", "yes+session", RULE_LOG_YES_SESSION, EBFILT_RULE_LOG | EBFILT_RULE_SESSION },
		{ "DS", "detail+session", RULE_LOG_DETAIL_SESSION,
		  EBFILT_RULE_LOG | EBFILT_RULE_LOG_DETAIL | EBFILT_RULE_SESSION },
		{ "Y", "yes", RULE_LOG_YES, EBFILT_RULE_LOG },
	};
	struct filter_rule r, back;
	struct rule_fault fault;
	struct ebfilt_rule k;
	const char *why;
	char text[32];
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		rule_init(&r, 4);
		r.action = EBFILT_PERMIT;
		assert_int_equal(rule_attr_parse(&r, ATTR_LOG, cases[i].flag, SPELL_FLAG, &why), 0);
		assert_int_equal(r.log, cases[i].value);
		rule_attr_print(&r, ATTR_LOG, 1, SPELL_WORD, text, sizeof(text));
		assert_string_equal(text, cases[i].word);
		assert_int_equal(rule_attr_parse(&back, ATTR_LOG, text, SPELL_WORD, &why), 0);
		assert_int_equal(back.log, cases[i].value);
		rule_encode(&r, &k);
		assert_int_equal(k.flags & (EBFILT_RULE_LOG | EBFILT_RULE_LOG_DETAIL |
					    EBFILT_RULE_SESSION), cases[i].kflags);
		rule_decode(&k, 4, &back);
		assert_int_equal(back.log, cases[i].value);
		assert_int_equal(rule_check(&r, &fault), 0);
	}
	assert_int_not_equal(rule_attr_parse(&r, ATTR_LOG, "SY", SPELL_FLAG, &why), 0);
	assert_string_equal(why, "must be one of Y|N|D|S|YS|DS");
	/* Only a permit rule has sessions to summarise. */
	rule_init(&r, 4);
	r.log = RULE_LOG_YES_SESSION;
	r.action = EBFILT_DENY;
	assert_int_equal(rule_check(&r, &fault), -EINVAL);
	assert_int_equal(fault.attr, ATTR_LOG);
	assert_string_equal(fault.why, "session logging (S) is for permit rules only; this rule "
				       "permits no session");
	r.action = EBFILT_SHUN_HOST;
	assert_int_equal(rule_check(&r, &fault), -EINVAL);
	r.action = EBFILT_IF;
	assert_int_equal(rule_check(&r, &fault), -EINVAL);
}

static int utc(void **state)
{
	(void)state;
	setenv("TZ", "UTC", 1);
	tzset();
	return 0;
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_decode),
		cmocka_unit_test(test_lines),
		cmocka_unit_test(test_dump_formats),
		cmocka_unit_test(test_query),
		cmocka_unit_test(test_log_letters),
	};

	return cmocka_run_group_tests_name("session_log", tests, utc, NULL);
}
