// SPDX-License-Identifier: GPL-2.0
#include <errno.h>
#include <ifaddrs.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "config/config.h"
#include "ebfilt/record.h"
#include "logging/events.h"
#include "logging/syslog.h"
#include "rules/parse.h"
#include "util/diag.h"
#include "util/escape.h"
#include "util/file.h"
#include "util/paths.h"

static struct iface_config *find_iface(struct config *conf, const char *name)
{
	size_t i;

	for (i = 0; i < conf->count; i++)
		if (!strcmp(conf->ifaces[i].name, name))
			return &conf->ifaces[i];
	if (conf->count == CONFIG_MAX_IFACES)
		return NULL;
	memset(&conf->ifaces[conf->count], 0, sizeof(conf->ifaces[0]));
	strcpy(conf->ifaces[conf->count].name, name);
	return &conf->ifaces[conf->count++];
}

static const char *yes_no(const char *arg, bool *out)
{
	if (!arg || (strcmp(arg, "yes") && strcmp(arg, "no")))
		return "expected yes or no";
	*out = !strcmp(arg, "yes");
	return NULL;
}

/* The log_* keywords; returns NULL or why the line is wrong. */
static const char *log_option(struct log_options *log, const char *word, char **bad)
{
	char *arg = strtok(NULL, " \t");
	unsigned long n;
	const char *why;

	*bad = arg ? arg : (char *)word;
	if (arg && strtok(NULL, " \t"))
		return "one value expected";
	if (!strcmp(word, "log_format")) {
		if (!arg || (strcmp(arg, "aix") && strcmp(arg, "ipmon")))
			return "expected aix or ipmon";
		log->style = strcmp(arg, "aix") ? LOG_STYLE_IPMON : LOG_STYLE_AIX;
		return NULL;
	}
	if (!strcmp(word, "log_facility")) {
		if (!arg || syslog_facility(arg) < 0)
			return "not a syslog facility (local0-local7, daemon, user, ...)";
		log->facility = syslog_facility(arg);
		return NULL;
	}
	if (!strcmp(word, "log_coalesce"))
		return yes_no(arg, &log->coalesce);
	if (!strcmp(word, "log_store"))
		return yes_no(arg, &log->store);
	if (!strcmp(word, "log_syslog"))
		return yes_no(arg, &log->syslog);
	if (!strcmp(word, "log_journal"))
		return yes_no(arg, &log->journal);
	if (!strcmp(word, "log_snap")) {
		if (!arg || parse_number(arg, EBFILT_LOG_SNAP_MAX, &n, &why))
			return "expected a number of payload bytes from 0 to 1024";
		log->snap = (unsigned int)n;
		return NULL;
	}
	if (!strcmp(word, "log_size")) {
		if (!arg || parse_number(arg, LOG_STORE_MIB_MAX, &n, &why) || !n)
			return "expected a size in MiB from 1 to 65536";
		log->store_mib = (unsigned int)n;
		return NULL;
	}
	if (!strcmp(word, "log_interface_names"))
		return yes_no(arg, &log->interface_names);
	if (!strcmp(word, "log_rate_limit") || !strcmp(word, "log_buffer_kb")) {
		bool buffer = word[4] == 'b';

		if (!arg || parse_number(arg, buffer ? 1048576 : 100000000, &n, &why) ||
		    (buffer && (n < 4 || (n & (n - 1)))))
			return buffer ? "expected a power of two from 4 to 1048576 (KiB)"
				      : "expected a number of records per second (0: no limit)";
		*(buffer ? &log->buffer_kb : &log->rate_limit) = (unsigned int)n;
		return NULL;
	}
	*bad = (char *)word;
	return "unknown keyword (see ebfilt.conf(5))";
}

/*
 * log_severity COMPONENT LEVEL, or * for every component not named on a
 * line of its own (whatever the order of the lines).
 */
static const char *severity_option(struct log_options *log, char **bad)
{
	char *comp = strtok(NULL, " \t"), *level = comp ? strtok(NULL, " \t") : NULL;
	int c = -1, sev;

	*bad = comp ? comp : (char *)"log_severity";
	if (!comp || (strcmp(comp, "*") && (c = event_component_by_name(comp)) < 0))
		return "expected a component (mkfilt, ipsec_logd, shun, if-state, session, tunnel, "
		       "config) or *";
	*bad = level ? level : comp;
	if (!level || strtok(NULL, " \t") || (sev = event_severity_by_name(level)) < 0)
		return "expected a severity: emerg, alert, crit, err, warning, notice, info or debug";
	if (c >= 0) {
		log->severity.level[c] = (int8_t)sev;
		log->severity_set |= 1u << c;
		return NULL;
	}
	for (c = 0; c < COMP_COUNT; c++)
		if (!(log->severity_set & (1u << c)))
			log->severity.level[c] = (int8_t)sev;
	return NULL;
}

