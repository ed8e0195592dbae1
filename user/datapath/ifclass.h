/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Interface classes in the kernel: iface_class maps the index of each
 * interface a rule names (-i, or a tunnel's) to its class. Indexes change
 * when interfaces come, go or are renamed, so the names are kept beside
 * (iface_names) and the index map is brought in line with them: by the
 * loader, and by ebfilt_watchd on every link event.
 */
#ifndef EBFILT_DATAPATH_IFCLASS_H
#define EBFILT_DATAPATH_IFCLASS_H

#include <stdint.h>

/*
 * Make iface_class (class_fd) say, for every interface that exists now,
 * what iface_names (names_fd) says of its name, and nothing else. *missing
 * (may be NULL) gets a bit per class whose interface does not exist.
 * 0 or a negative errno.
 */
int ifclass_sync(int names_fd, int class_fd, uint32_t *missing);

/* The same for the table of version in force; 0, -ENOENT when none is. */
int ifclass_sync_active(uint8_t version);

#endif
