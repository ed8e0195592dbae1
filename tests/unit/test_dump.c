// SPDX-License-Identifier: GPL-2.0
/*
 * Unit tests for ipsec_log dump's formats, on crafted records whose
 * captured bytes are real IPv4 and IPv6 headers: each format's exact
 * text, ipmon's repeats and TCP flags, JSON read back, the pcap file read
 * back with libpcap (and by tcpdump when it is installed).
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <pcap/pcap.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "logging/dump.h"
#include "logging/events.h"
#include "logging/format.h"
#include "rules/parse.h"

#define WHEN 872669320	/* 1997-08-27 08:08:40 UTC */

struct rec {
	struct ebfilt_log_record r;
	struct log_view v;
};

static void put16(uint8_t *p, unsigned int v)
{
	p[0] = (uint8_t)(v >> 8);
	p[1] = (uint8_t)v;
}

static void rec_init(struct rec *x, uint8_t version, const char *ifname, long usec)
{
	memset(x, 0, sizeof(*x));
	x->r.hdr.type = EBFILT_REC_PACKET;
	x->r.hdr.version = EBFILT_REC_PACKET_VERSION;
	x->r.version = version;
	x->r.action = EBFILT_PERMIT;
	x->r.local = 1;
	x->r.ifindex = 2;
	x->v.hdr = &x->r.hdr;
	x->v.pkt = &x->r;
	x->v.ifname = ifname;
	x->v.when.tv_sec = WHEN + usec / 1000000;
	x->v.when.tv_nsec = usec % 1000000 * 1000;
}

static void rec_cap(struct rec *x, unsigned int cap_len)
{
	x->r.cap_len = (uint16_t)cap_len;
	x->r.hdr.len = (uint16_t)ebfilt_log_record_len(cap_len);
}

/* An IPv4 header of ip_len bytes (no options) at the start of the capture. */
static void ipv4(struct rec *x, uint8_t proto, const char *src, const char *dst, unsigned int len)
{
	uint8_t *h = x->r.headers;
	const char *why;

	h[0] = 0x45;
	put16(h + 2, len);
	put16(h + 4, 0x1234);
	h[8] = 64;
	h[9] = proto;
	assert_int_equal(parse_addr(4, src, x->r.saddr, &why), 0);
	assert_int_equal(parse_addr(4, dst, x->r.daddr, &why), 0);
	memcpy(h + 12, x->r.saddr, 4);
	memcpy(h + 16, x->r.daddr, 4);
	x->r.proto = proto;
	x->r.ip_len = (uint16_t)len;
	x->r.flags = EBFILT_LOG_ADDRS | EBFILT_LOG_PROTO;
	rec_cap(x, 20);
}

/* An IPv6 header; next is its Next Header, proto the transport's. */
static void ipv6(struct rec *x, uint8_t next, uint8_t proto, const char *src, const char *dst,
		 unsigned int len)
{
	uint8_t *h = x->r.headers;
	const char *why;

	h[0] = 0x60;
	put16(h + 4, len - 40);
	h[6] = next;
	h[7] = 64;
	assert_int_equal(parse_addr(6, src, x->r.saddr, &why), 0);
	assert_int_equal(parse_addr(6, dst, x->r.daddr, &why), 0);
	memcpy(h + 8, x->r.saddr, 16);
	memcpy(h + 24, x->r.daddr, 16);
	x->r.proto = proto;
	x->r.ip_len = (uint16_t)len;
	x->r.flags = EBFILT_LOG_ADDRS | EBFILT_LOG_PROTO;
	rec_cap(x, 40);
}

static void tcp(struct rec *x, unsigned int off, uint16_t sport, uint16_t dport, uint8_t flags)
{
	uint8_t *h = x->r.headers + off;

	put16(h, sport);
	put16(h + 2, dport);
	h[12] = 0x50;
	h[13] = flags;
	x->r.sport = sport;
	x->r.dport = dport;
	x->r.flags |= EBFILT_LOG_PORTS | (flags & 0x10 ? EBFILT_LOG_TCP_ACK : 0);
	x->r.payload_off = (uint16_t)(off + 20);
	rec_cap(x, off + 20);
}

static void udp(struct rec *x, unsigned int off, uint16_t sport, uint16_t dport)
{
	uint8_t *h = x->r.headers + off;

	put16(h, sport);
	put16(h + 2, dport);
	put16(h + 4, x->r.ip_len - off);
	x->r.sport = sport;
	x->r.dport = dport;
	x->r.flags |= EBFILT_LOG_PORTS;
	x->r.payload_off = (uint16_t)(off + 8);
	rec_cap(x, off + 8);
}

static void icmp(struct rec *x, unsigned int off, uint8_t type, uint8_t code)
{
	x->r.headers[off] = type;
	x->r.headers[off + 1] = code;
	x->r.sport = type;
	x->r.dport = code;
	x->r.flags |= EBFILT_LOG_PORTS;
	x->r.payload_off = (uint16_t)(off + 8);
	rec_cap(x, off + 8);
}

