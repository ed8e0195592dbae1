/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The kernel's IPsec state as ipsec_report shows it: the security
 * associations (SAs) and policies of the xfrm framework, read over
 * NETLINK_XFRM and decoded into plain structs. Decoding is apart from the
 * socket, so the tests and the fuzzer feed it bytes; every decoder
 * checks each length against the message it was given and refuses a
 * malformed message with -EINVAL, never reading past it.
 *
 * Keys never leave the kernel's message: an algorithm is kept as its
 * name and its key's length in bits, and no byte of key material is ever
 * copied into these structs.
 *
 * Byte order: every number here is in host order, SPIs and ports
 * included (the kernel keeps them in network order). Addresses are kept
 * as the kernel gives them (network order bytes, 4 of 16 used for IPv4).
 *
 * JSON (xfrm_print_sa_json, xfrm_print_pol_json; field names also in
 * docs/man/ipsec_report-sa.txt). Numbers are JSON numbers; a limit the
 * kernel calls infinite is null; an absent algorithm is left out.
 *   SA: "spi" (number, host order), "spi_hex" ("0x00001000"), "proto"
 *     ("esp", "ah", "comp", "route2", "hao" or the number as text),
 *     "mode" ("transport", "tunnel", "ro", "in_trigger", "beet", "iptfs"),
 *     "state" ("mature" or "larval"), "family" (4 or 6), "src", "dst",
 *     "reqid", "if_id" (ebfilt's tunnel ID, 0 for none), "dir" ("in",
 *     "out" or null: kernels before 6.10 do not say), "mark", "mark_mask",
 *     "flags" (number), "seq" (the key manager's sequence), "selector"
 *     (below), "auth" / "crypt" / "aead" / "comp" (each {"name",
 *     "key_bits", "icv_bits"}), "encap" ({"type", "sport", "dport"}, only
 *     with UDP/TCP encapsulation), "replay_window", "esn" (bool),
 *     "seq_in", "seq_out", "lifetime_hard" and "lifetime_soft" (each
 *     {"bytes", "packets", "add_seconds", "use_seconds"}; null: no limit),
 *     "current" ({"bytes", "packets", "add_time", "use_time"}: times in
 *     seconds since the epoch, use_time 0 when never used), "stats"
 *     ({"replay_window", "replay", "integrity_failed"}: packets dropped
 *     outside the window, replayed, failing their integrity check).
 *   Selector: "family", "src", "dst" ("ADDR/LEN", or "any"), "proto"
 *     (number, 0 any), "sport", "dport" (with ICMP the type and code;
 *     null: any), "ifindex" (0 any).
 *   Policy: "selector", "dir" ("in", "out", "fwd"), "action" ("allow",
 *     "block"), "priority", "index", "if_id", "mark", "mark_mask",
 *     "type" ("main", "sub"), "lifetime_hard", "lifetime_soft",
 *     "current", "templates" (array of {"proto", "mode", "spi", "reqid",
 *     "family", "src", "dst", "optional" (bool)}).
 */
#ifndef EBFILT_IPSEC_XFRM_H
#define EBFILT_IPSEC_XFRM_H

#include <linux/netlink.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

/* The kernel's limit on an algorithm's name (struct xfrm_algo's alg_name). */
#define XFRM_ALG_NAME_MAX 64
/* The kernel's limit on a policy's templates (XFRM_MAX_DEPTH). */
#define XFRM_TMPL_MAX 6
/* The kernel's "no limit" for a lifetime in bytes or packets (XFRM_INF). */
#define XFRM_NO_LIMIT UINT64_MAX

/* An algorithm: its name and sizes only. */
struct xfrm_alg {
	char name[XFRM_ALG_NAME_MAX + 1];	/* "" when the SA has none of this kind */
	uint32_t key_bits;			/* the key's length, not the key */
	uint32_t icv_bits;			/* auth truncation or AEAD ICV; else 0 */
};

/* The traffic an SA or a policy applies to. */
struct xfrm_sel {
	uint16_t family;		/* AF_INET, AF_INET6, 0 (any) */
	uint8_t src_len, dst_len;	/* prefix lengths */
	uint8_t src[16], dst[16];
	uint8_t proto;			/* 0: any */
	uint16_t sport, dport;		/* with ICMP: type, code */
	uint16_t sport_mask, dport_mask;	/* 0: any port */
	int32_t ifindex;		/* 0: any */
};

/* Configured limits; bytes and packets XFRM_NO_LIMIT, seconds 0 when none. */
struct xfrm_limits {
	uint64_t soft_bytes, hard_bytes, soft_packets, hard_packets;
	uint64_t soft_add_s, hard_add_s, soft_use_s, hard_use_s;
};

/* Use so far; times in seconds since the epoch, use_time 0 when unused. */
struct xfrm_use {
	uint64_t bytes, packets, add_time, use_time;
};

struct xfrm_sa {
	uint32_t spi;			/* host order */
	uint32_t reqid;
	uint32_t if_id;			/* XFRMA_IF_ID: ebfilt's tunnel ID; 0 none */
	uint32_t seq;			/* the key manager's (acquire) sequence */
	uint32_t mark, mark_mask;
	uint32_t extra_flags;		/* XFRM_SA_XFLAG_* */
	uint32_t replay_window;		/* configured, in packets */
	uint64_t seq_in, seq_out;	/* anti-replay counters (ESN: 64 bits) */
	uint16_t family;		/* of src and dst */
	uint8_t proto;			/* IPPROTO_ESP, _AH, _COMP, _ROUTING, _DSTOPTS */
	uint8_t mode;			/* XFRM_MODE_* */
	uint8_t flags;			/* XFRM_STATE_* */
	uint8_t dir;			/* XFRMA_SA_DIR: 1 in, 2 out, 0 not said */
	bool larval;			/* see xfrm_decode_sa */
	bool esn;
	bool has_encap;
	uint8_t src[16], dst[16];
	struct xfrm_sel sel;
	struct xfrm_alg auth, crypt, aead, comp;
	struct {
		uint16_t type, sport, dport;	/* UDP_ENCAP_* or TCP_ENCAP_*; ports host order */
	} encap;
	struct xfrm_limits lft;
	struct xfrm_use cur;
	struct {
		uint32_t replay_window, replay, integrity_failed;
	} stats;
};

struct xfrm_tmpl {
	uint32_t spi;			/* host order; 0: any */
	uint32_t reqid;
	uint16_t family;
	uint8_t proto, mode;
	uint8_t src[16], dst[16];	/* the tunnel's endpoints in tunnel mode */
	bool optional;
};

struct xfrm_pol {
	struct xfrm_sel sel;
	uint32_t priority, index, if_id, mark, mark_mask;
	uint8_t dir;			/* XFRM_POLICY_IN, _OUT, _FWD */
	uint8_t action;			/* XFRM_POLICY_ALLOW, _BLOCK */
	uint8_t flags;
	uint8_t type;			/* XFRM_POLICY_TYPE_MAIN, _SUB */
	struct xfrm_limits lft;
	struct xfrm_use cur;
	size_t ntmpl;
	struct xfrm_tmpl tmpl[XFRM_TMPL_MAX];
};

/*
 * Decode one message of len bytes (len may be more than the message:
 * h->nlmsg_len says where it ends, and must fit in len).
 *
 * xfrm_decode_sa takes XFRM_MSG_NEWSA or XFRM_MSG_UPDSA (a dump's answer
 * or an event), XFRM_MSG_DELSA (an event: the SA is in its XFRMA_SA) and
 * XFRM_MSG_EXPIRE. An SA is larval when it is of a protocol that needs an
 * algorithm (esp, ah, comp) and has none: the kernel does not report its
 * internal state, and only an SA made by allocspi or by an acquire, which
 * a key manager has not completed yet, is without one.
 *
 * xfrm_decode_pol takes XFRM_MSG_NEWPOLICY, _UPDPOLICY, _DELPOLICY (the
 * policy in its XFRMA_POLICY) and _POLEXPIRE.
 *
 * 0, or -EINVAL: malformed, or another message type.
 */
int xfrm_decode_sa(const struct nlmsghdr *h, size_t len, struct xfrm_sa *sa);
int xfrm_decode_pol(const struct nlmsghdr *h, size_t len, struct xfrm_pol *pol);

/*
 * Every SA (policy) of this network namespace, into a calloc()ed array of
 * *n; *out is NULL when there are none. Free it with free(). 0 or
 * -errno (-EPERM without CAP_NET_ADMIN; -EINVAL when the kernel's answer
 * does not decode). Reports nothing: the caller says what failed.
 */
int xfrm_dump_states(struct xfrm_sa **out, size_t *n);
int xfrm_dump_policies(struct xfrm_pol **out, size_t *n);

/* Names: the kernel's numbers spelled as ip-xfrm(8) does; "?" never NULL. */
const char *xfrm_proto_name(uint8_t proto, char *buf, size_t size);
const char *xfrm_mode_name(uint8_t mode, char *buf, size_t size);
/* A selector's upper-layer protocol: "tcp", "udp", ..., "any" for 0, else the number. */
const char *xfrm_upper_proto_name(uint8_t proto, char *buf, size_t size);
const char *xfrm_dir_name(uint8_t dir);		/* policy directions */
const char *xfrm_action_name(uint8_t action);
/* An address of family (AF_INET, AF_INET6; else "-"), into buf (at least 48 bytes). */
const char *xfrm_addr_text(uint16_t family, const uint8_t addr[16], char *buf, size_t size);
/* A selector side as "ADDR/LEN" ("any" for the zero prefix). */
const char *xfrm_prefix_text(uint16_t family, const uint8_t addr[16], uint8_t len,
			     char *buf, size_t size);

/*
 * ipsec_report's blocks: one per SA or policy, lines of printable text
 * (kernel-supplied names escaped), ending with a newline.
 */
void xfrm_print_sa_text(FILE *f, const struct xfrm_sa *sa);
void xfrm_print_pol_text(FILE *f, const struct xfrm_pol *pol);

/* One JSON object (fields at the top of this file) as a member of j's document. */
struct json_out;
void xfrm_print_sa_json(struct json_out *j, const char *key, const struct xfrm_sa *sa);
void xfrm_print_pol_json(struct json_out *j, const char *key, const struct xfrm_pol *pol);

#endif
