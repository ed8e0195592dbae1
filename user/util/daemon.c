// SPDX-License-Identifier: GPL-2.0
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "util/daemon.h"
#include "util/file.h"

int daemon_detach(void)
{
	pid_t pid = fork();
	int fd;

	if (pid < 0)
		return -errno;
	if (pid > 0)
		_exit(0);
	setsid();
	if (chdir("/"))
		return -errno;
	fd = open("/dev/null", O_RDWR | O_CLOEXEC);
	if (fd >= 0) {
		dup2(fd, 0);
		dup2(fd, 1);
		dup2(fd, 2);
		close(fd);
	}
	return 0;
}

static int write_pid(FILE *out, void *ctx)
{
	(void)ctx;
	fprintf(out, "%d\n", (int)getpid());
	return 0;
}

int daemon_write_pid(const char *path)
{
	char dir[PATH_MAX];
	const char *slash = strrchr(path, '/');
	int err = 0;

	if (slash && slash != path) {
		snprintf(dir, sizeof(dir), "%.*s", (int)(slash - path), path);
		err = make_dirs(dir, 0755);
	}
	return err ? err : file_write_atomic(path, 0644, write_pid, NULL);
}

void daemon_remove_pid(const char *path)
{
	unlink(path);
}
