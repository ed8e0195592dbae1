/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The rule compiler: turns one rule table into the classifier the kernel
 * evaluates (see include/ebfilt/abi.h for the method). Everything here is
 * plain memory; user/datapath/load.c copies it into the BPF maps.
 */
#ifndef EBFILT_COMPILE_CLASSIFIER_H
#define EBFILT_COMPILE_CLASSIFIER_H

#include <stddef.h>
#include <stdint.h>

#include "compile/patterns.h"
#include "datapath/tunnels.h"
#include "ebfilt/abi.h"
#include "rules/table.h"

typedef uint64_t ebfilt_bitmap[EBFILT_BITMAP_WORDS];

struct classifier {
	uint8_t version;
	struct ebfilt_table table;	/* the head the kernel reads first */
	ebfilt_bitmap *bitmaps;		/* distinct bitmaps; a class is an index */
	size_t nbitmaps, bitmaps_cap;
	uint64_t *hashes;		/* each bitmap's hash, for the index */
	uint32_t *intern;		/* open-addressing index of bitmaps */
	size_t intern_cap;
	struct ebfilt_addr_bound *src, *dst;	/* address intervals (abi.h) */
	size_t nsrc, ndst;
	uint32_t proto[EBFILT_PROTO_KEYS];
	uint32_t sport[EBFILT_PORT_KEYS];
	uint32_t dport[EBFILT_PORT_KEYS];
	uint32_t meta[EBFILT_META_KEYS];
	/* Interface class i (1..nifaces) is the interface named ifaces[i]. */
	char ifaces[EBFILT_MAX_IFACES][16];
	uint32_t iface_tunnel[EBFILT_MAX_IFACES];	/* its tunnel ID; 0: not a tunnel */
	size_t nifaces;
	struct ebfilt_rule *rules;	/* rules[0] is the default rule */
	struct ebfilt_rule_order *order;	/* the rule of each bitmap bit */
	size_t log_slots;		/* entries of log_drops and log_rate (abi.h: log_slot) */
	bool uses_if;			/* if_state is needed (and sized) */
	struct pattern_dfa patterns;	/* nstates 0: no rule has patterns */
};

/*
 * Compile table into c, with the tunnel interfaces of tunnels (NULL: none)
 * as interface classes of their own. Tables badly nested (ckfilt's message), with
 * patterns that cannot be read or compiled, or holding more than
 * EBFILT_MAX_RULES rules are refused: an error naming the rule is printed
 * and -EINVAL, -ENOENT or -E2BIG returned. Free c with classifier_free().
 */
int classifier_build(struct classifier *c, const struct rule_table *table,
		     const struct tunnel_map *tunnels);
void classifier_free(struct classifier *c);

#endif
