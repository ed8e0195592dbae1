// SPDX-License-Identifier: GPL-2.0
/*
 * The one table of extended events (events.h), their components and
 * severities by name, the severity limits, and the event record.
 * ebfilt-messages(7) explains every entry; tests/cli/93-messages.t fails
 * when one is missing there.
 */
#include <errno.h>
#include <string.h>
#include <strings.h>
#include <syslog.h>
#include <time.h>
#include <unistd.h>

#include "logging/events.h"

#define EV(id, nm, comp, sev, fmt, names) \
	[id] = { .name = nm, .component = comp, .severity = sev, .format = fmt, .args = names }

const struct event_def event_defs[EV_COUNT] = {
	/* mkfilt: AIX's own lines first, as AIX writes them. */
	EV(EV_LOGGING_STATUS, "logging-status", COMP_MKFILT, LOG_INFO,
	   "Status of packet logging set to %s at %s", "Start|Stop TIME"),
	EV(EV_RULE_IN_FORCE, "rule-in-force", COMP_MKFILT, LOG_INFO, "%s", "RULE"),
	EV(EV_FILTER_INITIALIZED, "filter-initialized", COMP_MKFILT, LOG_INFO,
	   "Filter support (level 1.00) initialized at %s", "TIME"),
	EV(EV_FILTER_ACTIVATED, "filter-activated", COMP_MKFILT, LOG_NOTICE,
	   "filter activated: %s, checksum %s", "TABLES CHECKSUM"),
	EV(EV_FILTER_REPLACED, "filter-replaced", COMP_MKFILT, LOG_NOTICE,
	   "filter replaced: %s, checksum %s", "TABLES CHECKSUM"),
	EV(EV_FILTER_DEACTIVATED, "filter-deactivated", COMP_MKFILT, LOG_NOTICE,
	   "filter deactivated: IPv%u packets are no longer filtered, checksum %s was",
	   "VERSION CHECKSUM"),
	EV(EV_ACTIVATION_FAILED, "activation-failed", COMP_MKFILT, LOG_ERR,
	   "activation failed: %s; the filter in force is unchanged", "REASON"),
	EV(EV_INTERFACE, "interface", COMP_MKFILT, LOG_INFO,
	   "interface %s (index %d) %s", "NAME INDEX WHAT"),
	EV(EV_WATCHD_ERROR, "watchd-error", COMP_MKFILT, LOG_ERR, "%s", "PROBLEM"),
	EV(EV_WATCHD_WARNING, "watchd-warning", COMP_MKFILT, LOG_WARNING, "%s", "PROBLEM"),
	/* ipsec_logd */
	EV(EV_LOGD_STARTED, "logd-started", COMP_IPSEC_LOGD, LOG_INFO,
	   "Filter logging daemon ipsec_logd (level 1.0) initialized at %s", "TIME"),
	EV(EV_LOGD_TERMINATING, "logd-terminating", COMP_IPSEC_LOGD, LOG_INFO,
	   "Filter logging daemon terminating at %s", "TIME"),
	EV(EV_RECORDS_LOST, "records-lost", COMP_IPSEC_LOGD, LOG_WARNING,
	   "%llu log records lost since the last report: %llu with the log buffer full, "
	   "%llu over the rate limit, %llu not taken by syslog%s, %llu held by an ipsec_logd "
	   "that stopped; %llu not kept in the log store, %llu not taken by the journal%s",
	   "TOTAL FULL LIMITED SYSLOG OVERWRITTEN HELD STORE JOURNAL SESSIONS"),
	EV(EV_LOGD_ERROR, "logd-error", COMP_IPSEC_LOGD, LOG_ERR, "%s", "PROBLEM"),
	EV(EV_LOGD_WARNING, "logd-warning", COMP_IPSEC_LOGD, LOG_WARNING, "%s", "PROBLEM"),
	/* config */
	EV(EV_CONFIG_RELOADED, "config-reloaded", COMP_CONFIG, LOG_INFO,
	   "configuration reloaded", ""),
	EV(EV_CONFIG_REJECTED, "config-rejected", COMP_CONFIG, LOG_ERR,
	   "configuration not reloaded: %s; the settings in force stay", "REASON"),
	/* shun */
	EV(EV_SHUNNED, "shunned", COMP_SHUN, LOG_NOTICE,
	   "%s shunned by rule %u for %s", "WHAT RULE DURATION"),
	EV(EV_UNSHUNNED, "unshunned", COMP_SHUN, LOG_INFO,
	   "%s no longer shunned (rule %u)", "WHAT RULE"),
	/* if-state */
	EV(EV_IF_TRUE, "if-true", COMP_IF_STATE, LOG_INFO,
	   "IF condition of rule %u true for %s", "RULE HOSTS"),
	EV(EV_IF_FALSE, "if-false", COMP_IF_STATE, LOG_INFO,
	   "IF condition of rule %u no longer true for %s", "RULE HOSTS"),
	/* tunnel: the kernel's IPsec (xfrm) events, as user/ipsec/xfrm_event.c words them */
	EV(EV_SA_ADDED, "sa-added", COMP_TUNNEL, LOG_NOTICE, "SA established: %s", "SA"),
	EV(EV_SA_ALLOCATED, "sa-allocated", COMP_TUNNEL, LOG_NOTICE,
	   "SA allocated (larval): %s", "SA"),
	EV(EV_SA_UPDATED, "sa-updated", COMP_TUNNEL, LOG_NOTICE, "SA updated: %s", "SA"),
	EV(EV_SA_DELETED, "sa-deleted", COMP_TUNNEL, LOG_NOTICE, "SA deleted: %s", "SA"),
	EV(EV_SA_EXPIRED_SOFT, "sa-expired-soft", COMP_TUNNEL, LOG_INFO,
	   "SA soft lifetime expired: %s", "SA"),
	EV(EV_SA_EXPIRED_HARD, "sa-expired-hard", COMP_TUNNEL, LOG_WARNING,
	   "SA hard lifetime expired: %s", "SA"),
	EV(EV_SA_FLUSHED, "sa-flushed", COMP_TUNNEL, LOG_NOTICE, "SAs flushed: %s", "PROTOCOL"),
	EV(EV_SA_ACQUIRE, "sa-acquire", COMP_TUNNEL, LOG_INFO, "SA acquire: %s", "SA"),
	EV(EV_POLICY_ADDED, "policy-added", COMP_TUNNEL, LOG_INFO, "policy added: %s", "POLICY"),
	EV(EV_POLICY_UPDATED, "policy-updated", COMP_TUNNEL, LOG_INFO, "policy updated: %s",
	   "POLICY"),
	EV(EV_POLICY_DELETED, "policy-deleted", COMP_TUNNEL, LOG_INFO, "policy deleted: %s",
	   "POLICY"),
	EV(EV_POLICY_EXPIRED_SOFT, "policy-expired-soft", COMP_TUNNEL, LOG_INFO,
	   "policy soft lifetime expired: %s", "POLICY"),
	EV(EV_POLICY_EXPIRED_HARD, "policy-expired-hard", COMP_TUNNEL, LOG_WARNING,
	   "policy hard lifetime expired: %s", "POLICY"),
	EV(EV_POLICIES_FLUSHED, "policies-flushed", COMP_TUNNEL, LOG_NOTICE, "policies flushed",
	   ""),
	EV(EV_TUNNEL_EVENTS_LOST, "tunnel-events-lost", COMP_TUNNEL, LOG_WARNING,
	   "IPsec events lost: %s", "COUNT"),
};

