// SPDX-License-Identifier: GPL-2.0
/*
 * tun_probe: be the far end of a layer-3 tun interface the test created
 * (ip tuntap add dev DEV mode tun), so packets reach the kernel through a
 * device without an Ethernet header.
 *
 *   tun_probe DEV ping SRC DST       an echo request from SRC to DST
 *   tun_probe DEV udp SRC DST PORT  a datagram from SRC port 40000 to DST PORT
 *   tun_probe DEV raw HEX           these bytes as they are (no answer awaited)
 *
 * ping and udp wait up to a second for the answer (an echo reply; any
 * datagram back from DST PORT, such as udp_echo's) and print "answered"
 * (exit 0) or "none" (exit 1). IPv4 or IPv6 follows the addresses. Usage
 * errors exit 2.
 */
#include <arpa/inet.h>
#include <fcntl.h>
#include <linux/if.h>
#include <linux/if_tun.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#define SPORT	40000

struct probe {
	int v6;
	unsigned char src[16], dst[16];
	int proto;		/* 1 ICMP, 58 ICMPv6, 17 UDP */
	unsigned int port;
};

static unsigned long sum16(const unsigned char *p, size_t len, unsigned long sum)
{
	size_t i;

	for (i = 0; i + 1 < len; i += 2)
		sum += (unsigned long)(p[i] << 8 | p[i + 1]);
	if (len & 1)
		sum += (unsigned long)p[len - 1] << 8;
	return sum;
}

static void put16(unsigned char *p, unsigned long v)
{
	p[0] = (unsigned char)(v >> 8);
	p[1] = (unsigned char)v;
}

static unsigned long fold(unsigned long sum)
{
	while (sum >> 16)
		sum = (sum & 0xffff) + (sum >> 16);
	return ~sum & 0xffff;
}

/* The transport part of the probe at l4; returns its length. */
static size_t transport(const struct probe *pr, unsigned char *l4)
{
	static const char payload[] = "ebfilt tun_probe";
	size_t hl = 8, len = hl + sizeof(payload);

	memset(l4, 0, hl);
	if (pr->proto == 17) {
		put16(l4, SPORT);
		put16(l4 + 2, pr->port);
		put16(l4 + 4, len);
	} else {
		l4[0] = pr->v6 ? 128 : 8;	/* echo request */
		put16(l4 + 4, 0x7e7e);		/* identifier */
		put16(l4 + 6, 1);
	}
	memcpy(l4 + hl, payload, sizeof(payload));
	return len;
}

/* The whole IP packet of the probe into buf; returns its length. */
static size_t build(const struct probe *pr, unsigned char *buf)
{
	size_t alen = pr->v6 ? 16 : 4, ihl = pr->v6 ? 40 : 20, len, csum_at;
	unsigned char *l4 = buf + ihl;
	unsigned long sum;

	len = transport(pr, l4);
	memset(buf, 0, ihl);
	if (pr->v6) {
		buf[0] = 0x60;
		put16(buf + 4, len);
		buf[6] = (unsigned char)pr->proto;
		buf[7] = 64;
		memcpy(buf + 8, pr->src, 16);
		memcpy(buf + 24, pr->dst, 16);
	} else {
		buf[0] = 0x45;
		put16(buf + 2, ihl + len);
		buf[8] = 64;
		buf[9] = (unsigned char)pr->proto;
		memcpy(buf + 12, pr->src, 4);
		memcpy(buf + 16, pr->dst, 4);
		put16(buf + 10, fold(sum16(buf, ihl, 0)));
	}
	/* ICMP's checksum covers its message; UDP's and ICMPv6's a pseudo-header too. */
	sum = 0;
	if (pr->proto != 1) {
		sum = sum16(pr->src, alen, sum16(pr->dst, alen, 0));
		sum += (unsigned long)pr->proto + len;
	}
	csum_at = pr->proto == 17 ? 6 : 2;
	put16(l4 + csum_at, fold(sum16(l4, len, sum)));
	return ihl + len;
}

/* Whether pkt (n bytes, read from the tun device) answers the probe. */
static int answers(const struct probe *pr, const unsigned char *pkt, ssize_t n)
{
	size_t alen = pr->v6 ? 16 : 4, ihl;
	const unsigned char *from, *to;
	int proto;

	if (n < 1 || (pkt[0] >> 4) != (pr->v6 ? 6 : 4))
		return 0;
	ihl = pr->v6 ? 40 : (size_t)(pkt[0] & 15) * 4;
	if ((size_t)n < ihl + 8)
		return 0;
	proto = pr->v6 ? pkt[6] : pkt[9];
	from = pkt + (pr->v6 ? 8 : 12);
	to = from + alen;
	if (proto != pr->proto || memcmp(from, pr->dst, alen) || memcmp(to, pr->src, alen))
		return 0;
	if (pr->proto == 17)
		return (pkt[ihl] << 8 | pkt[ihl + 1]) == (int)pr->port &&
		       (pkt[ihl + 2] << 8 | pkt[ihl + 3]) == SPORT;
	return pkt[ihl] == (pr->v6 ? 129 : 0);	/* echo reply */
}

