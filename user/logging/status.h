/* SPDX-License-Identifier: GPL-2.0 */
/*
 * ipsec_logd -s: every counter of packet logging and of the filter. 0, or
 * -EACCES / -EPERM (reported) without the rights to read them.
 */
#ifndef EBFILT_LOGGING_STATUS_H
#define EBFILT_LOGGING_STATUS_H

#include <stdio.h>

int logging_print_status(FILE *out);

#endif
