// SPDX-License-Identifier: GPL-2.0
/*
 * The filter language's grammar: not, and, or, parentheses, two
 * primitives in a row, and macros. Tokens, messages and nodes are
 * query_lex.c's, the primitives query_prim.c's, and the tree is matched
 * against records in query_eval.c.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "logging/macros.h"
#include "logging/query_tree.h"
#include "util/escape.h"

#define QUERY_EXPAND_MAX (1u << 20)

static int emit(struct qparser *p, const char *s, size_t len)
{
	struct qbuf *b = p->out;
	char *grown;

	if (!b)
		return 0;
	if (b->len + len >= QUERY_EXPAND_MAX) {
		qfail_whole(p, p->tok.pos, "the expansion is longer than %u bytes",
			    QUERY_EXPAND_MAX);
		return -E2BIG;
	}
	if (b->len + len >= b->cap) {
		size_t cap = b->cap ? b->cap : 256;

		while (cap <= b->len + len)
			cap *= 2;
		grown = realloc(b->s, cap);
		if (!grown)
			return -ENOMEM;
		b->s = grown;
		b->cap = cap;
	}
	memcpy(b->s + b->len, s, len);
	b->len += len;
	b->s[b->len] = '\0';
	return 0;
}

/* What is left of the text being read, up to end, into the expansion. */
static int emit_to(struct qparser *p, size_t end)
{
	int err = emit(p, p->text + p->copied, end - p->copied);

	p->copied = end;
	return err;
}

static int parse_or(struct qparser *p, uint32_t *index);

static int nest_in(struct qparser *p)
{
	if (++p->nest > QUERY_NEST_MAX)
		return qfail(p, p->tok.pos, "nested deeper than %u", QUERY_NEST_MAX);
	return 0;
}

/* "a -> b -> a": the macros open from the one named first, then name. */
static void chain(const struct qparser *p, unsigned int from, const char *name,
		  char *buf, size_t size)
{
	size_t len = 0;
	unsigned int i;

	buf[0] = '\0';
	for (i = from; i < p->nmacros && len < size; i++)
		len += (size_t)snprintf(buf + len, size - len, "%s -> ", p->stack[i]);
	if (len < size)
		snprintf(buf + len, size - len, "%s", name);
}

/* "macro NAME", parsed as if its body stood there in parentheses. */
static int parse_macro(struct qparser *p, uint32_t *index)
{
	char path[sizeof(p->err->msg)], name[MACRO_NAME_MAX + 1], token[ESCAPED_MAX];
	size_t use = p->tok.pos, at, len;
	const struct macro *m;
	struct qtoken named;
	const char *text;
	unsigned int i;
	int err;

	qnext(p);
	if (p->tok.type != QT_WORD)
		return qunexpected(p);
	if (p->tok.len > MACRO_NAME_MAX)
		return qfail(p, p->tok.pos, "unknown macro '%s'", qquote(p, token, sizeof(token)));
	memcpy(name, p->text + p->tok.pos, p->tok.len);
	name[p->tok.len] = '\0';
	/* By name before the set: a macro being checked need not be in it yet. */
	for (i = 0; i < p->nmacros; i++)
		if (!strcmp(p->stack[i], name)) {
			chain(p, i, name, path, sizeof(path));
			return qfail_whole(p, p->tok.pos, "macro '%s' uses itself: %s", name, path);
		}
	m = p->macros ? macros_find(p->macros, name) : NULL;
	if (!m)
		return qfail(p, p->tok.pos, "unknown macro '%s'", qquote(p, token, sizeof(token)));
	if (p->nmacros == QUERY_MACRO_DEPTH) {
		chain(p, p->base, m->name, path, sizeof(path));
		return qfail_whole(p, p->tok.pos, "macros nested deeper than %u: %s",
				   QUERY_MACRO_DEPTH, path);
	}
	err = nest_in(p);
	if (err)
		return err;
	err = emit_to(p, use);
	if (!err)
		err = emit(p, "(", 1);
	if (err)
		return err;
	if (p->nmacros == p->base)
		p->use_pos = p->tok.pos;
	text = p->text;
	len = p->len;
	at = p->at;
	named = p->tok;
	p->stack[p->nmacros++] = m->name;
	p->text = m->expr;
	p->len = strlen(m->expr);
	p->at = p->copied = 0;
	qnext(p);
	err = parse_or(p, index);
	if (!err && p->tok.type != QT_END)
		err = qunexpected(p);
	if (!err)
		err = emit_to(p, p->len);
	if (!err)
		err = emit(p, ")", 1);
	if (err)
		return err;
	p->text = text;
	p->len = len;
	p->at = at;
	p->copied = named.pos + named.len;
	p->nmacros--;
	p->nest--;
	qnext(p);
	return 0;
}

