/* SPDX-License-Identifier: GPL-2.0 */
/*
 * ipsec_log's filter language: snoop's expressions, with the additions
 * SunScreen's logdump made for logs (logiface, logwhy, loglvl, logsev,
 * logapp, macro) and ebfilt's own (rule, action, ranges):
 *
 *   expr      := and { ("or" | "||") and }
 *   and       := unary { [ "and" | "&&" ] unary }    two in a row: and
 *   unary     := ("not" | "!") unary | "(" expr ")" | primitive
 *   primitive := [dir] "host" ADDRS | dir ADDRS | ADDRS | [dir] "net" NET
 *              | [dir] "port" PORTS | "srcport" PORTS | "dstport" PORTS
 *              | "tcp" | "udp" | "icmp" | "icmp6" | "ip" | "ip6" | "esp" | "ah"
 *              | "proto" (NUMBER | NAME) | "rule" NUMBERS
 *              | "action" ("permit" | "pass" | "deny" | "block")
 *              | "logiface" NAME [ "in" | "out" ] | "logwhy" (1-5 | NAME)
 *              | "loglvl" ("pkt" | "sess" | "event") | "logsev" LEVEL
 *              | "logapp" NAME | "macro" NAME
 *   dir       := "src" | "from" | "dst" | "to"
 *   ADDRS     := ADDR [ ".." ADDR ]                 one IP version
 *   NET       := ADDR "/" LEN | ADDR "mask" ADDR
 *   PORTS     := PORT [ ".." PORT ]                 PORT: a number or a service
 *   NUMBERS   := NUMBER [ ".." NUMBER ]
 *
 * Ranges include both ends. ip and ip6 are the IP version; ah matches a
 * packet AH protected (its protocol is then the one inside); port never
 * matches ICMP, whose type and code take the ports' place; logiface
 * matches a prefix of the interface's name; logsev matches that severity
 * and worse; logapp "filter" matches packet records. Words are
 * case-insensitive; macro names, services and protocol names from the
 * system's databases are not. An expression is parsed once into a tree,
 * then matched against records.
 */
#ifndef EBFILT_LOGGING_QUERY_H
#define EBFILT_LOGGING_QUERY_H

#include <stdbool.h>
#include <stddef.h>

#include "logging/view.h"

#define QUERY_EXPR_MAX		4096	/* bytes in an expression */
#define QUERY_NEST_MAX		64	/* parentheses, nots and macros inside each other */
#define QUERY_MACRO_DEPTH	16	/* macros inside each other */
#define QUERY_NODES_MAX		65536	/* primitives and operators, macros expanded */

struct log_query;	/* opaque */
struct macro_set;

/* pos: byte offset in the expression of the offending token. */
struct query_error {
	size_t pos;
	char msg[160];
};

/*
 * Parse expr, with the stored macros (macros may be NULL: no macro is
 * known). 0 with *out set, or -EINVAL with *err filled ("unexpected 'foo'
 * at 12"); nothing is reported through diag.h, the caller says it. An
 * error inside a macro's body names the macro and the place in its body,
 * and err->pos is where the expression uses it. An empty expression (or
 * only blanks) matches everything. -ENOMEM fills err->msg too.
 */
int query_parse(const char *expr, const struct macro_set *macros, struct log_query **out,
		struct query_error *err);

/*
 * Whether the record matches. A primitive that needs a packet's field
 * matches no record that is not a packet, nor a packet that did not carry
 * that field (ports of a header cut short, of ICMP).
 */
bool query_match(const struct log_query *q, const struct log_view *v);

void query_free(struct log_query *q);

/*
 * The body of the macro name, checked as query_parse() would parse it
 * where it is used: a use of name inside it (directly or through other
 * macros) is a cycle. Errors as query_parse(); no tree is kept.
 */
int query_check_macro(const char *name, const char *expr, const struct macro_set *macros,
		      struct query_error *err);

/*
 * expr as text with each "macro NAME" replaced by "(" and the macro's
 * body, itself expanded, and ")"; the rest as written. 0 with *out
 * allocated (free() it), or errors as query_parse(); -E2BIG with *err
 * filled when the text would pass 1 MiB.
 */
int query_expand(const char *expr, const struct macro_set *macros, char **out,
		 struct query_error *err);

#endif
