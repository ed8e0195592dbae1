/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Inside the dump formats (dump.c and dump_*.c): the state of one output,
 * a bounded line being built, and what several formats read from the
 * captured bytes (the transport header, TCP's flags).
 */
#ifndef EBFILT_LOGGING_DUMP_PRIV_H
#define EBFILT_LOGGING_DUMP_PRIV_H

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include "logging/dump.h"
#include "util/escape.h"

struct pcap;
struct pcap_dumper;

#define DUMP_LINE_MAX 8192	/* a JSON line with a whole detail capture in hex fits */

/* A line being built; text past the end is cut, and the line says so (cut). */
struct dump_line {
	size_t len;
	bool cut;
	char text[DUMP_LINE_MAX];
};

/* ipmon's line held back while the records after it repeat it. */
struct dump_held {
	unsigned long count;	/* 0: nothing held */
	char when[40];		/* the first one's time: the line's first field */
	char rest[512];		/* the line after the time, which repeats compare */
	uint16_t cap_len;	/* with -x, the captured bytes must repeat too */
	uint8_t bytes[EBFILT_LOG_CAPTURE_MAX];
};

struct dump_out {
	enum dump_format format;
	FILE *out;
	struct dump_options opts;
	struct dump_held held;		/* ipmon */
	char host[ESCAPED_MAX];		/* welf: fw= */
	struct pcap *pcap;		/* pcap */
	struct pcap_dumper *dumper;	/* writes to mem, copied to out */
	FILE *mem;
	char *mem_buf;
	size_t mem_size;
};

void dump_line_init(struct dump_line *l);
/* An event in d's format (dump_event.c); its JSON fields after the time. */
int dump_event(struct dump_out *d, const struct log_view *v);
void dump_json_event(struct dump_line *l, const struct log_view *v);
/*
 * A WELF value: printable ASCII, \xNN for the rest and for '"' (WELF
 * quotes a value with spaces and has no escape inside the quotes); at
 * most max_in bytes of text.
 */
const char *dump_welf_text(const char *text, size_t max_in, char *out, size_t size);
void dump_line_add(struct dump_line *l, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* Write text to d's output; 0 or -errno. */
int dump_put(struct dump_out *d, const char *text);

/* ipmon -x's hex dump of n bytes: 16 a row, in hex and then as text. */
int dump_hex(struct dump_out *d, const uint8_t *bytes, size_t n);

/* The record's address as text, "-" when the packet did not carry it. */
const char *dump_addr(const struct ebfilt_log_record *r, const uint8_t *addr, char *buf);

/* The interface's name made safe for a text line ("-" when not known). */
const char *dump_ifname(const char *name, char buf[ESCAPED_MAX]);

/*
 * Where the transport header starts in the captured bytes (past IPv4's
 * options and AH, past IPv6's extension headers), with its protocol in
 * *proto; -1 when the bytes captured do not say. The offset may be past
 * cap_len. In a later fragment there is no transport header there.
 */
int dump_transport_off(const struct ebfilt_log_record *r, uint8_t *proto);

/* IPv4's header length (20 when not captured); IPv6's with its extension headers (40 at least). */
unsigned int dump_ip_hlen(const struct ebfilt_log_record *r);

/*
 * TCP's flags as ipmon writes them (letters in the order ARSFUPEC, "" for
 * none) when the captured bytes hold them; false otherwise.
 */
bool dump_tcp_flags(const struct ebfilt_log_record *r, char buf[9]);

/* The protocol's name when it has one (tcp, udp, icmp, icmpv6, esp, ah, ipip, ospf), else NULL. */
const char *dump_proto_name(const struct ebfilt_log_record *r);

/* The formats: each writes v (a packet record unless said otherwise). */
int dump_aix(struct dump_out *d, const struct log_view *v);
int dump_ipmon(struct dump_out *d, const struct log_view *v);
int dump_ipmon_flush(struct dump_out *d);
int dump_welf_open(struct dump_out *d);
int dump_welf(struct dump_out *d, const struct log_view *v);
int dump_json(struct dump_out *d, const struct log_view *v);	/* every record type */
int dump_pcap_open(struct dump_out *d);
int dump_pcap(struct dump_out *d, const struct log_view *v);
int dump_pcap_close(struct dump_out *d);
/* A session record in any format but JSON (session_dump.c); pcap: none, it has no packet. */
int dump_session(struct dump_out *d, const struct log_view *v);
/* A session record's JSON fields, after "time". */
void dump_session_json(struct dump_line *l, const struct log_view *v);

#endif
