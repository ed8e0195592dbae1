// SPDX-License-Identifier: GPL-2.0
/*
 * BPF_PROG_TEST_RUN tests of the session stage (bpf/session.bpf.h) on
 * crafted packets: only a SYN (or, for other protocols, any packet an S
 * rule permits) makes a session; both hooks count, IP bytes; RST and the
 * second FIN end it with one record, in the initiator's direction; deny
 * rules and rules without S make none; ICMP echo is keyed by identifier
 * and ICMP errors are no session; the sweep program ends idle sessions
 * and, for a table that goes, all of them; a table without S rules keeps
 * no session at all.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>
#include <netinet/in.h>
#include <string.h>
#include <unistd.h>

#include <bpf/bpf.h>
#include <bpf/libbpf.h>

#include "datapath/pins.h"
#include "ebfilt/session.h"
#include "harness.h"
#include "logging/session.h"
#include "util/percpu.h"

#define TABLE "deny proto=tcp dport=eq:25\n"				\
	      "permit proto=tcp dport=eq:80 log=session\n"		\
	      "permit proto=tcp dport=eq:22\n"				\
	      "permit proto=udp log=yes+session\n"			\
	      "permit proto=icmp log=session\n"				\
	      "permit proto=tcp\n"					\
	      "default deny\n"

#define FIN 0x01
#define SYN 0x02
#define RST 0x04
#define ACK 0x10

struct sessions_seen {
	struct ebfilt_session_record rec[16];
	int count;
};

/* Session records only: -l YS writes packet records to the same ring. */
static int collect(void *ctx, void *data, size_t size)
{
	struct sessions_seen *s = ctx;

	if (s->count < 16 && !log_session_decode(data, size, &s->rec[s->count]))
		s->count++;
	return 0;
}

struct fixture {
	struct harness h;
	struct ring_buffer *rb;
	struct sessions_seen seen;
};

static void start(struct fixture *f, const char *table)
{
	struct ebfilt_log_settings set = { .enabled = 1, .buffer = EBFILT_LOG_TO_RING };
	uint32_t zero = 0;

	memset(f, 0, sizeof(*f));
	assert_int_equal(harness_load(&f->h, table, NULL), 0);
	assert_int_equal(bpf_map_update_elem(bpf_map__fd(f->h.skel->maps.log_settings), &zero,
					     &set, BPF_ANY), 0);
	f->rb = ring_buffer__new(bpf_map__fd(f->h.skel->maps.log_ring), collect, &f->seen, NULL);
	assert_non_null(f->rb);
}

static void stop(struct fixture *f)
{
	ring_buffer__free(f->rb);
	harness_unload(&f->h);
}

static int sessions_fd(struct fixture *f)
{
	return bpf_map__fd(table_map(f->h.skel, 4, TMAP_sessions));
}

/* Open sessions in the IPv4 map; the first into *one when asked. */
static int open_sessions(struct fixture *f, struct ebfilt_session *one)
{
	struct ebfilt_session_key key, next;
	void *prev = NULL;
	int n = 0;

	while (!bpf_map_get_next_key(sessions_fd(f), prev, &next)) {
		if (!n && one)
			assert_int_equal(bpf_map_lookup_elem(sessions_fd(f), &next, one), 0);
		key = next;
		prev = &key;
		n++;
	}
	return n;
}

static struct ebfilt_session_totals totals(struct fixture *f)
{
	struct ebfilt_session_totals t;

	assert_int_equal(percpu_sum_struct(bpf_map__fd(f->h.skel->maps.session_totals), 0, &t), 0);
	return t;
}

/* A client 192.0.2.20:40000 and this host 192.0.2.1 (proto, its port dport). */
static struct test_packet client(uint8_t proto, uint16_t dport, uint8_t flags)
{
	struct test_packet p = { .version = 4, .proto = proto, .sport = 40000, .dport = dport,
				 .tcp_flags = flags };

	packet_addr(4, "192.0.2.20", p.saddr);
	packet_addr(4, "192.0.2.1", p.daddr);
	return p;
}

/* The answer to c, from this host. */
static struct test_packet answer(const struct test_packet *c, uint8_t flags)
{
	struct test_packet p = *c;

	memcpy(p.saddr, c->daddr, 16);
	memcpy(p.daddr, c->saddr, 16);
	p.sport = c->dport;
	p.dport = c->sport;
	p.tcp_flags = flags;
	return p;
}

static void run(struct fixture *f, enum harness_hook hook, const struct test_packet *p,
		int verdict)
{
	assert_int_equal(harness_run_packet(&f->h, hook, p), verdict);
}

