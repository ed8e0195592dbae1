// SPDX-License-Identifier: GPL-2.0
/*
 * ipsec_report's text for SAs and policies, one block each in the manner
 * of HP-UX's ipsec_report -sa, with Linux's fields: the mode, the reqid
 * that binds an SA to its policy's template, and the if_id that makes it
 * an ebfilt tunnel. Names the kernel supplies (algorithms) are escaped.
 */
#include <arpa/inet.h>
#include <linux/xfrm.h>
#include <netinet/in.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>

#include "ipsec/xfrm.h"
#include "util/escape.h"

const char *xfrm_proto_name(uint8_t proto, char *buf, size_t size)
{
	switch (proto) {
	case IPPROTO_ESP: return "esp";
	case IPPROTO_AH: return "ah";
	case IPPROTO_COMP: return "comp";
	case IPPROTO_ROUTING: return "route2";
	case IPPROTO_DSTOPTS: return "hao";
	}
	snprintf(buf, size, "%u", proto);
	return buf;
}

const char *xfrm_mode_name(uint8_t mode, char *buf, size_t size)
{
	static const char *const names[] = { "transport", "tunnel", "ro", "in_trigger", "beet",
					     "iptfs" };

	if (mode < sizeof(names) / sizeof(names[0]))
		return names[mode];
	snprintf(buf, size, "mode%u", mode);
	return buf;
}

const char *xfrm_dir_name(uint8_t dir)
{
	switch (dir) {
	case XFRM_POLICY_IN: return "in";
	case XFRM_POLICY_OUT: return "out";
	case XFRM_POLICY_FWD: return "fwd";
	}
	return "?";
}

const char *xfrm_action_name(uint8_t action)
{
	switch (action) {
	case XFRM_POLICY_ALLOW: return "allow";
	case XFRM_POLICY_BLOCK: return "block";
	}
	return "?";
}

const char *xfrm_addr_text(uint16_t family, const uint8_t addr[16], char *buf, size_t size)
{
	if ((family != AF_INET && family != AF_INET6) ||
	    !inet_ntop(family, addr, buf, (socklen_t)size))
		snprintf(buf, size, "-");
	return buf;
}

const char *xfrm_prefix_text(uint16_t family, const uint8_t addr[16], uint8_t len,
			     char *buf, size_t size)
{
	char a[INET6_ADDRSTRLEN];

	if (!len)
		snprintf(buf, size, "any");
	else
		snprintf(buf, size, "%s/%u", xfrm_addr_text(family, addr, a, sizeof(a)), len);
	return buf;
}

const char *xfrm_upper_proto_name(uint8_t proto, char *buf, size_t size)
{
	switch (proto) {
	case 0: return "any";
	case IPPROTO_TCP: return "tcp";
	case IPPROTO_UDP: return "udp";
	case IPPROTO_ICMP: return "icmp";
	case IPPROTO_ICMPV6: return "ipv6-icmp";
	case IPPROTO_SCTP: return "sctp";
	case IPPROTO_GRE: return "gre";
	}
	snprintf(buf, size, "%u", proto);
	return buf;
}

static void print_sel(FILE *f, const struct xfrm_sel *s)
{
	char src[64], dst[64], num[8];
	bool icmp = s->proto == IPPROTO_ICMP || s->proto == IPPROTO_ICMPV6;

	fprintf(f, "Selector: %s -> %s proto %s",
		xfrm_prefix_text(s->family, s->src, s->src_len, src, sizeof(src)),
		xfrm_prefix_text(s->family, s->dst, s->dst_len, dst, sizeof(dst)),
		xfrm_upper_proto_name(s->proto, num, sizeof(num)));
	if (s->sport_mask)
		fprintf(f, icmp ? " type %u" : " sport %u", s->sport);
	if (s->dport_mask)
		fprintf(f, icmp ? " code %u" : " dport %u", s->dport);
	if (s->ifindex)
		fprintf(f, " ifindex %d", s->ifindex);
	fputc('\n', f);
}

static void print_alg(FILE *f, const char *label, const struct xfrm_alg *a)
{
	char name[ESCAPED_MAX];

	if (!a->name[0])
		return;
	fprintf(f, "%s: %s, %u-bit key", label,
		escape_text(a->name, XFRM_ALG_NAME_MAX, name, sizeof(name)), a->key_bits);
	if (a->icv_bits)
		fprintf(f, ", %u-bit ICV", a->icv_bits);
	fputc('\n', f);
}

static void print_count(FILE *f, const char *label, uint64_t v)
{
	if (v == XFRM_NO_LIMIT)
		fprintf(f, "%s: unlimited\n", label);
	else
		fprintf(f, "%s: %llu\n", label, (unsigned long long)v);
}

static void print_time(FILE *f, const char *label, uint64_t t)
{
	time_t tt = (time_t)t;
	struct tm tm;
	char when[32];

	if (!t || t > (uint64_t)INT64_MAX || !gmtime_r(&tt, &tm) ||
	    !strftime(when, sizeof(when), "%Y-%m-%dT%H:%M:%SZ", &tm))
		snprintf(when, sizeof(when), "%s", t ? "?" : "never");
	fprintf(f, "%s: %s\n", label, when);
}

