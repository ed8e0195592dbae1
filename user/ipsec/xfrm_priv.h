/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What the xfrm decoders share inside user/ipsec/: the attribute walk and
 * the copies out of the kernel's structs. Messages come 4-byte aligned
 * and the kernel's structs hold 64-bit fields, so every struct is copied
 * out with memcpy before it is read, never read in place.
 */
#ifndef EBFILT_IPSEC_XFRM_PRIV_H
#define EBFILT_IPSEC_XFRM_PRIV_H

#include <linux/xfrm.h>
#include <stddef.h>

#include "ipsec/xfrm.h"

/*
 * XFRMA_SA_DIR (Linux 6.10) and its values, by number: Debian 12's
 * headers predate them, and the enum cannot be tested with #ifdef.
 */
#define XFRM_ATTR_SA_DIR	(XFRMA_MTIMER_THRESH + 1)
#define XFRM_ATTR_COUNT		(XFRM_ATTR_SA_DIR + 1)
#define XFRM_SA_DIR_IN_VALUE	1
#define XFRM_SA_DIR_OUT_VALUE	2

/* The attributes of one message by type (the last of a type wins, as in the kernel). */
struct xfrm_attrs {
	const struct nlattr *a[XFRM_ATTR_COUNT];
};

/*
 * The body of message h (len bytes available), which must hold a fixed
 * header of hdr bytes, and its attributes parsed into at. 0 or -EINVAL:
 * nlmsg_len shorter than its header or longer than len, an attribute
 * shorter than its own header, running past the message, or shorter
 * than its type needs.
 */
int xfrm_msg_parse(const struct nlmsghdr *h, size_t len, size_t hdr, struct xfrm_attrs *at);

/* An attribute's payload and its length. */
static inline const void *xfrm_attr_data(const struct nlattr *a)
{
	return (const char *)a + NLA_HDRLEN;
}

static inline size_t xfrm_attr_len(const struct nlattr *a)
{
	return (size_t)a->nla_len - NLA_HDRLEN;
}

/* Attribute type's u32 (u8 for XFRM_ATTR_SA_DIR) into *v when present. */
void xfrm_attr_u32(const struct xfrm_attrs *at, int type, uint32_t *v);

/* Copies out of the kernel's structs (host order). */
void xfrm_sel_from(struct xfrm_sel *out, const struct xfrm_selector *in);
void xfrm_limits_from(struct xfrm_limits *out, const struct xfrm_lifetime_cfg *in);
void xfrm_use_from(struct xfrm_use *out, const struct xfrm_lifetime_cur *in);
/* XFRMA_TMPL's templates into pol; -EINVAL when not a whole number, or too many. */
int xfrm_tmpls_from(struct xfrm_pol *pol, const struct nlattr *a);

#endif
