/* SPDX-License-Identifier: GPL-2.0 */
/*
 * ipsec_report's sections (ipsec_report(8)), each answering one question
 * about the filter from live state: the rules in force and in the files,
 * the interfaces, what the filter never judges, the dynamic state, the
 * kernel's IPsec SAs, the log. Each writes text to r->out or, with r->j,
 * its member of one JSON document. They return 0 or a negative errno,
 * said (diag.h); -ENOENT: nothing is in force (said in the report).
 */
#ifndef EBFILT_REPORT_REPORT_H
#define EBFILT_REPORT_REPORT_H

#include <stdbool.h>
#include <stdio.h>

#include "util/json.h"

struct report {
	FILE *out;		/* the text, when j is NULL */
	struct json_out *j;	/* the JSON document's writer, or NULL */
	unsigned int top;	/* -cache: open sessions shown, largest first (-n) */
};

/* A section's dashed heading, HP-UX's shape: "------ Active Filter Rule ------". */
void report_heading(struct report *r, const char *title);
/* Why a map could not be read, said once: "permission denied" when it is that. */
int report_unreadable(const char *what, int err);

int report_host_active(struct report *r);
int report_host_configured(struct report *r);
int report_ip(struct report *r);
int report_bypass(struct report *r);
int report_cache(struct report *r);
int report_sa(struct report *r);
/* The records of a log stream file (ipsec_log get), or of the live store for "-". */
int report_audit(struct report *r, const char *file, const char *entity);

#endif
