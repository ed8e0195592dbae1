// SPDX-License-Identifier: GPL-2.0
/*
 * Unit tests for user/ipsec: xfrm messages built here from the kernel's
 * structs, decoded as SAs, policies and events. A full SA keeps its
 * algorithms' names and no byte of their keys, in its struct, its text or
 * its JSON; an SA without algorithms is larval; each event kind has its
 * line and severity; and malformed messages are refused with -EINVAL.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>
#include <arpa/inet.h>
#include <errno.h>
#include <linux/xfrm.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <syslog.h>

#include "ipsec/xfrm.h"
#include "ipsec/xfrm_event.h"
#include "util/json.h"

struct msg {
	char buf[4096] __attribute__((aligned(8)));
	size_t len;
};

static struct nlmsghdr *nh(struct msg *m)
{
	return (struct nlmsghdr *)m->buf;
}

/* A message of type with fixed header hdr (hdrlen bytes). */
static void start(struct msg *m, uint16_t type, const void *hdr, size_t hdrlen)
{
	memset(m, 0, sizeof(*m));
	nh(m)->nlmsg_type = type;
	if (hdrlen)
		memcpy(NLMSG_DATA(nh(m)), hdr, hdrlen);
	m->len = NLMSG_SPACE(hdrlen);
	nh(m)->nlmsg_len = (uint32_t)m->len;
}

/* Append attribute type: a then b (either may be NULL). */
static void put2(struct msg *m, uint16_t type, const void *a, size_t alen, const void *b,
		 size_t blen)
{
	struct nlattr *nla = (struct nlattr *)(m->buf + m->len);

	nla->nla_type = type;
	nla->nla_len = (uint16_t)(NLA_HDRLEN + alen + blen);
	if (a)
		memcpy(m->buf + m->len + NLA_HDRLEN, a, alen);
	if (b)
		memcpy(m->buf + m->len + NLA_HDRLEN + alen, b, blen);
	m->len += NLA_ALIGN(nla->nla_len);
	nh(m)->nlmsg_len = (uint32_t)m->len;
}

static void put(struct msg *m, uint16_t type, const void *data, size_t len)
{
	put2(m, type, data, len, NULL, 0);
}

static void addr4(xfrm_address_t *a, const char *text)
{
	memset(a, 0, sizeof(*a));
	assert_int_equal(inet_pton(AF_INET, text, &a->a4), 1);
}

/* Key bytes no decoded struct or output may hold. */
static const char KEY_ENC[16] = "SECRETKEYENC0123";
static const char KEY_AUTH[32] = "SECRETKEYAUTH0123456789abcdefghi";

static struct xfrm_usersa_info sa_info(uint32_t spi, uint8_t proto)
{
	struct xfrm_usersa_info p;

	memset(&p, 0, sizeof(p));
	addr4(&p.saddr, "192.0.2.1");
	addr4(&p.id.daddr, "192.0.2.2");
	p.id.spi = htonl(spi);
	p.id.proto = proto;
	p.family = AF_INET;
	p.mode = XFRM_MODE_TUNNEL;
	p.reqid = 1;
	p.replay_window = 32;
	p.lft.soft_byte_limit = p.lft.hard_byte_limit = XFRM_INF;
	p.lft.soft_packet_limit = p.lft.hard_packet_limit = XFRM_INF;
	p.lft.hard_add_expires_seconds = 3600;
	p.lft.soft_add_expires_seconds = 3000;
	p.curlft.bytes = 3384;
	p.curlft.packets = 12;
	p.curlft.add_time = 1700000000;
	p.stats.integrity_failed = 2;
	addr4(&p.sel.saddr, "192.0.2.1");
	addr4(&p.sel.daddr, "192.0.2.2");
	p.sel.family = AF_INET;
	p.sel.prefixlen_s = p.sel.prefixlen_d = 32;
	return p;
}

