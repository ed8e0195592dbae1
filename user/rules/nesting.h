/* SPDX-License-Identifier: GPL-2.0 */
/*
 * IF / ELSE / ENDIF nesting of a rule table. IF opens a scope, ELSE may
 * appear once per IF, ENDIF closes it; scopes nest, at most
 * EBFILT_SCOPE_DEPTH deep.
 */
#ifndef EBFILT_RULES_NESTING_H
#define EBFILT_RULES_NESTING_H

#include <stdint.h>

#include "ebfilt/abi.h"
#include "rules/table.h"

struct nesting_fault {
	unsigned long id;	/* the rule at fault (0 after the last rule) */
	const char *why;
};

/*
 * Compute each rule's nesting depth into depth[0..count-1] (IF, ELSE and
 * ENDIF are at the depth of the scope they open or close), or NULL to
 * only check. Returns 0, or -EINVAL with *fault set at the first error;
 * depths are still filled for every rule.
 */
int rule_nesting_check(const struct rule_table *table, unsigned int *depth,
		       struct nesting_fault *fault);

/*
 * The same check, filling scopes[i] with the IF scopes rule i + 1 sits in,
 * outermost first, 0 after the last: the IF rule's ID, | EBFILT_SCOPE_ELSE
 * in its ELSE branch (the kernel's struct ebfilt_rule.scopes). Nesting
 * deeper than EBFILT_SCOPE_DEPTH is a fault for both.
 */
int rule_nesting_scopes(const struct rule_table *table, uint16_t (*scopes)[EBFILT_SCOPE_DEPTH],
			struct nesting_fault *fault);

#endif
