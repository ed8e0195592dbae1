// SPDX-License-Identifier: GPL-2.0
/* Unit tests for the single-value parsers in user/rule_parse.c. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>
#include <arpa/inet.h>
#include <netinet/in.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "rules/ids.h"
#include "rules/parse.h"

static void test_number(void **state)
{
	unsigned long v;
	const char *why;

	(void)state;
	assert_int_equal(parse_number("0", 10, &v, &why), 0);
	assert_int_equal(v, 0);
	assert_int_equal(parse_number("65535", 65535, &v, &why), 0);
	assert_int_equal(v, 65535);
	assert_int_equal(parse_number("65536", 65535, &v, &why), -EINVAL);
	assert_int_equal(parse_number("", 10, &v, &why), -EINVAL);
	assert_int_equal(parse_number("-1", 10, &v, &why), -EINVAL);
	assert_int_equal(parse_number("+1", 10, &v, &why), -EINVAL);
	assert_int_equal(parse_number(" 1", 10, &v, &why), -EINVAL);
	assert_int_equal(parse_number("1x", 10, &v, &why), -EINVAL);
	assert_int_equal(parse_number("99999999999999999999999", ~0UL, &v, &why), -EINVAL);
}

static void test_addr_v4(void **state)
{
	uint8_t a[16];
	const char *why;

	(void)state;
	assert_int_equal(parse_addr(4, "192.0.2.7", a, &why), 0);
	assert_memory_equal(a, "\xc0\x00\x02\x07", 4);
	assert_int_equal(parse_addr(4, "0", a, &why), 0);
	assert_memory_equal(a, "\0\0\0\0", 4);
	assert_int_equal(parse_addr(4, "localhost", a, &why), 0);
	assert_memory_equal(a, "\x7f\x00\x00\x01", 4);
	assert_int_equal(parse_addr(4, "192.0.2.256", a, &why), -EINVAL);
	assert_string_equal(why, "not a valid IPv4 address");
	assert_int_equal(parse_addr(4, "2001:db8::1", a, &why), -EINVAL);
	assert_int_equal(parse_addr(4, "bad_host!", a, &why), -EINVAL);
	assert_string_equal(why, "not an address or a host name");
}

static void test_addr_v6(void **state)
{
	struct in6_addr expect;
	uint8_t a[16];
	const char *why;

	(void)state;
	inet_pton(AF_INET6, "2001:db8::1", &expect);
	assert_int_equal(parse_addr(6, "2001:db8::1", a, &why), 0);
	assert_memory_equal(a, &expect, 16);
	assert_int_equal(parse_addr(6, "0", a, &why), 0);
	assert_memory_equal(a, &in6addr_any, 16);
	assert_int_equal(parse_addr(6, "2001:db8:::1", a, &why), -EINVAL);
	assert_int_equal(parse_addr(6, "192.0.2.1", a, &why), -EINVAL);
}

static void test_mask(void **state)
{
	uint8_t prefix;
	const char *why;

	(void)state;
	assert_int_equal(parse_mask(4, "255.255.255.0", &prefix, &why), 0);
	assert_int_equal(prefix, 24);
	assert_int_equal(parse_mask(4, "255.255.255.255", &prefix, &why), 0);
	assert_int_equal(prefix, 32);
	assert_int_equal(parse_mask(4, "0", &prefix, &why), 0);
	assert_int_equal(prefix, 0);
	assert_int_equal(parse_mask(4, "0.0.0.0", &prefix, &why), 0);
	assert_int_equal(prefix, 0);
	assert_int_equal(parse_mask(4, "255.255.128.0", &prefix, &why), 0);
	assert_int_equal(prefix, 17);
	assert_int_equal(parse_mask(4, "255.0.255.0", &prefix, &why), -EINVAL);
	assert_string_equal(why, "mask is not contiguous");
	assert_int_equal(parse_mask(4, "0.0.0.255", &prefix, &why), -EINVAL);
	assert_int_equal(parse_mask(4, "24", &prefix, &why), -EINVAL);
	assert_int_equal(parse_mask(6, "64", &prefix, &why), 0);
	assert_int_equal(prefix, 64);
	assert_int_equal(parse_mask(6, "128", &prefix, &why), 0);
	assert_int_equal(parse_mask(6, "129", &prefix, &why), -EINVAL);
	assert_int_equal(parse_mask(6, "ffff::", &prefix, &why), -EINVAL);
}

static void test_proto(void **state)
{
	static const struct { const char *text; uint8_t proto; bool ack; } good[] = {
		{ "udp", 17, false }, { "icmp", 1, false }, { "icmpv6", 58, false },
		{ "tcp", 6, false }, { "tcp/ack", 6, true }, { "ospf", 89, false },
		{ "ipip", 4, false }, { "esp", 50, false }, { "ah", 51, false },
		{ "all", 0, false }, { "TCP", 6, false }, { "132", 132, false },
		{ "1", 1, false }, { "252", 252, false },
	};
	uint8_t proto;
	bool ack;
	const char *why;
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(good) / sizeof(good[0]); i++) {
		assert_int_equal(parse_proto(good[i].text, &proto, &ack, &why), 0);
		assert_int_equal(proto, good[i].proto);
		assert_int_equal(ack, good[i].ack);
	}
	assert_int_equal(parse_proto("0", &proto, &ack, &why), -EINVAL);
	assert_int_equal(parse_proto("253", &proto, &ack, &why), -EINVAL);
	assert_int_equal(parse_proto("sctp", &proto, &ack, &why), -EINVAL);
	assert_int_equal(parse_proto("tcp/syn", &proto, &ack, &why), -EINVAL);
}

static void test_op(void **state)
{
	const char *words[] = { "any", "eq", "neq", "lt", "le", "gt", "ge" };
	enum ebfilt_port_op op;
	const char *why;
	int i;

	(void)state;
	for (i = 0; i < 7; i++) {
		assert_int_equal(parse_op(words[i], &op, &why), 0);
		assert_int_equal(op, (enum ebfilt_port_op)i);
	}
	assert_int_equal(parse_op("EQ", &op, &why), 0);
	assert_int_equal(op, EBFILT_OP_EQ);
	assert_int_equal(parse_op("ne", &op, &why), -EINVAL);
	assert_int_equal(parse_op("eqq", &op, &why), -EINVAL);
}

static void test_iface_text_pattern(void **state)
{
	char iface[IF_NAMESIZE], text[RULE_PATTERN_MAX + 1];
	const char *why;

	(void)state;
	assert_int_equal(parse_iface("eth0.100", iface, &why), 0);
	assert_string_equal(iface, "eth0.100");
	assert_int_equal(parse_iface("abcdefghijklmnop", iface, &why), -EINVAL);
	assert_int_equal(parse_iface("a/b", iface, &why), -EINVAL);
	assert_int_equal(parse_iface("..", iface, &why), -EINVAL);
	assert_int_equal(parse_iface("", iface, &why), -EINVAL);
	assert_int_equal(parse_text("with \"quotes\" and \\", 255, text, &why), 0);
	assert_int_equal(parse_text("a|b", 255, text, &why), -EINVAL);
	assert_int_equal(parse_text("tab\there", 255, text, &why), -EINVAL);
	assert_int_equal(parse_text("12345", 4, text, &why), -EINVAL);
	assert_int_equal(parse_pattern("GET /admin", text, &why), 0);
	assert_int_equal(parse_pattern("0x414243", text, &why), 0);
	assert_int_equal(parse_pattern("0x41424", text, &why), -EINVAL);
	assert_int_equal(parse_pattern("0xzz", text, &why), -EINVAL);
	assert_int_equal(parse_pattern("", text, &why), -EINVAL);
	assert_int_equal(parse_pattern_file("/nonexistent/file", text, &why), -EINVAL);
	{
		char path[] = "/tmp/ebfilt-pattern-XXXXXX";
		int fd = mkstemp(path);

		assert_true(fd >= 0);
		close(fd);
		assert_int_equal(parse_pattern_file(path, text, &why), 0);
		assert_string_equal(text, path);
		unlink(path);
	}
}

static void test_id_list(void **state)
{
	struct id_list list;
	const char *why;

	(void)state;
	assert_int_equal(parse_id_list("1,3 5-7", &list, &why), 0);
	assert_true(id_list_has(&list, 1));
	assert_false(id_list_has(&list, 2));
	assert_true(id_list_has(&list, 3));
	assert_false(id_list_has(&list, 4));
	assert_true(id_list_has(&list, 5));
	assert_true(id_list_has(&list, 7));
	assert_false(id_list_has(&list, 8));
	assert_int_equal(id_list_max(&list), 7);
	id_list_free(&list);
	assert_int_equal(parse_id_list("0", &list, &why), 0);
	assert_true(id_list_has(&list, 0));
	id_list_free(&list);
	assert_int_equal(parse_id_list("5-2", &list, &why), -EINVAL);
	assert_int_equal(parse_id_list("1,x", &list, &why), -EINVAL);
	assert_int_equal(parse_id_list(" , ", &list, &why), -EINVAL);
	assert_int_equal(parse_id_list("1--2", &list, &why), -EINVAL);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_number),
		cmocka_unit_test(test_addr_v4),
		cmocka_unit_test(test_addr_v6),
		cmocka_unit_test(test_mask),
		cmocka_unit_test(test_proto),
		cmocka_unit_test(test_op),
		cmocka_unit_test(test_iface_text_pattern),
		cmocka_unit_test(test_id_list),
	};

	return cmocka_run_group_tests_name("rule_parse", tests, NULL, NULL);
}
