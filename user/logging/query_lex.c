// SPDX-License-Identifier: GPL-2.0
/*
 * The filter language's tokens (words, parentheses, the operators), its
 * error messages, which name the token and its position, and the nodes of
 * the tree the grammar (query.c) builds.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "logging/query_tree.h"
#include "util/escape.h"

static bool word_byte(unsigned char c)
{
	/* Quotes and backslashes are left out so that the macro file never needs them. */
	return c > 0x20 && c < 0x7f && !strchr("()!&|\"\\", c);
}

void qnext(struct qparser *p)
{
	const char *s = p->text;
	size_t i = p->at;

	while (i < p->len && strchr(" \t\n\r\v\f", s[i]))
		i++;
	p->tok.pos = i;
	p->tok.len = 1;
	if (i == p->len) {
		p->tok.type = QT_END;
		p->tok.len = 0;
	} else if (s[i] == '(' || s[i] == ')') {
		p->tok.type = s[i] == '(' ? QT_LPAREN : QT_RPAREN;
	} else if (s[i] == '!') {
		p->tok.type = QT_NOT;
	} else if ((s[i] == '&' || s[i] == '|') && i + 1 < p->len && s[i + 1] == s[i]) {
		p->tok.type = s[i] == '&' ? QT_AND : QT_OR;
		p->tok.len = 2;
	} else if (word_byte((unsigned char)s[i])) {
		p->tok.type = QT_WORD;
		while (i + p->tok.len < p->len && word_byte((unsigned char)s[i + p->tok.len]))
			p->tok.len++;
	} else {
		p->tok.type = QT_BAD;
	}
	p->at = i + p->tok.len;
}

bool qword_is(const struct qparser *p, const char *word)
{
	return p->tok.type == QT_WORD && strlen(word) == p->tok.len &&
	       !strncasecmp(p->text + p->tok.pos, word, p->tok.len);
}

const char *qquote(const struct qparser *p, char *buf, size_t size)
{
	char raw[32];
	size_t len = p->tok.len < sizeof(raw) - 1 ? p->tok.len : sizeof(raw) - 1;

	memcpy(raw, p->text + p->tok.pos, len);
	raw[len] = '\0';
	return escape_text(raw, 24, buf, size);
}

__attribute__((format(printf, 4, 0)))
static void vfail(struct qparser *p, size_t pos, bool whole, const char *fmt, va_list ap)
{
	struct query_error *err = p->err;
	bool inside = p->nmacros > p->base;
	char suffix[32] = "";
	size_t len = 0, room;

	/* Positions inside a macro's body mean nothing in the expression: say which. */
	err->pos = inside ? p->use_pos : pos;
	if (inside && !whole)
		len = (size_t)snprintf(err->msg, sizeof(err->msg), "in macro '%s': ",
				       p->stack[p->nmacros - 1]);
	if (!whole)
		snprintf(suffix, sizeof(suffix), " at %zu", pos);
	/* Cut the middle, never the position. */
	room = sizeof(err->msg) - strlen(suffix);
	if (len >= room)
		len = room - 1;
	vsnprintf(err->msg + len, room - len, fmt, ap);
	strcat(err->msg, suffix);
}

int qfail(struct qparser *p, size_t pos, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vfail(p, pos, false, fmt, ap);
	va_end(ap);
	return -EINVAL;
}

/* A message that says where by itself (a chain of macros): no position. */
__attribute__((format(printf, 3, 4)))
int qfail_whole(struct qparser *p, size_t pos, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vfail(p, pos, true, fmt, ap);
	va_end(ap);
	return -EINVAL;
}

int qunexpected(struct qparser *p)
{
	char token[ESCAPED_MAX];

	if (p->tok.type == QT_END)
		return qfail(p, p->tok.pos, "unexpected end of expression");
	return qfail(p, p->tok.pos, "unexpected '%s'", qquote(p, token, sizeof(token)));
}

int qword_copy(struct qparser *p, char *buf, size_t size)
{
	char token[ESCAPED_MAX];

	if (p->tok.type != QT_WORD)
		return qunexpected(p);
	if (p->tok.len >= size)
		return qfail(p, p->tok.pos, "'%s' is too long", qquote(p, token, sizeof(token)));
	memcpy(buf, p->text + p->tok.pos, p->tok.len);
	buf[p->tok.len] = '\0';
	return 0;
}

int qnode_new(struct qparser *p, enum qnode_kind kind, uint32_t *index)
{
	struct log_query *q = p->q;
	struct qnode *grown;

	if (q->count == QUERY_NODES_MAX)
		return qfail_whole(p, p->tok.pos, "more than %u terms with the macros expanded",
				   QUERY_NODES_MAX);
	if (q->count == q->cap) {
		uint32_t cap = q->cap ? q->cap * 2 : 16;

		grown = realloc(q->nodes, cap * sizeof(*grown));
		if (!grown)
			return -ENOMEM;
		q->nodes = grown;
		q->cap = cap;
	}
	*index = q->count++;
	memset(&q->nodes[*index], 0, sizeof(q->nodes[0]));
	q->nodes[*index].kind = (uint8_t)kind;
	q->nodes[*index].first = q->nodes[*index].next = QN_NONE;
	return 0;
}
