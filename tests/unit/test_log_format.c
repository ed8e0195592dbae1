// SPDX-License-Identifier: GPL-2.0
/* Unit tests for the log line formats, against the AIX sample lines. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>
#include <netinet/in.h>
#include <stdlib.h>
#include <string.h>

#include "ebfilt/abi.h"
#include "logging/dump.h"
#include "logging/format.h"
#include "rules/parse.h"

static struct ebfilt_log_record record(const char *src, const char *dst, uint8_t proto,
				       uint16_t sport, uint16_t dport)
{
	struct ebfilt_log_record r;
	const char *why;

	memset(&r, 0, sizeof(r));
	r.version = 4;
	r.proto = proto;
	r.sport = sport;
	r.dport = dport;
	r.action = EBFILT_PERMIT;
	r.local = 1;
	r.flags = EBFILT_LOG_PORTS | EBFILT_LOG_ADDRS | EBFILT_LOG_PROTO;
	parse_addr(4, src, r.saddr, &why);
	parse_addr(4, dst, r.daddr, &why);
	return r;
}

/* Lines 11, 13 and 16 of the AIX sample log. */
static void test_aix_sample_lines(void **state)
{
	struct log_iface iface = { "en0", "10.0.0.1" };
	struct ebfilt_log_record r;
	char buf[256];

	(void)state;
	r = record("10.0.0.1", "10.0.0.20", IPPROTO_UDP, 3327, 53);
	r.rule_id = 6;
	r.ip_len = 67;
	assert_string_equal(log_format_aix(&r, &iface, false, buf, sizeof(buf)),
			    "#:6 R:p  o:10.0.0.1 s:10.0.0.1 d:10.0.0.20 p:udp sp:3327 dp:53 "
			    "r:l a:n f:n T:0 e:n l:67");
	r = record("10.0.0.15", "10.0.0.1", IPPROTO_TCP, 4649, 23);
	r.rule_id = 6;
	r.inbound = 1;
	r.ip_len = 43;
	assert_string_equal(log_format_aix(&r, &iface, false, buf, sizeof(buf)),
			    "#:6 R:p  i:10.0.0.1 s:10.0.0.15 d:10.0.0.1 p:tcp sp:4649 dp:23 "
			    "r:l a:n f:n T:0 e:n l:43");
	r = record("10.0.0.1", "10.0.0.2", IPPROTO_ICMP, 8, 0);
	r.rule_id = 4;
	r.tunnel = 1;
	r.ip_len = 84;
	assert_string_equal(log_format_aix(&r, &iface, false, buf, sizeof(buf)),
			    "#:4 R:p  o:10.0.0.1 s:10.0.0.1 d:10.0.0.2 p:icmp t:8 c:0 "
			    "r:l a:n f:n T:1 e:n l:84");
}

static void test_aix_variants(void **state)
{
	struct log_iface iface = { "eth0", NULL };
	struct ebfilt_log_record r;
	const char *why;
	char buf[256];

	(void)state;
	r = record("192.0.2.9", "198.51.100.2", IPPROTO_TCP, 1, 2);
	r.action = EBFILT_DENY;
	r.local = 0;
	r.frag = EBFILT_FRAG_LATER;
	r.flags = EBFILT_LOG_ADDRS | EBFILT_LOG_AH | EBFILT_LOG_ESP | EBFILT_LOG_PROTO;
	r.ip_len = 1500;
	assert_string_equal(log_format_aix(&r, &iface, true, buf, sizeof(buf)),
			    "#:0 R:d  o:- s:192.0.2.9 d:198.51.100.2 p:tcp sp:- dp:- "
			    "r:f a:y f:y T:0 e:y l:1500 I:eth0");
	memset(&r, 0, sizeof(r));
	r.version = 6;
	r.proto = IPPROTO_ICMPV6;
	r.sport = 128;
	r.inbound = 1;
	r.local = 1;
	r.flags = EBFILT_LOG_ADDRS | EBFILT_LOG_PORTS | EBFILT_LOG_PROTO;
	parse_addr(6, "2001:db8::2", r.saddr, &why);
	parse_addr(6, "2001:db8::1", r.daddr, &why);
	iface.addr = "2001:db8::1";
	assert_string_equal(log_format_aix(&r, &iface, false, buf, sizeof(buf)),
			    "#:0 R:d  i:2001:db8::1 s:2001:db8::2 d:2001:db8::1 p:icmpv6 t:128 c:0 "
			    "r:l a:n f:n T:0 e:n l:0");
	r.flags = 0;	/* too short for addresses, or to say the protocol */
	assert_non_null(strstr(log_format_aix(&r, &iface, false, buf, sizeof(buf)),
			       " s:- d:- p:- t:- c:- "));
	/* A rule that matched on the ACK bit: AIX writes tcp/ack. */
	r = record("192.0.2.9", "192.0.2.1", IPPROTO_TCP, 80, 4000);
	r.flags |= EBFILT_LOG_RULE_ACK;
	assert_non_null(strstr(log_format_aix(&r, &iface, false, buf, sizeof(buf)),
			       " p:tcp/ack sp:80 dp:4000 "));
	/* A protocol with no name, and protocol 0, are numbers: never "all". */
	r = record("192.0.2.9", "192.0.2.1", 99, 0, 0);
	r.flags = EBFILT_LOG_ADDRS | EBFILT_LOG_PROTO | EBFILT_LOG_SHORT;
	assert_non_null(strstr(log_format_aix(&r, &iface, false, buf, sizeof(buf)), " p:99 "));
	r.proto = 0;
	assert_non_null(strstr(log_format_aix(&r, &iface, false, buf, sizeof(buf)), " p:0 "));
	/* Denied by the shun list: R:s, the shun rule's ID. */
	r = record("192.0.2.9", "192.0.2.1", IPPROTO_ICMP, 8, 0);
	r.action = EBFILT_DENY;
	r.reason = EBFILT_REASON_SHUNNED;
	r.rule_id = 3;
	assert_non_null(strstr(log_format_aix(&r, &iface, false, buf, sizeof(buf)), "#:3 R:s  "));
}