const struct log_line_def log_other_lines[] = {
	{ "last record repeated %lu times", "N" },
};
const size_t log_other_lines_count = sizeof(log_other_lines) / sizeof(log_other_lines[0]);

static const char *const components[COMP_COUNT] = {
	[COMP_MKFILT] = "mkfilt", [COMP_IPSEC_LOGD] = "ipsec_logd", [COMP_SHUN] = "shun",
	[COMP_IF_STATE] = "if-state", [COMP_SESSION] = "session", [COMP_TUNNEL] = "tunnel",
	[COMP_CONFIG] = "config",
};

const char *event_component_name(unsigned int component)
{
	return component < COMP_COUNT ? components[component] : NULL;
}

int event_component_by_name(const char *name)
{
	int i;

	for (i = 0; i < COMP_COUNT; i++)
		if (!strcasecmp(name, components[i]))
			return i;
	return -1;
}

static const struct {
	const char *name;
	int severity;
} severities[] = {
	{ "emerg", LOG_EMERG }, { "alert", LOG_ALERT }, { "crit", LOG_CRIT }, { "err", LOG_ERR },
	{ "warning", LOG_WARNING }, { "notice", LOG_NOTICE }, { "info", LOG_INFO },
	{ "debug", LOG_DEBUG },
	/* Other spellings taken in (SunScreen's among them), never written. */
	{ "error", LOG_ERR }, { "warn", LOG_WARNING }, { "note", LOG_NOTICE },
};