/* 192.0.2.1,53 -> 192.0.2.9,3327 udp, out on eth0, permitted by rule 6. */
static void rec_udp4(struct rec *x, long usec)
{
	rec_init(x, 4, "eth0", usec);
	ipv4(x, IPPROTO_UDP, "192.0.2.1", "192.0.2.9", 36);
	udp(x, 20, 53, 3327);
	x->r.rule_id = 6;
}

/* A SYN-ACK 10.0.0.15,4649 -> 10.0.0.1,23, in on eth0, permitted by rule 6. */
static void rec_tcp4(struct rec *x, long usec)
{
	rec_init(x, 4, "eth0", usec);
	ipv4(x, IPPROTO_TCP, "10.0.0.15", "10.0.0.1", 40);
	tcp(x, 20, 4649, 23, 0x12);
	x->r.rule_id = 6;
	x->r.inbound = 1;
}

/* A SYN behind a hop-by-hop header, in on eth1, denied by rule 3. */
static void rec_tcp6(struct rec *x, long usec)
{
	rec_init(x, 6, "eth1", usec);
	x->r.ifindex = 3;
	ipv6(x, IPPROTO_HOPOPTS, IPPROTO_TCP, "2001:db8::2", "2001:db8::1", 68);
	x->r.headers[40] = IPPROTO_TCP;	/* hop-by-hop: next header, 8 bytes */
	tcp(x, 48, 443, 5000, 0x02);
	x->r.rule_id = 3;
	x->r.action = EBFILT_DENY;
	x->r.inbound = 1;
}

/* An echo request 10.0.0.1 -> 10.0.0.2, out on eth0, denied by the default rule. */
static void rec_icmp4(struct rec *x, long usec)
{
	rec_init(x, 4, "eth0", usec);
	ipv4(x, IPPROTO_ICMP, "10.0.0.1", "10.0.0.2", 84);
	icmp(x, 20, 8, 0);
	x->r.action = EBFILT_DENY;
}

/* A TCP header cut after 4 bytes, dropped before the table. */
static void rec_short4(struct rec *x, long usec)
{
	rec_init(x, 4, "eth0", usec);
	ipv4(x, IPPROTO_TCP, "192.0.2.9", "192.0.2.1", 40);
	rec_cap(x, 24);
	x->r.flags |= EBFILT_LOG_SHORT;
	x->r.action = EBFILT_DENY;
	x->r.reason = EBFILT_REASON_UNSEEN;
	x->r.inbound = 1;
}

/* A UDP datagram logged with detail: "hello" after the headers. */
static void rec_detail4(struct rec *x, long usec)
{
	rec_udp4(x, usec);
	x->r.ip_len = 33;
	put16(x->r.headers + 2, 33);
	memcpy(x->r.headers + 28, "hello", 5);
	rec_cap(x, 33);
	x->r.detail = 1;
}

/* Write n records in format f; the text written, to free. */
static char *dump_all(enum dump_format f, bool hex, struct rec *const *x, size_t n)
{
	struct dump_options opts = { .hex = hex };
	struct dump_out *d;
	char *text = NULL;
	size_t size = 0, i;
	FILE *out = open_memstream(&text, &size);

	assert_non_null(out);
	assert_int_equal(dump_open(&d, f, out, &opts), 0);
	for (i = 0; i < n; i++)
		assert_int_equal(dump_record(d, &x[i]->v), 0);
	assert_int_equal(dump_close(d), 0);
	assert_int_equal(fclose(out), 0);
	return text;
}

/* An event in each format: the message, who raised it, its severity and component. */
static void test_events(void **state)
{
	static const char *const want[] = {
		[DUMP_AIX] = "host 192.0.2.2 shunned by rule 4 for 60 s\n",
		[DUMP_IPMON] = "27/08/1997 08:08:40.000007 ipsec_logd[42] shun.notice: "
			       "host 192.0.2.2 shunned by rule 4 for 60 s\n",
		[DUMP_JSON] = "{\"time\":\"1997-08-27T08:08:40.000007Z\",\"type\":\"event\","
			      "\"event\":\"shunned\",\"component\":\"shun\",\"severity\":\"notice\","
			      "\"rule\":4,\"program\":\"ipsec_logd\",\"pid\":42,\"message\":"
			      "\"host 192.0.2.2 shunned by rule 4 for 60 s\"}\n",
	};
	struct event_record ev;
	struct log_view v;
	struct dump_out *d;
	char *text;
	size_t size, f;
	FILE *out;

	(void)state;
	event_record_make(&ev, EV_SHUNNED, 4, "ipsec_logd", "host 192.0.2.2 shunned by rule 4 for 60 s");
	ev.pid = 42;
	ev.text[ev.text_len] = '\0';
	v = (struct log_view){ .hdr = &ev.hdr, .ev = &ev, .when = { WHEN, 7000 } };
	for (f = DUMP_AIX; f <= DUMP_PCAP; f++) {
		text = NULL;
		size = 0;
		out = open_memstream(&text, &size);
		assert_non_null(out);
		assert_int_equal(dump_open(&d, (enum dump_format)f, out, NULL), 0);
		assert_int_equal(dump_record(d, &v), 0);
		assert_int_equal(dump_close(d), 0);
		assert_int_equal(fclose(out), 0);
		if (f < sizeof(want) / sizeof(want[0]) && want[f])
			assert_string_equal(text, want[f]);
		else if (f == DUMP_WELF)
			assert_non_null(strstr(text, " pri=5 rule=4 ebfilt_component=shun "
						     "ebfilt_event=shunned msg=\"host 192.0.2.2 shunned by "
						     "rule 4 for 60 s\"\r\n"));
		free(text);
	}
}

