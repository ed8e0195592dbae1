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

void notice_activation(const struct rule_table *tables[2])
{
	struct syslog_out out;
	char line[512];
	size_t i;
	int v;

	open_log(&out);
	for (v = 0; v < 2; v++) {
		if (!tables[v])
			continue;
		for (i = 0; i < tables[v]->count; i++)
			syslog_out_send(&out, LOG_INFO, "%s",
					log_format_rule(i + 1, &tables[v]->rules[i], line, sizeof(line)));
		syslog_out_send(&out, LOG_INFO, "%s",
				log_format_rule(0, &tables[v]->default_rule, line, sizeof(line)));
	}
	syslog_out_send(&out, LOG_INFO, "Filter support (level " FILTER_LEVEL ") initialized at %s",
			log_format_when(time(NULL), line, sizeof(line)));
	syslog_out_close(&out);
}
