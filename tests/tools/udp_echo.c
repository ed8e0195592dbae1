// SPDX-License-Identifier: GPL-2.0
/*
 * udp_echo PORT [COUNT]: answer up to COUNT (default 1) UDP datagrams on
 * PORT by sending each back to its sender, then exit; gives up after 10 s.
 * Traffic for make demo and the tests (a DNS-like exchange), bounded in
 * count and time.
 */
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <unistd.h>

int main(int argc, char **argv)
{
	struct sockaddr_in6 addr = { .sin6_family = AF_INET6 }, peer;
	struct timeval timeout = { .tv_sec = 10 };
	socklen_t len;
	char buf[1500];
	int fd, count, off = 0;
	ssize_t n;

	if (argc < 2) {
		fprintf(stderr, "usage: udp_echo PORT [COUNT]\n");
		return 2;
	}
	count = argc > 2 ? atoi(argv[2]) : 1;
	addr.sin6_port = htons((uint16_t)atoi(argv[1]));
	fd = socket(AF_INET6, SOCK_DGRAM, 0);
	if (fd < 0 || setsockopt(fd, IPPROTO_IPV6, IPV6_V6ONLY, &off, sizeof(off)) ||
	    setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, sizeof(timeout)) ||
	    bind(fd, (struct sockaddr *)&addr, sizeof(addr))) {
		perror("udp_echo");
		return 1;
	}
	while (count-- > 0) {
		len = sizeof(peer);
		n = recvfrom(fd, buf, sizeof(buf), 0, (struct sockaddr *)&peer, &len);
		if (n < 0)
			return 1;
		sendto(fd, buf, (size_t)n, 0, (struct sockaddr *)&peer, len);
	}
	close(fd);
	return 0;
}
