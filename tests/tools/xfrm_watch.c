// SPDX-License-Identifier: GPL-2.0
/*
 * xfrm_watch: the library's view of the kernel's IPsec state, for
 * tests/e2e/88-xfrm.t (run it inside the test's network namespace).
 *
 *   xfrm_watch sa [-j]                the SAs, as text blocks or JSON
 *   xfrm_watch policy [-j]            the policies, likewise
 *   xfrm_watch events SECONDS [COUNT [PAUSE]]
 *                                     each event as "SEVERITY LINE", for
 *                                     SECONDS or until COUNT events (0:
 *                                     no limit); with PAUSE, a receive
 *                                     queue as small as the kernel allows,
 *                                     not read for PAUSE seconds, so that
 *                                     events are lost
 *   xfrm_watch allocspi SRC DST SPI REQID IF_ID
 *                                     a larval ESP SA (tunnel mode) with
 *                                     an if_id, which ip xfrm state
 *                                     allocspi (iproute2 6.1) cannot give
 *
 * events prints "# listening" once subscribed, so a test can wait for it
 * rather than sleep. Exit 0; 1 when the kernel refuses; 2 for usage.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <linux/xfrm.h>
#include <netinet/in.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <syslog.h>
#include <time.h>
#include <unistd.h>

#include "ipsec/xfrm.h"
#include "ipsec/xfrm_event.h"
#include "util/json.h"

struct watch {
	long count, limit;
};

static const char *severity_name(int severity)
{
	switch (severity) {
	case LOG_WARNING: return "warning";
	case LOG_NOTICE: return "notice";
	case LOG_INFO: return "info";
	}
	return "?";
}

static void print_event(const struct xfrm_event *ev, void *ctx)
{
	struct watch *w = ctx;
	char line[XFRM_EVENT_TEXT_MAX];

	xfrm_event_text(ev, line, sizeof(line));
	printf("%s %s\n", severity_name(ev->severity), line);
	w->count++;
}

static int events(long seconds, long limit, long pause)
{
	int tiny = 1;	/* the kernel raises it to its least */
	struct watch w = { .limit = limit };
	struct xfrm_monitor m;
	struct timespec now, end;
	struct pollfd pfd;
	int err, ms;

	err = xfrm_monitor_open(&m);
	if (err) {
		fprintf(stderr, "xfrm_watch: cannot listen: %s\n", strerror(-err));
		return 1;
	}
	if (pause && setsockopt(m.fd, SOL_SOCKET, SO_RCVBUF, &tiny, sizeof(tiny)))
		perror("xfrm_watch: SO_RCVBUF");
	printf("# listening\n");
	if (pause)
		sleep((unsigned int)pause);
	clock_gettime(CLOCK_MONOTONIC, &end);
	end.tv_sec += seconds;
	pfd.fd = m.fd;
	pfd.events = POLLIN;
	while (!w.limit || w.count < w.limit) {
		clock_gettime(CLOCK_MONOTONIC, &now);
		ms = (int)((end.tv_sec - now.tv_sec) * 1000 + (end.tv_nsec - now.tv_nsec) / 1000000);
		if (ms <= 0)
			break;
		if (poll(&pfd, 1, ms) < 0 && errno != EINTR)
			break;
		err = xfrm_monitor_read(&m, print_event, &w);
		if (err < 0) {
			fprintf(stderr, "xfrm_watch: %s\n", strerror(-err));
			xfrm_monitor_close(&m);
			return 1;
		}
	}
	xfrm_monitor_close(&m);
	return 0;
}

static int dump(bool sa, bool json)
{
	struct xfrm_sa *sas = NULL;
	struct xfrm_pol *pols = NULL;
	struct json_out j;
	size_t n, i;
	int err;

	err = sa ? xfrm_dump_states(&sas, &n) : xfrm_dump_policies(&pols, &n);
	if (err) {
		fprintf(stderr, "xfrm_watch: cannot read the %s: %s\n", sa ? "SAs" : "policies",
			strerror(-err));
		return 1;
	}
	if (json) {
		json_begin(&j, stdout);
		json_open(&j, NULL, '[');
	}
	for (i = 0; i < n; i++) {
		if (json && sa)
			xfrm_print_sa_json(&j, NULL, &sas[i]);
		else if (json)
			xfrm_print_pol_json(&j, NULL, &pols[i]);
		else if (sa)
			xfrm_print_sa_text(stdout, &sas[i]);
		else
			xfrm_print_pol_text(stdout, &pols[i]);
	}
	if (json) {
		json_close(&j, ']');
		json_end(&j);
	}
	free(sas);
	free(pols);
	return 0;
}

