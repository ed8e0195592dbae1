// SPDX-License-Identifier: GPL-2.0
/*
 * probe tcp|udp ADDR PORT [SPORT [PAYLOAD]]: whether one connection
 * attempt or datagram gets through a filter. Prints "passed" when the
 * other side answered at all (TCP: connected or refused; UDP: a reply or
 * ICMP port unreachable), "dropped" when nothing came back within a
 * second. SPORT (0: any) is the local port; PAYLOAD what the datagram
 * carries (default "probe"). One packet out, bounded in time.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <poll.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <unistd.h>

static int parse_addr(const char *text, unsigned port, struct sockaddr_storage *ss, socklen_t *len)
{
	struct sockaddr_in *in = (struct sockaddr_in *)ss;
	struct sockaddr_in6 *in6 = (struct sockaddr_in6 *)ss;

	memset(ss, 0, sizeof(*ss));
	if (inet_pton(AF_INET, text, &in->sin_addr) == 1) {
		in->sin_family = AF_INET;
		in->sin_port = htons((uint16_t)port);
		*len = sizeof(*in);
		return 0;
	}
	if (inet_pton(AF_INET6, text, &in6->sin6_addr) == 1) {
		in6->sin6_family = AF_INET6;
		in6->sin6_port = htons((uint16_t)port);
		*len = sizeof(*in6);
		return 0;
	}
	return -1;
}

int main(int argc, char **argv)
{
	struct sockaddr_storage to, from;
	struct timeval second = { .tv_sec = 1 };
	struct pollfd pfd;
	socklen_t len, from_len;
	const char *payload = argc > 5 ? argv[5] : "probe";
	unsigned sport = argc > 4 ? (unsigned)atoi(argv[4]) : 0;
	bool tcp = argc > 1 && !strcmp(argv[1], "tcp");
	int fd, one = 1, err = 0;
	char buf[64];

	if (argc < 4 || (!tcp && strcmp(argv[1], "udp")) ||
	    parse_addr(argv[2], (unsigned)atoi(argv[3]), &to, &len)) {
		fprintf(stderr, "usage: probe tcp|udp ADDR PORT [SPORT [PAYLOAD]]\n");
		return 2;
	}
	fd = socket(to.ss_family, tcp ? SOCK_STREAM : SOCK_DGRAM, 0);
	if (fd < 0) {
		perror("probe: socket");
		return 2;
	}
	setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
	if (sport) {
		parse_addr(to.ss_family == AF_INET ? "0.0.0.0" : "::", sport, &from, &from_len);
		if (bind(fd, (struct sockaddr *)&from, from_len)) {
			perror("probe: bind");
			return 2;
		}
	}
	if (tcp) {
		/* One SYN: no retransmission can land within the second. */
		fcntl(fd, F_SETFL, O_NONBLOCK);
		if (connect(fd, (struct sockaddr *)&to, len) && errno != EINPROGRESS) {
			err = errno;
		} else {
			pfd = (struct pollfd){ .fd = fd, .events = POLLOUT };
			if (poll(&pfd, 1, 1000) == 1) {
				len = sizeof(err);
				getsockopt(fd, SOL_SOCKET, SO_ERROR, &err, &len);
			} else {
				err = ETIMEDOUT;
			}
		}
	} else {
		setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &second, sizeof(second));
		if (connect(fd, (struct sockaddr *)&to, len) ||
		    send(fd, payload, strlen(payload), 0) < 0 || recv(fd, buf, sizeof(buf), 0) < 0)
			err = errno;
	}
	close(fd);
	puts(err == 0 || err == ECONNREFUSED ? "passed" : "dropped");
	return 0;
}
