// SPDX-License-Identifier: GPL-2.0
/*
 * xfrm messages into struct xfrm_sa and struct xfrm_pol: lengths checked
 * against the message before anything is read, structs copied out before
 * they are read, and of an algorithm only its name and sizes.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <string.h>

#include "ipsec/xfrm_priv.h"

/* The least payload each attribute type the decoders read must have. */
static const size_t attr_min[XFRM_ATTR_COUNT] = {
	[XFRMA_ALG_AUTH] = sizeof(struct xfrm_algo),
	[XFRMA_ALG_CRYPT] = sizeof(struct xfrm_algo),
	[XFRMA_ALG_COMP] = sizeof(struct xfrm_algo),
	[XFRMA_ALG_AUTH_TRUNC] = sizeof(struct xfrm_algo_auth),
	[XFRMA_ALG_AEAD] = sizeof(struct xfrm_algo_aead),
	[XFRMA_ENCAP] = sizeof(struct xfrm_encap_tmpl),
	[XFRMA_SA] = sizeof(struct xfrm_usersa_info),
	[XFRMA_POLICY] = sizeof(struct xfrm_userpolicy_info),
	[XFRMA_POLICY_TYPE] = sizeof(struct xfrm_userpolicy_type),
	[XFRMA_MARK] = sizeof(struct xfrm_mark),
	[XFRMA_REPLAY_VAL] = sizeof(struct xfrm_replay_state),
	[XFRMA_REPLAY_ESN_VAL] = sizeof(struct xfrm_replay_state_esn),
	[XFRMA_SA_EXTRA_FLAGS] = sizeof(uint32_t),
	[XFRMA_IF_ID] = sizeof(uint32_t),
	[XFRM_ATTR_SA_DIR] = sizeof(uint8_t),
};

int xfrm_msg_parse(const struct nlmsghdr *h, size_t len, size_t hdr, struct xfrm_attrs *at)
{
	const char *p, *end;
	size_t left, step;
	struct nlattr a;

	memset(at, 0, sizeof(*at));
	if (len < NLMSG_HDRLEN || h->nlmsg_len > len || h->nlmsg_len < NLMSG_LENGTH(hdr))
		return -EINVAL;
	end = (const char *)h + h->nlmsg_len;
	/* Attributes start past the header's padding, which a message without any may lack. */
	p = h->nlmsg_len <= NLMSG_SPACE(hdr) ? end : (const char *)h + NLMSG_SPACE(hdr);
	while (p < end) {
		left = (size_t)(end - p);
		if (left < NLA_HDRLEN)
			return -EINVAL;
		memcpy(&a, p, sizeof(a));
		if (a.nla_len < NLA_HDRLEN || a.nla_len > left)
			return -EINVAL;
		a.nla_type &= NLA_TYPE_MASK;
		if (a.nla_type < XFRM_ATTR_COUNT) {
			if ((size_t)a.nla_len - NLA_HDRLEN < attr_min[a.nla_type])
				return -EINVAL;
			at->a[a.nla_type] = (const struct nlattr *)p;
		}
		/* The last attribute's padding may be missing at the very end. */
		step = NLA_ALIGN(a.nla_len);
		p += step < left ? step : left;
	}
	return 0;
}

void xfrm_attr_u32(const struct xfrm_attrs *at, int type, uint32_t *v)
{
	uint8_t b;

	if (!at->a[type])
		return;
	if (type == XFRM_ATTR_SA_DIR) {
		memcpy(&b, xfrm_attr_data(at->a[type]), 1);
		*v = b;
	} else {
		memcpy(v, xfrm_attr_data(at->a[type]), sizeof(*v));
	}
}