static void test_tcp_fin(void **state)
{
	struct fixture f;
	struct test_packet c = client(IPPROTO_TCP, 80, ACK), a;
	struct ebfilt_session s;
	const struct ebfilt_session_record *r;

	(void)state;
	start(&f, TABLE);
	/* An ACK of a connection older than the table makes no session. */
	run(&f, HOOK_XDP_IN, &c, 1);
	assert_int_equal(open_sessions(&f, NULL), 0);
	c.tcp_flags = SYN;
	run(&f, HOOK_XDP_IN, &c, 1);
	a = answer(&c, SYN | ACK);
	run(&f, HOOK_TC_OUT, &a, 1);
	c.tcp_flags = ACK;
	c.payload_len = 100;
	run(&f, HOOK_XDP_IN, &c, 1);
	assert_int_equal(open_sessions(&f, &s), 1);
	assert_int_equal(s.packets[EBFILT_SESSION_IN], 2);
	assert_int_equal(s.packets[EBFILT_SESSION_OUT], 1);
	assert_int_equal(s.bytes[EBFILT_SESSION_IN], 40 + 140);	/* IP bytes, not frame bytes */
	assert_int_equal(s.bytes[EBFILT_SESSION_OUT], 40);
	assert_int_equal(s.rule_id, 2);
	c.payload_len = 0;
	c.tcp_flags = FIN | ACK;
	run(&f, HOOK_XDP_IN, &c, 1);
	assert_int_equal(open_sessions(&f, NULL), 1);		/* one side's FIN: still open */
	a.tcp_flags = FIN | ACK;
	run(&f, HOOK_TC_OUT, &a, 1);
	assert_int_equal(open_sessions(&f, NULL), 0);
	/* The last ACK opens nothing. */
	c.tcp_flags = ACK;
	run(&f, HOOK_XDP_IN, &c, 1);
	assert_int_equal(open_sessions(&f, NULL), 0);
	ring_buffer__consume(f.rb);
	assert_int_equal(f.seen.count, 1);
	r = &f.seen.rec[0];
	assert_int_equal(r->hdr.type, EBFILT_REC_SESSION);
	assert_int_equal(r->hdr.version, EBFILT_REC_SESSION_VERSION);
	assert_int_equal(r->hdr.len, sizeof(*r));
	assert_int_equal(r->end, EBFILT_SESSION_FIN);
	assert_int_equal(r->rule_id, 2);
	assert_int_equal(r->ifindex, (uint32_t)f.h.ifindex_in);
	assert_int_equal(r->inbound, 1);
	assert_memory_equal(r->saddr, c.saddr, 4);		/* the initiator first */
	assert_memory_equal(r->daddr, c.daddr, 4);
	assert_int_equal(r->sport, 40000);
	assert_int_equal(r->dport, 80);
	assert_int_equal(r->proto, IPPROTO_TCP);
	assert_int_equal(r->packets_in, 3);
	assert_int_equal(r->packets_out, 2);
	assert_int_equal(r->bytes_in, 40 + 140 + 40);
	assert_int_equal(r->bytes_out, 80);
	assert_int_equal(r->tcp_flags_in, SYN | ACK | FIN);
	assert_int_equal(r->tcp_flags_out, SYN | ACK | FIN);
	assert_true(r->first_ago_ns >= r->last_ago_ns);
	assert_int_equal(totals(&f).made, 1);
	assert_int_equal(totals(&f).ended, 1);
	assert_int_equal(totals(&f).records, 1);
	stop(&f);
}

static void test_tcp_rst(void **state)
{
	struct fixture f;
	struct test_packet c = client(IPPROTO_TCP, 80, SYN), a = answer(&c, RST | ACK);

	(void)state;
	start(&f, TABLE);
	run(&f, HOOK_XDP_IN, &c, 1);
	run(&f, HOOK_TC_OUT, &a, 1);
	assert_int_equal(open_sessions(&f, NULL), 0);
	ring_buffer__consume(f.rb);
	assert_int_equal(f.seen.count, 1);
	assert_int_equal(f.seen.rec[0].end, EBFILT_SESSION_RST);
	assert_int_equal(f.seen.rec[0].packets_in, 1);
	assert_int_equal(f.seen.rec[0].packets_out, 1);
	stop(&f);
}

static void test_no_session(void **state)
{
	struct fixture f;
	struct test_packet denied = client(IPPROTO_TCP, 25, SYN), plain = client(IPPROTO_TCP, 22, SYN);
	struct test_packet c = client(IPPROTO_TCP, 80, SYN), a;
	struct ebfilt_session s;

	(void)state;
	start(&f, TABLE);
	run(&f, HOOK_XDP_IN, &denied, 0);
	run(&f, HOOK_XDP_IN, &plain, 1);		/* permitted, but not by an S rule */
	assert_int_equal(open_sessions(&f, NULL), 0);
	/* A session's packet counts whichever permit rule took it (the last rule here). */
	run(&f, HOOK_XDP_IN, &c, 1);
	a = answer(&c, SYN | ACK);
	run(&f, HOOK_TC_OUT, &a, 1);
	assert_int_equal(open_sessions(&f, &s), 1);
	assert_int_equal(s.packets[EBFILT_SESSION_OUT], 1);
	stop(&f);
}

