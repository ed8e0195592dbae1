/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The rule-file syntax (ebfilt-rules(5)), shared by the table files and
 * expfilt's export files: one "ACTION key=value ..." line per rule, the
 * keys and values those of the attribute table (rules/attr.h), and a last
 * line "default permit|deny log=yes|no".
 */
#ifndef EBFILT_RULES_FILE_H
#define EBFILT_RULES_FILE_H

#include <stdbool.h>
#include <stdio.h>

#include "rules/rule.h"

/* Where the rules read go: 0 to go on, or a negative errno to stop. */
typedef int (*rule_sink_fn)(void *ctx, unsigned long id, const struct filter_rule *rule);

/*
 * Read rules from a rule file. The sink gets each rule with its ID: the
 * line's leading number when numbered (export files), else its position;
 * the default rule comes last with ID 0. A problem is reported with
 * path:line and the offending token; returns 0 or a negative errno.
 */
int rule_file_read(FILE *in, const char *path, uint8_t version, bool numbered,
		   rule_sink_fn sink, void *ctx);

void rule_file_write_rule(FILE *out, const struct filter_rule *rule);
void rule_file_write_default(FILE *out, const struct filter_rule *rule);

#endif