void xfrm_sel_from(struct xfrm_sel *out, const struct xfrm_selector *in)
{
	memset(out, 0, sizeof(*out));
	out->family = in->family;
	out->src_len = in->prefixlen_s;
	out->dst_len = in->prefixlen_d;
	memcpy(out->src, &in->saddr, sizeof(out->src));
	memcpy(out->dst, &in->daddr, sizeof(out->dst));
	out->proto = in->proto;
	out->sport = ntohs(in->sport);
	out->dport = ntohs(in->dport);
	out->sport_mask = ntohs(in->sport_mask);
	out->dport_mask = ntohs(in->dport_mask);
	out->ifindex = in->ifindex;
}

void xfrm_limits_from(struct xfrm_limits *out, const struct xfrm_lifetime_cfg *in)
{
	out->soft_bytes = in->soft_byte_limit;
	out->hard_bytes = in->hard_byte_limit;
	out->soft_packets = in->soft_packet_limit;
	out->hard_packets = in->hard_packet_limit;
	out->soft_add_s = in->soft_add_expires_seconds;
	out->hard_add_s = in->hard_add_expires_seconds;
	out->soft_use_s = in->soft_use_expires_seconds;
	out->hard_use_s = in->hard_use_expires_seconds;
}

void xfrm_use_from(struct xfrm_use *out, const struct xfrm_lifetime_cur *in)
{
	out->bytes = in->bytes;
	out->packets = in->packets;
	out->add_time = in->add_time;
	out->use_time = in->use_time;
}

int xfrm_tmpls_from(struct xfrm_pol *pol, const struct nlattr *a)
{
	const char *p = xfrm_attr_data(a);
	size_t len = xfrm_attr_len(a), i;
	struct xfrm_user_tmpl ut;

	if (len % sizeof(ut) || len / sizeof(ut) > XFRM_TMPL_MAX)
		return -EINVAL;
	pol->ntmpl = len / sizeof(ut);
	for (i = 0; i < pol->ntmpl; i++) {
		struct xfrm_tmpl *t = &pol->tmpl[i];

		memcpy(&ut, p + i * sizeof(ut), sizeof(ut));
		t->spi = ntohl(ut.id.spi);
		t->reqid = ut.reqid;
		t->family = ut.family;
		t->proto = ut.id.proto;
		t->mode = ut.mode;
		memcpy(t->src, &ut.saddr, sizeof(t->src));
		memcpy(t->dst, &ut.id.daddr, sizeof(t->dst));
		t->optional = ut.optional != 0;
	}
	return 0;
}

/*
 * Name and sizes of algorithm attribute a (fixed part fixed bytes, extra
 * the ICV or truncation length's offset or 0). The key it carries must fit
 * in the attribute, and is never read.
 */
static int alg_from(struct xfrm_alg *out, const struct nlattr *a, size_t fixed, bool icv)
{
	struct xfrm_algo_aead hdr;	/* name, key length, and the ICV or truncation */

	if (!a)
		return 0;
	memset(&hdr, 0, sizeof(hdr));
	memcpy(&hdr, xfrm_attr_data(a), fixed);
	if (((uint64_t)hdr.alg_key_len + 7) / 8 > xfrm_attr_len(a) - fixed)
		return -EINVAL;
	memcpy(out->name, hdr.alg_name, XFRM_ALG_NAME_MAX);
	out->name[XFRM_ALG_NAME_MAX] = '\0';
	out->key_bits = hdr.alg_key_len;
	out->icv_bits = icv ? hdr.alg_icv_len : 0;
	return 0;
}

static int sa_algs(struct xfrm_sa *sa, const struct xfrm_attrs *at)
{
	/* AUTH_TRUNC says what AUTH says, and the truncation: it wins. */
	if (alg_from(&sa->auth, at->a[XFRMA_ALG_AUTH], sizeof(struct xfrm_algo), false) ||
	    alg_from(&sa->auth, at->a[XFRMA_ALG_AUTH_TRUNC], sizeof(struct xfrm_algo_auth), true) ||
	    alg_from(&sa->crypt, at->a[XFRMA_ALG_CRYPT], sizeof(struct xfrm_algo), false) ||
	    alg_from(&sa->aead, at->a[XFRMA_ALG_AEAD], sizeof(struct xfrm_algo_aead), true) ||
	    alg_from(&sa->comp, at->a[XFRMA_ALG_COMP], sizeof(struct xfrm_algo), false))
		return -EINVAL;
	return 0;
}

