// SPDX-License-Identifier: GPL-2.0
/*
 * deaf_syslog SOCKET: a syslog socket that never reads. Lines sent to it
 * fill the sender's buffer and then block, as with a syslog daemon that
 * hangs; the tests use it to catch ipsec_logd holding records it has not
 * sent. Runs until killed; removes nothing.
 */
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

int main(int argc, char **argv)
{
	struct sockaddr_un addr = { .sun_family = AF_UNIX };
	int fd;

	if (argc != 2 || strlen(argv[1]) >= sizeof(addr.sun_path)) {
		fprintf(stderr, "usage: deaf_syslog SOCKET\n");
		return 2;
	}
	strcpy(addr.sun_path, argv[1]);
	fd = socket(AF_UNIX, SOCK_DGRAM, 0);
	if (fd < 0 || bind(fd, (struct sockaddr *)&addr, sizeof(addr))) {
		perror(argv[1]);
		return 1;
	}
	for (;;)
		pause();
}
