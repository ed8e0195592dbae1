// SPDX-License-Identifier: GPL-2.0
/*
 * libFuzzer: ipsec_log's filter language. Each input is an expression,
 * parsed with a small set of macros. A refusal must be -EINVAL with one
 * printable line and a position inside the expression. An expression
 * accepted is matched against a few fixed records, and its text with
 * the macros expanded must parse, without the macros, to a query that
 * matches the same records.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "logging/macros.h"
#include "logging/query.h"
#include "util/diag.h"

#define VIEWS 6

static struct macro_set macros;
static struct ebfilt_log_record recs[VIEWS - 1];
static struct ebfilt_rec_hdr session = { .len = 16, .type = EBFILT_REC_SESSION, .version = 1 };
static struct log_view views[VIEWS];

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void record(int i, uint8_t version, uint8_t proto, const char *src, const char *dst,
		   uint16_t sport, uint16_t dport, uint8_t flags)
{
	struct ebfilt_log_record *r = &recs[i];

	r->hdr.len = (uint16_t)ebfilt_log_record_len(0);
	r->hdr.type = EBFILT_REC_PACKET;
	r->hdr.version = EBFILT_REC_PACKET_VERSION;
	r->version = version;
	r->proto = proto;
	r->flags = flags;
	inet_pton(version == 4 ? AF_INET : AF_INET6, src, r->saddr);
	inet_pton(version == 4 ? AF_INET : AF_INET6, dst, r->daddr);
	r->sport = sport;
	r->dport = dport;
	r->rule_id = (uint32_t)i;
	r->action = i % 2 ? EBFILT_PERMIT : EBFILT_DENY;
	r->inbound = i % 2;
	views[i] = (struct log_view){ .hdr = &r->hdr, .pkt = r, .ifname = i < 3 ? "eth0" : NULL };
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	const uint8_t full = EBFILT_LOG_ADDRS | EBFILT_LOG_PROTO | EBFILT_LOG_PORTS;

	(void)argc;
	(void)argv;
	diag_set_level(DIAG_SILENT);
	record(0, 4, 6, "192.0.2.1", "198.51.100.7", 1234, 80, full);
	record(1, 6, 17, "2001:db8::1", "2001:db8::2", 53, 5353, full);
	record(2, 4, 1, "192.0.2.1", "192.0.2.9", 8, 0, full);
	record(3, 4, 0, "0.0.0.0", "0.0.0.0", 0, 0, EBFILT_LOG_SHORT);
	recs[3].reason = EBFILT_REASON_UNSEEN;
	record(4, 6, 50, "2001:db8::1", "2001:db8::9", 0, 0,
	       EBFILT_LOG_ADDRS | EBFILT_LOG_PROTO | EBFILT_LOG_ESP | EBFILT_LOG_AH);
	views[5] = (struct log_view){ .hdr = &session, .ifname = "eth0" };
	if (macros_add(&macros, "web", "port 80 or port 443", "web") ||
	    macros_add(&macros, "inweb", "macro web and logiface eth in", NULL) ||
	    macros_add(&macros, "v6", "ip6 and not net 2001:db8::/32", NULL) ||
	    macros_add(&macros, "both", "(macro inweb) || !macro v6 macro web", NULL))
		abort();
	return 0;
}

static void check_error(int err, const struct query_error *e, size_t len)
{
	const char *c;

	if (err != -EINVAL && err != -ENOMEM && err != -E2BIG)
		abort();
	if (e->pos > len || !e->msg[0] || strnlen(e->msg, sizeof(e->msg)) == sizeof(e->msg))
		abort();
	for (c = e->msg; *c; c++)
		if (*c < 0x20 || *c > 0x7e)
			abort();
}

/* The expansion, parsed without macros, matches what the expression matches. */
static void check_expansion(const char *expr, const struct log_query *q)
{
	struct query_error e;
	struct log_query *again;
	char *text;
	int err, i;

	err = query_expand(expr, &macros, &text, &e);
	if (err) {
		check_error(err, &e, strlen(expr));
		if (err == -EINVAL)	/* the expression parsed: so must its expansion */
			abort();
		return;
	}
	if (strlen(text) > QUERY_EXPR_MAX) {
		free(text);
		return;
	}
	err = query_parse(text, NULL, &again, &e);
	if (err) {
		fprintf(stderr, "expansion \"%s\" refused: %s\n", text, e.msg);
		abort();
	}
	for (i = 0; i < VIEWS; i++)
		if (query_match(q, &views[i]) != query_match(again, &views[i])) {
			fprintf(stderr, "\"%s\" and \"%s\" disagree on record %d\n", expr, text, i);
			abort();
		}
	query_free(again);
	free(text);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct query_error e;
	struct log_query *q = NULL;
	char *expr;
	int err, i;

	if (size > QUERY_EXPR_MAX + 16)
		return 0;
	expr = malloc(size + 1);
	if (!expr)
		return 0;
	memcpy(expr, data, size);
	expr[size] = '\0';
	err = query_parse(expr, &macros, &q, &e);
	if (err) {
		check_error(err, &e, strlen(expr));
		if (q)
			abort();
	} else {
		for (i = 0; i < VIEWS; i++)
			query_match(q, &views[i]);
		check_expansion(expr, q);
		query_free(q);
	}
	free(expr);
	return 0;
}
