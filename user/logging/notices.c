// SPDX-License-Identifier: GPL-2.0
#include <syslog.h>
#include <time.h>

#include "config/config.h"
#include "logging/format.h"
#include "logging/notices.h"
#include "logging/syslog.h"

#define FILTER_LEVEL "1.00"

static void open_log(struct syslog_out *out)
{
	struct config conf;

	syslog_out_init(out, "mkfilt", config_load(&conf) ? SYSLOG_LOCAL4 : conf.log.facility);
}

void notice_logging_status(bool started)
{
	struct syslog_out out;
	char when[32];

	open_log(&out);
	syslog_out_send(&out, LOG_INFO, "Status of packet logging set to %s at %s",
			started ? "Start" : "Stop", log_format_when(time(NULL), when, sizeof(when)));
	syslog_out_close(&out);
}

void notice_activation(const struct rule_table *tables[IPV_SLOTS])
{
	struct syslog_out out;
	char line[512];
	size_t i;
	unsigned int slot;

	open_log(&out);
	for (slot = 0; slot < IPV_SLOTS; slot++) {
		const struct rule_table *t = tables[slot];

		for (i = 0; t && i < t->count; i++)
			syslog_out_send(&out, LOG_INFO, "%s",
					log_format_rule(i + 1, &t->rules[i], line, sizeof(line)));
		if (t)
			syslog_out_send(&out, LOG_INFO, "%s",
					log_format_rule(0, &t->default_rule, line, sizeof(line)));
	}
	syslog_out_send(&out, LOG_INFO, "Filter support (level " FILTER_LEVEL ") initialized at %s",
			log_format_when(time(NULL), line, sizeof(line)));
	syslog_out_close(&out);
}
