// SPDX-License-Identifier: GPL-2.0
#include <errno.h>
#include <netinet/in.h>
#include <stdlib.h>
#include <string.h>

#include "logging/dump_priv.h"
#include "rules/format.h"
#include "rules/rule.h"

static const char *const format_names[] = {
	[DUMP_AIX] = "aix", [DUMP_IPMON] = "ipmon", [DUMP_JSON] = "json",
	[DUMP_WELF] = "welf", [DUMP_PCAP] = "pcap",
};

int dump_format_by_name(const char *name, enum dump_format *f)
{
	size_t i;

	for (i = 0; name && i < sizeof(format_names) / sizeof(format_names[0]); i++) {
		if (!strcmp(name, format_names[i])) {
			*f = (enum dump_format)i;
			return 0;
		}
	}
	return -EINVAL;
}

int dump_open(struct dump_out **d, enum dump_format f, FILE *out, const struct dump_options *opts)
{
	struct dump_out *n;
	int err = 0;

	*d = NULL;
	if (!out || (unsigned int)f > DUMP_PCAP)
		return -EINVAL;
	if (opts && opts->hex && f != DUMP_AIX && f != DUMP_IPMON)
		return -EINVAL;
	n = calloc(1, sizeof(*n));
	if (!n)
		return -ENOMEM;
	n->format = f;
	n->out = out;
	if (opts)
		n->opts = *opts;
	if (f == DUMP_WELF)
		err = dump_welf_open(n);
	else if (f == DUMP_PCAP)
		err = dump_pcap_open(n);
	if (err) {
		free(n);
		return err;
	}
	*d = n;
	return 0;
}

int dump_record(struct dump_out *d, const struct log_view *v)
{
	if (!d || !v || !v->hdr)
		return -EINVAL;
	/* Every format reads the captured bytes by cap_len. */
	if (v->pkt && v->pkt->cap_len > EBFILT_LOG_CAPTURE_MAX)
		return -EINVAL;
	if (d->format == DUMP_JSON)
		return dump_json(d, v);
	if (v->ev) {
		/* An ipmon line held for its repeats goes first. */
		int err = d->format == DUMP_IPMON ? dump_ipmon_flush(d) : 0;

		return err ? err : dump_event(d, v);
	}
	if (v->sess)
		return dump_session(d, v);
	/* Records of types not known here have no line, no WELF record, no packet. */
	if (v->hdr->type != EBFILT_REC_PACKET || !v->pkt)
		return 0;
	switch (d->format) {
	case DUMP_AIX:
		return dump_aix(d, v);
	case DUMP_IPMON:
		return dump_ipmon(d, v);
	case DUMP_WELF:
		return dump_welf(d, v);
	case DUMP_PCAP:
		return dump_pcap(d, v);
	default:
		return -EINVAL;
	}
}

int dump_close(struct dump_out *d)
{
	int err = 0, flushed;

	if (!d)
		return 0;
	if (d->format == DUMP_IPMON)
		err = dump_ipmon_flush(d);
	else if (d->format == DUMP_PCAP)
		err = dump_pcap_close(d);
	/* The caller closes out; a write that fails only when flushed is still ours to report. */
	errno = 0;
	flushed = fflush(d->out);
	if (flushed && !err)
		err = errno ? -errno : -EIO;
	free(d);
	return err;
}

void dump_line_init(struct dump_line *l)
{
	l->len = 0;
	l->cut = false;
	l->text[0] = '\0';
}

void dump_line_add(struct dump_line *l, const char *fmt, ...)
{
	size_t room = sizeof(l->text) - l->len;
	va_list ap;
	int n;

	if (l->cut)
		return;
	va_start(ap, fmt);
	n = vsnprintf(l->text + l->len, room, fmt, ap);
	va_end(ap);
	if (n < 0 || (size_t)n >= room) {
		l->cut = true;
		l->len = sizeof(l->text) - 1;
		return;
	}
	l->len += (size_t)n;
}

int dump_put(struct dump_out *d, const char *text)
{
	errno = 0;
	if (fputs(text, d->out) == EOF || ferror(d->out))
		return errno ? -errno : -EIO;
	return 0;
}

int dump_hex(struct dump_out *d, const uint8_t *bytes, size_t n)
{
	size_t row, i;
	int err;

	for (row = 0; row < n; row += 16) {
		size_t in_row = n - row < 16 ? n - row : 16;
		struct dump_line l;

		dump_line_init(&l);
		/* Short rows are padded, so the text column stays where full rows put it. */
		for (i = 0; i < 16; i++) {
			if (i < in_row)
				dump_line_add(&l, "%02x", bytes[row + i]);
			else
				dump_line_add(&l, "  ");
			if (i < 15)
				dump_line_add(&l, " ");
		}
		dump_line_add(&l, "        ");
		for (i = 0; i < in_row; i++) {
			uint8_t c = bytes[row + i];

			dump_line_add(&l, "%c", c >= 0x20 && c < 0x7f ? c : '.');
		}
		dump_line_add(&l, "\n");
		err = dump_put(d, l.text);
		if (err)
			return err;
	}
	return 0;
}