static const char *state_option(struct state_options *state, const char *word, char **bad)
{
	char *arg = strtok(NULL, " \t");
	bool idle = !strcmp(word, "if_idle_timeout");
	unsigned long n;
	const char *why;

	*bad = arg ? arg : (char *)word;
	if (!arg || strtok(NULL, " \t") ||
	    parse_number(arg, idle ? 86400 * 365 : 1048576, &n, &why) || n < (idle ? 1 : 16))
		return idle ? "expected a number of seconds from 1 to 31536000"
			    : "expected a number of entries from 16 to 1048576";
	*(idle ? &state->if_idle_s : &state->entries) = (unsigned int)n;
	return NULL;
}

/* session_max N, session_idle_PROTO SECONDS (the order of enum ebfilt_session_class). */
static const char *session_option(struct session_options *sess, const char *word, char **bad)
{
	static const char *const idle[] = { "session_idle_tcp", "session_idle_udp",
					    "session_idle_icmp", "session_idle_other" };
	char *arg = strtok(NULL, " \t");
	bool max = !strcmp(word, "session_max");
	unsigned long n;
	const char *why;
	size_t i;

	for (i = 0; !max && i < 4 && strcmp(word, idle[i]); i++)
		;
	if (!max && i == 4) {
		*bad = (char *)word;
		return "unknown keyword (see ebfilt.conf(5))";
	}
	*bad = arg ? arg : (char *)word;
	if (!arg || strtok(NULL, " \t") ||
	    parse_number(arg, max ? 16777216 : 86400 * 365, &n, &why) || n < (max ? 16 : 1))
		return max ? "expected a number of sessions from 16 to 16777216"
			   : "expected a number of seconds from 1 to 31536000";
	*(max ? &sess->max : &sess->idle_s[i]) = (unsigned int)n;
	return NULL;
}

/* tunnel N NAME */
static const char *tunnel_option(struct config *conf, char **bad)
{
	char *id = strtok(NULL, " \t"), *name = id ? strtok(NULL, " \t") : NULL;
	struct tunnel_config *t;
	unsigned long n;
	const char *why;
	size_t i;

	*bad = id ? id : (char *)"tunnel";
	if (!id || parse_number(id, TUNNEL_ID_MAX, &n, &why) || !n)
		return "expected: tunnel ID INTERFACE, ID from 1 to 16777215";
	*bad = name ? name : id;
	if (!name || strtok(NULL, " \t"))
		return "expected: tunnel ID INTERFACE";
	for (i = 0; i < conf->ntunnels; i++)
		if (conf->tunnels[i].id == n || !strcmp(conf->tunnels[i].name, name))
			return "tunnel ID or interface already bound";
	if (conf->ntunnels == CONFIG_MAX_TUNNELS)
		return "too many tunnels";
	t = &conf->tunnels[conf->ntunnels];
	if (parse_iface(name, t->name, &why) || !strcmp(name, "all"))
		return "not an interface name";
	t->id = (unsigned int)n;
	conf->ntunnels++;
	return NULL;
}

/* One "keyword args..." line; returns NULL or why it is wrong. */
static const char *config_line(struct config *conf, char *line, char **bad)
{
	char *word = strtok(line, " \t"), *arg;
	char name[IF_NAMESIZE];
	const char *why;
	struct iface_config *iface;

	*bad = word;
	if (!strcmp(word, "interfaces")) {
		conf->listed = true;
		while ((arg = strtok(NULL, " \t"))) {
			*bad = arg;
			if (parse_iface(arg, name, &why) || !strcmp(arg, "all"))
				return "not an interface name";
			if (!find_iface(conf, name))
				return "too many interfaces";
		}
		return NULL;
	}
	if (!strcmp(word, "inbound")) {
		arg = strtok(NULL, " \t");
		*bad = arg ? arg : word;
		if (!arg || parse_iface(arg, name, &why))
			return "expected: inbound INTERFACE xdp|tc";
		arg = strtok(NULL, " \t");
		*bad = arg ? arg : word;
		if (!arg || (strcmp(arg, "xdp") && strcmp(arg, "tc")) || strtok(NULL, " \t"))
			return "expected: inbound INTERFACE xdp|tc";
		iface = find_iface(conf, name);
		if (!iface)
			return "too many interfaces";
		iface->inbound = strcmp(arg, "tc") ? INBOUND_XDP : INBOUND_TC;
		return NULL;
	}
	if (!strcmp(word, "tc_hook")) {
		arg = strtok(NULL, " \t");
		*bad = arg ? arg : word;
		if (!arg || strtok(NULL, " \t") ||
		    (strcmp(arg, "auto") && strcmp(arg, "tcx") && strcmp(arg, "clsact")))
			return "expected auto, tcx or clsact";
		conf->tc_hook = !strcmp(arg, "tcx") ? TC_HOOK_TCX :
				!strcmp(arg, "clsact") ? TC_HOOK_CLSACT : TC_HOOK_AUTO;
		return NULL;
	}
	if (!strcmp(word, "boot_failure")) {
		arg = strtok(NULL, " \t");
		*bad = arg ? arg : word;
		if (!arg || strtok(NULL, " \t") || (strcmp(arg, "open") && strcmp(arg, "closed")))
			return "expected open or closed";
		conf->boot_failure = strcmp(arg, "open") ? BOOT_FAILURE_CLOSED : BOOT_FAILURE_OPEN;
		return NULL;
	}
	if (!strcmp(word, "tunnel"))
		return tunnel_option(conf, bad);
	if (!strcmp(word, "if_idle_timeout") || !strcmp(word, "state_entries"))
		return state_option(&conf->state, word, bad);
	if (!strcmp(word, "log_severity"))
		return severity_option(&conf->log, bad);
	if (!strncmp(word, "session_", 8))
		return session_option(&conf->session, word, bad);
	return log_option(&conf->log, word, bad);
}