/* A full ESP SA as a dump or an event gives it: algorithms with keys, if_id 7. */
static void full_sa_msg(struct msg *m, uint16_t type)
{
	struct xfrm_usersa_info p = sa_info(0x1000, IPPROTO_ESP);
	struct xfrm_algo enc = { .alg_name = "cbc(aes)", .alg_key_len = 128 };
	struct xfrm_algo auth = { .alg_name = "hmac(sha256)", .alg_key_len = 256 };
	struct xfrm_algo_auth trunc = { .alg_name = "hmac(sha256)", .alg_key_len = 256,
					.alg_trunc_len = 128 };
	struct xfrm_usersa_id id;
	uint32_t if_id = 7;
	struct xfrm_mark mark = { .v = 5, .m = 0xff };

	if (type == XFRM_MSG_DELSA) {
		memset(&id, 0, sizeof(id));
		id.daddr = p.id.daddr;
		id.spi = p.id.spi;
		id.family = AF_INET;
		id.proto = IPPROTO_ESP;
		start(m, type, &id, sizeof(id));
		put(m, XFRMA_SA, &p, sizeof(p));
	} else {
		start(m, type, &p, sizeof(p));
	}
	put2(m, XFRMA_ALG_CRYPT, &enc, sizeof(enc), KEY_ENC, sizeof(KEY_ENC));
	put2(m, XFRMA_ALG_AUTH, &auth, sizeof(auth), KEY_AUTH, sizeof(KEY_AUTH));
	put2(m, XFRMA_ALG_AUTH_TRUNC, &trunc, sizeof(trunc), KEY_AUTH, sizeof(KEY_AUTH));
	put(m, XFRMA_IF_ID, &if_id, sizeof(if_id));
	put(m, XFRMA_MARK, &mark, sizeof(mark));
}

static bool holds(const void *hay, size_t len, const char *needle, size_t nlen)
{
	return memmem(hay, len, needle, nlen) != NULL;
}

/* What a formatter writes, as a string the caller frees. */
static char *text_of(const struct xfrm_sa *sa, const struct xfrm_pol *pol, bool json)
{
	struct json_out j;
	char *out = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&out, &len);

	assert_non_null(f);
	if (json) {
		json_begin(&j, f);
		if (sa)
			xfrm_print_sa_json(&j, NULL, sa);
		else
			xfrm_print_pol_json(&j, NULL, pol);
		json_end(&j);
	} else if (sa) {
		xfrm_print_sa_text(f, sa);
	} else {
		xfrm_print_pol_text(f, pol);
	}
	fclose(f);
	return out;
}

static void test_full_sa(void **state)
{
	struct xfrm_sa sa;
	struct msg m;
	char *text, *json;

	(void)state;
	full_sa_msg(&m, XFRM_MSG_NEWSA);
	assert_int_equal(xfrm_decode_sa(nh(&m), m.len, &sa), 0);
	assert_int_equal(sa.spi, 0x1000);
	assert_int_equal(sa.proto, IPPROTO_ESP);
	assert_int_equal(sa.mode, XFRM_MODE_TUNNEL);
	assert_int_equal(sa.family, AF_INET);
	assert_int_equal(sa.reqid, 1);
	assert_int_equal(sa.if_id, 7);
	assert_int_equal(sa.mark, 5);
	assert_int_equal(sa.mark_mask, 0xff);
	assert_int_equal(sa.replay_window, 32);
	assert_false(sa.larval);
	assert_string_equal(sa.crypt.name, "cbc(aes)");
	assert_int_equal(sa.crypt.key_bits, 128);
	assert_string_equal(sa.auth.name, "hmac(sha256)");
	assert_int_equal(sa.auth.icv_bits, 128);	/* AUTH_TRUNC's, over AUTH's */
	assert_string_equal(sa.aead.name, "");
	assert_true(sa.lft.hard_bytes == XFRM_NO_LIMIT);
	assert_int_equal(sa.lft.hard_add_s, 3600);
	assert_int_equal(sa.cur.bytes, 3384);
	assert_int_equal(sa.stats.integrity_failed, 2);
	/* No key byte, anywhere: struct, text, JSON. */
	assert_false(holds(&sa, sizeof(sa), "SECRET", 6));
	assert_false(holds(&sa, sizeof(sa), KEY_ENC + 6, 4));
	text = text_of(&sa, NULL, false);
	json = text_of(&sa, NULL, true);
	assert_null(strstr(text, "SECRET"));
	assert_null(strstr(json, "SECRET"));
	assert_non_null(strstr(text, "SPI (hex): 00001000 State: mature\n"));
	assert_non_null(strstr(text, "Src IP Addr: 192.0.2.1 Dst IP Addr: 192.0.2.2\n"));
	assert_non_null(strstr(text, "Reqid: 1 Tunnel ID (if_id): 7 "));
	assert_non_null(strstr(text, "Encryption: cbc(aes), 128-bit key\n"));
	assert_non_null(strstr(text, "Authentication: hmac(sha256), 256-bit key, 128-bit ICV\n"));
	assert_non_null(strstr(json, "\"spi\":4096,\"spi_hex\":\"0x00001000\",\"proto\":\"esp\""));
	assert_non_null(strstr(json, "\"crypt\":{\"name\":\"cbc(aes)\",\"key_bits\":128"));
	assert_non_null(strstr(json, "\"if_id\":7"));
	assert_non_null(strstr(json, "\"lifetime_hard\":{\"bytes\":null,"));
	free(text);
	free(json);

	/* The deleted SA's event holds it in XFRMA_SA. */
	full_sa_msg(&m, XFRM_MSG_DELSA);
	assert_int_equal(xfrm_decode_sa(nh(&m), m.len, &sa), 0);
	assert_int_equal(sa.spi, 0x1000);
	assert_string_equal(sa.crypt.name, "cbc(aes)");
}

