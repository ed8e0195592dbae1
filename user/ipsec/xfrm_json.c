// SPDX-License-Identifier: GPL-2.0
/*
 * ipsec_report -j for SAs and policies, through the one JSON writer. The
 * field names are documented in ipsec/xfrm.h and in ipsec_report(8);
 * a script reads them, so a name once published stays.
 */
#include <arpa/inet.h>
#include <linux/xfrm.h>
#include <stdio.h>
#include <sys/socket.h>

#include "ipsec/xfrm.h"
#include "util/json.h"

static void json_family(struct json_out *j, uint16_t family)
{
	if (family == AF_INET || family == AF_INET6)
		json_uint(j, "family", family == AF_INET ? 4 : 6);
	else
		json_string(j, "family", NULL);
}

static void json_addr(struct json_out *j, const char *key, uint16_t family, const uint8_t a[16])
{
	char buf[INET6_ADDRSTRLEN];

	json_string(j, key, family == AF_INET || family == AF_INET6 ?
		    xfrm_addr_text(family, a, buf, sizeof(buf)) : NULL);
}

/* A count the kernel may call infinite: null then. */
static void json_limit(struct json_out *j, const char *key, uint64_t v)
{
	if (v == XFRM_NO_LIMIT)
		json_string(j, key, NULL);
	else
		json_uint(j, key, v);
}

static void json_sel(struct json_out *j, const struct xfrm_sel *s)
{
	char buf[64];

	json_open(j, "selector", '{');
	json_family(j, s->family);
	json_string(j, "src", xfrm_prefix_text(s->family, s->src, s->src_len, buf, sizeof(buf)));
	json_string(j, "dst", xfrm_prefix_text(s->family, s->dst, s->dst_len, buf, sizeof(buf)));
	json_uint(j, "proto", s->proto);
	if (s->sport_mask)
		json_uint(j, "sport", s->sport);
	else
		json_string(j, "sport", NULL);
	if (s->dport_mask)
		json_uint(j, "dport", s->dport);
	else
		json_string(j, "dport", NULL);
	json_int(j, "ifindex", s->ifindex);
	json_close(j, '}');
}

static void json_limits(struct json_out *j, const struct xfrm_limits *l)
{
	json_open(j, "lifetime_hard", '{');
	json_limit(j, "bytes", l->hard_bytes);
	json_limit(j, "packets", l->hard_packets);
	json_uint(j, "add_seconds", l->hard_add_s);
	json_uint(j, "use_seconds", l->hard_use_s);
	json_close(j, '}');
	json_open(j, "lifetime_soft", '{');
	json_limit(j, "bytes", l->soft_bytes);
	json_limit(j, "packets", l->soft_packets);
	json_uint(j, "add_seconds", l->soft_add_s);
	json_uint(j, "use_seconds", l->soft_use_s);
	json_close(j, '}');
}

static void json_use(struct json_out *j, const struct xfrm_use *u)
{
	json_open(j, "current", '{');
	json_uint(j, "bytes", u->bytes);
	json_uint(j, "packets", u->packets);
	json_uint(j, "add_time", u->add_time);
	json_uint(j, "use_time", u->use_time);
	json_close(j, '}');
}

static void json_alg(struct json_out *j, const char *key, const struct xfrm_alg *a)
{
	if (!a->name[0])
		return;
	json_open(j, key, '{');
	json_string(j, "name", a->name);	/* json_string quotes whatever it holds */
	json_uint(j, "key_bits", a->key_bits);
	json_uint(j, "icv_bits", a->icv_bits);
	json_close(j, '}');
}

void xfrm_print_sa_json(struct json_out *j, const char *key, const struct xfrm_sa *sa)
{
	char buf[16];

	json_open(j, key, '{');
	json_uint(j, "spi", sa->spi);
	snprintf(buf, sizeof(buf), "0x%08x", sa->spi);
	json_string(j, "spi_hex", buf);
	json_string(j, "proto", xfrm_proto_name(sa->proto, buf, sizeof(buf)));
	json_string(j, "mode", xfrm_mode_name(sa->mode, buf, sizeof(buf)));
	json_string(j, "state", sa->larval ? "larval" : "mature");
	json_family(j, sa->family);
	json_addr(j, "src", sa->family, sa->src);
	json_addr(j, "dst", sa->family, sa->dst);
	json_uint(j, "reqid", sa->reqid);
	json_uint(j, "if_id", sa->if_id);
	json_string(j, "dir", sa->dir == 1 ? "in" : sa->dir == 2 ? "out" : NULL);
	json_uint(j, "mark", sa->mark);
	json_uint(j, "mark_mask", sa->mark_mask);
	json_uint(j, "flags", sa->flags);
	json_uint(j, "seq", sa->seq);
	json_sel(j, &sa->sel);
	json_alg(j, "auth", &sa->auth);
	json_alg(j, "crypt", &sa->crypt);
	json_alg(j, "aead", &sa->aead);
	json_alg(j, "comp", &sa->comp);
	if (sa->has_encap) {
		json_open(j, "encap", '{');
		json_uint(j, "type", sa->encap.type);
		json_uint(j, "sport", sa->encap.sport);
		json_uint(j, "dport", sa->encap.dport);
		json_close(j, '}');
	}
	json_uint(j, "replay_window", sa->replay_window);
	json_bool(j, "esn", sa->esn);
	json_uint(j, "seq_in", sa->seq_in);
	json_uint(j, "seq_out", sa->seq_out);
	json_limits(j, &sa->lft);
	json_use(j, &sa->cur);
	json_open(j, "stats", '{');
	json_uint(j, "replay_window", sa->stats.replay_window);
	json_uint(j, "replay", sa->stats.replay);
	json_uint(j, "integrity_failed", sa->stats.integrity_failed);
	json_close(j, '}');
	json_close(j, '}');
}

void xfrm_print_pol_json(struct json_out *j, const char *key, const struct xfrm_pol *pol)
{
	char buf[16];
	size_t i;

	json_open(j, key, '{');
	json_sel(j, &pol->sel);
	json_string(j, "dir", xfrm_dir_name(pol->dir));
	json_string(j, "action", xfrm_action_name(pol->action));
	json_uint(j, "priority", pol->priority);
	json_uint(j, "index", pol->index);
	json_uint(j, "if_id", pol->if_id);
	json_uint(j, "mark", pol->mark);
	json_uint(j, "mark_mask", pol->mark_mask);
	json_string(j, "type", pol->type == XFRM_POLICY_TYPE_SUB ? "sub" : "main");
	json_limits(j, &pol->lft);
	json_use(j, &pol->cur);
	json_open(j, "templates", '[');
	for (i = 0; i < pol->ntmpl && i < XFRM_TMPL_MAX; i++) {
		const struct xfrm_tmpl *t = &pol->tmpl[i];

		json_open(j, NULL, '{');
		json_string(j, "proto", xfrm_proto_name(t->proto, buf, sizeof(buf)));
		json_string(j, "mode", xfrm_mode_name(t->mode, buf, sizeof(buf)));
		json_uint(j, "spi", t->spi);
		json_uint(j, "reqid", t->reqid);
		json_family(j, t->family);
		json_addr(j, "src", t->family, t->src);
		json_addr(j, "dst", t->family, t->dst);
		json_bool(j, "optional", t->optional);
		json_close(j, '}');
	}
	json_close(j, ']');
	json_close(j, '}');
}