/*
 * Opening the device turns its carrier on, but until the kernel's link
 * watch has run, its queue discipline is still the one that drops: an
 * answer sent at once would be lost. Wait (up to two seconds) until the
 * link is RUNNING, which the link watch sets just before it activates
 * the queue, and a little longer for that.
 */
static void wait_running(const char *dev)
{
	struct ifreq ifr = { 0 };
	int s = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
	int i;

	if (s < 0)
		return;
	strcpy(ifr.ifr_name, dev);
	for (i = 0; i < 200; i++) {
		if (!ioctl(s, SIOCGIFFLAGS, &ifr) && (ifr.ifr_flags & IFF_RUNNING))
			break;
		usleep(10000);
	}
	close(s);
	usleep(20000);
}

static int open_tun(const char *dev)
{
	struct ifreq ifr = { .ifr_flags = IFF_TUN | IFF_NO_PI };
	int fd = open("/dev/net/tun", O_RDWR | O_CLOEXEC);

	if (fd < 0 || strlen(dev) >= IFNAMSIZ) {
		perror("tun_probe: /dev/net/tun");
		return -1;
	}
	strcpy(ifr.ifr_name, dev);
	if (ioctl(fd, TUNSETIFF, &ifr)) {
		perror("tun_probe: TUNSETIFF");
		close(fd);
		return -1;
	}
	wait_running(dev);
	return fd;
}

static int parse_addrs(struct probe *pr, const char *src, const char *dst)
{
	pr->v6 = strchr(src, ':') != NULL;
	return inet_pton(pr->v6 ? AF_INET6 : AF_INET, src, pr->src) == 1 &&
	       inet_pton(pr->v6 ? AF_INET6 : AF_INET, dst, pr->dst) == 1;
}

static long now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static int usage(void)
{
	fprintf(stderr, "usage: tun_probe DEV ping SRC DST | DEV udp SRC DST PORT | DEV raw HEX\n");
	return 2;
}

int main(int argc, char **argv)
{
	unsigned char buf[2048];
	struct probe pr = { 0 };
	unsigned int byte;
	size_t len = 0, i;
	long deadline;
	int fd;

	if (argc < 4)
		return usage();
	if (!strcmp(argv[2], "raw")) {
		if (argc != 4 || strlen(argv[3]) % 2 || strlen(argv[3]) / 2 > sizeof(buf))
			return usage();
		for (i = 0; argv[3][i]; i += 2) {
			if (sscanf(argv[3] + i, "%2x", &byte) != 1)
				return usage();
			buf[len++] = (unsigned char)byte;
		}
	} else if (!strcmp(argv[2], "ping") && argc == 5) {
		if (!parse_addrs(&pr, argv[3], argv[4]))
			return usage();
		pr.proto = pr.v6 ? 58 : 1;
	} else if (!strcmp(argv[2], "udp") && argc == 6) {
		if (!parse_addrs(&pr, argv[3], argv[4]))
			return usage();
		pr.proto = 17;
		pr.port = (unsigned int)strtoul(argv[5], NULL, 10);
		if (!pr.port || pr.port > 65535)
			return usage();
	} else {
		return usage();
	}
	fd = open_tun(argv[1]);
	if (fd < 0)
		return 2;
	if (!pr.proto) {
		if (write(fd, buf, len) != (ssize_t)len) {
			perror("tun_probe: write");
			return 2;
		}
		return 0;
	}
	len = build(&pr, buf);
	if (write(fd, buf, len) != (ssize_t)len) {
		perror("tun_probe: write");
		return 2;
	}
	for (deadline = now_ms() + 1000; now_ms() < deadline;) {
		struct pollfd p = { .fd = fd, .events = POLLIN };
		ssize_t n;

		if (poll(&p, 1, (int)(deadline - now_ms())) <= 0)
			continue;
		n = read(fd, buf, sizeof(buf));
		if (answers(&pr, buf, n)) {
			printf("answered\n");
			return 0;
		}
	}
	printf("none\n");
	return 1;
}
