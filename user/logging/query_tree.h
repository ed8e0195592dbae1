/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Inside the filter language (logging/query.h): the tree a query is
 * parsed into and the parser's state, shared by the grammar (query.c),
 * the primitives (query_prim.c) and the matching (query_eval.c). Not for
 * other readers.
 */
#ifndef EBFILT_LOGGING_QUERY_TREE_H
#define EBFILT_LOGGING_QUERY_TREE_H

#include <net/if.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "logging/query.h"

#define QN_NONE UINT32_MAX
#define QUERY_APP_MAX 32

enum qnode_kind {
	QN_TRUE,	/* the empty expression */
	QN_AND,		/* its children, first to next */
	QN_OR,
	QN_NOT,		/* its one child */
	QN_ADDR,	/* arg.addr on side */
	QN_PORT,	/* arg.range on side */
	QN_PROTO,	/* arg.num: the transport protocol */
	QN_VERSION,	/* arg.num: 4 or 6 */
	QN_AH,
	QN_ESP,
	QN_RULE,	/* arg.range of rule IDs */
	QN_ACTION,	/* arg.num: enum ebfilt_action */
	QN_IFACE,	/* arg.iface */
	QN_WHY,		/* arg.num: enum log_why */
	QN_LEVEL,	/* arg.num: enum ebfilt_rec_type */
	QN_SEV,		/* arg.num: this syslog severity or worse */
	QN_APP,		/* arg.app */
};

enum qside { QS_SRC = 1, QS_DST = 2, QS_EITHER = QS_SRC | QS_DST };

struct qnode {
	uint8_t kind;
	uint8_t side;
	uint32_t first;		/* first child, or QN_NONE */
	uint32_t next;		/* next sibling, or QN_NONE */
	union {
		struct {
			uint8_t version;
			uint8_t lo[16], hi[16];	/* inclusive, network byte order */
		} addr;
		struct {
			uint32_t lo, hi;	/* inclusive */
		} range;
		uint32_t num;
		struct {
			char name[IF_NAMESIZE];	/* a prefix, compared without case */
			int8_t inbound;		/* 1, 0, or -1: either way */
		} iface;
		char app[QUERY_APP_MAX + 1];
	} arg;
};

/* Nodes are kept in one array and refer to each other by index. */
struct log_query {
	struct qnode *nodes;
	uint32_t count, cap;
	uint32_t root;
};

enum qtok { QT_END, QT_WORD, QT_LPAREN, QT_RPAREN, QT_NOT, QT_AND, QT_OR, QT_BAD };

struct qtoken {
	enum qtok type;
	size_t pos, len;	/* in the text being read */
};

/* What query_expand() writes. */
struct qbuf {
	char *s;
	size_t len, cap;
};

struct qparser {
	struct log_query *q;
	const struct macro_set *macros;
	struct query_error *err;
	const char *text;	/* the expression, or the body of the macro being read */
	size_t len;
	size_t at;		/* where the next token starts */
	struct qtoken tok;	/* the current one */
	unsigned int nest;	/* parentheses, nots and macros open */
	unsigned int nmacros;	/* names on stack */
	unsigned int base;	/* of them, those the caller put there */
	const char *stack[QUERY_MACRO_DEPTH + 1];
	size_t use_pos;		/* where the expression uses the outermost macro open */
	struct qbuf *out;	/* query_expand(), else NULL */
	size_t copied;		/* text before this is in out */
};

/* Tokens, messages and nodes (query_lex.c), for the grammar and the primitives. */
void qnext(struct qparser *p);
bool qword_is(const struct qparser *p, const char *word);
/* The current word in buf, or an error naming it when it does not fit. */
int qword_copy(struct qparser *p, char *buf, size_t size);
/* -EINVAL with p->err filled; " at POS" is appended. */
__attribute__((format(printf, 3, 4)))
int qfail(struct qparser *p, size_t pos, const char *fmt, ...);
/* As qfail(), for a message about the whole expression: no token quoted. */
__attribute__((format(printf, 3, 4)))
int qfail_whole(struct qparser *p, size_t pos, const char *fmt, ...);
/* "unexpected 'TOKEN' at POS", or "unexpected end of expression at POS". */
int qunexpected(struct qparser *p);
/* The current token, escaped and cut short for a message. */
const char *qquote(const struct qparser *p, char *buf, size_t size);
int qnode_new(struct qparser *p, enum qnode_kind kind, uint32_t *index);

/*
 * Operands (query_operand.c), each ending past its words: a number 0..max
 * in text (part of the current word); an address or a range of addresses;
 * a network; a range of ports (kind QN_PORT) or of rule IDs (QN_RULE). 0,
 * or -EINVAL with p->err filled.
 */
int qnumber(struct qparser *p, const char *text, unsigned long max, uint32_t *value);
int qparse_addrs(struct qparser *p, enum qside side, uint32_t *index);
int qparse_net(struct qparser *p, enum qside side, uint32_t *index);
int qparse_range(struct qparser *p, enum qnode_kind kind, enum qside side, uint32_t *index);
/* Whether the current word is an address or a range of them (a naked "host"). */
bool qat_address(const struct qparser *p);

/*
 * The primitive starting at the current token, a word (query_prim.c);
 * the current token is then the one after it.
 */
int query_primitive(struct qparser *p, uint32_t *index);

#endif
