// SPDX-License-Identifier: GPL-2.0
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "compile/patterns.h"
#include "rules/parse.h"
#include "util/diag.h"
#include "util/file.h"

/* The trie as it grows: children by class, -1 for none. */
struct trie {
	int32_t *child;		/* [state * 257 + byte]: built over raw bytes first */
	uint32_t *out;
	size_t nstates, cap;
};

static int trie_grow(struct trie *t)
{
	int32_t *child;
	uint32_t *out;
	size_t cap = t->cap ? t->cap * 2 : 256;

	child = realloc(t->child, cap * 256 * sizeof(*child));
	if (!child)
		return -ENOMEM;
	t->child = child;
	out = realloc(t->out, cap * sizeof(*out));
	if (!out)
		return -ENOMEM;
	t->out = out;
	t->cap = cap;
	return 0;
}

static int trie_new_state(struct trie *t)
{
	if (t->nstates == t->cap && trie_grow(t))
		return -ENOMEM;
	memset(&t->child[t->nstates * 256], 0xff, 256 * sizeof(*t->child));
	t->out[t->nstates] = 0;
	return (int)t->nstates++;
}

/* Add one pattern of set (1-based); -E2BIG past the automaton's bound. */
static int trie_add(struct trie *t, const uint8_t *p, size_t len, unsigned set)
{
	int32_t s = 0;
	int next;
	size_t i;

	for (i = 0; i < len; i++) {
		if (t->child[(size_t)s * 256 + p[i]] < 0) {
			if (t->nstates >= EBFILT_PATTERN_STATES)
				return -E2BIG;
			next = trie_new_state(t);
			if (next < 0)
				return next;
			t->child[(size_t)s * 256 + p[i]] = next;
		}
		s = t->child[(size_t)s * 256 + p[i]];
	}
	t->out[s] |= 1u << (set - 1);
	return 0;
}

/* Each pattern of rule id's file, one per line; blank lines are skipped. */
static int add_file(struct trie *t, const struct rule_table *table, size_t id, unsigned set)
{
	struct line_reader r = { .path = table->rules[id - 1].pattern };
	uint8_t bytes[FILE_LINE_MAX];
	const char *why;
	int err, more = 0, len, n = 0;
	char *line;

	err = file_open_existing(r.path, &r.in);
	if (!err && !r.in) {
		pr_err("IPv%u rule %zu: pattern file %s does not exist", table->version, id, r.path);
		return -ENOENT;
	}
	while (!err && (more = line_next(&r, &line)) > 0) {
		if (!line[strspn(line, " \t")])
			continue;	/* a blank line */
		len = pattern_decode(line, bytes, &why);
		if (len > EBFILT_PATTERN_SCAN) {
			why = "pattern longer than the 1024 payload bytes the filter examines";
			len = -EINVAL;
		}
		if (len < 0) {
			pr_err("%s:%u: %s", r.path, r.line, why);
			err = len;
			break;
		}
		err = trie_add(t, bytes, (size_t)len, set);
		n++;
	}
	if (!err && more < 0)
		err = more;	/* line_next said why */
	if (!err && !n) {
		pr_err("IPv%u rule %zu: pattern file %s holds no pattern", table->version, id, r.path);
		err = -EINVAL;
	}
	if (r.in)
		fclose(r.in);
	line_reader_free(&r);
	return err;
}

/*
 * Byte classes: every byte some pattern uses gets its own; the rest share
 * 0. When the patterns use all 256 bytes, byte 255's class wraps to 0,
 * which no other byte has then: column 256 of each row is never used.
 */
static void make_classes(const struct trie *t, struct ebfilt_pattern_meta *meta)
{
	bool used[256] = { false };
	size_t s;
	int b;

	for (s = 0; s < t->nstates; s++)
		for (b = 0; b < 256; b++)
			used[b] |= t->child[s * 256 + b] >= 0;
	meta->nclasses = 1;
	for (b = 0; b < 256; b++)
		meta->classes[b] = used[b] ? (uint8_t)meta->nclasses++ : 0;
}

