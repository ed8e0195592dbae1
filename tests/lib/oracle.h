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
};

/*
 * Whether the filter drops the packet before the table because it cannot
 * fully see it (mkfilt(8)): 0 when it does not, else 1 for a short packet
 * and 2 for an overlapping later fragment. Worked out from the packet's
 * description, not from its bytes.
 */
int oracle_unseen(const struct test_packet *pkt);

/* The ID of the first rule that matches (0: the default rule). */
unsigned long oracle_match(const struct rule_table *table, const struct test_packet *pkt,
			   const struct test_path *path);

#endif
