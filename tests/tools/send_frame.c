// SPDX-License-Identifier: GPL-2.0
/*
 * send_frame IFACE HEX: send one raw Ethernet frame, given as hex digits,
 * out of IFACE (AF_PACKET). For crafting the short and malformed packets
 * the end-to-end tests need, inside the namespaces they create.
 */
#include <linux/if_packet.h>
#include <net/if.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

int main(int argc, char **argv)
{
	struct sockaddr_ll addr = { .sll_family = AF_PACKET };
	unsigned char frame[1514];
	size_t len = 0, i;
	unsigned int byte;
	int fd;

	if (argc != 3 || strlen(argv[2]) % 2 || strlen(argv[2]) / 2 > sizeof(frame)) {
		fprintf(stderr, "usage: send_frame IFACE HEX\n");
		return 2;
	}
	for (i = 0; argv[2][i]; i += 2) {
		if (sscanf(argv[2] + i, "%2x", &byte) != 1)
			return 2;
		frame[len++] = (unsigned char)byte;
	}
	addr.sll_ifindex = (int)if_nametoindex(argv[1]);
	addr.sll_halen = 6;
	memcpy(addr.sll_addr, frame, 6);
	fd = socket(AF_PACKET, SOCK_RAW, 0);
	if (fd < 0 || !addr.sll_ifindex ||
	    sendto(fd, frame, len, 0, (struct sockaddr *)&addr, sizeof(addr)) != (ssize_t)len) {
		perror("send_frame");
		return 1;
	}
	close(fd);
	return 0;
}
