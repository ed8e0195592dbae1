// SPDX-License-Identifier: GPL-2.0
#include <arpa/inet.h>
#include <stdio.h>
#include <systemd/sd-journal.h>

#include "logging/journal.h"
#include "logging/view.h"
#include "rules/rule.h"

static const char *const why_names[] = {
	[LOG_WHY_RULE] = "rule", [LOG_WHY_DEFAULT] = "default", [LOG_WHY_SHUN] = "shun",
	[LOG_WHY_UNSEEN] = "unseen", [LOG_WHY_FRAG] = "frag",
};

int journal_send(const struct ebfilt_log_record *rec, const char *ifname, const char *line,
		 int severity, int facility)
{
	char src[INET6_ADDRSTRLEN] = "", dst[INET6_ADDRSTRLEN] = "", buf[4];
	const char *proto = "";
	char ports[2][40] = { "", "" };
	bool icmp = rec->proto == 1 || rec->proto == 58;
	int af = rec->version == 6 ? AF_INET6 : AF_INET;

	if (rec->flags & EBFILT_LOG_ADDRS) {
		inet_ntop(af, rec->saddr, src, sizeof(src));
		inet_ntop(af, rec->daddr, dst, sizeof(dst));
	}
	if (rec->flags & EBFILT_LOG_PROTO)
		proto = proto_text(rec->proto, false, buf);
	if (rec->flags & EBFILT_LOG_PORTS) {
		snprintf(ports[0], sizeof(ports[0]), "%s=%u", icmp ? "EBFILT_ICMP_TYPE" : "EBFILT_SPORT",
			 rec->sport);
		snprintf(ports[1], sizeof(ports[1]), "%s=%u", icmp ? "EBFILT_ICMP_CODE" : "EBFILT_DPORT",
			 rec->dport);
	}
	/* Empty fields are sent empty: journalctl matches them as absent values. */
	return sd_journal_send("MESSAGE=%s", line, "PRIORITY=%d", severity,
			       "SYSLOG_FACILITY=%d", facility,
			       "SYSLOG_IDENTIFIER=ipsec_logd",
			       "EBFILT_RULE=%u", rec->rule_id,
			       "EBFILT_ACTION=%s", rec->action == EBFILT_PERMIT ? "permit" : "deny",
			       "EBFILT_DIRECTION=%s", rec->inbound ? "in" : "out",
			       "EBFILT_SRC=%s", src, "EBFILT_DST=%s", dst, "EBFILT_PROTO=%s", proto,
			       "%s", ports[0][0] ? ports[0] : "EBFILT_PORTS=none",
			       "%s", ports[1][0] ? ports[1] : "EBFILT_PORTS=none",
			       "EBFILT_IFACE=%s", ifname ? ifname : "",
			       "EBFILT_TUNNEL=%u", rec->tunnel,
			       "EBFILT_REASON=%s", why_names[log_why_of(rec)], NULL);
}