/*
 * The deterministic automaton: breadth first, each state's missing moves
 * are its failure state's, and its outputs include its failure state's.
 */
static int make_dfa(struct trie *t, struct pattern_dfa *dfa)
{
	size_t n = t->nstates, ncls, head = 0, tail = 0, s;
	uint32_t *queue = malloc(n * sizeof(*queue)), *fail = calloc(n, sizeof(*fail));
	int32_t c, f;
	int b;

	make_classes(t, &dfa->meta);
	ncls = dfa->meta.nclasses;
	dfa->meta.nstates = (uint32_t)n;
	dfa->next = calloc(n * ncls, sizeof(*dfa->next));
	dfa->out = calloc(n, sizeof(*dfa->out));
	if (!queue || !fail || !dfa->next || !dfa->out) {
		free(queue);
		free(fail);
		return -ENOMEM;
	}
	/* Root: a move the trie lacks stays at the root. */
	for (b = 0; b < 256; b++) {
		c = t->child[b];
		if (c < 0) {
			t->child[b] = 0;
		} else {
			fail[c] = 0;
			queue[tail++] = (uint32_t)c;
		}
	}
	while (head < tail) {
		s = queue[head++];
		t->out[s] |= t->out[fail[s]];
		for (b = 0; b < 256; b++) {
			c = t->child[s * 256 + b];
			f = t->child[(size_t)fail[s] * 256 + b];
			if (c < 0) {
				t->child[s * 256 + b] = f;
			} else {
				fail[c] = (uint32_t)f;
				queue[tail++] = (uint32_t)c;
			}
		}
	}
	for (s = 0; s < n; s++) {
		dfa->out[s] = t->out[s];
		for (b = 0; b < 256; b++) {
			c = t->child[s * 256 + b];
			dfa->next[s * ncls + dfa->meta.classes[b]] =
				(uint16_t)(c | (t->out[c] ? EBFILT_DFA_OUTPUT : 0));
		}
	}
	free(queue);
	free(fail);
	return 0;
}

int patterns_compile(const struct rule_table *table, uint8_t *set_of, struct pattern_dfa *dfa)
{
	uint8_t bytes[RULE_PATTERN_MAX + 1];
	struct trie t = { 0 };
	unsigned sets = 0;
	const char *why;
	size_t i;
	int err = 0, len;

	memset(dfa, 0, sizeof(*dfa));
	if (trie_new_state(&t) < 0)
		return -ENOMEM;
	for (i = 0; i < table->count && !err; i++) {
		const struct filter_rule *r = &table->rules[i];

		set_of[i] = 0;
		if (r->pattern_kind == PATTERN_NONE)
			continue;
		if (sets == EBFILT_PATTERN_SETS) {
			pr_err("IPv%u rule %zu: more than %d rules with patterns in one table",
			       table->version, i + 1, EBFILT_PATTERN_SETS);
			err = -E2BIG;
			break;
		}
		set_of[i] = (uint8_t)++sets;
		if (r->pattern_kind == PATTERN_FILE) {
			err = add_file(&t, table, i + 1, sets);
		} else {
			len = pattern_decode(r->pattern, bytes, &why);
			err = len < 0 ? len : trie_add(&t, bytes, (size_t)len, sets);
			if (len < 0)
				pr_err("IPv%u rule %zu: -x %s: %s", table->version, i + 1, r->pattern, why);
		}
		if (err == -E2BIG)
			pr_err("IPv%u rule %zu: the table's patterns need more than %d automaton "
			       "states; use fewer or shorter patterns", table->version, i + 1,
			       EBFILT_PATTERN_STATES);
	}
	if (!err && sets)
		err = make_dfa(&t, dfa);
	free(t.child);
	free(t.out);
	if (err)
		pattern_dfa_free(dfa);
	return err;
}

void pattern_dfa_free(struct pattern_dfa *dfa)
{
	free(dfa->next);
	free(dfa->out);
	memset(dfa, 0, sizeof(*dfa));
}