static void sa_replay(struct xfrm_sa *sa, const struct xfrm_attrs *at)
{
	struct xfrm_replay_state_esn esn;
	struct xfrm_replay_state rs;

	if (at->a[XFRMA_REPLAY_ESN_VAL]) {
		memcpy(&esn, xfrm_attr_data(at->a[XFRMA_REPLAY_ESN_VAL]), sizeof(esn));
		sa->seq_in = (uint64_t)esn.seq_hi << 32 | esn.seq;
		sa->seq_out = (uint64_t)esn.oseq_hi << 32 | esn.oseq;
		sa->replay_window = esn.replay_window;
	} else if (at->a[XFRMA_REPLAY_VAL]) {
		memcpy(&rs, xfrm_attr_data(at->a[XFRMA_REPLAY_VAL]), sizeof(rs));
		sa->seq_in = rs.seq;
		sa->seq_out = rs.oseq;
	}
}

static bool needs_algorithm(uint8_t proto)
{
	return proto == IPPROTO_ESP || proto == IPPROTO_AH || proto == IPPROTO_COMP;
}

int xfrm_decode_sa(const struct nlmsghdr *h, size_t len, struct xfrm_sa *sa)
{
	struct xfrm_usersa_info p;
	struct xfrm_encap_tmpl encap;
	struct xfrm_attrs at;
	struct xfrm_mark mark;
	uint32_t dir = 0;
	size_t hdr;
	int err;

	memset(sa, 0, sizeof(*sa));
	if (len < NLMSG_HDRLEN)
		return -EINVAL;
	switch (h->nlmsg_type) {
	case XFRM_MSG_NEWSA:
	case XFRM_MSG_UPDSA:
		hdr = sizeof(p);
		break;
	case XFRM_MSG_DELSA:
		hdr = sizeof(struct xfrm_usersa_id);
		break;
	case XFRM_MSG_EXPIRE:
		hdr = sizeof(struct xfrm_user_expire);
		break;
	default:
		return -EINVAL;
	}
	err = xfrm_msg_parse(h, len, hdr, &at);
	if (err)
		return err;
	if (h->nlmsg_type == XFRM_MSG_DELSA) {
		if (!at.a[XFRMA_SA])
			return -EINVAL;
		memcpy(&p, xfrm_attr_data(at.a[XFRMA_SA]), sizeof(p));
	} else {
		/* The expire's state is its first member. */
		memcpy(&p, NLMSG_DATA(h), sizeof(p));
	}
	sa->spi = ntohl(p.id.spi);
	sa->proto = p.id.proto;
	sa->reqid = p.reqid;
	sa->seq = p.seq;
	sa->family = p.family;
	sa->mode = p.mode;
	sa->flags = p.flags;
	sa->esn = p.flags & XFRM_STATE_ESN;
	sa->replay_window = p.replay_window;
	memcpy(sa->src, &p.saddr, sizeof(sa->src));
	memcpy(sa->dst, &p.id.daddr, sizeof(sa->dst));
	xfrm_sel_from(&sa->sel, &p.sel);
	/* allocspi leaves the selector's family unset: its addresses are the SA's kind. */
	if (!sa->sel.family)
		sa->sel.family = sa->family;
	xfrm_limits_from(&sa->lft, &p.lft);
	xfrm_use_from(&sa->cur, &p.curlft);
	sa->stats.replay_window = p.stats.replay_window;
	sa->stats.replay = p.stats.replay;
	sa->stats.integrity_failed = p.stats.integrity_failed;
	if (sa_algs(sa, &at)) {
		memset(sa, 0, sizeof(*sa));
		return -EINVAL;
	}
	sa_replay(sa, &at);
	xfrm_attr_u32(&at, XFRMA_IF_ID, &sa->if_id);
	xfrm_attr_u32(&at, XFRMA_SA_EXTRA_FLAGS, &sa->extra_flags);
	xfrm_attr_u32(&at, XFRM_ATTR_SA_DIR, &dir);
	sa->dir = dir == XFRM_SA_DIR_IN_VALUE || dir == XFRM_SA_DIR_OUT_VALUE ? (uint8_t)dir : 0;
	if (at.a[XFRMA_MARK]) {
		memcpy(&mark, xfrm_attr_data(at.a[XFRMA_MARK]), sizeof(mark));
		sa->mark = mark.v;
		sa->mark_mask = mark.m;
	}
	if (at.a[XFRMA_ENCAP]) {
		memcpy(&encap, xfrm_attr_data(at.a[XFRMA_ENCAP]), sizeof(encap));
		sa->has_encap = true;
		sa->encap.type = encap.encap_type;
		sa->encap.sport = ntohs(encap.encap_sport);
		sa->encap.dport = ntohs(encap.encap_dport);
	}
	/* An expire carries no algorithms, whatever the SA had: larval stays unsaid. */
	sa->larval = h->nlmsg_type != XFRM_MSG_EXPIRE && needs_algorithm(sa->proto) &&
		     !sa->auth.name[0] && !sa->crypt.name[0] && !sa->aead.name[0] &&
		     !sa->comp.name[0];
	return 0;
}

