// SPDX-License-Identifier: GPL-2.0
#include <errno.h>
#include <limits.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "logging/macros.h"
#include "logging/query.h"
#include "util/diag.h"
#include "util/escape.h"
#include "util/file.h"
#include "util/lock.h"
#include "util/paths.h"

static int macros_path(char path[PATH_MAX])
{
	return path_build(path, ebfilt_confdir(), "log_macros");
}

static const char *name_check(const char *name)
{
	size_t len = strlen(name);

	if (!len || len > MACRO_NAME_MAX)
		return "a macro name has 1-32 characters";
	if (strspn(name, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_-") != len)
		return "a macro name has only letters, digits, '_' and '-'";
	/* It would read as a flag on the command line. */
	if (name[0] == '-')
		return "a macro name does not start with '-'";
	return NULL;
}

/* Printable ASCII only: the file and the listings show the text as it is. */
static const char *text_check(const char *text, size_t max, bool expr)
{
	const char *c;

	if (strlen(text) > max)
		return expr ? "expression longer than 1024 bytes"
			    : "description longer than 256 bytes";
	if (expr && !text[strspn(text, " ")])
		return "an empty expression";
	for (c = text; *c; c++)
		if (*c < 0x20 || *c > 0x7e)
			return "only printable ASCII characters are allowed";
	return NULL;
}

static int macro_cmp(const void *key, const void *elem)
{
	return strcmp(key, ((const struct macro *)elem)->name);
}

const struct macro *macros_find(const struct macro_set *set, const char *name)
{
	if (!set->count)
		return NULL;
	return bsearch(name, set->macros, set->count, sizeof(*set->macros), macro_cmp);
}

/* Where name is, or would go to keep the set sorted. */
static size_t macro_slot(const struct macro_set *set, const char *name)
{
	size_t i = 0;

	while (i < set->count && strcmp(set->macros[i].name, name) < 0)
		i++;
	return i;
}

static int macro_insert(struct macro_set *set, const struct macro *m)
{
	size_t i = macro_slot(set, m->name);
	struct macro *grown;

	if (set->count == MACROS_MAX)
		return -ENOSPC;
	if (set->count == set->capacity) {
		size_t capacity = set->capacity ? set->capacity * 2 : 16;

		grown = realloc(set->macros, capacity * sizeof(*grown));
		if (!grown)
			return -ENOMEM;
		set->macros = grown;
		set->capacity = capacity;
	}
	memmove(&set->macros[i + 1], &set->macros[i], (set->count - i) * sizeof(*grown));
	set->macros[i] = *m;
	set->count++;
	return 0;
}

static void macro_remove(struct macro_set *set, size_t i)
{
	memmove(&set->macros[i], &set->macros[i + 1], (set->count - i - 1) * sizeof(*set->macros));
	set->count--;
}

void macros_free(struct macro_set *set)
{
	free(set->macros);
	memset(set, 0, sizeof(*set));
}

/* A quoted text at *cursor, unescaped into out (max bytes): NULL or why not. */
static const char *unquote(char **cursor, char *out, size_t max)
{
	char *c = *cursor;
	size_t len = 0;

	if (*c != '"')
		return "expected a text in double quotes";
	for (c++; *c != '"'; c++) {
		if (!*c)
			return "the closing quote is missing";
		if (*c == '\\' && c[1] != '"' && c[1] != '\\')
			return "a backslash goes only before \" or \\";
		if (*c == '\\')
			c++;
		if (len == max)
			return max == MACRO_EXPR_MAX ? "expression longer than 1024 bytes"
						     : "description longer than 256 bytes";
		out[len++] = *c;
	}
	out[len] = '\0';
	*cursor = c + 1 + strspn(c + 1, " \t");
	return NULL;
}

/* NAME "EXPR" ["DESC"]: NULL or why not, *bad pointing at what is wrong. */
static const char *macro_line(char *line, struct macro *m, char **bad)
{
	size_t len = strcspn(line, " \t");
	const char *why;

	memset(m, 0, sizeof(*m));
	*bad = line;
	if (len > MACRO_NAME_MAX)
		return "a macro name has 1-32 characters";
	memcpy(m->name, line, len);
	why = name_check(m->name);
	line += len;
	line += strspn(line, " \t");
	if (!why) {
		*bad = line;
		why = unquote(&line, m->expr, MACRO_EXPR_MAX);
	}
	if (!why)
		why = text_check(m->expr, MACRO_EXPR_MAX, true);
	if (!why && *line) {
		*bad = line;
		why = unquote(&line, m->desc, MACRO_DESC_MAX);
	}
	if (!why)
		why = text_check(m->desc, MACRO_DESC_MAX, false);
	if (!why && *line) {
		*bad = line;
		why = "more than a name, an expression and a description";
	}
	return why;
}

static int read_macros(struct line_reader *r, struct macro_set *set)
{
	char token[ESCAPED_MAX], *line, *bad;
	struct macro m;
	const char *why;
	int more, err;

	while ((more = line_next(r, &line)) > 0) {
		line += strspn(line, " \t");
		if (!*line || *line == '#')
			continue;
		why = macro_line(line, &m, &bad);
		if (!why && macros_find(set, m.name))
			why = "a second macro of this name";
		if (why) {
			pr_err("%s:%u: %s: %s", r->path, r->line,
			       escape_text(bad, ESCAPE_TOKEN_MAX, token, sizeof(token)), why);
			return -EINVAL;
		}
		err = macro_insert(set, &m);
		if (err) {
			pr_err("%s:%u: %s", r->path, r->line,
			       err == -ENOSPC ? "more than 4096 macros" : strerror(-err));
			return err;
		}
	}
	return more;
}

int macros_load(struct macro_set *set)
{
	char path[PATH_MAX];
	struct line_reader r = { .path = path };
	int err;

	memset(set, 0, sizeof(*set));
	err = macros_path(path);
	if (!err)
		err = file_open_existing(path, &r.in);
	if (err || !r.in)
		return err;
	err = read_macros(&r, set);
	line_reader_free(&r);
	fclose(r.in);
	if (err)
		macros_free(set);
	return err;
}

static void write_quoted(FILE *out, const char *text)
{
	fputc('"', out);
	for (; *text; text++) {
		if (*text == '"' || *text == '\\')
			fputc('\\', out);
		fputc(*text, out);
	}
	fputc('"', out);
}

/* The line of the file, which is also the first line `macro print` shows. */
static void write_macro(FILE *out, const struct macro *m, bool with_desc)
{
	fprintf(out, "%s ", m->name);
	write_quoted(out, m->expr);
	if (with_desc && m->desc[0]) {
		fputc(' ', out);
		write_quoted(out, m->desc);
	}
	fputc('\n', out);
}

static int write_macros(FILE *out, void *ctx)
{
	const struct macro_set *set = ctx;
	size_t i;

	fputs("# ebfilt log macros: NAME \"EXPRESSION\" [\"DESCRIPTION\"], one a line.\n"
	      "# Maintained by `ipsec_log macro`, which rewrites this file without comments.\n",
	      out);
	for (i = 0; i < set->count; i++)
		write_macro(out, &set->macros[i], true);
	return 0;
}

int macros_save(const struct macro_set *set)
{
	char path[PATH_MAX];
	int err = macros_path(path);

	return err ? err : file_write_atomic(path, 0644, write_macros, (void *)set);
}

static int say(const char *name, int err, const char *why)
{
	char token[ESCAPED_MAX];

	pr_err("macro %s: %s", escape_text(name, ESCAPE_TOKEN_MAX, token, sizeof(token)), why);
	return err;
}

int macros_add(struct macro_set *set, const char *name, const char *expr, const char *desc)
{
	struct macro m = { 0 }, old;
	const struct macro *found;
	struct query_error qe;
	const char *why;
	size_t i;
	int err;

	why = name_check(name);
	if (!why)
		why = text_check(expr, MACRO_EXPR_MAX, true);
	if (!why && desc)
		why = text_check(desc, MACRO_DESC_MAX, false);
	if (why)
		return say(name, -EINVAL, why);
	strcpy(m.name, name);
	strcpy(m.expr, expr);
	strcpy(m.desc, desc ? desc : "");
	/* Checked in place, so that a cycle through the new body is seen. */
	found = macros_find(set, name);
	i = found ? (size_t)(found - set->macros) : macro_slot(set, name);
	if (found) {
		old = *found;
		set->macros[i] = m;
	} else {
		err = macro_insert(set, &m);
		if (err)
			return say(name, err,
				   err == -ENOSPC ? "already 4096 macros" : strerror(-err));
	}
	err = query_check_macro(name, expr, set, &qe);
	if (!err)
		return 0;
	if (found)
		set->macros[i] = old;
	else
		macro_remove(set, i);
	return say(name, err, qe.msg);
}

int macros_delete(struct macro_set *set, const char *name)
{
	const struct macro *found = macros_find(set, name);
	char why[MACRO_NAME_MAX + 16];
	struct query_error qe;
	struct macro gone;
	bool *fine;
	size_t i, at;

	if (!found)
		return say(name, -ENOENT, "no such macro");
	fine = calloc(set->count, sizeof(*fine));
	if (!fine)
		return say(name, -ENOMEM, strerror(ENOMEM));
	/* A macro that parsed before and not after used the one deleted. */
	for (i = 0; i < set->count; i++)
		fine[i] = !query_check_macro(set->macros[i].name, set->macros[i].expr, set, &qe);
	at = (size_t)(found - set->macros);
	gone = *found;
	macro_remove(set, at);
	for (i = 0; i < set->count; i++) {
		if (!fine[i + (i >= at)] ||
		    !query_check_macro(set->macros[i].name, set->macros[i].expr, set, &qe))
			continue;
		snprintf(why, sizeof(why), "macro %s uses it", set->macros[i].name);
		free(fine);
		macro_insert(set, &gone);	/* cannot fail: its room is still there */
		return say(name, -EBUSY, why);
	}
	free(fine);
	return 0;
}

static int usage(const char *sub)
{
	static const char *const forms[][2] = {
		{ "add", "add NAME \"EXPRESSION\" [-D DESCRIPTION]" },
		{ "delete", "delete NAME" }, { "print", "print [NAME]" }, { "names", "names" },
		{ "expand", "expand \"EXPRESSION\"" },
	};
	char token[ESCAPED_MAX];
	size_t i;

	for (i = 0; i < sizeof(forms) / sizeof(forms[0]); i++)
		if (!strcmp(sub, forms[i][0])) {
			pr_err("usage: macro %s", forms[i][1]);
			return -EINVAL;
		}
	pr_err("macro %s: not add, delete, print, names or expand",
	       escape_text(sub, ESCAPE_TOKEN_MAX, token, sizeof(token)));
	return -EINVAL;
}

/* add or delete: the file read, changed and written under the lock. */
static int edit(int argc, char **argv)
{
	struct macro_set set;
	int lock, err;

	lock = lock_acquire(ebfilt_confdir());
	if (lock < 0)
		return lock;
	err = macros_load(&set);
	if (!err && !strcmp(argv[0], "add"))
		err = macros_add(&set, argv[1], argv[2], argc == 5 ? argv[4] : NULL);
	else if (!err)
		err = macros_delete(&set, argv[1]);
	if (!err)
		err = macros_save(&set);
	macros_free(&set);
	lock_release(lock);
	return err;
}

static int show(int argc, char **argv, const struct macro_set *set)
{
	const struct macro *m = set->macros, *end = set->macros + set->count;
	struct query_error qe;
	char *text;
	int err;

	if (!strcmp(argv[0], "expand")) {
		err = query_expand(argv[1], set, &text, &qe);
		if (err)
			return say("expand", err, qe.msg);
		printf("%s\n", text);
		free(text);
		return 0;
	}
	if (argc == 2) {
		m = macros_find(set, argv[1]);
		if (!m)
			return say(argv[1], -ENOENT, "no such macro");
		end = m + 1;
	}
	for (; m < end; m++) {
		if (!strcmp(argv[0], "names")) {
			printf("%s\n", m->name);
			continue;
		}
		write_macro(stdout, m, false);
		if (m->desc[0])
			printf("\t%s\n", m->desc);
	}
	return 0;
}

int macro_command(int argc, char **argv)
{
	struct macro_set set;
	const char *sub;
	int err;

	sub = argc > 0 ? argv[0] : "";
	if (!strcmp(sub, "add") ? argc != 3 && (argc != 5 || strcmp(argv[3], "-D")) :
	    !strcmp(sub, "delete") || !strcmp(sub, "expand") ? argc != 2 :
	    !strcmp(sub, "print") ? argc > 2 : strcmp(sub, "names") || argc != 1)
		return usage(sub);
	if (!strcmp(sub, "add") || !strcmp(sub, "delete"))
		return edit(argc, argv);
	err = macros_load(&set);
	if (!err)
		err = show(argc, argv, &set);
	macros_free(&set);
	return err;	/* standard output is checked at exit (cmd_check_output) */
}
