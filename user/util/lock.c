// SPDX-License-Identifier: GPL-2.0
#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/file.h>
#include <unistd.h>

#include "util/diag.h"
#include "util/file.h"
#include "util/lock.h"
#include "util/paths.h"

int lock_acquire(const char *dir)
{
	char path[PATH_MAX];
	int fd, err;

	err = path_build(path, dir, ".lock");
	if (!err)
		err = make_dirs(dir, 0755);
	if (err)
		return err;
	fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0600);
	if (fd < 0 || flock(fd, LOCK_EX)) {
		err = -errno;
		pr_err("cannot lock %s: %s", path, strerror(-err));
		if (fd >= 0)
			close(fd);
		return err;
	}
	return fd;
}

void lock_release(int fd)
{
	if (fd >= 0)
		close(fd);
}
