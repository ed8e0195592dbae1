// SPDX-License-Identifier: GPL-2.0
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "config/config.h"
#include "logging/events_raise.h"
#include "logging/format.h"
#include "logging/notices.h"
#include "rules/attr.h"
#include "util/crc32c.h"
#include "util/diag.h"

/* With mkfilt's settings; a configuration with an error was said already, and gives the defaults. */
static void source_open(struct event_source *s)
{
	enum diag_level level = diag_get_level();
	struct config conf;
	int err;

	diag_set_level(DIAG_SILENT);
	err = config_load(&conf);
	diag_set_level(level);
	event_source_init(s, "mkfilt", err ? NULL : &conf.log);
}

void notice_logging_status(bool started)
{
	struct event_source s;
	char when[32];

	source_open(&s);
	event_raise(&s, EV_LOGGING_STATUS, 0, false, started ? "Start" : "Stop",
		    log_format_when(time(NULL), when, sizeof(when)));
	event_source_close(&s);
}

/* Over the rules as the kernel holds them: the same from a file or from what is in force. */
uint32_t notice_table_checksum(const struct rule_table *t)
{
	struct filter_rule held;
	char line[512];
	uint32_t crc = 0;
	size_t i;

	for (i = 0; i <= t->count; i++) {
		rule_as_held(i < t->count ? &t->rules[i] : &t->default_rule, &held);
		log_format_rule(i < t->count ? i + 1 : 0, &held, line, sizeof(line));
		crc = crc32c(crc, line, strlen(line) + 1);
	}
	return crc;
}

void notice_activation(const struct rule_table *tables[IPV_SLOTS], const bool replaced[IPV_SLOTS],
		       bool logging)
{
	struct event_source s;
	char line[512], what[48], sum[16];
	unsigned int slot;
	size_t i;

	source_open(&s);
	for (slot = 0; slot < IPV_SLOTS; slot++) {
		const struct rule_table *t = tables[slot];

		if (!t)
			continue;
		snprintf(what, sizeof(what), "IPv%u table, %zu rule%s", t->version, t->count + 1,
			 t->count ? "s" : "");
		snprintf(sum, sizeof(sum), "%08x", notice_table_checksum(t));
		event_raise(&s, replaced[slot] ? EV_FILTER_REPLACED : EV_FILTER_ACTIVATED, 0, false,
			    what, sum);
	}
	for (slot = 0; logging && slot < IPV_SLOTS; slot++) {
		const struct rule_table *t = tables[slot];

		for (i = 0; t && i < t->count; i++)
			event_raise(&s, EV_RULE_IN_FORCE, (uint32_t)(i + 1), true,
				    log_format_rule(i + 1, &t->rules[i], line, sizeof(line)));
		if (t)
			event_raise(&s, EV_RULE_IN_FORCE, 0, true,
				    log_format_rule(0, &t->default_rule, line, sizeof(line)));
	}
	if (logging)
		event_raise(&s, EV_FILTER_INITIALIZED, 0, false,
			    log_format_when(time(NULL), line, sizeof(line)));
	event_source_close(&s);
}

void notice_deactivation(const uint8_t *versions, int n, const char (*sums)[16])
{
	struct event_source s;
	int i;

	source_open(&s);
	for (i = 0; i < n; i++)
		event_raise(&s, EV_FILTER_DEACTIVATED, 0, false, (unsigned int)versions[i],
			    sums && sums[i][0] ? sums[i] : "unknown");
	event_source_close(&s);
}

void notice_failure(int err)
{
	struct event_source s;

	source_open(&s);
	event_raise(&s, EV_ACTIVATION_FAILED, 0, false, strerror(-err));
	event_source_close(&s);
}
