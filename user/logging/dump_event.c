// SPDX-License-Identifier: GPL-2.0
/*
 * Extended events in each dump format (events.h): aix is the message as
 * syslog got it; ipmon leads it with the time and who raised it; json and
 * welf name every field (ipsec_log(8)); pcap has no place for one.
 */
#include <errno.h>
#include <stdio.h>
#include <time.h>

#include "logging/dump_priv.h"
#include "util/json.h"

static int event_text_line(struct dump_out *d, const struct log_view *v)
{
	const struct event_record *ev = v->ev;
	char date[32], line[EVENT_TEXT_MAX + 160];
	struct tm tm;

	if (d->format == DUMP_AIX) {
		snprintf(line, sizeof(line), "%s\n", ev->text);
		return dump_put(d, line);
	}
	localtime_r(&v->when.tv_sec, &tm);
	strftime(date, sizeof(date), "%d/%m/%Y %H:%M:%S", &tm);
	snprintf(line, sizeof(line), "%s.%06u %s[%u] %s.%s: %s\n", date,
		 (unsigned int)((unsigned long)v->when.tv_nsec / 1000 % 1000000), ev->tag, ev->pid,
		 event_component_name(ev->component), event_severity_name(ev->severity), ev->text);
	return dump_put(d, line);
}

/* id=firewall time="..." fw=host pri=4 ebfilt_component=ipsec_logd ebfilt_event=... msg="..." */
static int event_welf(struct dump_out *d, const struct log_view *v)
{
	const struct event_record *ev = v->ev;
	char when[32], text[EVENT_TEXT_MAX * 4 + 8];
	struct dump_line l;
	struct tm tm;

	localtime_r(&v->when.tv_sec, &tm);
	strftime(when, sizeof(when), "%Y-%m-%d %H:%M:%S", &tm);
	dump_line_init(&l);
	dump_line_add(&l, "id=firewall time=\"%s\" fw=%s pri=%u", when, d->host, ev->severity);
	if (ev->rule_id)
		dump_line_add(&l, " rule=%u", ev->rule_id);
	dump_line_add(&l, " ebfilt_component=%s ebfilt_event=%s msg=\"%s\"\r\n",
		      event_component_name(ev->component), event_defs[ev->event].name,
		      dump_welf_text(ev->text, EVENT_TEXT_MAX, text, sizeof(text)));
	return l.cut ? -EMSGSIZE : dump_put(d, l.text);
}

void dump_json_event(struct dump_line *l, const struct log_view *v)
{
	const struct event_record *ev = v->ev;
	char quoted[JSON_QUOTED_MAX(EVENT_TEXT_MAX)];

	dump_line_add(l, ",\"type\":\"event\",\"event\":\"%s\",\"component\":\"%s\"",
		      event_defs[ev->event].name, event_component_name(ev->component));
	dump_line_add(l, ",\"severity\":\"%s\",\"rule\":%u,\"program\":\"%s\",\"pid\":%u",
		      event_severity_name(ev->severity), ev->rule_id, ev->tag, ev->pid);
	dump_line_add(l, ",\"message\":%s", json_quote(ev->text, EVENT_TEXT_MAX, quoted,
						       sizeof(quoted)));
}

int dump_event(struct dump_out *d, const struct log_view *v)
{
	switch (d->format) {
	case DUMP_AIX:
	case DUMP_IPMON:
		return event_text_line(d, v);
	case DUMP_WELF:
		return event_welf(d, v);
	default:
		return 0;	/* pcap: no packet to write */
	}
}