static int parse_unary(struct qparser *p, uint32_t *index)
{
	uint32_t child;
	int err;

	if (p->tok.type == QT_NOT || qword_is(p, "not")) {
		err = nest_in(p);
		if (!err)
			err = qnode_new(p, QN_NOT, index);
		if (err)
			return err;
		qnext(p);
		err = parse_unary(p, &child);
		if (err)
			return err;
		p->q->nodes[*index].first = child;
		p->nest--;
		return 0;
	}
	if (p->tok.type == QT_LPAREN) {
		err = nest_in(p);
		if (err)
			return err;
		qnext(p);
		err = parse_or(p, index);
		if (!err && p->tok.type != QT_RPAREN)
			err = qunexpected(p);
		if (err)
			return err;
		p->nest--;
		qnext(p);
		return 0;
	}
	if (p->tok.type != QT_WORD || qword_is(p, "and") || qword_is(p, "or"))
		return qunexpected(p);
	if (qword_is(p, "macro"))
		return parse_macro(p, index);
	return query_primitive(p, index);
}

/* Whether the current token is one of the kind's operator. */
static bool at_operator(const struct qparser *p, enum qnode_kind kind)
{
	if (kind == QN_AND)
		return p->tok.type == QT_AND || qword_is(p, "and");
	return p->tok.type == QT_OR || qword_is(p, "or");
}

/* Whether a primitive, a not or a parenthesis starts here: two in a row mean "and". */
static bool at_operand(const struct qparser *p)
{
	return p->tok.type == QT_WORD ? !qword_is(p, "or") && !qword_is(p, "and")
				      : p->tok.type == QT_LPAREN || p->tok.type == QT_NOT;
}

/* operand { op operand }: one node with the operands as children, or the only one. */
static int parse_list(struct qparser *p, enum qnode_kind kind, uint32_t *index)
{
	uint32_t first, last, next;
	int err;

	err = kind == QN_AND ? parse_unary(p, &first) : parse_list(p, QN_AND, &first);
	if (err)
		return err;
	*index = last = first;
	for (;;) {
		if (at_operator(p, kind))
			qnext(p);
		else if (kind != QN_AND || !at_operand(p))
			return 0;
		if (*index == first) {
			err = qnode_new(p, kind, index);
			if (err)
				return err;
			p->q->nodes[*index].first = first;
		}
		err = kind == QN_AND ? parse_unary(p, &next) : parse_list(p, QN_AND, &next);
		if (err)
			return err;
		p->q->nodes[last].next = next;
		last = next;
	}
}

static int parse_or(struct qparser *p, uint32_t *index)
{
	return parse_list(p, QN_OR, index);
}

/* The parse every entry point shares: self, when set, is the macro expr is the body of. */
static int parse(const char *expr, const struct macro_set *macros, const char *self,
		 struct qbuf *out, struct log_query **result, struct query_error *err)
{
	struct qparser p = { .macros = macros, .err = err, .text = expr, .out = out };
	int ret;

	memset(err, 0, sizeof(*err));
	p.len = strnlen(expr, QUERY_EXPR_MAX + 1);
	if (p.len > QUERY_EXPR_MAX)
		return qfail(&p, QUERY_EXPR_MAX, "expression longer than %u bytes", QUERY_EXPR_MAX);
	if (self)
		p.stack[p.nmacros++] = self;
	p.base = p.nmacros;
	p.q = calloc(1, sizeof(*p.q));
	if (!p.q) {
		snprintf(err->msg, sizeof(err->msg), "%s", strerror(ENOMEM));
		return -ENOMEM;
	}
	qnext(&p);
	if (p.tok.type == QT_END)
		ret = qnode_new(&p, QN_TRUE, &p.q->root);
	else
		ret = parse_or(&p, &p.q->root);
	if (!ret && p.tok.type != QT_END)
		ret = qunexpected(&p);
	if (!ret)
		ret = emit_to(&p, p.len);
	if (ret == -ENOMEM)
		snprintf(err->msg, sizeof(err->msg), "%s", strerror(ENOMEM));
	if (ret || !result)
		query_free(p.q);
	else
		*result = p.q;
	return ret;
}

int query_parse(const char *expr, const struct macro_set *macros, struct log_query **out,
		struct query_error *err)
{
	return parse(expr, macros, NULL, NULL, out, err);
}

int query_check_macro(const char *name, const char *expr, const struct macro_set *macros,
		      struct query_error *err)
{
	return parse(expr, macros, name, NULL, NULL, err);
}

int query_expand(const char *expr, const struct macro_set *macros, char **out,
		 struct query_error *err)
{
	struct qbuf buf = { 0 };
	int ret;

	ret = parse(expr, macros, NULL, &buf, NULL, err);
	if (!ret && !buf.s && !(buf.s = strdup(""))) {
		snprintf(err->msg, sizeof(err->msg), "%s", strerror(ENOMEM));
		ret = -ENOMEM;
	}
	if (ret) {
		free(buf.s);
		return ret;
	}
	*out = buf.s;
	return 0;
}

void query_free(struct log_query *q)
{
	if (!q)
		return;
	free(q->nodes);
	free(q);
}
