// SPDX-License-Identifier: GPL-2.0
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "rules/ids.h"
#include "rules/parse.h"
#include "util/diag.h"

static int fail(const char **why, const char *reason)
{
	*why = reason;
	return -EINVAL;
}

static int id_list_add(struct id_list *list, unsigned long lo, unsigned long hi)
{
	struct id_range *grown = realloc(list->ranges, (list->count + 1) * sizeof(*grown));

	if (!grown)
		return -ENOMEM;
	grown[list->count++] = (struct id_range){ lo, hi };
	list->ranges = grown;
	return 0;
}

/* One element: "N" or "N-M". Consumes the text up to the next separator. */
static int parse_id_item(const char **cursor, struct id_list *list, const char **why)
{
	char item[48];
	size_t len = strcspn(*cursor, ", \t");
	unsigned long lo, hi;
	char *dash;
	int err;

	if (len >= sizeof(item))
		return fail(why, "rule ID too long");
	memcpy(item, *cursor, len);
	item[len] = '\0';
	*cursor += len;
	dash = strchr(item, '-');
	if (dash)
		*dash = '\0';
	if (parse_number(item, UINT32_MAX, &lo, why))
		return fail(why, "rule IDs must be numbers separated by , - or spaces");
	hi = lo;
	if (dash && parse_number(dash + 1, UINT32_MAX, &hi, why))
		return fail(why, "rule IDs must be numbers separated by , - or spaces");
	if (hi < lo)
		return fail(why, "range goes backwards");
	err = id_list_add(list, lo, hi);
	return err ? fail(why, "out of memory") : 0;
}

int parse_id_list(const char *text, struct id_list *list, const char **why)
{
	const char *cursor = text;
	int err;

	list->ranges = NULL;
	list->count = 0;
	while (*cursor) {
		cursor += strspn(cursor, ", \t");
		if (!*cursor)
			break;
		err = parse_id_item(&cursor, list, why);
		if (err) {
			id_list_free(list);
			return err;
		}
	}
	if (!list->count)
		return fail(why, "empty list of rule IDs");
	return 0;
}

bool id_list_has(const struct id_list *list, unsigned long id)
{
	size_t i;

	for (i = 0; i < list->count; i++)
		if (id >= list->ranges[i].lo && id <= list->ranges[i].hi)
			return true;
	return false;
}

unsigned long id_list_max(const struct id_list *list)
{
	unsigned long max = 0;
	size_t i;

	for (i = 0; i < list->count; i++)
		if (list->ranges[i].hi > max)
			max = list->ranges[i].hi;
	return max;
}

void id_list_free(struct id_list *list)
{
	free(list->ranges);
	list->ranges = NULL;
	list->count = 0;
}

int rule_id_flag(char flag, const char *arg, unsigned long max, unsigned long *id)
{
	const char *why;

	if (parse_number(arg, UINT32_MAX, id, &why)) {
		pr_err("-%c %s: rule ID must be a number", flag, arg);
		return -EINVAL;
	}
	if (*id == 0) {
		pr_err("-%c 0: rule 0 is the default rule, which always stays last", flag);
		return -EINVAL;
	}
	if (*id > max) {
		pr_err("-%c %s: rule ID out of range 1-%lu", flag, arg, max);
		return -EINVAL;
	}
	return 0;
}

int rule_ids_flag(char flag, const char *arg, unsigned long count, uint8_t version,
		  struct id_list *list)
{
	const char *why;

	if (parse_id_list(arg, list, &why)) {
		pr_err("-%c %s: %s", flag, arg, why);
		return -EINVAL;
	}
	if (id_list_max(list) > count) {
		pr_err("-%c %s: no rule %lu in the IPv%u table (rules 1-%lu and 0)", flag, arg,
		       id_list_max(list), version, count);
		id_list_free(list);
		return -EINVAL;
	}
	return 0;
}
