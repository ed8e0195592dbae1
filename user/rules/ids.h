/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Rule IDs as the commands take them: one ID (-n 3), or a list as AIX
 * writes it ("1,3", "2-5", "1 3 7", mixed). A list owns its array: free it
 * with id_list_free().
 */
#ifndef EBFILT_RULES_IDS_H
#define EBFILT_RULES_IDS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct id_range {
	unsigned long lo, hi;
};

struct id_list {
	struct id_range *ranges;
	size_t count;
};

/* 0, or -EINVAL (or -ENOMEM) with *why set; *list is empty on failure. */
int parse_id_list(const char *text, struct id_list *list, const char **why);
bool id_list_has(const struct id_list *list, unsigned long id);
/* The largest ID the list names (0 for an empty list). */
unsigned long id_list_max(const struct id_list *list);
void id_list_free(struct id_list *list);

/*
 * The value of flag as one rule ID, 1..max (0 is the default rule and is
 * refused), or as a list whose every ID is 0..count of the version's table.
 * A problem is reported naming the flag; returns 0 or -EINVAL.
 */
int rule_id_flag(char flag, const char *arg, unsigned long max, unsigned long *id);
int rule_ids_flag(char flag, const char *arg, unsigned long count, uint8_t version,
		  struct id_list *list);

#endif
