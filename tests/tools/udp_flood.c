// SPDX-License-Identifier: GPL-2.0
/*
 * Bounded UDP traffic for make bench, both ends:
 *
 *   udp_flood send DST SPORT DPORT COUNT SECONDS [whole]
 *       send COUNT 64-byte IPv4 datagrams to DST (sendmmsg, 64 at a
 *       time), stopping early after SECONDS; prints the number sent.
 *       With "whole", a datagram the interface refused (a veth whose
 *       peer's queue is full drops it; IP_RECVERR makes that ENOBUFS) is
 *       sent again after a pause, so a test's burst is all it asked for
 *       even on a loaded machine; without, it counts as not sent, as a
 *       flood's sender would lose it.
 *       DST must be a documentation address (192.0.2.0/24,
 *       198.51.100.0/24, 203.0.113.0/24): the flood cannot leave a test.
 *   udp_flood sink PORT SECONDS
 *       count datagrams arriving on PORT until SECONDS have passed or
 *       none came for half a second after the first; prints
 *       "PACKETS NANOSECONDS" from the first datagram to the last.
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#define BATCH 64

static uint64_t now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

static int documentation_addr(struct in_addr a)
{
	uint32_t net = ntohl(a.s_addr) & 0xffffff00u;

	return net == 0xc0000200u || net == 0xc6336400u || net == 0xcb007100u;
}

static int flood_send(const char *dst, int sport, int dport, long count, double seconds,
		      int whole)
{
	struct sockaddr_in to = { .sin_family = AF_INET, .sin_port = htons((uint16_t)dport) };
	struct sockaddr_in from = { .sin_family = AF_INET, .sin_port = htons((uint16_t)sport) };
	static char payload[64];
	struct iovec iov = { payload, sizeof(payload) };
	struct mmsghdr msgs[BATCH];
	uint64_t deadline = now_ns() + (uint64_t)(seconds * 1e9);
	long sent = 0;
	int fd, i, n, on = 1;

	if (inet_pton(AF_INET, dst, &to.sin_addr) != 1 || !documentation_addr(to.sin_addr)) {
		fprintf(stderr, "udp_flood: %s: not a documentation address\n", dst);
		return 2;
	}
	fd = socket(AF_INET, SOCK_DGRAM, 0);
	if (fd < 0 || bind(fd, (struct sockaddr *)&from, sizeof(from)) ||
	    connect(fd, (struct sockaddr *)&to, sizeof(to)) ||
	    (whole && setsockopt(fd, IPPROTO_IP, IP_RECVERR, &on, sizeof(on)))) {
		perror("udp_flood");
		return 1;
	}
	memset(msgs, 0, sizeof(msgs));
	for (i = 0; i < BATCH; i++) {
		msgs[i].msg_hdr.msg_iov = &iov;
		msgs[i].msg_hdr.msg_iovlen = 1;
	}
	while (sent < count && now_ns() < deadline) {
		n = sendmmsg(fd, msgs, (unsigned int)(count - sent < BATCH ? count - sent : BATCH), 0);
		if (n < 0 && errno != ENOBUFS && errno != EAGAIN && errno != ECONNREFUSED) {
			perror("udp_flood: sendmmsg");
			return 1;
		}
		if (n < 0 && whole && errno == ENOBUFS)
			usleep(100);	/* the receiver's queue drains meanwhile */
		sent += n > 0 ? n : 0;
	}
	printf("%ld\n", sent);
	return 0;
}

static int flood_sink(int port, double seconds)
{
	struct sockaddr_in addr = { .sin_family = AF_INET, .sin_port = htons((uint16_t)port) };
	struct timeval poll = { .tv_usec = 100000 };
	static char bufs[BATCH][128];
	struct iovec iov[BATCH];
	struct mmsghdr msgs[BATCH];
	uint64_t start = now_ns(), deadline = start + (uint64_t)(seconds * 1e9);
	uint64_t first = 0, last = 0, t;
	int fd, i, n, rcvbuf = 4 << 20;
	long got = 0;

	fd = socket(AF_INET, SOCK_DGRAM, 0);
	if (fd < 0 || setsockopt(fd, SOL_SOCKET, SO_RCVBUFFORCE, &rcvbuf, sizeof(rcvbuf)) ||
	    setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &poll, sizeof(poll)) ||
	    bind(fd, (struct sockaddr *)&addr, sizeof(addr))) {
		perror("udp_flood");
		return 1;
	}
	memset(msgs, 0, sizeof(msgs));
	for (i = 0; i < BATCH; i++) {
		iov[i] = (struct iovec){ bufs[i], sizeof(bufs[i]) };
		msgs[i].msg_hdr.msg_iov = &iov[i];
		msgs[i].msg_hdr.msg_iovlen = 1;
	}
	printf("ready\n");
	fflush(stdout);
	while ((t = now_ns()) < deadline) {
		if (got && t - last > 500000000u)
			break;
		n = recvmmsg(fd, msgs, BATCH, MSG_WAITFORONE, NULL);
		if (n <= 0)
			continue;
		last = now_ns();
		if (!got)
			first = last;
		got += n;
	}
	printf("%ld %llu\n", got, (unsigned long long)(last - first));
	return 0;
}

int main(int argc, char **argv)
{
	if ((argc == 7 || (argc == 8 && !strcmp(argv[7], "whole"))) && !strcmp(argv[1], "send"))
		return flood_send(argv[2], atoi(argv[3]), atoi(argv[4]), atol(argv[5]),
				  atof(argv[6]), argc == 8);
	if (argc == 4 && !strcmp(argv[1], "sink"))
		return flood_sink(atoi(argv[2]), atof(argv[3]));
	fprintf(stderr, "usage: udp_flood send DST SPORT DPORT COUNT SECONDS [whole]\n"
			"       udp_flood sink PORT SECONDS\n");
	return 2;
}
