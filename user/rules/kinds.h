/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What each kind of value does (internal to user/rules/; attr.h walks the
 * table and calls these for a row).
 */
#ifndef EBFILT_RULES_KINDS_H
#define EBFILT_RULES_KINDS_H

#include "rules/attr.h"

/* Set the row's value from text; 0, or -EINVAL with *why set. */
int kind_parse(const struct rule_attr_info *a, struct filter_rule *r, const char *text,
	       enum attr_spelling spelling, const char **why);
/* The value, "" where the rule has none; id is the rule's ID (0: the default rule). */
void kind_print(const struct rule_attr_info *a, const struct filter_rule *r, unsigned long id,
		enum attr_spelling spelling, char *buf, size_t size);
/* To and from the kernel's record (ATTRF_KERNEL rows). */
void kind_encode(const struct rule_attr_info *a, const struct filter_rule *r,
		 struct ebfilt_rule *k);
void kind_decode(const struct rule_attr_info *a, const struct ebfilt_rule *k,
		 struct filter_rule *r);

#endif