const char *dump_addr(const struct ebfilt_log_record *r, const uint8_t *addr, char *buf)
{
	struct rule_addr a;

	if (!(r->flags & EBFILT_LOG_ADDRS))
		return "-";
	memset(&a, 0, sizeof(a));
	memcpy(a.bytes, addr, 16);
	return rule_addr_text(r->version, &a, buf);
}

const char *dump_ifname(const char *name, char buf[ESCAPED_MAX])
{
	return name ? escape_text(name, ESCAPE_TOKEN_MAX, buf, ESCAPED_MAX) : "-";
}

/*
 * The bytes of headers[] the record holds. Records read from the ring or
 * the store are checked before they get here; this holds the walks below
 * inside the array even when one was not.
 */
static unsigned int cap_of(const struct ebfilt_log_record *r)
{
	return r->cap_len < sizeof(r->headers) ? r->cap_len : sizeof(r->headers);
}

/* IPv6's extension headers, walked as far as the capture goes. */
static int ipv6_transport_off(const struct ebfilt_log_record *r, uint8_t *proto)
{
	const uint8_t *h = r->headers;
	unsigned int off = 40, hops, cap = cap_of(r);
	uint8_t next = h[6];

	for (hops = 0; hops < 16; hops++) {
		switch (next) {
		case IPPROTO_HOPOPTS:
		case IPPROTO_ROUTING:
		case IPPROTO_DSTOPTS:
		case IPPROTO_MH:
			if (off + 2 > cap)
				return -1;
			next = h[off];
			off += (h[off + 1] + 1u) * 8;
			break;
		case IPPROTO_AH:
			if (off + 2 > cap)
				return -1;
			next = h[off];
			off += (h[off + 1] + 2u) * 4;
			break;
		case IPPROTO_FRAGMENT:
			if (off + 4 > cap)
				return -1;
			next = h[off];
			off += 8;
			/* A later fragment: what follows is data, not a header. */
			if (((h[off - 6] << 8 | h[off - 5]) & 0xfff8) != 0) {
				*proto = next;
				return (int)off;
			}
			break;
		default:
			*proto = next;
			return (int)off;
		}
	}
	return -1;
}

int dump_transport_off(const struct ebfilt_log_record *r, uint8_t *proto)
{
	const uint8_t *h = r->headers;
	unsigned int off, cap = cap_of(r);

	if (r->version == 6)
		return cap >= 40 && h[0] >> 4 == 6 ? ipv6_transport_off(r, proto) : -1;
	if (r->version != 4 || cap < 20 || h[0] >> 4 != 4 || (h[0] & 0xf) < 5)
		return -1;
	off = (h[0] & 0xfu) * 4;
	*proto = h[9];
	if (*proto == IPPROTO_AH && r->frag != EBFILT_FRAG_LATER) {
		if (off + 2 > cap)
			return -1;
		*proto = h[off];
		off += (h[off + 1] + 2u) * 4;
	}
	return (int)off;
}

unsigned int dump_ip_hlen(const struct ebfilt_log_record *r)
{
	uint8_t proto;
	int off;

	if (r->version == 4)
		return r->cap_len && r->headers[0] >> 4 == 4 ? (r->headers[0] & 0xfu) * 4 : 20;
	off = dump_transport_off(r, &proto);
	return off > 0 ? (unsigned int)off : 40;
}

bool dump_tcp_flags(const struct ebfilt_log_record *r, char buf[9])
{
	static const struct {
		uint8_t bit;
		char letter;
	} letters[] = {
		{ 0x10, 'A' }, { 0x04, 'R' }, { 0x02, 'S' }, { 0x01, 'F' },
		{ 0x20, 'U' }, { 0x08, 'P' }, { 0x40, 'E' }, { 0x80, 'C' },
	};
	size_t i, n = 0;
	uint8_t proto, flags;
	int off;

	if (!(r->flags & EBFILT_LOG_PROTO) || r->proto != IPPROTO_TCP ||
	    r->frag == EBFILT_FRAG_LATER)
		return false;
	off = dump_transport_off(r, &proto);
	if (off < 0 || proto != IPPROTO_TCP || (unsigned int)off + 14 > cap_of(r))
		return false;
	flags = r->headers[off + 13];
	for (i = 0; i < sizeof(letters) / sizeof(letters[0]); i++)
		if (flags & letters[i].bit)
			buf[n++] = letters[i].letter;
	buf[n] = '\0';
	return true;
}

const char *dump_proto_name(const struct ebfilt_log_record *r)
{
	char num[4];
	const char *name;

	/* 0 is IPv4's HOPOPT, which the rule names call "all". */
	if (!(r->flags & EBFILT_LOG_PROTO) || r->proto == 0)
		return NULL;
	name = proto_text(r->proto, false, num);
	return name == num ? NULL : name;
}
