// SPDX-License-Identifier: GPL-2.0
/*
 * Unit tests for finding tunnel interfaces: xfrm interfaces by if_id from
 * crafted RTM_NEWLINK messages (this test runs everywhere; whether the
 * kernel has xfrm interfaces, tests/e2e/70-tunnels.t says), and
 * ebfilt.conf's bindings winning over them.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>
#include <errno.h>
#include <linux/if_link.h>
#include <linux/rtnetlink.h>
#include <string.h>

#include "datapath/tunnels.h"

struct msg {
	char buf[512];
	size_t len;
};

/* Append attribute type with len bytes of data to m; returns where it starts. */
static struct rtattr *put(struct msg *m, unsigned short type, const void *data, size_t len)
{
	struct rtattr *rta = (struct rtattr *)(m->buf + m->len);

	rta->rta_type = type;
	rta->rta_len = (unsigned short)RTA_LENGTH(len);
	if (data)
		memcpy(RTA_DATA(rta), data, len);
	m->len += RTA_ALIGN(rta->rta_len);
	return rta;
}

static void close_nest(struct msg *m, struct rtattr *nest)
{
	nest->rta_len = (unsigned short)(m->buf + m->len - (char *)nest);
}

/* An RTM_NEWLINK for name of kind (NULL: none), with if_id when kind is xfrm. */
static struct nlmsghdr *link_msg(struct msg *m, const char *name, const char *kind, __u32 if_id)
{
	struct nlmsghdr *nh = (struct nlmsghdr *)m->buf;
	struct rtattr *info, *data;

	memset(m, 0, sizeof(*m));
	m->len = NLMSG_LENGTH(sizeof(struct ifinfomsg));
	nh->nlmsg_type = RTM_NEWLINK;
	put(m, IFLA_IFNAME, name, strlen(name) + 1);
	if (kind) {
		info = put(m, IFLA_LINKINFO, NULL, 0);
		put(m, IFLA_INFO_KIND, kind, strlen(kind) + 1);
		data = put(m, IFLA_INFO_DATA | NLA_F_NESTED, NULL, 0);
		put(m, IFLA_XFRM_IF_ID, &if_id, sizeof(if_id));
		close_nest(m, data);
		close_nest(m, info);
	}
	nh->nlmsg_len = (__u32)m->len;
	return nh;
}

static void test_xfrm_link(void **state)
{
	char name[IF_NAMESIZE];
	unsigned int id = 0;
	struct msg m;
	struct nlmsghdr *nh;

	(void)state;
	nh = link_msg(&m, "ipsec7", "xfrm", 7);
	assert_int_equal(tunnel_xfrm_link(nh, m.len, name, &id), 1);
	assert_string_equal(name, "ipsec7");
	assert_int_equal(id, 7);
	nh = link_msg(&m, "vx7", "vxlan", 7);
	assert_int_equal(tunnel_xfrm_link(nh, m.len, name, &id), 0);
	nh = link_msg(&m, "eth0", NULL, 0);
	assert_int_equal(tunnel_xfrm_link(nh, m.len, name, &id), 0);
	/* Cut short, or claiming more than it has: refused, never read past. */
	nh = link_msg(&m, "ipsec7", "xfrm", 7);
	assert_int_equal(tunnel_xfrm_link(nh, 8, name, &id), -EINVAL);
	nh->nlmsg_len = (__u32)m.len + 64;
	assert_int_equal(tunnel_xfrm_link(nh, m.len, name, &id), -EINVAL);
}

static void test_bindings(void **state)
{
	struct tunnel_map map = { .count = 1, .tunnels = { { 7, "vx7", false } } };
	const struct tunnel_binding *t;

	(void)state;
	assert_int_equal(tunnel_map_add_xfrm(&map, "ipsec7", 7), 0);	/* ID 7 is vx7's */
	assert_int_equal(tunnel_map_add_xfrm(&map, "vx7", 9), 0);	/* vx7 is tunnel 7 */
	assert_int_equal(tunnel_map_add_xfrm(&map, "ipsec0", 0), 0);	/* if_id 0: none */
	assert_int_equal(tunnel_map_add_xfrm(&map, "ipsec5", 5), 0);
	assert_int_equal(map.count, 2);
	t = tunnel_find(&map, 7);
	assert_non_null(t);
	assert_string_equal(t->name, "vx7");
	assert_false(t->xfrm);
	t = tunnel_find(&map, 5);
	assert_non_null(t);
	assert_string_equal(t->name, "ipsec5");
	assert_true(t->xfrm);
	assert_null(tunnel_find(&map, 9));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_xfrm_link),
		cmocka_unit_test(test_bindings),
	};

	return cmocka_run_group_tests_name("tunnels", tests, NULL, NULL);
}