static void test_format_names(void **state)
{
	static const char *const names[] = { "aix", "ipmon", "json", "welf", "pcap" };
	enum dump_format f;
	unsigned int i;

	(void)state;
	for (i = 0; i < 5; i++) {
		assert_int_equal(dump_format_by_name(names[i], &f), 0);
		assert_int_equal(f, i);
	}
	assert_int_equal(dump_format_by_name("AIX", &f), -EINVAL);
	assert_int_equal(dump_format_by_name("", &f), -EINVAL);
	assert_int_equal(dump_format_by_name("csv", &f), -EINVAL);
	assert_int_equal(dump_format_by_name(NULL, &f), -EINVAL);
}

static void test_open_refusals(void **state)
{
	struct dump_options hex = { .hex = true };
	struct dump_out *d = (struct dump_out *)1;
	FILE *out = tmpfile();
	struct rec x;
	int pt;

	(void)state;
	assert_non_null(out);
	assert_int_equal(dump_open(&d, DUMP_JSON, out, &hex), -EINVAL);
	assert_null(d);
	assert_int_equal(dump_open(&d, DUMP_PCAP, out, &hex), -EINVAL);
	assert_int_equal(dump_open(&d, (enum dump_format)7, out, NULL), -EINVAL);
	assert_int_equal(dump_open(&d, DUMP_AIX, NULL, NULL), -EINVAL);
	/* A capture longer than a record holds is refused, not read past. */
	rec_udp4(&x, 0);
	x.r.cap_len = EBFILT_LOG_CAPTURE_MAX + 1;
	assert_int_equal(dump_open(&d, DUMP_JSON, out, NULL), 0);
	assert_int_equal(dump_record(d, &x.v), -EINVAL);
	assert_int_equal(dump_close(d), 0);
	assert_int_equal(ftell(out), 0);
	fclose(out);

	/* Binary to a terminal: refused before anything is written. */
	pt = posix_openpt(O_RDWR | O_NOCTTY);
	if (pt < 0) {
		print_message("no pseudo-terminal (%s): pcap to a terminal not tested\n",
			      strerror(errno));
		return;
	}
	out = fdopen(pt, "w");
	assert_non_null(out);
	assert_int_equal(dump_open(&d, DUMP_PCAP, out, NULL), -ENOTTY);
	assert_null(d);
	fclose(out);
}

static void test_aix(void **state)
{
	struct log_iface iface = { "eth0", NULL };
	struct rec a, b;
	struct rec *both[] = { &a, &b };
	char line[512], *text;

	(void)state;
	rec_udp4(&a, 789);
	rec_icmp4(&b, 790);
	b.v.ifname = NULL;
	a.v.ifaddr = "192.0.2.9";	/* the interface's address when it was logged */
	text = dump_all(DUMP_AIX, false, both, 2);
	assert_string_equal(text,
			    "#:6 R:p  o:192.0.2.9 s:192.0.2.1 d:192.0.2.9 p:udp sp:53 dp:3327 r:l a:n "
			    "f:n T:0 e:n l:36\n"
			    "#:0 R:d  o:- s:10.0.0.1 d:10.0.0.2 p:icmp t:8 c:0 r:l a:n f:n T:0 e:n "
			    "l:84\n");
	/* The same text as ipsec_logd's line, in its default setting. */
	iface.addr = "192.0.2.9";
	log_format_aix(&a.r, &iface, false, line, sizeof(line));
	assert_memory_equal(text, line, strlen(line));
	free(text);

	/* -x: the 28 captured bytes, 16 a row. */
	text = dump_all(DUMP_AIX, true, both, 1);
	assert_string_equal(text,
			    "#:6 R:p  o:192.0.2.9 s:192.0.2.1 d:192.0.2.9 p:udp sp:53 dp:3327 r:l a:n "
			    "f:n T:0 e:n l:36\n"
			    "45 00 00 24 12 34 00 00 40 11 00 00 c0 00 02 01        E..$.4..@.......\n"
			    "c0 00 02 09 00 35 0c ff 00 10 00 00                    .....5......\n");
	free(text);
}

