/* SPDX-License-Identifier: GPL-2.0 */
/* ipsec_logd -s: every counter of packet logging and of the filter. */
#ifndef EBFILT_LOGGING_STATUS_H
#define EBFILT_LOGGING_STATUS_H

#include <stdio.h>

void logging_print_status(FILE *out);

#endif