int xfrm_decode_pol(const struct nlmsghdr *h, size_t len, struct xfrm_pol *pol)
{
	struct xfrm_userpolicy_info p;
	struct xfrm_userpolicy_type type;
	struct xfrm_attrs at;
	struct xfrm_mark mark;
	size_t hdr;
	int err;

	memset(pol, 0, sizeof(*pol));
	if (len < NLMSG_HDRLEN)
		return -EINVAL;
	switch (h->nlmsg_type) {
	case XFRM_MSG_NEWPOLICY:
	case XFRM_MSG_UPDPOLICY:
		hdr = sizeof(p);
		break;
	case XFRM_MSG_DELPOLICY:
		hdr = sizeof(struct xfrm_userpolicy_id);
		break;
	case XFRM_MSG_POLEXPIRE:
		hdr = sizeof(struct xfrm_user_polexpire);
		break;
	default:
		return -EINVAL;
	}
	err = xfrm_msg_parse(h, len, hdr, &at);
	if (err)
		return err;
	if (h->nlmsg_type == XFRM_MSG_DELPOLICY) {
		if (!at.a[XFRMA_POLICY])
			return -EINVAL;
		memcpy(&p, xfrm_attr_data(at.a[XFRMA_POLICY]), sizeof(p));
	} else {
		memcpy(&p, NLMSG_DATA(h), sizeof(p));
	}
	xfrm_sel_from(&pol->sel, &p.sel);
	xfrm_limits_from(&pol->lft, &p.lft);
	xfrm_use_from(&pol->cur, &p.curlft);
	pol->priority = p.priority;
	pol->index = p.index;
	pol->dir = p.dir;
	pol->action = p.action;
	pol->flags = p.flags;
	if (at.a[XFRMA_TMPL] && xfrm_tmpls_from(pol, at.a[XFRMA_TMPL])) {
		memset(pol, 0, sizeof(*pol));
		return -EINVAL;
	}
	if (at.a[XFRMA_POLICY_TYPE]) {
		memcpy(&type, xfrm_attr_data(at.a[XFRMA_POLICY_TYPE]), sizeof(type));
		pol->type = type.type;
	}
	if (at.a[XFRMA_MARK]) {
		memcpy(&mark, xfrm_attr_data(at.a[XFRMA_MARK]), sizeof(mark));
		pol->mark = mark.v;
		pol->mark_mask = mark.m;
	}
	xfrm_attr_u32(&at, XFRMA_IF_ID, &pol->if_id);
	return 0;
}