static void test_ipmon_lines(void **state)
{
	struct rec x[7];
	struct rec *all[] = { &x[0], &x[1], &x[2], &x[3], &x[4], &x[5], &x[6] };
	char *text;

	(void)state;
	rec_udp4(&x[0], 789);
	rec_tcp4(&x[1], 790);
	rec_tcp6(&x[2], 791);
	rec_icmp4(&x[3], 792);
	rec_short4(&x[4], 793);
	/* A later fragment of a UDP datagram: no ports, ipmon's (frag ...). */
	rec_init(&x[5], 4, "eth0", 1000794);
	ipv4(&x[5], IPPROTO_UDP, "192.0.2.1", "192.0.2.9", 100);
	put16(x[5].r.headers + 6, 0x2000 | 185);
	x[5].r.frag = EBFILT_FRAG_LATER;
	x[5].r.rule_id = 2;
	/* Too short for an IP header: no addresses, no protocol. */
	rec_init(&x[6], 4, "eth0", 1000795);
	x[6].r.flags = EBFILT_LOG_SHORT;
	x[6].r.action = EBFILT_DENY;
	x[6].r.reason = EBFILT_REASON_UNSEEN;
	x[6].r.inbound = 1;
	rec_cap(&x[6], 0);
	text = dump_all(DUMP_IPMON, false, all, 7);
	assert_string_equal(text,
		"27/08/1997 08:08:40.000789 eth0 @0:6 p 192.0.2.1,53 -> 192.0.2.9,3327 PR udp len 20 36 OUT\n"
		"27/08/1997 08:08:40.000790 eth0 @0:6 p 10.0.0.15,4649 -> 10.0.0.1,23 PR tcp len 20 40 -AS IN\n"
		"27/08/1997 08:08:40.000791 eth1 @0:3 b 2001:db8::2,443 -> 2001:db8::1,5000 PR tcp len 48 68 -S IN\n"
		"27/08/1997 08:08:40.000792 eth0 @0:0 n 10.0.0.1 -> 10.0.0.2 PR icmp len 20 84 icmp 8/0 OUT\n"
		"27/08/1997 08:08:40.000793 eth0 @0:0 Sn 192.0.2.9 -> 192.0.2.1 PR tcp len 20 40 IN\n"
		"27/08/1997 08:08:41.000794 eth0 @0:2 p 192.0.2.1 -> 192.0.2.9 PR udp len 20 (100) (frag 4660:80@1480+) OUT\n"
		"27/08/1997 08:08:41.000795 eth0 @0:0 Sn - -> - PR - len 20 (0) IN\n");
	free(text);
}

static void test_ipmon_repeats(void **state)
{
	struct rec a[3], b[2], c;
	struct rec *seq[] = { &a[0], &a[1], &a[2], &b[0], &c, &b[1] };
	struct rec *tail[] = { &a[0], &b[0], &b[1] };
	char *text;

	(void)state;
	rec_udp4(&a[0], 10);
	rec_udp4(&a[1], 20);
	rec_udp4(&a[2], 2000030);	/* two seconds later: the time is not compared */
	rec_tcp4(&b[0], 40);
	rec_tcp4(&b[1], 60);
	rec_tcp4(&c, 50);
	c.r.headers[33] = 0x10;		/* only ACK: another line */
	text = dump_all(DUMP_IPMON, false, seq, 6);
	assert_string_equal(text,
		"27/08/1997 08:08:40.000010 3x eth0 @0:6 p 192.0.2.1,53 -> 192.0.2.9,3327 PR udp len 20 36 OUT\n"
		"27/08/1997 08:08:40.000040 eth0 @0:6 p 10.0.0.15,4649 -> 10.0.0.1,23 PR tcp len 20 40 -AS IN\n"
		"27/08/1997 08:08:40.000050 eth0 @0:6 p 10.0.0.15,4649 -> 10.0.0.1,23 PR tcp len 20 40 -A IN\n"
		"27/08/1997 08:08:40.000060 eth0 @0:6 p 10.0.0.15,4649 -> 10.0.0.1,23 PR tcp len 20 40 -AS IN\n");
	free(text);

	/* The repeat still held at the end is written by dump_close(). */
	text = dump_all(DUMP_IPMON, false, tail, 3);
	assert_string_equal(text,
		"27/08/1997 08:08:40.000010 eth0 @0:6 p 192.0.2.1,53 -> 192.0.2.9,3327 PR udp len 20 36 OUT\n"
		"27/08/1997 08:08:40.000040 2x eth0 @0:6 p 10.0.0.15,4649 -> 10.0.0.1,23 PR tcp len 20 40 -AS IN\n");
	free(text);

	/* With -x, lines repeat only when their bytes do too. */
	b[1].r.headers[4] = 0x99;	/* another IP ID */
	text = dump_all(DUMP_IPMON, true, tail + 1, 2);
	assert_int_equal(strstr(text, "2x") == NULL, 1);
	assert_non_null(strstr(text, "\n45 00 00 28 99 34 00 00 40 06 00 00 0a 00 00 0f        "
				     "E..(.4..@.......\n"));
	free(text);
}

