// SPDX-License-Identifier: GPL-2.0
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "util/diag.h"
#include "util/file.h"
#include "util/lock.h"
#include "util/paths.h"

/* The whole file, for writing: an exclusive lock. */
static struct flock whole(short type)
{
	return (struct flock){ .l_type = type, .l_whence = SEEK_SET };
}

int lock_acquire(const char *dir)
{
	struct flock lk = whole(F_WRLCK);
	char path[PATH_MAX];
	int fd, err;

	err = path_build(path, dir, ".lock");
	if (!err)
		err = make_dirs(dir, 0755);
	if (err)
		return err;
	fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0600);
	err = fd < 0 ? -errno : 0;
	while (!err && fcntl(fd, F_OFD_SETLKW, &lk))
		err = errno == EINTR ? 0 : -errno;
	if (err) {
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

int lock_claim(int fd)
{
	struct flock lk = whole(F_WRLCK);

	if (!fcntl(fd, F_OFD_SETLK, &lk))
		return 0;
	return errno == EACCES || errno == EAGAIN ? -EAGAIN : -errno;
}

bool lock_held(int fd)
{
	struct flock lk = whole(F_WRLCK);

	return fcntl(fd, F_OFD_GETLK, &lk) != 0 || lk.l_type != F_UNLCK;
}
