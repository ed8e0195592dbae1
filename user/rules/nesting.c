// SPDX-License-Identifier: GPL-2.0
#include <errno.h>
#include <stdint.h>
#include <stdlib.h>

#include "rules/nesting.h"

/* Per open IF: the rule that opened it and whether its ELSE was seen. */
struct open_if {
	unsigned long id;
	bool has_else;
};

static void note_fault(struct nesting_fault *fault, int *err, unsigned long id, const char *why)
{
	if (*err)
		return;
	*err = -EINVAL;
	fault->id = id;
	fault->why = why;
}

/* The walk both entry points share: depth and scopes are optional outputs. */
static int walk(const struct rule_table *table, unsigned int *depth,
		uint16_t (*scopes)[EBFILT_SCOPE_DEPTH], struct nesting_fault *fault)
{
	struct open_if *stack = calloc(table->count + 1, sizeof(*stack));
	size_t top = 0, i, k;
	int err = 0;

	if (!stack)
		return -ENOMEM;
	for (i = 0; i < table->count; i++) {
		unsigned long id = i + 1;
		enum ebfilt_action action = table->rules[i].action;

		if ((action == EBFILT_ELSE || action == EBFILT_ENDIF) && top == 0)
			note_fault(fault, &err, id, action == EBFILT_ELSE ? "ELSE without a matching IF"
									  : "ENDIF without a matching IF");
		else if (action == EBFILT_ELSE && stack[top - 1].has_else)
			note_fault(fault, &err, id, "second ELSE for the same IF");
		else if (action == EBFILT_IF && top == EBFILT_SCOPE_DEPTH)
			note_fault(fault, &err, id, "IF nested deeper than 8 scopes");
		if (depth)
			depth[i] = (unsigned int)top - (top && (action == EBFILT_ELSE ||
								action == EBFILT_ENDIF));
		if (scopes) {
			for (k = 0; k < EBFILT_SCOPE_DEPTH; k++)
				scopes[i][k] = k < top ? (uint16_t)(stack[k].id |
					(stack[k].has_else ? EBFILT_SCOPE_ELSE : 0)) : 0;
		}
		if (action == EBFILT_IF)
			stack[top++] = (struct open_if){ id, false };
		else if (action == EBFILT_ELSE && top)
			stack[top - 1].has_else = true;
		else if (action == EBFILT_ENDIF && top)
			top--;
	}
	if (top)
		note_fault(fault, &err, stack[top - 1].id, "IF without a matching ENDIF");
	free(stack);
	return err;
}

int rule_nesting_check(const struct rule_table *table, unsigned int *depth,
		       struct nesting_fault *fault)
{
	return walk(table, depth, NULL, fault);
}

int rule_nesting_scopes(const struct rule_table *table, uint16_t (*scopes)[EBFILT_SCOPE_DEPTH],
			struct nesting_fault *fault)
{
	return walk(table, NULL, scopes, fault);
}
