// SPDX-License-Identifier: GPL-2.0
/*
 * syslog_flood SOCKET SECONDS [COUNT]: send local4 lines shaped like
 * ipsec_logd's to a syslog socket as fast as it takes them (blocking), for
 * SECONDS (at most 60), or until COUNT lines went: what the syslog daemon
 * can absorb, the benchmark's baseline. Prints the number of lines sent.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <time.h>
#include <unistd.h>

int main(int argc, char **argv)
{
	struct sockaddr_un addr = { .sun_family = AF_UNIX };
	struct timespec start, now;
	unsigned long long sent = 0, count = argc == 4 ? strtoull(argv[3], NULL, 10) : ~0ULL;
	double seconds, elapsed = 0;
	char line[256];
	int fd, len;

	if (argc < 3 || argc > 4 || (seconds = atof(argv[2])) <= 0 || seconds > 60 || !count) {
		fprintf(stderr, "usage: syslog_flood SOCKET SECONDS (1-60) [COUNT]\n");
		return 2;
	}
	strncpy(addr.sun_path, argv[1], sizeof(addr.sun_path) - 1);
	fd = socket(AF_UNIX, SOCK_DGRAM, 0);
	if (fd < 0 || connect(fd, (struct sockaddr *)&addr, sizeof(addr))) {
		perror(argv[1]);
		return 1;
	}
	clock_gettime(CLOCK_MONOTONIC, &start);
	while (elapsed < seconds && sent < count) {
		len = snprintf(line, sizeof(line), "<165>Nov 22 00:00:00 syslog_flood[%d]: #:1 R:p  "
			       "i:192.0.2.1 s:192.0.2.2 d:192.0.2.1 p:udp sp:1000 dp:53 r:l a:n f:n "
			       "T:0 e:n l:36", (int)getpid());
		if (send(fd, line, (size_t)len, 0) == len)
			sent++;
		if (!(sent & 1023)) {
			clock_gettime(CLOCK_MONOTONIC, &now);
			elapsed = (double)(now.tv_sec - start.tv_sec) +
				  (now.tv_nsec - start.tv_nsec) / 1e9;
		}
	}
	printf("%llu\n", sent);
	return 0;
}