int config_load(struct config *conf)
{
	char path[PATH_MAX], token[ESCAPED_MAX], *line, *bad;
	struct line_reader r = { .path = path };
	const char *why;
	int more, err;

	memset(conf, 0, sizeof(*conf));
	conf->log.facility = SYSLOG_LOCAL4;
	conf->log.buffer_kb = LOG_BUFFER_KB_DEFAULT;
	conf->log.snap = EBFILT_LOG_SNAP_DEFAULT;
	conf->log.store_mib = LOG_STORE_MIB_DEFAULT;
	conf->log.store = conf->log.syslog = true;
	event_limits_default(&conf->log.severity);
	conf->state.if_idle_s = STATE_IF_IDLE_DEFAULT;
	conf->state.entries = STATE_ENTRIES_DEFAULT;
	conf->session = (struct session_options){ SESSION_MAX_DEFAULT,
		{ SESSION_IDLE_TCP_DEFAULT, SESSION_IDLE_UDP_DEFAULT, SESSION_IDLE_ICMP_DEFAULT,
		  SESSION_IDLE_OTHER_DEFAULT } };
	err = path_build(path, ebfilt_confdir(), "ebfilt.conf");
	if (err)
		return err;
	err = file_open_existing(path, &r.in);
	if (err || !r.in)
		return err;
	while ((more = line_next(&r, &line)) > 0) {
		line += strspn(line, " \t");
		line[strcspn(line, "#")] = '\0';
		if (!line[strspn(line, " \t")])
			continue;
		bad = NULL;
		why = config_line(conf, line, &bad);
		if (why) {
			pr_err("%s:%u: %s: %s", path, r.line,
			       escape_text(bad ? bad : "line", ESCAPE_TOKEN_MAX, token, sizeof(token)),
			       why);
			more = -EINVAL;
			break;
		}
	}
	line_reader_free(&r);
	fclose(r.in);
	return more < 0 ? more : 0;
}

/* XDP unless an inbound line says tc; tc for tunnels, which seldom have XDP. */
static enum inbound_hook hook_for(const struct config *conf, const char *name)
{
	size_t i;

	for (i = 0; i < conf->count; i++)
		if (!strcmp(conf->ifaces[i].name, name))
			return conf->ifaces[i].inbound;
	for (i = 0; i < conf->ntunnels; i++)
		if (!strcmp(conf->tunnels[i].name, name))
			return INBOUND_TC;
	return INBOUND_XDP;
}

static bool listed(const struct config *conf, const char *name)
{
	size_t i;

	for (i = 0; i < conf->count; i++)
		if (!strcmp(conf->ifaces[i].name, name))
			return true;
	return false;
}

int config_interfaces(const struct config *conf, struct iface_config *out,
		      size_t max, size_t *count)
{
	struct ifaddrs *list = NULL, *ifa;
	size_t i;

	*count = 0;
	if (conf->listed) {
		for (i = 0; i < conf->count && *count < max; i++)
			out[(*count)++] = conf->ifaces[i];
		for (i = 0; i < conf->ntunnels && *count < max; i++) {
			if (listed(conf, conf->tunnels[i].name))
				continue;
			strcpy(out[*count].name, conf->tunnels[i].name);
			out[*count].later = true;
			out[(*count)++].inbound = INBOUND_TC;
		}
		return 0;
	}
	if (getifaddrs(&list))
		return -errno;
	for (ifa = list; ifa && *count < max; ifa = ifa->ifa_next) {
		bool seen = false;

		if (!(ifa->ifa_flags & IFF_UP) || (ifa->ifa_flags & IFF_LOOPBACK))
			continue;
		for (i = 0; i < *count; i++)
			seen |= !strcmp(out[i].name, ifa->ifa_name);
		if (seen || strlen(ifa->ifa_name) >= IF_NAMESIZE)
			continue;
		strcpy(out[*count].name, ifa->ifa_name);
		out[*count].later = false;
		out[(*count)++].inbound = hook_for(conf, ifa->ifa_name);
	}
	freeifaddrs(list);
	return 0;
}
