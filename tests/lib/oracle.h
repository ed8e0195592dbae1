/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The reference matcher: a deliberately plain first-match loop over a rule
 * table, written apart from the compiler and the BPF classifier, which must
 * agree with it on every packet (tests only).
 */
#ifndef EBFILT_TEST_ORACLE_H
#define EBFILT_TEST_ORACLE_H

#include "packet.h"
#include "rules/table.h"

struct test_path {
	bool inbound;
	bool local;
	const char *iface;	/* name of the interface the packet crosses */
	unsigned int tunnel;	/* the tunnel ID bound to it; 0: not a tunnel */
};

/*
 * Whether the filter drops the packet before the table because it cannot
 * fully see it (mkfilt(8)): 0 when it does not, else 1 for a short packet
 * and 2 for an overlapping later fragment. Worked out from the packet's
 * description, not from its bytes.
 */
int oracle_unseen(const struct test_packet *pkt);

/* The ID of the first rule that matches (0: the default rule), with no state. */
unsigned long oracle_match(const struct rule_table *table, const struct test_packet *pkt,
			   const struct test_path *path);

/*
 * The rules that keep state, modelled the plain way: IF conditions (a set
 * of IF rule and host pair, never idle long enough to end: tests keep the
 * timeouts long), shun entries (likewise never ending), and expirations
 * against a fixed age of the activation.
 */
struct oracle_state;
struct oracle_state *oracle_state_new(unsigned int activated_ago_s);
void oracle_state_free(struct oracle_state *st);

/*
 * The ID of the rule that decides the packet (0: the default rule), after
 * the shun list and the IF conditions as st holds them (NULL: none), and
 * st updated as the kernel updates its maps. A shunned packet gets the ID
 * of the shun rule that shunned it.
 */
unsigned long oracle_judge(const struct rule_table *table, const struct test_packet *pkt,
			   const struct test_path *path, struct oracle_state *st);
/* Whether the packet is denied by the shun list before the table. */
bool oracle_shunned(const struct oracle_state *st, const struct test_packet *pkt, bool inbound);

#endif
