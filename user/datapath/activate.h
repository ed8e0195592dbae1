/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Activating and deactivating the filter (mkfilt -u / -d): load the new
 * tables, attach to every configured interface, record the attachments
 * and pin what lsfilt -a and ipsec_logd read (datapath/pins.h), all under
 * the activation lock (util/lock.h). Returns 0 or a negative errno after
 * reporting what failed.
 */
#ifndef EBFILT_DATAPATH_ACTIVATE_H
#define EBFILT_DATAPATH_ACTIVATE_H

#include <stdbool.h>

#include "compile/classifier.h"
#include "util/ipver.h"

/*
 * Put the filter in force with these changes: for each version (indexed
 * by ipv_slot()), install[] is a compiled table to activate, or NULL; when
 * deactivate[] is set that version stops being filtered. Versions neither
 * installed nor deactivated keep their active table and counters. The
 * switch is atomic per interface and hook: a packet meets either the old
 * programs and maps or the new ones. With no version left active, every
 * attachment and pin is removed.
 */
int filter_apply(const struct classifier *install[IPV_SLOTS], const bool deactivate[IPV_SLOTS]);

#endif