/* Lines 4 and 7 of the AIX sample log (the rule listing at activation). */
static void test_rule_lines(void **state)
{
	struct filter_rule rule;
	const char *why;
	char buf[256];

	(void)state;
	rule_init(&rule, 4);
	rule.action = EBFILT_PERMIT;
	rule.proto = IPPROTO_UDP;
	rule.sport = (struct port_match){ EBFILT_OP_EQ, 4001 };
	rule.dport = (struct port_match){ EBFILT_OP_EQ, 4001 };
	assert_string_equal(log_format_rule(1, &rule, buf, sizeof(buf)),
			    "#:1 permit 0.0.0.0 0.0.0.0 0.0.0.0 0.0.0.0 udp eq  4001 eq  4001  "
			    "both both l=n f=y t=0 e= a=");
	rule_init(&rule, 4);
	rule.action = EBFILT_PERMIT;
	parse_addr(4, "10.0.0.1", rule.src.bytes, &why);
	parse_addr(4, "10.0.0.2", rule.dst.bytes, &why);
	rule.src.prefix = rule.dst.prefix = 32;
	rule.proto = IPPROTO_ICMP;
	rule.scope = EBFILT_SCOPE_LOCAL;
	rule.dir = EBFILT_DIR_OUTBOUND;
	rule.log = true;
	rule.tunnel = 1;
	assert_string_equal(log_format_rule(4, &rule, buf, sizeof(buf)),
			    "#:4 permit 10.0.0.1 255.255.255.255 10.0.0.2 255.255.255.255 icmp any 0 "
			    "any 0  local outbound l=y f=y t=1 e= a=");
	rule.expire = 60;
	rule.frag = EBFILT_FRAGCTL_HEADERS;
	assert_non_null(strstr(log_format_rule(4, &rule, buf, sizeof(buf)), " f=h t=1 e=60 a="));
}

static void test_when_and_ipmon(void **state)
{
	struct log_view view;
	struct log_iface iface = { "eth0", "192.0.2.1" };
	struct timespec when = { 0, 789000 };
	struct ebfilt_log_record r;
	char buf[256];

	(void)state;
	setenv("TZ", "UTC", 1);
	tzset();
	assert_string_equal(log_format_when(872669320, buf, sizeof(buf)), "08:08:40 on 08/27/97");
	r = record("192.0.2.1", "192.0.2.9", IPPROTO_UDP, 53, 3327);
	r.rule_id = 6;
	r.ip_len = 36;
	r.cap_len = 36;
	r.headers[0] = 0x45;
	when.tv_sec = 872669320;
	view = (struct log_view){ .hdr = &r.hdr, .pkt = &r, .ifname = iface.name, .when = when };
	/* The daemon's ipmon line is ipsec_log dump's, after the date. */
	assert_string_equal(dump_ipmon_line(&view, buf, sizeof(buf)),
			    "08:08:40.000789 eth0 @0:6 p 192.0.2.1,53 -> 192.0.2.9,3327 PR udp len 20 36 OUT");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_aix_sample_lines),
		cmocka_unit_test(test_aix_variants),
		cmocka_unit_test(test_rule_lines),
		cmocka_unit_test(test_when_and_ipmon),
	};

	return cmocka_run_group_tests_name("log_format", tests, NULL, NULL);
}
