/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Export files, written by expfilt and read by impfilt: the rule-file
 * syntax with each line led by the rule's ID at export time, one file per
 * IP version in the export directory.
 */
#ifndef EBFILT_RULES_EXPORT_H
#define EBFILT_RULES_EXPORT_H

#include <limits.h>

#include "rules/rule.h"

/* "<dir>/filter_rules_v4.exp" or "..._v6.exp"; 0 or -ENAMETOOLONG (reported). */
int export_path(const char *dir, uint8_t version, char path[PATH_MAX]);

/*
 * Turn a rule around for the peer host: the traffic a rule sees leaving
 * this host enters the peer, so inbound and outbound swap. Addresses and
 * ports are the packets' own and stay as they are.
 */
void rule_turn_around(struct filter_rule *rule);

#endif