/* Where "key": is in a JSON line, and the value after it. */
static const char *json_value(const char *line, const char *key)
{
	char quoted[64];
	const char *at;

	snprintf(quoted, sizeof(quoted), "\"%s\":", key);
	at = strstr(line, quoted);
	return at ? at + strlen(quoted) : NULL;
}

/* A JSON string value decoded (\", \\, \uXXXX below 0x100 as UTF-8); false when malformed. */
static bool json_decode(const char *p, char *out, size_t size)
{
	size_t n = 0;

	if (*p++ != '"')
		return false;
	while (*p && *p != '"' && n + 3 < size) {
		unsigned int c;

		if (*p != '\\') {
			out[n++] = *p++;
			continue;
		}
		p++;
		if (*p == '"' || *p == '\\') {
			out[n++] = *p++;
		} else if (*p == 'u' && sscanf(p + 1, "%4x", &c) == 1 && c < 0x100) {
			if (c < 0x80) {
				out[n++] = (char)c;
			} else {
				out[n++] = (char)(0xc0 | c >> 6);
				out[n++] = (char)(0x80 | (c & 0x3f));
			}
			p += 5;
		} else {
			return false;
		}
	}
	out[n] = '\0';
	return *p == '"';
}

static void test_json(void **state)
{
	struct rec x[5];
	struct rec *all[] = { &x[0], &x[1], &x[2], &x[3], &x[4] };
	char *text, *line, name[64];

	(void)state;
	rec_udp4(&x[0], 789);
	rec_tcp4(&x[1], 790);
	rec_icmp4(&x[2], 791);
	rec_short4(&x[3], 792);
	x[3].v.ifname = NULL;
	rec_detail4(&x[4], 793);
	x[4].r.tunnel = 7;
	x[4].r.local = 0;
	text = dump_all(DUMP_JSON, false, all, 5);
	assert_string_equal(text,
		"{\"time\":\"1997-08-27T08:08:40.000789Z\",\"type\":\"packet\",\"rule\":6,\"action\":\"permit\","
		"\"direction\":\"out\",\"interface\":\"eth0\",\"ifindex\":2,\"version\":4,\"src\":\"192.0.2.1\","
		"\"dst\":\"192.0.2.9\",\"proto\":17,\"proto_name\":\"udp\",\"sport\":53,\"dport\":3327,"
		"\"ip_len\":36,\"cap_len\":28,\"frag\":\"none\",\"short\":false,\"local\":true,\"tunnel\":0,"
		"\"reason\":\"rule\",\"reason_code\":1,\"severity\":\"notice\",\"detail\":false}\n"
		"{\"time\":\"1997-08-27T08:08:40.000790Z\",\"type\":\"packet\",\"rule\":6,\"action\":\"permit\","
		"\"direction\":\"in\",\"interface\":\"eth0\",\"ifindex\":2,\"version\":4,\"src\":\"10.0.0.15\","
		"\"dst\":\"10.0.0.1\",\"proto\":6,\"proto_name\":\"tcp\",\"sport\":4649,\"dport\":23,"
		"\"tcp_flags\":\"AS\",\"ip_len\":40,\"cap_len\":40,\"frag\":\"none\",\"short\":false,"
		"\"local\":true,\"tunnel\":0,\"reason\":\"rule\",\"reason_code\":1,\"severity\":\"notice\","
		"\"detail\":false}\n"
		"{\"time\":\"1997-08-27T08:08:40.000791Z\",\"type\":\"packet\",\"rule\":0,\"action\":\"deny\","
		"\"direction\":\"out\",\"interface\":\"eth0\",\"ifindex\":2,\"version\":4,\"src\":\"10.0.0.1\","
		"\"dst\":\"10.0.0.2\",\"proto\":1,\"proto_name\":\"icmp\",\"icmp_type\":8,\"icmp_code\":0,"
		"\"ip_len\":84,\"cap_len\":28,\"frag\":\"none\",\"short\":false,\"local\":true,\"tunnel\":0,"
		"\"reason\":\"default\",\"reason_code\":2,\"severity\":\"warning\",\"detail\":false}\n"
		"{\"time\":\"1997-08-27T08:08:40.000792Z\",\"type\":\"packet\",\"rule\":0,\"action\":\"deny\","
		"\"direction\":\"in\",\"interface\":null,\"ifindex\":2,\"version\":4,\"src\":\"192.0.2.9\","
		"\"dst\":\"192.0.2.1\",\"proto\":6,\"proto_name\":\"tcp\",\"ip_len\":40,\"cap_len\":24,"
		"\"frag\":\"none\",\"short\":true,\"local\":true,\"tunnel\":0,\"reason\":\"unseen\","
		"\"reason_code\":4,\"severity\":\"err\",\"detail\":false}\n"
		"{\"time\":\"1997-08-27T08:08:40.000793Z\",\"type\":\"packet\",\"rule\":6,\"action\":\"permit\","
		"\"direction\":\"out\",\"interface\":\"eth0\",\"ifindex\":2,\"version\":4,\"src\":\"192.0.2.1\","
		"\"dst\":\"192.0.2.9\",\"proto\":17,\"proto_name\":\"udp\",\"sport\":53,\"dport\":3327,"
		"\"ip_len\":33,\"cap_len\":33,\"frag\":\"none\",\"short\":false,\"local\":false,\"tunnel\":7,"
		"\"reason\":\"rule\",\"reason_code\":1,\"severity\":\"notice\",\"detail\":true,"
		"\"payload_hex\":\"68656c6c6f\"}\n");

	/* Read back: every line an object, the fields where they should be. */
	line = strtok(text, "\n");
	assert_int_equal(strtoul(json_value(line, "rule"), NULL, 10), 6);
	assert_true(json_decode(json_value(line, "src"), name, sizeof(name)));
	assert_string_equal(name, "192.0.2.1");
	line = strtok(NULL, "\n");
	assert_true(json_decode(json_value(line, "tcp_flags"), name, sizeof(name)));
	assert_string_equal(name, "AS");
	line = strtok(NULL, "\n");
	assert_int_equal(strtoul(json_value(line, "icmp_type"), NULL, 10), 8);
	assert_null(json_value(line, "sport"));
	line = strtok(NULL, "\n");
	assert_memory_equal(json_value(line, "interface"), "null,", 5);
	assert_null(json_value(line, "tcp_flags"));	/* the flags were not captured */
	line = strtok(NULL, "\n");
	assert_true(json_decode(json_value(line, "payload_hex"), name, sizeof(name)));
	assert_string_equal(name, "68656c6c6f");
	assert_null(strtok(NULL, "\n"));
	free(text);
}

