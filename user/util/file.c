// SPDX-License-Identifier: GPL-2.0
#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "util/diag.h"
#include "util/file.h"

int file_open_existing(const char *path, FILE **in)
{
	struct stat st;
	int fd, err;

	*in = NULL;
	/* O_NONBLOCK: opening a FIFO must not wait for a writer. */
	fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC | O_NOCTTY);
	if (fd < 0) {
		err = -errno;
		if (err == -ENOENT && lstat(path, &st))
			return 0;	/* no such file */
		if (err == -ENOENT)	/* there is a name, but it leads nowhere */
			pr_err("%s: a symbolic link to nothing", path);
		else
			pr_err("%s: %s", path, strerror(-err));
		return err;
	}
	if (fstat(fd, &st)) {
		err = -errno;
		pr_err("%s: %s", path, strerror(-err));
	} else if (!S_ISREG(st.st_mode)) {
		err = -EINVAL;
		pr_err("%s: not a regular file", path);
	} else if (st.st_size > FILE_READ_MAX) {
		err = -EFBIG;
		pr_err("%s: larger than %d MiB", path, FILE_READ_MAX >> 20);
	} else if (fcntl(fd, F_SETFL, 0) || !(*in = fdopen(fd, "r"))) {
		err = -errno;
		pr_err("%s: %s", path, strerror(-err));
	} else {
		return 0;
	}
	close(fd);
	return err;
}

int make_dirs(const char *dir, mode_t mode)
{
	char path[PATH_MAX];
	char *slash;
	int err;

	if (snprintf(path, sizeof(path), "%s", dir) >= (int)sizeof(path))
		return -ENAMETOOLONG;
	for (slash = strchr(path + 1, '/');; slash = strchr(slash + 1, '/')) {
		if (slash)
			*slash = '\0';
		if (mkdir(path, mode) && errno != EEXIST) {
			err = -errno;
			pr_err("cannot create %s: %s", path, strerror(-err));
			return err;
		}
		if (!slash)
			return 0;
		*slash = '/';
	}
}

/* fsync the directory of path, so a rename in it survives a crash. */
static int sync_parent(const char *path)
{
	char copy[PATH_MAX];
	int fd, err = 0;

	snprintf(copy, sizeof(copy), "%s", path);
	fd = open(dirname(copy), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	if (fsync(fd))
		err = -errno;
	close(fd);
	return err;
}

static int write_temporary(int fd, mode_t mode, file_writer_fn write, void *ctx)
{
	FILE *out = fdopen(fd, "w");
	int err;

	if (!out) {
		err = -errno;
		close(fd);
		return err;
	}
	err = write(out, ctx);
	if (!err && (fflush(out) || ferror(out)))
		err = errno ? -errno : -EIO;
	if (!err && (fchmod(fileno(out), mode) || fsync(fileno(out))))
		err = -errno;
	if (fclose(out) && !err)
		err = -errno;
	return err;
}

int file_write_atomic(const char *path, mode_t mode, file_writer_fn write, void *ctx)
{
	const char *slash = strrchr(path, '/');
	char tmp[PATH_MAX];
	int fd, err;

	/* ".NAME.XXXXXX" beside NAME: the same file system, so rename() is atomic. */
	if (snprintf(tmp, sizeof(tmp), "%.*s.%s.XXXXXX", slash ? (int)(slash - path + 1) : 0, path,
		     slash ? slash + 1 : path) >= (int)sizeof(tmp)) {
		pr_err("cannot write %s: %s", path, strerror(ENAMETOOLONG));
		return -ENAMETOOLONG;
	}
	fd = mkostemp(tmp, O_CLOEXEC);
	err = fd < 0 ? -errno : write_temporary(fd, mode, write, ctx);
	if (!err && rename(tmp, path))
		err = -errno;
	if (!err)
		err = sync_parent(path);
	if (err) {
		if (fd >= 0)
			unlink(tmp);
		pr_err("cannot write %s: %s", path, strerror(-err));
	}
	return err;
}