static void print_limits(FILE *f, const struct xfrm_limits *l)
{
	fputs("--- Hard Lifetimes ---\n", f);
	print_count(f, "bytes processed", l->hard_bytes);
	print_count(f, "packets processed", l->hard_packets);
	fprintf(f, "addtime (seconds): %llu\n", (unsigned long long)l->hard_add_s);
	fprintf(f, "usetime (seconds): %llu\n", (unsigned long long)l->hard_use_s);
	fputs("--- Soft Lifetimes ---\n", f);
	print_count(f, "bytes processed", l->soft_bytes);
	print_count(f, "packets processed", l->soft_packets);
	fprintf(f, "addtime (seconds): %llu\n", (unsigned long long)l->soft_add_s);
	fprintf(f, "usetime (seconds): %llu\n", (unsigned long long)l->soft_use_s);
}

static void print_use(FILE *f, const struct xfrm_use *u)
{
	fputs("--- Current Lifetimes ---\n", f);
	fprintf(f, "bytes processed: %llu\n", (unsigned long long)u->bytes);
	fprintf(f, "packets processed: %llu\n", (unsigned long long)u->packets);
	print_time(f, "added", u->add_time);
	print_time(f, "first used", u->use_time);
}

void xfrm_print_sa_text(FILE *f, const struct xfrm_sa *sa)
{
	char src[INET6_ADDRSTRLEN], dst[INET6_ADDRSTRLEN], p[8], m[16];

	fputs("------------------------ IPsec SA ------------------------\n", f);
	fprintf(f, "SPI (hex): %08X State: %s\n", sa->spi, sa->larval ? "larval" : "mature");
	fprintf(f, "SA Type: %s Mode: %s\n", xfrm_proto_name(sa->proto, p, sizeof(p)),
		xfrm_mode_name(sa->mode, m, sizeof(m)));
	fprintf(f, "Src IP Addr: %s Dst IP Addr: %s\n",
		xfrm_addr_text(sa->family, sa->src, src, sizeof(src)),
		xfrm_addr_text(sa->family, sa->dst, dst, sizeof(dst)));
	fprintf(f, "Reqid: %u Tunnel ID (if_id): %u Direction: %s\n", sa->reqid, sa->if_id,
		sa->dir == 1 ? "in" : sa->dir == 2 ? "out" : "-");
	if (sa->larval)
		fputs("Algorithms: none yet (larval: waiting for a key manager)\n", f);
	print_alg(f, "Encryption", &sa->crypt);
	print_alg(f, "Authentication", &sa->auth);
	print_alg(f, "AEAD", &sa->aead);
	print_alg(f, "Compression", &sa->comp);
	if (sa->has_encap)
		fprintf(f, "Encapsulation: type %u sport %u dport %u\n", sa->encap.type,
			sa->encap.sport, sa->encap.dport);
	if (sa->mark_mask)
		fprintf(f, "Mark: 0x%x/0x%x\n", sa->mark, sa->mark_mask);
	print_sel(f, &sa->sel);
	fprintf(f, "Replay window: %u%s Sequence in: %llu out: %llu\n", sa->replay_window,
		sa->esn ? " (ESN)" : "", (unsigned long long)sa->seq_in,
		(unsigned long long)sa->seq_out);
	print_use(f, &sa->cur);
	print_limits(f, &sa->lft);
	fputs("--- Statistics ---\n", f);
	fprintf(f, "outside replay window: %u\n", sa->stats.replay_window);
	fprintf(f, "replayed: %u\n", sa->stats.replay);
	fprintf(f, "integrity failed: %u\n", sa->stats.integrity_failed);
}

void xfrm_print_pol_text(FILE *f, const struct xfrm_pol *pol)
{
	char src[INET6_ADDRSTRLEN], dst[INET6_ADDRSTRLEN], p[8], m[16];
	size_t i;

	fputs("---------------------- IPsec Policy ----------------------\n", f);
	fprintf(f, "Index: %u Direction: %s Action: %s\n", pol->index, xfrm_dir_name(pol->dir),
		xfrm_action_name(pol->action));
	fprintf(f, "Priority: %u Type: %s Tunnel ID (if_id): %u\n", pol->priority,
		pol->type == XFRM_POLICY_TYPE_SUB ? "sub" : "main", pol->if_id);
	if (pol->mark_mask)
		fprintf(f, "Mark: 0x%x/0x%x\n", pol->mark, pol->mark_mask);
	print_sel(f, &pol->sel);
	for (i = 0; i < pol->ntmpl && i < XFRM_TMPL_MAX; i++) {
		const struct xfrm_tmpl *t = &pol->tmpl[i];

		fprintf(f, "-- Template %zu --\n", i + 1);
		fprintf(f, "SA Type: %s Mode: %s Reqid: %u%s\n",
			xfrm_proto_name(t->proto, p, sizeof(p)), xfrm_mode_name(t->mode, m, sizeof(m)),
			t->reqid, t->optional ? " (optional)" : "");
		if (t->spi)
			fprintf(f, "SPI (hex): %08X\n", t->spi);
		fprintf(f, "Src IP Addr: %s Dst IP Addr: %s\n",
			xfrm_addr_text(t->family, t->src, src, sizeof(src)),
			xfrm_addr_text(t->family, t->dst, dst, sizeof(dst)));
	}
	print_use(f, &pol->cur);
	print_limits(f, &pol->lft);
}
