// SPDX-License-Identifier: GPL-2.0
#include <arpa/inet.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <sys/uio.h>
#include <systemd/sd-journal.h>

#include "logging/journal.h"
#include "logging/view.h"
#include "rules/rule.h"

#define FIELDS_MAX 16

struct fields {
	struct iovec iov[FIELDS_MAX];
	char text[FIELDS_MAX][96];
	int n;
};

/* One KEY=value field; the MESSAGE, which may be long, by reference. */
__attribute__((format(printf, 2, 3)))
static void field(struct fields *f, const char *fmt, ...)
{
	va_list ap;
	int len;

	if (f->n == FIELDS_MAX)
		return;
	va_start(ap, fmt);
	len = vsnprintf(f->text[f->n], sizeof(f->text[0]), fmt, ap);
	va_end(ap);
	if (len < 0 || (size_t)len >= sizeof(f->text[0]))
		return;
	f->iov[f->n] = (struct iovec){ .iov_base = f->text[f->n], .iov_len = (size_t)len };
	f->n++;
}

int journal_send(const struct ebfilt_log_record *rec, const char *ifname, const char *line,
		 int severity, int facility)
{
	char addr[INET6_ADDRSTRLEN], message[600], buf[4];
	int af = rec->version == 6 ? AF_INET6 : AF_INET, len;
	bool icmp = log_is_icmp(rec);
	struct fields f = { .n = 0 };

	len = snprintf(message, sizeof(message), "MESSAGE=%s", line);
	if (len < 0 || (size_t)len >= sizeof(message))
		return -EMSGSIZE;
	field(&f, "PRIORITY=%d", severity);
	field(&f, "SYSLOG_FACILITY=%d", facility);
	field(&f, "SYSLOG_IDENTIFIER=ipsec_logd");
	field(&f, "EBFILT_RULE=%u", rec->rule_id);
	field(&f, "EBFILT_ACTION=%s", rec->action == EBFILT_PERMIT ? "permit" : "deny");
	field(&f, "EBFILT_DIRECTION=%s", rec->inbound ? "in" : "out");
	/* A field the packet did not carry is left out, not sent empty. */
	if (rec->flags & EBFILT_LOG_ADDRS) {
		field(&f, "EBFILT_SRC=%s", inet_ntop(af, rec->saddr, addr, sizeof(addr)));
		field(&f, "EBFILT_DST=%s", inet_ntop(af, rec->daddr, addr, sizeof(addr)));
	}
	if (rec->flags & EBFILT_LOG_PROTO)
		field(&f, "EBFILT_PROTO=%s", proto_text(rec->proto, false, buf));
	if (rec->flags & EBFILT_LOG_PORTS) {
		field(&f, "%s=%u", icmp ? "EBFILT_ICMP_TYPE" : "EBFILT_SPORT", rec->sport);
		field(&f, "%s=%u", icmp ? "EBFILT_ICMP_CODE" : "EBFILT_DPORT", rec->dport);
	}
	if (ifname)
		field(&f, "EBFILT_IFACE=%s", ifname);
	field(&f, "EBFILT_TUNNEL=%u", rec->tunnel);
	field(&f, "EBFILT_REASON=%s", log_why_name(log_why_of(rec)));
	f.iov[f.n < FIELDS_MAX ? f.n : FIELDS_MAX - 1] =
		(struct iovec){ .iov_base = message, .iov_len = (size_t)len };
	return sd_journal_sendv(f.iov, f.n < FIELDS_MAX ? f.n + 1 : FIELDS_MAX);
}