static void test_larval_sa(void **state)
{
	struct xfrm_usersa_info p = sa_info(0x2000, IPPROTO_ESP);
	struct xfrm_user_expire ue;
	struct xfrm_sa sa;
	struct msg m;
	char *text, *json;

	(void)state;
	p.sel.family = 0;	/* as allocspi leaves it */
	start(&m, XFRM_MSG_NEWSA, &p, sizeof(p));
	assert_int_equal(xfrm_decode_sa(nh(&m), m.len, &sa), 0);
	assert_true(sa.larval);
	assert_int_equal(sa.sel.family, AF_INET);
	text = text_of(&sa, NULL, false);
	json = text_of(&sa, NULL, true);
	assert_non_null(strstr(text, "SPI (hex): 00002000 State: larval\n"));
	assert_non_null(strstr(text, "Selector: 192.0.2.1/32 -> 192.0.2.2/32 proto any\n"));
	assert_non_null(strstr(json, "\"state\":\"larval\""));
	assert_null(strstr(json, "\"crypt\""));
	free(text);
	free(json);
	/* A protocol that needs no algorithm is not larval without one. */
	p = sa_info(0, IPPROTO_ROUTING);
	start(&m, XFRM_MSG_NEWSA, &p, sizeof(p));
	assert_int_equal(xfrm_decode_sa(nh(&m), m.len, &sa), 0);
	assert_false(sa.larval);
	/* An expire carries no algorithms whatever the SA had: it does not say. */
	memset(&ue, 0, sizeof(ue));
	ue.state = sa_info(0x2000, IPPROTO_ESP);
	ue.hard = 1;
	start(&m, XFRM_MSG_EXPIRE, &ue, sizeof(ue));
	assert_int_equal(xfrm_decode_sa(nh(&m), m.len, &sa), 0);
	assert_false(sa.larval);
	assert_int_equal(sa.spi, 0x2000);
}

static struct xfrm_userpolicy_info pol_info(void)
{
	struct xfrm_userpolicy_info p;

	memset(&p, 0, sizeof(p));
	addr4(&p.sel.saddr, "198.51.100.0");
	addr4(&p.sel.daddr, "203.0.113.0");
	p.sel.family = AF_INET;
	p.sel.prefixlen_s = p.sel.prefixlen_d = 24;
	p.sel.proto = IPPROTO_TCP;
	p.sel.dport = htons(80);
	p.sel.dport_mask = 0xffff;
	p.dir = XFRM_POLICY_OUT;
	p.action = XFRM_POLICY_ALLOW;
	p.priority = 10;
	p.index = 9;
	p.lft.soft_byte_limit = p.lft.hard_byte_limit = XFRM_INF;
	p.lft.soft_packet_limit = p.lft.hard_packet_limit = XFRM_INF;
	return p;
}

