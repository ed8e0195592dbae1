// SPDX-License-Identifier: GPL-2.0
#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <limits.h>
#include <poll.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include <systemd/sd-daemon.h>

#include "util/daemon.h"
#include "util/diag.h"
#include "util/file.h"
#include "util/lock.h"

/* The write end of the pipe the parent waits on, until daemon_ready(). */
static int ready_fd = -1;

int daemon_detach(void)
{
	int pipefd[2];
	ssize_t n;
	pid_t pid;
	char c;

	if (pipe2(pipefd, O_CLOEXEC))
		return -errno;
	pid = fork();
	if (pid < 0)
		return -errno;
	if (pid > 0) {
		/*
		 * The command's exit status says whether the daemon started: a
		 * byte when it is ready, end of file when it ended first (its
		 * error is already on our standard error, which it shares).
		 */
		close(pipefd[1]);
		do
			n = read(pipefd[0], &c, 1);
		while (n < 0 && errno == EINTR);
		_exit(n == 1 ? 0 : 1);
	}
	close(pipefd[0]);
	ready_fd = pipefd[1];
	setsid();
	return chdir("/") ? -errno : 0;
}

void daemon_ready(void)
{
	int fd;

	sd_notify(0, "READY=1");	/* Type=notify under systemd; nothing otherwise */
	if (ready_fd < 0)
		return;
	fd = open("/dev/null", O_RDWR | O_CLOEXEC);
	if (fd >= 0) {
		dup2(fd, 0);
		dup2(fd, 1);
		dup2(fd, 2);
		close(fd);
	}
	if (write(ready_fd, "", 1) != 1)
		diag_msg(DIAG_DEBUG, "the parent did not wait for readiness");
	close(ready_fd);
	ready_fd = -1;
}

/* The claimed pid file, open and locked for the daemon's life. */
static int claimed_fd = -1;

/* The pid a pid file holds, or 0. */
static pid_t read_pid(int fd)
{
	char text[16];
	ssize_t n = pread(fd, text, sizeof(text) - 1, 0);
	long pid;

	if (n <= 0)
		return 0;
	text[n] = '\0';
	pid = strtol(text, NULL, 10);
	return pid > 0 && pid < (1L << 22) ? (pid_t)pid : 0;
}

/* Whether fd is still the file at path (not one unlinked by a daemon ending). */
static bool still_there(int fd, const char *path)
{
	struct stat a, b;

	return !fstat(fd, &a) && !stat(path, &b) && a.st_dev == b.st_dev && a.st_ino == b.st_ino;
}

int daemon_claim(const char *path)
{
	char dir[PATH_MAX], text[16];
	const char *slash = strrchr(path, '/');
	int fd, err = 0, len, tries;

	if (slash && slash != path) {
		snprintf(dir, sizeof(dir), "%.*s", (int)(slash - path), path);
		err = make_dirs(dir, 0755);
		if (err)
			return err;
	}
	for (tries = 0; tries < 3; tries++) {
		fd = open(path, O_RDWR | O_CREAT | O_NOFOLLOW | O_CLOEXEC | O_NOCTTY, 0644);
		if (fd < 0) {
			err = -errno;
			pr_err("cannot open %s: %s", path, strerror(-err));
			return err;
		}
		err = lock_claim(fd);
		if (err == -EAGAIN) {
			pr_err("already running (pid %d)", (int)read_pid(fd));
			close(fd);
			return -EEXIST;
		}
		if (err) {
			pr_err("cannot lock %s: %s", path, strerror(-err));
			close(fd);
			return err;
		}
		if (still_there(fd, path))
			break;
		close(fd);	/* the last daemon unlinked it as we opened it: again */
		fd = -1;
	}
	len = snprintf(text, sizeof(text), "%d\n", (int)getpid());
	if (fd < 0 || ftruncate(fd, 0) || pwrite(fd, text, (size_t)len, 0) != len) {
		err = fd < 0 ? -EAGAIN : -errno;
		pr_err("cannot write %s: %s", path, strerror(-err));
		if (fd >= 0)
			close(fd);
		return err;
	}
	claimed_fd = fd;
	return 0;
}

void daemon_release(const char *path)
{
	if (claimed_fd < 0)
		return;	/* let go already: the name may be another daemon's by now */
	/* Unlinked while still locked, so no new daemon writes into it first. */
	unlink(path);
	close(claimed_fd);
	claimed_fd = -1;
}