static int allocspi(char **argv)
{
	struct {
		struct nlmsghdr h;
		struct xfrm_userspi_info spi;
		struct nlattr a;
		uint32_t if_id;
	} req;
	char answer[8192] __attribute__((aligned(8)));
	const struct nlmsghdr *h = (const struct nlmsghdr *)answer;
	struct nlmsgerr e;
	struct xfrm_sa sa;
	int fd, family;
	ssize_t n;

	memset(&req, 0, sizeof(req));
	family = strchr(argv[0], ':') ? AF_INET6 : AF_INET;
	if (inet_pton(family, argv[0], &req.spi.info.saddr) != 1 ||
	    inet_pton(family, argv[1], &req.spi.info.id.daddr) != 1)
		return 2;
	req.h.nlmsg_len = sizeof(req);
	req.h.nlmsg_type = XFRM_MSG_ALLOCSPI;
	req.h.nlmsg_flags = NLM_F_REQUEST;
	req.spi.info.family = (uint16_t)family;
	req.spi.info.id.proto = IPPROTO_ESP;
	req.spi.info.mode = XFRM_MODE_TUNNEL;
	req.spi.info.reqid = (uint32_t)strtoul(argv[3], NULL, 0);
	req.spi.min = req.spi.max = (uint32_t)strtoul(argv[2], NULL, 0);
	req.a.nla_type = XFRMA_IF_ID;
	req.a.nla_len = NLA_HDRLEN + sizeof(req.if_id);
	req.if_id = (uint32_t)strtoul(argv[4], NULL, 0);
	fd = socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, NETLINK_XFRM);
	if (fd < 0 || send(fd, &req, sizeof(req), 0) < 0 ||
	    (n = recv(fd, answer, sizeof(answer), 0)) < (ssize_t)NLMSG_HDRLEN) {
		perror("xfrm_watch: allocspi");
		return 1;
	}
	close(fd);
	if (h->nlmsg_type == NLMSG_ERROR && (size_t)n >= NLMSG_LENGTH(sizeof(e))) {
		memcpy(&e, NLMSG_DATA(h), sizeof(e));
		fprintf(stderr, "xfrm_watch: allocspi: %s\n", strerror(-e.error));
		return 1;
	}
	if (xfrm_decode_sa(h, (size_t)n, &sa)) {
		fprintf(stderr, "xfrm_watch: allocspi: an answer that does not decode\n");
		return 1;
	}
	printf("allocated spi 0x%08x if_id %u\n", sa.spi, sa.if_id);
	return 0;
}

int main(int argc, char **argv)
{
	int rc;

	setvbuf(stdout, NULL, _IOLBF, 0);	/* a test reads the lines as they come */
	if (argc >= 2 && (!strcmp(argv[1], "sa") || !strcmp(argv[1], "policy")) &&
	    (argc == 2 || (argc == 3 && !strcmp(argv[2], "-j"))))
		return dump(!strcmp(argv[1], "sa"), argc == 3);
	if (argc >= 3 && argc <= 5 && !strcmp(argv[1], "events"))
		return events(atol(argv[2]), argc >= 4 ? atol(argv[3]) : 0,
			      argc == 5 ? atol(argv[4]) : 0);
	if (argc == 7 && !strcmp(argv[1], "allocspi") && (rc = allocspi(argv + 2)) != 2)
		return rc;
	fprintf(stderr, "usage: xfrm_watch sa|policy [-j] | events SECONDS [COUNT [PAUSE]] |"
		" allocspi SRC DST SPI REQID IF_ID\n");
	return 2;
}