static void pol_msg(struct msg *m, uint16_t type, size_t ntmpl)
{
	struct xfrm_userpolicy_info p = pol_info();
	struct xfrm_user_tmpl t[2];
	struct xfrm_userpolicy_id id;
	struct xfrm_userpolicy_type ptype = { .type = XFRM_POLICY_TYPE_MAIN };
	uint32_t if_id = 7;

	memset(t, 0, sizeof(t));
	addr4(&t[0].saddr, "192.0.2.1");
	addr4(&t[0].id.daddr, "192.0.2.2");
	t[0].id.proto = IPPROTO_ESP;
	t[0].family = AF_INET;
	t[0].reqid = 1;
	t[0].mode = XFRM_MODE_TUNNEL;
	t[1].id.proto = IPPROTO_AH;
	t[1].family = AF_INET;
	t[1].reqid = 2;
	t[1].optional = 1;
	if (type == XFRM_MSG_DELPOLICY) {
		memset(&id, 0, sizeof(id));
		id.sel = p.sel;
		id.dir = p.dir;
		id.index = p.index;
		start(m, type, &id, sizeof(id));
		put(m, XFRMA_POLICY, &p, sizeof(p));
	} else {
		start(m, type, &p, sizeof(p));
	}
	if (ntmpl)
		put(m, XFRMA_TMPL, t, ntmpl * sizeof(t[0]));
	put(m, XFRMA_POLICY_TYPE, &ptype, sizeof(ptype));
	put(m, XFRMA_IF_ID, &if_id, sizeof(if_id));
}

static void test_policy(void **state)
{
	struct xfrm_pol pol;
	struct msg m;
	char *text, *json;

	(void)state;
	pol_msg(&m, XFRM_MSG_NEWPOLICY, 2);
	assert_int_equal(xfrm_decode_pol(nh(&m), m.len, &pol), 0);
	assert_int_equal(pol.dir, XFRM_POLICY_OUT);
	assert_int_equal(pol.priority, 10);
	assert_int_equal(pol.index, 9);
	assert_int_equal(pol.if_id, 7);
	assert_int_equal(pol.sel.dport, 80);
	assert_int_equal(pol.ntmpl, 2);
	assert_int_equal(pol.tmpl[0].reqid, 1);
	assert_int_equal(pol.tmpl[0].mode, XFRM_MODE_TUNNEL);
	assert_true(pol.tmpl[1].optional);
	text = text_of(NULL, &pol, false);
	json = text_of(NULL, &pol, true);
	assert_non_null(strstr(text, "Index: 9 Direction: out Action: allow\n"));
	assert_non_null(strstr(text, "Selector: 198.51.100.0/24 -> 203.0.113.0/24 proto tcp dport 80\n"));
	assert_non_null(strstr(text, "-- Template 1 --\nSA Type: esp Mode: tunnel Reqid: 1\n"));
	assert_non_null(strstr(text, "SA Type: ah Mode: transport Reqid: 2 (optional)\n"));
	assert_non_null(strstr(json, "\"src\":\"198.51.100.0/24\",\"dst\":\"203.0.113.0/24\",\"proto\":6,"
				      "\"sport\":null,\"dport\":80"));
	assert_non_null(strstr(json, "\"templates\":[{\"proto\":\"esp\",\"mode\":\"tunnel\""));
	free(text);
	free(json);
	pol_msg(&m, XFRM_MSG_DELPOLICY, 1);
	assert_int_equal(xfrm_decode_pol(nh(&m), m.len, &pol), 0);
	assert_int_equal(pol.index, 9);
	assert_int_equal(pol.ntmpl, 1);
}

/* Decode m as an event: its kind, severity and line. */
static void event_is(struct msg *m, enum xfrm_event_kind kind, int severity, const char *line)
{
	struct xfrm_event ev;
	char text[XFRM_EVENT_TEXT_MAX];

	assert_int_equal(xfrm_event_decode(nh(m), m->len, &ev), 1);
	assert_int_equal(ev.kind, kind);
	assert_int_equal(ev.severity, severity);
	assert_true(xfrm_event_text(&ev, text, sizeof(text)) > 0);
	assert_string_equal(text, line);
}

