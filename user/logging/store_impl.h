/* SPDX-License-Identifier: GPL-2.0 */
/* What the store's writer and readers share (store.c, store_read.c). */
#ifndef EBFILT_LOGGING_STORE_IMPL_H
#define EBFILT_LOGGING_STORE_IMPL_H

#include "logging/store.h"

#define STORE_SUPER_SLOT	2048	/* superblock gen N is at (N & 1) * this */
#define STORE_SUPER_MAGIC	"EBFLOG1"

/* The newer valid superblock of the store open on fd: 0, or -EINVAL (not reported). */
int store_super_read(int fd, struct store_super *sb);

#endif
