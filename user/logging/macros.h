/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Log macros, as SunScreen's logmacro: named filter expressions that a
 * query uses with "macro NAME". They are kept in EBFILT_CONFDIR/log_macros,
 * one a line, as `ipsec_log macro print` shows them:
 *   NAME "EXPR" ["DESCRIPTION"]
 * with \" and \\ escapes inside the quotes, '#' comments and blank lines.
 * Functions return 0 or a negative errno after saying what is wrong.
 */
#ifndef EBFILT_LOGGING_MACROS_H
#define EBFILT_LOGGING_MACROS_H

#include <stddef.h>

#define MACRO_NAME_MAX	32	/* [A-Za-z0-9_-], not starting with '-' */
#define MACRO_EXPR_MAX	1024
#define MACRO_DESC_MAX	256
#define MACROS_MAX	4096

struct macro {
	char name[MACRO_NAME_MAX + 1];
	char expr[MACRO_EXPR_MAX + 1];
	char desc[MACRO_DESC_MAX + 1];	/* "" when there is none */
};

/* Sorted by name. Zero it, or let macros_load() fill it. */
struct macro_set {
	struct macro *macros;
	size_t count, capacity;
};

/*
 * Read the file into set (emptied first); a missing file is an empty set.
 * The lines' form and lengths are checked here; the expressions where
 * they are used.
 */
int macros_load(struct macro_set *set);
int macros_save(const struct macro_set *set);

/*
 * Add name, or replace its expression and description (desc may be NULL).
 * The expression must parse with the set as it will be (no cycle, no
 * unknown macro).
 */
int macros_add(struct macro_set *set, const char *name, const char *expr, const char *desc);
/* -ENOENT: no such macro; -EBUSY: another macro uses it. */
int macros_delete(struct macro_set *set, const char *name);
const struct macro *macros_find(const struct macro_set *set, const char *name);
void macros_free(struct macro_set *set);

/*
 * `ipsec_log macro add NAME "EXPR" [-D DESCRIPTION] | delete NAME |
 * print [NAME] | names | expand "EXPR"`: argv[0] is the subcommand.
 * Output goes to standard output. add and delete change the file under
 * the lock of EBFILT_CONFDIR, as the rule tables are changed.
 */
int macro_command(int argc, char **argv);

#endif
