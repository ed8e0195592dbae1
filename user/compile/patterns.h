/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Patterns (genfilt -x, -X) compiled into one automaton per IP version,
 * which the kernel walks over each inbound packet's payload once
 * (bpf/pattern.bpf.h). Every rule with patterns is a pattern set: the
 * automaton says, at each state, which sets have a pattern that ends
 * there. It is Aho-Corasick's automaton made deterministic, over byte
 * classes (the bytes the patterns use, each its own class, and every
 * other byte class 0), so its size grows with the patterns' total length,
 * and its cost per byte does not grow at all.
 */
#ifndef EBFILT_COMPILE_PATTERNS_H
#define EBFILT_COMPILE_PATTERNS_H

#include <stddef.h>
#include <stdint.h>

#include "ebfilt/abi.h"
#include "rules/table.h"

struct pattern_dfa {
	struct ebfilt_pattern_meta meta;	/* byte classes, sizes */
	uint16_t *next;		/* [state * nclasses + class]: EBFILT_DFA_* encoded */
	uint32_t *out;		/* [state]: the sets with a pattern ending there */
};

/*
 * Compile the patterns of table's rules, reading -X files now, and give
 * each rule with patterns its set (set_of[i] for rule i + 1: 1 to
 * EBFILT_PATTERN_SETS, 0 for none). An empty dfa (nstates 0) when no rule
 * has patterns. 0, or a negative errno after saying which rule, file or
 * line is wrong.
 */
int patterns_compile(const struct rule_table *table, uint8_t *set_of, struct pattern_dfa *dfa);

void pattern_dfa_free(struct pattern_dfa *dfa);

#endif
