/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Sessions of -l S rules, from user space (the kernel's side is
 * bpf/session.bpf.h): the sweep program pinned with each generation, run
 * by mkfilt to end the sessions of a table that goes and by ipsec_logd to
 * end idle ones; the counters; and the open sessions, read from the pins.
 *
 * Functions return 0 or a negative errno. Those that run where no filter
 * may be active (ipsec_logd, ipsec_report) say nothing when there is
 * none: -ENOENT.
 */
#ifndef EBFILT_DATAPATH_SESSIONS_H
#define EBFILT_DATAPATH_SESSIONS_H

#include <stddef.h>
#include <stdint.h>
#include <time.h>

#include "ebfilt/record.h"
#include "ebfilt/session.h"

struct ebfilt;
struct session_options;

/*
 * Pin the loaded generation's sweep program as gen<gen>/session_sweep
 * (reported); nothing when it was not loaded, as no table tracks sessions.
 */
int sessions_pin_sweep(struct ebfilt *skel, unsigned int gen);

/*
 * End every open session of the IP versions in versions (bit 0 IPv4, bit
 * 1 IPv6) in generation gen's maps, with reason deactivated: their
 * records go to the log ring as any record does. Run after the switch
 * away from gen, before its pins go. Nothing to do (0) when gen has no
 * sweep pinned. *ended (may be NULL) gets how many.
 */
int sessions_end_gen(unsigned int gen, uint32_t versions, uint32_t *ended);

/*
 * ipsec_logd's sweep of the generation in force: sessions idle longer
 * than opts says are ended (reason idle). out gets the results (open,
 * ended). -ENOENT when no filter is active.
 */
int sessions_sweep_idle(const struct session_options *opts, struct ebfilt_session_sweep *out);

/* The kernel's session counters (record.h), summed over the CPUs. -ENOENT: no filter. */
int sessions_totals_read(struct ebfilt_session_totals *t);

/*
 * Evicted sessions, worked out from counters read before a sweep (made)
 * and after it (ended), and the sessions the sweep left open. Exact when
 * nothing changed meanwhile; sessions made or ended while the sweep ran
 * lower it until the next figure.
 */
static inline uint64_t sessions_evicted(uint64_t made_before, uint64_t ended_after,
					uint64_t open)
{
	return made_before > ended_after + open ? made_before - ended_after - open : 0;
}

/* An open session as read from the pins, told in its initiator's direction. */
struct session_view {
	uint8_t version, proto;
	uint8_t saddr[16], daddr[16];	/* network order: the initiator, its peer */
	uint16_t sport, dport;		/* the initiator's ports (ICMP echo: the identifier) */
	uint32_t rule_id, ifindex, tunnel;
	uint8_t inbound;		/* the first packet came in */
	uint64_t packets_in, packets_out, bytes_in, bytes_out;	/* IP bytes */
	uint8_t tcp_flags_in, tcp_flags_out;
	struct timespec first, last;	/* CLOCK_REALTIME of its first and last packet */
};

/*
 * The open sessions of the generation in force, IPv4's then IPv6's, as
 * they are when read (the kernel goes on counting meanwhile): *out gets
 * an array the caller frees with free(), *n its length (0 and NULL when
 * no session is open). -ENOENT when no filter is active; -ENOMEM.
 */
int sessions_read_open(struct session_view **out, size_t *n);

#endif