const char *event_severity_name(int severity)
{
	return severity >= LOG_EMERG && severity <= LOG_DEBUG ? severities[severity].name : NULL;
}

int event_severity_by_name(const char *name)
{
	size_t i;

	for (i = 0; i < sizeof(severities) / sizeof(severities[0]); i++)
		if (!strcasecmp(name, severities[i].name))
			return severities[i].severity;
	return -1;
}

void event_limits_default(struct event_limits *l)
{
	int i;

	for (i = 0; i < COMP_COUNT; i++)
		l->level[i] = EVENT_LIMIT_DEFAULT;
}

bool event_allowed(const struct event_limits *l, enum event_id id, bool rule_logs)
{
	const struct event_def *d;

	if ((unsigned int)id >= EV_COUNT)
		return false;
	d = &event_defs[id];
	return d->severity <= l->level[d->component] || (rule_logs && d->severity <= LOG_INFO);
}

/* A line is one line of text, whoever wrote the record. */
static void escape_controls(char *text, size_t len)
{
	size_t i;

	for (i = 0; i < len; i++)
		if ((unsigned char)text[i] < 0x20 || (unsigned char)text[i] == 0x7f)
			text[i] = '?';
}

void event_record_make(struct event_record *ev, enum event_id id, uint32_t rule_id,
		       const char *tag, const char *text)
{
	size_t len = strnlen(text, EVENT_TEXT_MAX - 1);
	struct timespec now;

	clock_gettime(CLOCK_REALTIME, &now);
	memset(ev, 0, EVENT_RECORD_FIXED);
	ev->hdr = (struct ebfilt_rec_hdr){
		.len = (uint16_t)event_record_len(len), .type = EBFILT_REC_EVENT,
		.version = EBFILT_REC_EVENT_VERSION,
		.time_ns = (uint64_t)now.tv_sec * 1000000000 + (uint64_t)now.tv_nsec,
	};
	ev->event = (uint16_t)id;
	ev->severity = (uint8_t)event_defs[id].severity;
	ev->component = (uint8_t)event_defs[id].component;
	ev->rule_id = rule_id;
	ev->pid = (uint32_t)getpid();
	ev->text_len = (uint16_t)len;
	strncpy(ev->tag, tag, sizeof(ev->tag) - 1);
	memcpy(ev->text, text, len);
	escape_controls(ev->text, len);
	/* The padding is part of the record: zero, never what the stack held. */
	memset(ev->text + len, 0, event_record_len(len) - EVENT_RECORD_FIXED - len);
}

int event_record_decode(const void *data, size_t size, struct event_record *out)
{
	const struct ebfilt_rec_hdr *hdr = data;
	size_t i;

	if (size < sizeof(*hdr) || hdr->len < sizeof(*hdr) || hdr->len > size)
		return -EINVAL;
	if (hdr->type != EBFILT_REC_EVENT || hdr->version != EBFILT_REC_EVENT_VERSION)
		return -ENOMSG;
	if (hdr->len < EVENT_RECORD_FIXED || hdr->len > sizeof(*out))
		return -EINVAL;
	memcpy(out, data, EVENT_RECORD_FIXED);
	if (out->text_len >= EVENT_TEXT_MAX ||
	    EVENT_RECORD_FIXED + (size_t)out->text_len > hdr->len || out->event >= EV_COUNT ||
	    out->component >= COMP_COUNT || out->severity > LOG_DEBUG)
		return -EINVAL;
	memcpy(out->text, (const char *)data + EVENT_RECORD_FIXED, out->text_len);
	out->text[out->text_len] = '\0';
	out->tag[sizeof(out->tag) - 1] = '\0';
	escape_controls(out->text, out->text_len);
	for (i = 0; out->tag[i]; i++)
		if ((unsigned char)out->tag[i] <= 0x20 || (unsigned char)out->tag[i] >= 0x7f ||
		    out->tag[i] == '[' || out->tag[i] == ':')
			out->tag[i] = '_';
	if (!out->tag[0])
		strcpy(out->tag, "ebfilt");
	return 0;
}