static void test_json_hostile_and_other_records(void **state)
{
	struct ebfilt_rec_hdr session = { .len = 16, .type = EBFILT_REC_SESSION, .version = 1 };
	struct ebfilt_rec_hdr future = { .len = 24, .type = (enum ebfilt_rec_type)9, .version = 2 };
	struct ebfilt_rec_hdr packet2 = { .len = 96, .type = EBFILT_REC_PACKET, .version = 2 };
	struct rec x, s, f, p;
	struct rec *all[] = { &x, &s, &f, &p };
	char *text, name[64], longname[260], expect[300];
	unsigned int i;

	(void)state;
	rec_tcp6(&x, 5);
	/* Quotes, controls, UTF-8 (kept), a cut sequence and a stray byte (escaped). */
	x.v.ifname = "ev\"il\\\n\x01\x1f \x7f\xc3\xa9\xe2\x82\xff";
	rec_init(&s, 4, NULL, 6);
	s.v.hdr = &session;
	s.v.pkt = NULL;
	rec_init(&f, 4, NULL, 7);
	f.v.hdr = &future;
	f.v.pkt = NULL;
	rec_init(&p, 4, "eth0", 8);	/* a packet record of a version not known */
	p.v.hdr = &packet2;
	p.v.pkt = NULL;
	text = dump_all(DUMP_JSON, false, all, 4);
	assert_non_null(strstr(text, "\"interface\":\"ev\\\"il\\\\\\u000a\\u0001\\u001f "
				     "\\u007f\xc3\xa9\\u00e2\\u0082\\u00ff\","));
	assert_true(json_decode(json_value(text, "interface"), name, sizeof(name)));
	assert_string_equal(name, "ev\"il\\\n\x01\x1f \x7f\xc3\xa9\xc3\xa2\xc2\x82\xc3\xbf");
	assert_non_null(strstr(text, ",\"version\":6,\"src\":\"2001:db8::2\",\"dst\":\"2001:db8::1\","
				     "\"proto\":6,\"proto_name\":\"tcp\",\"sport\":443,\"dport\":5000,"
				     "\"tcp_flags\":\"S\","));
	assert_non_null(strstr(text,
			       "}\n{\"time\":\"1997-08-27T08:08:40.000006Z\",\"type\":\"session\","
			       "\"record_version\":1,\"len\":16}\n"
			       "{\"time\":\"1997-08-27T08:08:40.000007Z\",\"type\":9,"
			       "\"record_version\":2,\"len\":24}\n"
			       "{\"time\":\"1997-08-27T08:08:40.000008Z\",\"type\":\"packet\","
			       "\"record_version\":2,\"len\":96}\n"));
	assert_int_equal(text[strlen(text) - 1], '\n');
	assert_null(strstr(text, "\"len\":96}\n{"));	/* the last line */
	free(text);

	/* A name is written up to 256 bytes: a UTF-8 sequence cut there is escaped. */
	memset(longname, 'a', 255);
	memcpy(longname + 255, "\xc3\xa9", 3);
	x.v.ifname = longname;
	text = dump_all(DUMP_JSON, false, all, 1);
	snprintf(expect, sizeof(expect), "\"interface\":\"%.255s\\u00c3\",", longname);
	assert_non_null(strstr(text, expect));
	free(text);

	/* Every other format writes nothing for them. */
	for (i = DUMP_AIX; i <= DUMP_WELF; i++) {
		if (i == DUMP_JSON)
			continue;
		text = dump_all((enum dump_format)i, false, all + 1, 3);
		assert_string_equal(text, "");
		free(text);
	}
}