static void test_udp_icmp(void **state)
{
	struct fixture f;
	struct test_packet u = client(IPPROTO_UDP, 53, 0), ua = answer(&u, 0);
	struct test_packet e = client(IPPROTO_ICMP, 0, 0), ea, err = client(IPPROTO_ICMP, 0, 0);
	struct ebfilt_session s;

	(void)state;
	start(&f, TABLE);
	run(&f, HOOK_XDP_IN, &u, 1);
	run(&f, HOOK_TC_OUT, &ua, 1);
	assert_int_equal(open_sessions(&f, &s), 1);
	assert_int_equal(s.packets[EBFILT_SESSION_IN], 1);
	assert_int_equal(s.packets[EBFILT_SESSION_OUT], 1);
	/* Echo request and reply: one session by identifier. */
	e.sport = 8;
	e.icmp_id = 4711;
	run(&f, HOOK_XDP_IN, &e, 1);
	ea = answer(&e, 0);
	ea.sport = 0;	/* echo reply, code 0 */
	ea.dport = 0;
	run(&f, HOOK_TC_OUT, &ea, 1);
	assert_int_equal(open_sessions(&f, NULL), 2);
	e.icmp_id = 4712;		/* another identifier: another session */
	run(&f, HOOK_XDP_IN, &e, 1);
	assert_int_equal(open_sessions(&f, NULL), 3);
	err.sport = 3;			/* destination unreachable: an error, no session */
	err.dport = 3;
	run(&f, HOOK_XDP_IN, &err, 1);
	assert_int_equal(open_sessions(&f, NULL), 3);
	stop(&f);
}

static int sweep(struct fixture *f, uint32_t udp_idle, uint32_t end_versions,
		 struct ebfilt_session_sweep *args)
{
	LIBBPF_OPTS(bpf_test_run_opts, opts, .ctx_in = args, .ctx_size_in = sizeof(*args));

	memset(args, 0, sizeof(*args));
	args->idle_s[EBFILT_SESSION_UDP] = udp_idle;
	args->end_versions = end_versions;
	return bpf_prog_test_run_opts(bpf_program__fd(f->h.skel->progs.session_sweep), &opts);
}

static void test_sweep(void **state)
{
	struct fixture f;
	struct test_packet u = client(IPPROTO_UDP, 53, 0), t = client(IPPROTO_TCP, 80, SYN);
	struct ebfilt_session_sweep args;

	(void)state;
	start(&f, TABLE);
	run(&f, HOOK_XDP_IN, &u, 1);
	run(&f, HOOK_XDP_IN, &t, 1);
	assert_int_equal(sweep(&f, 1, 0, &args), 0);
	assert_int_equal(args.open, 2);
	assert_int_equal(args.ended, 0);
	usleep(1100 * 1000);
	assert_int_equal(sweep(&f, 1, 0, &args), 0);	/* UDP idle over 1 s; TCP never */
	assert_int_equal(args.open, 1);
	assert_int_equal(args.ended, 1);
	assert_int_equal(sweep(&f, 0, 1, &args), 0);	/* IPv4's table goes */
	assert_int_equal(args.open, 0);
	assert_int_equal(args.ended, 1);
	assert_int_equal(open_sessions(&f, NULL), 0);
	ring_buffer__consume(f.rb);
	assert_int_equal(f.seen.count, 2);
	assert_int_equal(f.seen.rec[0].end, EBFILT_SESSION_IDLE);
	assert_int_equal(f.seen.rec[0].proto, IPPROTO_UDP);
	assert_true(f.seen.rec[0].last_ago_ns >= 1000000000ull);
	assert_int_equal(f.seen.rec[1].end, EBFILT_SESSION_DEACTIVATED);
	assert_int_equal(totals(&f).made, 2);
	assert_int_equal(totals(&f).ended, 2);
	stop(&f);
}

