/* SPDX-License-Identifier: GPL-2.0 */
/*
 * ipsec_logd -s: every counter of packet logging and of the filter, as
 * lines or (json) one JSON document. 0, or -EACCES / -EPERM (reported)
 * without the rights to read them.
 */
#ifndef EBFILT_LOGGING_STATUS_H
#define EBFILT_LOGGING_STATUS_H

#include <stdbool.h>
#include <stdio.h>

int logging_print_status(FILE *out, bool json);

#endif