static void test_welf(void **state)
{
	char host[256], expect[2048], *text;
	struct rec a, b, c;
	struct rec *all[] = { &a, &b, &c };

	(void)state;
	assert_int_equal(gethostname(host, sizeof(host)), 0);
	host[sizeof(host) - 1] = '\0';
	assert_null(strpbrk(host, " \"\\"));	/* written as it is */
	rec_udp4(&a, 0);
	rec_icmp4(&b, 0);
	rec_tcp4(&c, 0);
	c.v.ifname = "a b\"c";
	c.r.action = EBFILT_DENY;
	c.r.reason = EBFILT_REASON_SHUNNED;
	c.r.rule_id = 4;
	text = dump_all(DUMP_WELF, false, all, 3);
	snprintf(expect, sizeof(expect),
		 "id=firewall time=\"1997-08-27 08:08:40\" fw=%s pri=5 rule=6 proto=udp "
		 "src=192.0.2.1 srcport=53 dst=192.0.2.9 dstport=3327 sent=36 act=permit "
		 "msg=\"permit out on eth0 (rule)\"\r\n"
		 "id=firewall time=\"1997-08-27 08:08:40\" fw=%s pri=4 rule=0 proto=icmp "
		 "src=10.0.0.1 dst=10.0.0.2 sent=84 act=deny "
		 "msg=\"deny out on eth0 (default) icmp 8/0\"\r\n"
		 "id=firewall time=\"1997-08-27 08:08:40\" fw=%s pri=4 rule=4 proto=tcp "
		 "src=10.0.0.15 srcport=4649 dst=10.0.0.1 dstport=23 sent=40 act=deny "
		 "msg=\"deny in on a b\\x22c (shun)\"\r\n",
		 host, host, host);
	assert_string_equal(text, expect);
	free(text);
}

/* The next packet of p: its PFLOG header and IP bytes checked against x. */
static void expect_pflog(pcap_t *p, const struct rec *x, uint8_t af, uint8_t action, uint8_t dir,
			 const char *ruleset)
{
	struct pcap_pkthdr *ph;
	const u_char *b;
	uint32_t rulenr, sub;

	assert_int_equal(pcap_next_ex(p, &ph, &b), 1);
	assert_int_equal(ph->ts.tv_sec, x->v.when.tv_sec);
	assert_int_equal(ph->ts.tv_usec, x->v.when.tv_nsec / 1000);
	assert_int_equal(ph->caplen, 64 + x->r.cap_len);
	assert_int_equal(ph->len, 64 + x->r.ip_len);
	assert_int_equal(b[0], 61);	/* the header's length, before padding */
	assert_int_equal(b[1], af);
	assert_int_equal(b[2], action);
	assert_int_equal(b[3], 0);	/* PFRES_MATCH */
	assert_memory_equal(b + 4, x->v.ifname, strlen(x->v.ifname) + 1);
	assert_string_equal((const char *)b + 20, ruleset);
	memcpy(&rulenr, b + 36, 4);
	memcpy(&sub, b + 40, 4);
	assert_int_equal(ntohl(rulenr), x->r.rule_id);
	assert_int_equal(sub, 0xffffffffu);
	assert_int_equal(b[60], dir);
	assert_memory_equal(b + 64, x->r.headers, x->r.cap_len);
}

/* tcpdump's reading of the file, when tcpdump is installed. */
static void check_tcpdump(const char *path)
{
	/* What each line must hold: the PFLOG header's reading, then the packet's. */
	static const char *const expect[][3] = {
		{ "rule 6/0(match): pass in on eth0: ", "10.0.0.15.4649 > 10.0.0.1.23: Flags [S.]" },
		{ "rule 3/0(match): block in on eth1: ", "2001:db8::2 > 2001:db8::1: HBH ",
		  "443 > 5000: Flags [S]" },
		{ "rule 0/0(match): block out on eth0: ", "10.0.0.1 > 10.0.0.2: ICMP echo request" },
		{ "rule 3", "(match): block in on eth0: ", "10.0.0.1 > 10.0.0.2: ICMP echo request" },
	};
	const char *tcpdump = access("/usr/bin/tcpdump", X_OK) == 0	 ? "/usr/bin/tcpdump"
			      : access("/usr/sbin/tcpdump", X_OK) == 0 ? "/usr/sbin/tcpdump"
								       : NULL;
	char cmd[512], line[512];
	unsigned int n = 0, i;
	bool bad = false;
	FILE *f;

	if (!tcpdump) {
		print_message("tcpdump not installed: its reading of the pcap file not tested\n");
		return;
	}
	snprintf(cmd, sizeof(cmd), "%s -n -e -r %s 2>/dev/null", tcpdump, path);
	f = popen(cmd, "r");
	assert_non_null(f);
	while (fgets(line, sizeof(line), f)) {
		for (i = 0; n < 4 && i < 3 && expect[n][i]; i++) {
			if (!strstr(line, expect[n][i])) {
				print_error("tcpdump line %u: no \"%s\" in: %s", n + 1, expect[n][i],
					    line);
				bad = true;
			}
		}
		n++;
	}
	assert_int_equal(pclose(f), 0);
	assert_false(bad);
	assert_int_equal(n, 4);
}