static bool is_live(pid_t pid, const char *name)
{
	char path[64], stat[256], comm[32], *end;
	bool live = false;
	FILE *f;

	snprintf(path, sizeof(path), "/proc/%d/stat", (int)pid);
	snprintf(comm, sizeof(comm), "(%.15s)", name);	/* the kernel keeps 15 bytes */
	f = fopen(path, "re");
	if (!f)
		return false;
	if (fgets(stat, sizeof(stat), f)) {
		/* "pid (comm) state ...": comm may hold spaces, so find the last ')'. */
		end = strrchr(stat, ')');
		live = end && end[1] == ' ' && end[2] != 'Z' && end[2] != 'X' && strstr(stat, comm);
	}
	fclose(f);
	return live;
}

pid_t daemon_pid(const char *path, const char *name)
{
	int fd = open(path, O_RDONLY | O_NOFOLLOW | O_CLOEXEC | O_NOCTTY);
	pid_t pid = 0;

	if (fd < 0)
		return 0;
	/* Unlocked: whoever wrote it has ended (killed, or a zombie), whatever pid it names. */
	if (lock_held(fd))
		pid = read_pid(fd);
	close(fd);
	return pid && is_live(pid, name) ? pid : 0;
}

/* A process's pidfd (Linux 5.3), or -1: then wait_end() polls. */
static int open_pidfd(pid_t pid)
{
	return (int)syscall(SYS_pidfd_open, pid, 0);
}

/*
 * Wait up to 5 s for the process of fd (or pid, without one) to end, and
 * close fd. A pidfd says so the moment it exits, even while it waits as a
 * zombie for a parent that does not reap it; kill(pid, 0) cannot tell.
 */
static bool wait_end(int fd, pid_t pid)
{
	struct pollfd p = { .fd = fd, .events = POLLIN };
	int i, ready;

	if (fd < 0) {
		for (i = 0; i < 500 && kill(pid, 0) == 0; i++)
			usleep(10000);
		return kill(pid, 0) != 0;
	}
	do
		ready = poll(&p, 1, 5000);
	while (ready < 0 && errno == EINTR);
	close(fd);
	return ready > 0;
}

int daemon_start(const char *name, const char *path)
{
	char self[PATH_MAX], program[PATH_MAX + 64];
	ssize_t len = readlink("/proc/self/exe", self, sizeof(self) - 1);
	int status = 0;
	pid_t pid;

	snprintf(program, sizeof(program), "%s", name);
	if (len > 0) {
		self[len] = '\0';
		snprintf(program, sizeof(program), "%s/%s", dirname(self), name);
		if (access(program, X_OK))
			snprintf(program, sizeof(program), "%s", name);
	}
	pid = fork();
	if (pid < 0)
		return -errno;
	if (pid == 0) {
		execlp(program, name, (char *)NULL);
		_exit(127);
	}
	/* It exits 0 once the daemon it forked is ready, 1 when it could not start. */
	if (!wait_end(open_pidfd(pid), pid))
		kill(pid, SIGTERM);
	if (waitpid(pid, &status, 0) != pid || !WIFEXITED(status) || WEXITSTATUS(status) != 0) {
		pr_err("%s did not start (%s)", name, program);
		return -ECHILD;
	}
	return daemon_pid(path, name) ? 0 : -ECHILD;
}

/*
 * Send sig to the daemon called name that holds path: its pidfd (or -1
 * when the kernel has none), -ESRCH when none runs, or -errno.
 */
static int send_signal(const char *name, const char *path, int sig, pid_t *pid)
{
	int fd;

	*pid = daemon_pid(path, name);
	if (!*pid)
		return -ESRCH;
	/* The pidfd first, then the check: a pid reused in between is never signalled. */
	fd = open_pidfd(*pid);
	if (daemon_pid(path, name) != *pid) {
		if (fd >= 0)
			close(fd);
		return -ESRCH;	/* it ended meanwhile */
	}
	if (fd >= 0 ? syscall(SYS_pidfd_send_signal, fd, sig, NULL, 0) : kill(*pid, sig)) {
		int err = errno == ESRCH ? -ESRCH : -errno;

		if (fd >= 0)
			close(fd);
		return err;
	}
	return fd;
}

int daemon_signal(const char *name, const char *path, int sig)
{
	pid_t pid;
	int fd = send_signal(name, path, sig, &pid);

	if (fd >= 0)
		close(fd);
	return fd == -1 || fd >= 0 ? 0 : fd;
}

int daemon_stop(const char *name, const char *path)
{
	pid_t pid;
	int fd = send_signal(name, path, SIGTERM, &pid);

	if (fd == -ESRCH)
		return 0;
	if (fd < -1)
		return fd;
	return wait_end(fd, pid) ? 0 : -ETIMEDOUT;
}
