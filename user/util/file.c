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

/* Why st is not a file the tools read, or NULL. */
static const char *unfit(const struct stat *st)
{
	if (!S_ISREG(st->st_mode))
		return "not a regular file";
	if (st->st_size > FILE_READ_MAX)
		return "larger than 16 MiB";
	return NULL;
}

int file_open_existing(const char *path, FILE **in)
{
	const char *why;
	struct stat st;
	int fd, err;

	*in = NULL;
	/*
	 * Look before opening: opening a device can act on it (a watchdog, a
	 * tape), and opening a FIFO would wait for a writer. What is opened is
	 * checked again, in case the name changed in between.
	 */
	if (stat(path, &st)) {
		err = -errno;
		if (err == -ENOENT && lstat(path, &st))
			return 0;	/* no such file */
		if (err == -ENOENT)	/* there is a name, but it leads nowhere */
			pr_err("%s: a symbolic link to nothing", path);
		else
			pr_err("%s: %s", path, strerror(-err));
		return err;
	}
	why = unfit(&st);
	if (why) {
		pr_err("%s: %s", path, why);
		return S_ISREG(st.st_mode) ? -EFBIG : -EINVAL;
	}
	fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC | O_NOCTTY);
	if (fd < 0 || fstat(fd, &st)) {
		err = -errno;
		pr_err("%s: %s", path, strerror(-err));
	} else if ((why = unfit(&st))) {
		err = S_ISREG(st.st_mode) ? -EFBIG : -EINVAL;
		pr_err("%s: %s", path, why);
	} else if (!(*in = fdopen(fd, "r"))) {
		err = -errno;
		pr_err("%s: %s", path, strerror(-err));
	} else {
		return 0;
	}
	if (fd >= 0)
		close(fd);
	return err;
}

static int line_fault(const struct line_reader *r, const char *why)
{
	pr_err("%s:%u: line: %s", r->path, r->line, why);
	return -EINVAL;
}

int line_next(struct line_reader *r, char **text)
{
	ssize_t len;
	int err;

	errno = 0;
	len = getline(&r->buf, &r->cap, r->in);
	if (len < 0) {
		if (!ferror(r->in))
			return 0;
		err = errno ? -errno : -EIO;
		pr_err("%s:%u: cannot read: %s", r->path, r->line + 1, strerror(-err));
		return err;
	}
	r->line++;
	r->bytes += (size_t)len;
	if (r->bytes > FILE_READ_MAX)
		return line_fault(r, "the file is larger than 16 MiB");
	if (len && r->buf[len - 1] == '\n')
		r->buf[--len] = '\0';
	if (len && r->buf[len - 1] == '\r')
		r->buf[--len] = '\0';
	if (strlen(r->buf) != (size_t)len)
		return line_fault(r, "contains a NUL byte");
	if (len > FILE_LINE_MAX)
		return line_fault(r, "longer than 4096 bytes");
	*text = r->buf;
	return 1;
}

void line_reader_free(struct line_reader *r)
{
	free(r->buf);
	r->buf = NULL;
	r->cap = 0;
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