static void test_pcap(void **state)
{
	char path[] = "/tmp/test_dump.XXXXXX", err[PCAP_ERRBUF_SIZE];
	struct ebfilt_rec_hdr session = { .len = 16, .type = EBFILT_REC_SESSION, .version = 1 };
	struct rec a, b, c, s, e;
	struct rec *all[] = { &a, &b, &s, &c, &e };
	struct dump_out *d;
	struct pcap_pkthdr *ph;
	const u_char *bytes;
	pcap_t *p;
	FILE *out;
	int fd;

	(void)state;
	rec_tcp4(&a, 789);
	rec_tcp6(&b, 790);
	rec_icmp4(&c, 791);
	rec_init(&s, 4, NULL, 792);	/* a session: no packet */
	s.v.hdr = &session;
	s.v.pkt = NULL;
	rec_icmp4(&e, 793);		/* denied by the shun list */
	e.r.reason = EBFILT_REASON_SHUNNED;
	e.r.rule_id = 3;
	e.r.inbound = 1;
	fd = mkstemp(path);
	assert_true(fd >= 0);
	out = fdopen(fd, "w");
	assert_non_null(out);
	assert_int_equal(dump_open(&d, DUMP_PCAP, out, NULL), 0);
	for (unsigned int i = 0; i < 5; i++)
		assert_int_equal(dump_record(d, &all[i]->v), 0);
	assert_int_equal(dump_close(d), 0);
	assert_int_equal(fclose(out), 0);	/* still open: dump_close() left it */

	p = pcap_open_offline(path, err);
	assert_non_null(p);
	assert_int_equal(pcap_datalink(p), DLT_PFLOG);
	expect_pflog(p, &a, 2, 0, 1, "");
	expect_pflog(p, &b, 24, 1, 1, "");
	expect_pflog(p, &c, 2, 1, 2, "");
	expect_pflog(p, &e, 2, 1, 1, "shun");
	assert_int_equal(pcap_next_ex(p, &ph, &bytes), PCAP_ERROR_BREAK);
	pcap_close(p);
	check_tcpdump(path);
	unlink(path);
}

/* Write errors come back as the errno of the write, at the record or when flushed. */
static void test_write_errors(void **state)
{
	struct dump_out *d;
	struct rec x;
	FILE *full;

	(void)state;
	rec_udp4(&x, 1);
	full = fopen("/dev/full", "w");
	if (!full) {
		print_message("no /dev/full: write errors not tested\n");
		return;
	}
	/* Buffered: the error shows when dump_close() flushes. */
	assert_int_equal(dump_open(&d, DUMP_JSON, full, NULL), 0);
	assert_int_equal(dump_record(d, &x.v), 0);
	assert_int_equal(dump_close(d), -ENOSPC);
	fclose(full);

	full = fopen("/dev/full", "w");
	assert_non_null(full);
	setvbuf(full, NULL, _IONBF, 0);
	assert_int_equal(dump_open(&d, DUMP_WELF, full, NULL), 0);
	assert_int_equal(dump_record(d, &x.v), -ENOSPC);
	assert_int_equal(dump_close(d), 0);
	clearerr(full);
	/* ipmon's held line goes out at dump_close(), which says it did not. */
	assert_int_equal(dump_open(&d, DUMP_IPMON, full, NULL), 0);
	assert_int_equal(dump_record(d, &x.v), 0);
	assert_int_equal(dump_close(d), -ENOSPC);
	clearerr(full);
	/* pcap's file header is written at dump_open(). */
	assert_int_equal(dump_open(&d, DUMP_PCAP, full, NULL), -ENOSPC);
	assert_null(d);
	fclose(full);
}

static int setup(void **state)
{
	(void)state;
	setenv("TZ", "UTC", 1);
	tzset();
	return 0;
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_format_names),
		cmocka_unit_test(test_events),
		cmocka_unit_test(test_open_refusals),
		cmocka_unit_test(test_aix),
		cmocka_unit_test(test_ipmon_lines),
		cmocka_unit_test(test_ipmon_repeats),
		cmocka_unit_test(test_json),
		cmocka_unit_test(test_json_hostile_and_other_records),
		cmocka_unit_test(test_welf),
		cmocka_unit_test(test_pcap),
		cmocka_unit_test(test_write_errors),
	};

	return cmocka_run_group_tests_name("dump", tests, setup, NULL);
}
