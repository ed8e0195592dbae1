// SPDX-License-Identifier: GPL-2.0
/*
 * bench_log [quick]: the log store and its readers, for make bench:
 *  - records per second into the store (ipsec_logd's writer: buffered,
 *    synced at the end), packet records of a UDP datagram's headers;
 *  - ipsec_log dump's throughput per format, to /dev/null;
 *  - a filter's evaluation per record.
 * Median of runs; the store lives in a temporary directory, removed after.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "logging/dump.h"
#include "logging/query.h"
#include "logging/store.h"
#include "logging/view.h"
#include "util/diag.h"

static int runs = 5;

static double now_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

static double median(double *v, int n)
{
	qsort(v, (size_t)n, sizeof(*v), cmp_double);
	return v[n / 2];
}

/* A UDP record as the kernel writes it for a 64-byte datagram. */
static void udp_record(struct ebfilt_log_record *r, uint32_t i)
{
	static const uint8_t hdr[36] = { 0x45, 0, 0, 36, 0, 0, 0, 0, 64, 17, 0, 0,
					 192, 0, 2, 2, 192, 0, 2, 1, 0x9c, 0x40, 0, 53 };

	memset(r, 0, sizeof(*r));
	r->hdr.type = EBFILT_REC_PACKET;
	r->hdr.version = EBFILT_REC_PACKET_VERSION;
	r->hdr.time_ns = 1764526410000000000ull + i;
	r->rule_id = 1 + i % 7;
	r->ifindex = 2;
	r->ip_len = 36;
	r->cap_len = 36;
	r->sport = 40000;
	r->dport = (uint16_t)(i % 3 ? 53 : 123);
	r->version = 4;
	r->action = i % 2 ? EBFILT_PERMIT : EBFILT_DENY;
	r->inbound = 1;
	r->proto = 17;
	r->flags = EBFILT_LOG_PORTS | EBFILT_LOG_ADDRS | EBFILT_LOG_PROTO;
	memcpy(r->saddr, hdr + 12, 4);
	memcpy(r->daddr, hdr + 16, 4);
	r->payload_off = 28;
	memcpy(r->headers, hdr, sizeof(hdr));
	r->hdr.len = (uint16_t)ebfilt_log_record_len(r->cap_len);
}

static double store_rate(const char *dir, uint32_t n)
{
	struct ebfilt_log_record r;
	static const uint8_t addr[16] = { 192, 0, 2, 1 };
	struct frame_iface iface = { "eth0", addr };
	struct log_store *s;
	double t0, t;
	uint32_t i;

	udp_record(&r, 0);
	if (store_open(&s, dir, 64u << 20))
		exit(1);
	t0 = now_s();
	for (i = 0; i < n; i++) {
		r.hdr.time_ns++;
		if (store_append(s, &r, r.hdr.len, &iface))
			exit(1);
	}
	store_close(s);	/* flushed and synced: part of the cost */
	t = now_s() - t0;
	return n / t;
}

static double dump_rate(enum dump_format f, const struct log_view *views, uint32_t n)
{
	struct dump_options opts = { 0 };
	FILE *out = fopen("/dev/null", "w");
	struct dump_out *d;
	double t0;
	uint32_t i;

	if (!out || dump_open(&d, f, out, &opts))
		exit(1);
	t0 = now_s();
	for (i = 0; i < n; i++)
		dump_record(d, &views[i % 64]);
	dump_close(d);
	fclose(out);
	return n / (now_s() - t0);
}

int main(int argc, char **argv)
{
	static const char *const names[] = { "aix", "ipmon", "json", "welf", "pcap" };
	static struct ebfilt_log_record recs[64];
	struct log_view views[64];
	char dir[] = "/tmp/ebfilt-bench-log-XXXXXX", cmd[128];
	uint32_t n = 2000000, i, matched = 0;
	struct log_query *q;
	struct query_error qe;
	double v[9], t0;
	int k, f;

	diag_init("bench_log");
	if (argc > 1 && !strcmp(argv[1], "quick")) {
		runs = 3;
		n = 500000;
	}
	if (!mkdtemp(dir))
		return 1;
	for (k = 0; k < runs; k++) {
		snprintf(cmd, sizeof(cmd), "rm -f %s/ebfilt.log*", dir);
		if (system(cmd))
			return 1;
		v[k] = store_rate(dir, n);
	}
	printf("Log store (median of %d; %u records of 120 bytes into 64 MiB, synced)\n\n", runs, n);
	printf("%-28s %14.0f records/s\n", "store append", median(v, runs));
	snprintf(cmd, sizeof(cmd), "rm -rf %s", dir);
	if (system(cmd))
		return 1;

	for (i = 0; i < 64; i++) {
		udp_record(&recs[i], i);
		views[i] = (struct log_view){ .hdr = &recs[i].hdr, .pkt = &recs[i], .ifname = "eth0",
					      .when = { .tv_sec = 1764526410 } };
	}
	printf("\n%-28s %14s\n", "ipsec_log dump -f", "records/s");
	for (f = 0; f < 5; f++) {
		for (k = 0; k < runs; k++)
			v[k] = dump_rate((enum dump_format)f, views, n / 4);
		printf("%-28s %14.0f\n", names[f], median(v, runs));
	}
	if (query_parse("(host 192.0.2.1 and port 53) or (icmp and action deny) or rule 5..6",
			NULL, &q, &qe))
		return 1;
	for (k = 0; k < runs; k++) {
		t0 = now_s();
		for (i = 0; i < n; i++)
			matched += query_match(q, &views[i % 64]);
		v[k] = (now_s() - t0) / n * 1e9;
	}
	query_free(q);
	printf("\n%-28s %11.1f ns/record (%u matched)\n", "filter, 6 primitives", median(v, runs),
	       matched);
	return 0;
}