/* IPv6: its own map; ICMPv6 echo by identifier; the record's addresses are 16 bytes. */
static void test_ipv6(void **state)
{
	struct test_packet u = { .version = 6, .proto = IPPROTO_UDP, .sport = 40000, .dport = 53 };
	struct test_packet e, ua;
	struct ebfilt_session_sweep args;
	struct fixture f;
	int fd;

	(void)state;
	memset(&f, 0, sizeof(f));
	{
		struct ebfilt_log_settings set = { .enabled = 1 };
		uint32_t zero = 0;

		assert_int_equal(harness_load(&f.h, "default deny\n",
					      "permit proto=udp log=session\n"
					      "permit proto=icmpv6 log=session\ndefault deny\n"), 0);
		assert_int_equal(bpf_map_update_elem(bpf_map__fd(f.h.skel->maps.log_settings),
						     &zero, &set, BPF_ANY), 0);
		f.rb = ring_buffer__new(bpf_map__fd(f.h.skel->maps.log_ring), collect, &f.seen,
					NULL);
		assert_non_null(f.rb);
	}
	packet_addr(6, "2001:db8:1::20", u.saddr);
	packet_addr(6, "2001:db8::1", u.daddr);
	run(&f, HOOK_XDP_IN, &u, 1);
	ua = answer(&u, 0);
	run(&f, HOOK_TC_OUT, &ua, 1);
	e = u;
	e.proto = IPPROTO_ICMPV6;
	e.sport = 128;
	e.dport = 0;
	e.icmp_id = 99;
	run(&f, HOOK_XDP_IN, &e, 1);
	e.sport = 1;		/* destination unreachable: an error, no session */
	run(&f, HOOK_XDP_IN, &e, 1);
	fd = bpf_map__fd(table_map(f.h.skel, 6, TMAP_sessions));
	{
		struct ebfilt_session_key k, next;
		void *prev = NULL;
		int n = 0;

		while (!bpf_map_get_next_key(fd, prev, &next)) {
			k = next;
			prev = &k;
			n++;
		}
		assert_int_equal(n, 2);
	}
	assert_int_equal(open_sessions(&f, NULL), 0);	/* nothing in IPv4's */
	assert_int_equal(sweep(&f, 0, 2, &args), 0);	/* IPv6's table goes */
	assert_int_equal(args.ended, 2);
	ring_buffer__consume(f.rb);
	assert_int_equal(f.seen.count, 2);
	assert_int_equal(f.seen.rec[0].version, 6);
	assert_memory_equal(f.seen.rec[0].saddr, u.saddr, 16);
	assert_int_equal(f.seen.rec[0].end, EBFILT_SESSION_DEACTIVATED);
	stop(&f);
}

/* A table without S rules: one map entry, no feature, nothing kept. */
static void test_table_without_sessions(void **state)
{
	struct fixture f;
	struct test_packet c = client(IPPROTO_TCP, 80, SYN);

	(void)state;
	start(&f, "permit proto=tcp log=yes\ndefault deny\n");
	assert_int_equal(bpf_map__max_entries(table_map(f.h.skel, 4, TMAP_sessions)), 1);
	run(&f, HOOK_XDP_IN, &c, 1);
	assert_int_equal(open_sessions(&f, NULL), 0);
	assert_int_equal(totals(&f).made, 0);
	stop(&f);
}

/* With the ring full, an ended session's record is counted lost. */
static void test_ring_full(void **state)
{
	struct fixture f;
	struct test_packet c = client(IPPROTO_TCP, 80, SYN), a = answer(&c, RST);
	struct ebfilt_log_totals lt;
	int i;

	(void)state;
	memset(&f, 0, sizeof(f));
	f.h.ring_bytes = 4096;
	assert_int_equal(harness_load(&f.h, TABLE, NULL), 0);
	{
		struct ebfilt_log_settings set = { .enabled = 1 };
		uint32_t zero = 0;

		assert_int_equal(bpf_map_update_elem(bpf_map__fd(f.h.skel->maps.log_settings),
						     &zero, &set, BPF_ANY), 0);
	}
	for (i = 0; i < 64; i++) {	/* 64 records of 128 bytes: twice the ring */
		c.sport = (uint16_t)(40000 + i);
		a.dport = c.sport;
		run(&f, HOOK_XDP_IN, &c, 1);
		run(&f, HOOK_TC_OUT, &a, 1);
	}
	assert_int_equal(totals(&f).ended, 64);
	assert_true(totals(&f).lost > 0);
	assert_int_equal(totals(&f).records + totals(&f).lost, 64);
	lt = harness_log_totals(&f.h);
	assert_int_equal(lt.ring_full, totals(&f).lost);
	harness_unload(&f.h);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_tcp_fin),
		cmocka_unit_test(test_tcp_rst),
		cmocka_unit_test(test_no_session),
		cmocka_unit_test(test_udp_icmp),
		cmocka_unit_test(test_sweep),
		cmocka_unit_test(test_ipv6),
		cmocka_unit_test(test_table_without_sessions),
		cmocka_unit_test(test_ring_full),
	};

	if (harness_start("test_sessions"))
		return 1;
	return cmocka_run_group_tests_name("sessions", tests, NULL, NULL);
}