static void test_events(void **state)
{
	struct xfrm_usersa_info p = sa_info(0x1000, IPPROTO_ESP);
	struct xfrm_user_polexpire pe = { .pol = pol_info(), .hard = 1 };
	struct xfrm_user_expire ue = { .state = p };
	struct xfrm_usersa_flush flush = { .proto = IPPROTO_ESP };
	struct xfrm_user_acquire ua;
	struct xfrm_user_tmpl t;
	struct xfrm_event ev;
	uint32_t if_id = 7;
	struct msg m;

	(void)state;
	full_sa_msg(&m, XFRM_MSG_NEWSA);
	event_is(&m, XFRM_EV_SA_ADDED, LOG_NOTICE,
		 "SA established: esp spi 0x00001000 192.0.2.1 -> 192.0.2.2 mode tunnel reqid 1 tunnel 7");
	full_sa_msg(&m, XFRM_MSG_UPDSA);
	event_is(&m, XFRM_EV_SA_UPDATED, LOG_NOTICE,
		 "SA updated: esp spi 0x00001000 192.0.2.1 -> 192.0.2.2 mode tunnel reqid 1 tunnel 7");
	full_sa_msg(&m, XFRM_MSG_DELSA);
	event_is(&m, XFRM_EV_SA_DELETED, LOG_NOTICE,
		 "SA deleted: esp spi 0x00001000 192.0.2.1 -> 192.0.2.2 mode tunnel reqid 1 tunnel 7");
	start(&m, XFRM_MSG_NEWSA, &p, sizeof(p));
	event_is(&m, XFRM_EV_SA_ADDED, LOG_NOTICE,
		 "SA allocated (larval): esp spi 0x00001000 192.0.2.1 -> 192.0.2.2 mode tunnel reqid 1");
	start(&m, XFRM_MSG_EXPIRE, &ue, sizeof(ue));
	put(&m, XFRMA_IF_ID, &if_id, sizeof(if_id));
	event_is(&m, XFRM_EV_SA_EXPIRED_SOFT, LOG_INFO,
		 "SA soft lifetime expired: esp spi 0x00001000 192.0.2.1 -> 192.0.2.2 mode tunnel reqid 1 tunnel 7");
	ue.hard = 1;
	start(&m, XFRM_MSG_EXPIRE, &ue, sizeof(ue));
	event_is(&m, XFRM_EV_SA_EXPIRED_HARD, LOG_WARNING,
		 "SA hard lifetime expired: esp spi 0x00001000 192.0.2.1 -> 192.0.2.2 mode tunnel reqid 1");
	start(&m, XFRM_MSG_FLUSHSA, &flush, sizeof(flush));
	event_is(&m, XFRM_EV_SA_FLUSHED, LOG_NOTICE, "SAs flushed: esp");

	pol_msg(&m, XFRM_MSG_NEWPOLICY, 1);
	event_is(&m, XFRM_EV_POL_ADDED, LOG_INFO,
		 "policy added: out 198.51.100.0/24 -> 203.0.113.0/24 proto tcp dport 80 allow index 9"
		 " priority 10 via esp 192.0.2.1 -> 192.0.2.2 mode tunnel reqid 1 tunnel 7");
	pol_msg(&m, XFRM_MSG_UPDPOLICY, 0);
	event_is(&m, XFRM_EV_POL_UPDATED, LOG_INFO,
		 "policy updated: out 198.51.100.0/24 -> 203.0.113.0/24 proto tcp dport 80 allow index 9"
		 " priority 10 tunnel 7");
	pol_msg(&m, XFRM_MSG_DELPOLICY, 0);
	event_is(&m, XFRM_EV_POL_DELETED, LOG_INFO,
		 "policy deleted: out 198.51.100.0/24 -> 203.0.113.0/24 proto tcp dport 80 allow index 9"
		 " priority 10 tunnel 7");
	start(&m, XFRM_MSG_POLEXPIRE, &pe, sizeof(pe));
	event_is(&m, XFRM_EV_POL_EXPIRED_HARD, LOG_WARNING,
		 "policy hard lifetime expired: out 198.51.100.0/24 -> 203.0.113.0/24 proto tcp dport 80"
		 " allow index 9 priority 10");
	pe.hard = 0;
	start(&m, XFRM_MSG_POLEXPIRE, &pe, sizeof(pe));
	assert_int_equal(xfrm_event_decode(nh(&m), m.len, &ev), 1);
	assert_int_equal(ev.kind, XFRM_EV_POL_EXPIRED_SOFT);
	start(&m, XFRM_MSG_FLUSHPOLICY, NULL, 0);
	event_is(&m, XFRM_EV_POL_FLUSHED, LOG_NOTICE, "policies flushed");

	memset(&ua, 0, sizeof(ua));
	memset(&t, 0, sizeof(t));
	ua.id.proto = IPPROTO_ESP;
	addr4(&ua.id.daddr, "192.0.2.9");
	addr4(&ua.saddr, "192.0.2.1");
	ua.sel = pol_info().sel;
	ua.policy = pol_info();
	t.id.proto = IPPROTO_ESP;
	t.family = AF_INET;
	t.reqid = 4;
	t.mode = XFRM_MODE_TUNNEL;
	start(&m, XFRM_MSG_ACQUIRE, &ua, sizeof(ua));
	put(&m, XFRMA_TMPL, &t, sizeof(t));
	put(&m, XFRMA_IF_ID, &if_id, sizeof(if_id));
	event_is(&m, XFRM_EV_ACQUIRE, LOG_INFO,
		 "SA acquire: esp 192.0.2.1 -> 192.0.2.9 mode tunnel reqid 4 tunnel 7 for"
		 " 198.51.100.0/24 -> 203.0.113.0/24 proto tcp dport 80");

	/* Another group's message is no event; the lost report has its count. */
	start(&m, XFRM_MSG_NEWAE, &p, 64);
	assert_int_equal(xfrm_event_decode(nh(&m), m.len, &ev), 0);
	memset(&ev, 0, sizeof(ev));
	ev.kind = XFRM_EV_LOST;
	ev.lost = 3;
	ev.severity = xfrm_event_severity(XFRM_EV_LOST);
	assert_int_equal(ev.severity, LOG_WARNING);
	{
		char text[XFRM_EVENT_TEXT_MAX], small[16];

		assert_int_equal(xfrm_event_text(&ev, text, sizeof(text)), 14);
		assert_string_equal(text, "events lost: 3");
		full_sa_msg(&m, XFRM_MSG_NEWSA);
		assert_int_equal(xfrm_event_decode(nh(&m), m.len, &ev), 1);
		assert_int_equal(xfrm_event_text(&ev, small, sizeof(small)), -ENOSPC);
		assert_int_equal(strlen(small), sizeof(small) - 1);
	}
}

