// SPDX-License-Identifier: GPL-2.0
/*
 * journal_sink SOCKET OUTFILE SECONDS: a stand-in for journald's native
 * socket (/run/systemd/journal/socket, in a mount namespace the test
 * made), for SECONDS. Each datagram is an entry in journald's native
 * protocol: fields "KEY=VALUE\n", or "KEY\n" then a 64-bit little-endian
 * length, the value and "\n" for values with newlines. Each entry is
 * written to OUTFILE as KEY=VALUE lines (newlines in values as \n), then
 * an empty line. Entries passed as a file descriptor (too large for a
 * datagram) are counted as "# fd entry" and not read.
 */
#include <poll.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <time.h>
#include <unistd.h>

static void write_value(FILE *out, const char *v, size_t len)
{
	size_t i;

	for (i = 0; i < len; i++)
		if (v[i] == '\n')
			fputs("\\n", out);
		else
			fputc(v[i], out);
	fputc('\n', out);
}

static void entry(FILE *out, const char *buf, size_t len)
{
	const char *p = buf, *end = buf + len, *nl, *eq;
	uint64_t vlen;

	while (p < end) {
		nl = memchr(p, '\n', (size_t)(end - p));
		if (!nl)
			break;
		eq = memchr(p, '=', (size_t)(nl - p));
		if (eq) {
			fwrite(p, 1, (size_t)(eq - p + 1), out);
			write_value(out, eq + 1, (size_t)(nl - eq - 1));
			p = nl + 1;
			continue;
		}
		if ((size_t)(end - nl - 1) < 8)
			break;
		memcpy(&vlen, nl + 1, 8);
		if (vlen > (uint64_t)(end - nl - 9))
			break;
		fwrite(p, 1, (size_t)(nl - p), out);
		fputc('=', out);
		write_value(out, nl + 9, (size_t)vlen);
		p = nl + 9 + vlen + 1;
	}
	fputc('\n', out);
	fflush(out);
}

int main(int argc, char **argv)
{
	struct sockaddr_un addr = { .sun_family = AF_UNIX };
	static char buf[1 << 16];
	char control[CMSG_SPACE(sizeof(int))];
	time_t until;
	FILE *out;
	int fd;

	if (argc != 4 || strlen(argv[1]) >= sizeof(addr.sun_path)) {
		fprintf(stderr, "usage: journal_sink SOCKET OUTFILE SECONDS\n");
		return 2;
	}
	strcpy(addr.sun_path, argv[1]);
	unlink(argv[1]);
	fd = socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0);
	out = fopen(argv[2], "w");
	if (fd < 0 || !out || bind(fd, (struct sockaddr *)&addr, sizeof(addr))) {
		perror("journal_sink");
		return 1;
	}
	until = time(NULL) + atoi(argv[3]);
	while (time(NULL) < until) {
		struct pollfd p = { .fd = fd, .events = POLLIN };
		struct iovec iov = { .iov_base = buf, .iov_len = sizeof(buf) };
		struct msghdr msg = { .msg_iov = &iov, .msg_iovlen = 1, .msg_control = control,
				      .msg_controllen = sizeof(control) };
		ssize_t n;

		if (poll(&p, 1, 200) <= 0)
			continue;
		n = recvmsg(fd, &msg, 0);
		if (n < 0)
			continue;
		if (msg.msg_controllen) {
			fputs("# fd entry\n\n", out);
			fflush(out);
			continue;
		}
		entry(out, buf, (size_t)n);
	}
	unlink(argv[1]);
	return 0;
}