/* m must be refused by every decoder that takes its type. */
static void refused(struct msg *m, size_t len)
{
	struct xfrm_event ev;
	struct xfrm_sa sa;
	struct xfrm_pol pol;
	char *copy = malloc(len ? len : 1);

	/* An exact copy: a read past len is past the allocation (the fuzzer's ASan sees it). */
	memcpy(copy, m->buf, len);
	assert_int_equal(xfrm_event_decode((struct nlmsghdr *)copy, len, &ev), -EINVAL);
	if (nh(m)->nlmsg_type < XFRM_MSG_NEWPOLICY || nh(m)->nlmsg_type == XFRM_MSG_EXPIRE)
		assert_int_equal(xfrm_decode_sa((struct nlmsghdr *)copy, len, &sa), -EINVAL);
	else if (nh(m)->nlmsg_type != XFRM_MSG_ACQUIRE)
		assert_int_equal(xfrm_decode_pol((struct nlmsghdr *)copy, len, &pol), -EINVAL);
	free(copy);
}

static void test_hostile(void **state)
{
	struct xfrm_usersa_info p = sa_info(0x1000, IPPROTO_ESP);
	struct xfrm_algo enc = { .alg_name = "cbc(aes)", .alg_key_len = 128 };
	struct xfrm_user_tmpl t[1];
	struct xfrm_usersa_id id;
	struct xfrm_sa sa;
	struct nlattr *nla;
	struct msg m;

	(void)state;
	full_sa_msg(&m, XFRM_MSG_NEWSA);
	refused(&m, 8);				/* shorter than a netlink header */
	refused(&m, NLMSG_LENGTH(sizeof(p)) - 1);	/* nlmsg_len past what there is */
	nh(&m)->nlmsg_len = NLMSG_LENGTH(sizeof(p)) - 4;	/* too short for its header */
	refused(&m, m.len);
	/* An attribute's length: too small, or past the message's end. */
	full_sa_msg(&m, XFRM_MSG_NEWSA);
	nla = (struct nlattr *)(m.buf + NLMSG_SPACE(sizeof(p)));
	nla->nla_len = 2;
	refused(&m, m.len);
	nla->nla_len = (uint16_t)(m.len - NLMSG_SPACE(sizeof(p)) + 4);
	refused(&m, m.len);
	/* A stray 2 bytes after the attributes, too short for another. */
	full_sa_msg(&m, XFRM_MSG_NEWSA);
	nh(&m)->nlmsg_len += 2;
	refused(&m, m.len + 2);
	/* An algorithm too short for its struct; a key longer than the attribute. */
	start(&m, XFRM_MSG_NEWSA, &p, sizeof(p));
	put(&m, XFRMA_ALG_CRYPT, &enc, 10);
	refused(&m, m.len);
	start(&m, XFRM_MSG_NEWSA, &p, sizeof(p));
	put2(&m, XFRMA_ALG_CRYPT, &enc, sizeof(enc), KEY_ENC, 8);	/* 128 bits claimed */
	refused(&m, m.len);
	enc.alg_key_len = 0xffffffff;
	start(&m, XFRM_MSG_NEWSA, &p, sizeof(p));
	put2(&m, XFRMA_ALG_CRYPT, &enc, sizeof(enc), KEY_ENC, 16);
	refused(&m, m.len);
	/* A name without its NUL is cut at 64 bytes, not read on. */
	memset(enc.alg_name, 'A', sizeof(enc.alg_name));
	enc.alg_key_len = 0;
	start(&m, XFRM_MSG_NEWSA, &p, sizeof(p));
	put(&m, XFRMA_ALG_CRYPT, &enc, sizeof(enc));
	assert_int_equal(xfrm_decode_sa(nh(&m), m.len, &sa), 0);
	assert_int_equal(strlen(sa.crypt.name), XFRM_ALG_NAME_MAX);
	/* A deleted SA without its XFRMA_SA, or with one too short. */
	memset(&id, 0, sizeof(id));
	start(&m, XFRM_MSG_DELSA, &id, sizeof(id));
	refused(&m, m.len);
	put(&m, XFRMA_SA, &p, sizeof(p) - 8);
	refused(&m, m.len);
	/* Templates: not a whole number of them; more than the kernel allows. */
	memset(t, 0, sizeof(t));
	pol_msg(&m, XFRM_MSG_NEWPOLICY, 0);
	put(&m, XFRMA_TMPL, t, sizeof(t) - 4);
	refused(&m, m.len);
	{
		struct xfrm_user_tmpl many[XFRM_TMPL_MAX + 1];

		memset(many, 0, sizeof(many));
		pol_msg(&m, XFRM_MSG_NEWPOLICY, 0);
		put(&m, XFRMA_TMPL, many, sizeof(many));
		refused(&m, m.len);
	}
	/* The other kinds cut short. */
	pol_msg(&m, XFRM_MSG_DELPOLICY, 0);
	refused(&m, NLMSG_LENGTH(sizeof(struct xfrm_userpolicy_id)) - 1);
	start(&m, XFRM_MSG_ACQUIRE, &p, 32);
	refused(&m, m.len);
	start(&m, XFRM_MSG_FLUSHSA, NULL, 0);
	nh(&m)->nlmsg_len = NLMSG_HDRLEN;
	refused(&m, NLMSG_HDRLEN);
	/* A decoder given the other's type. */
	pol_msg(&m, XFRM_MSG_NEWPOLICY, 0);
	assert_int_equal(xfrm_decode_sa(nh(&m), m.len, &sa), -EINVAL);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_full_sa),
		cmocka_unit_test(test_larval_sa),
		cmocka_unit_test(test_policy),
		cmocka_unit_test(test_events),
		cmocka_unit_test(test_hostile),
	};

	return cmocka_run_group_tests_name("xfrm", tests, NULL, NULL);
}
