/* SPDX-License-Identifier: GPL-2.0 */
/*
 * <EBFILT_CONFDIR>/ebfilt.conf: which interfaces the filter attaches to
 * and how inbound traffic is hooked on each (ebfilt.conf(5)). A missing
 * file means every non-loopback interface that is up, inbound at XDP.
 */
#ifndef EBFILT_CONFIG_CONFIG_H
#define EBFILT_CONFIG_CONFIG_H

#include <net/if.h>
#include <stdbool.h>
#include <stddef.h>

#include "logging/events.h"

#define CONFIG_MAX_IFACES 64

enum inbound_hook { INBOUND_XDP, INBOUND_TC };

struct iface_config {
	char name[IF_NAMESIZE];
	enum inbound_hook inbound;
	bool later;		/* a bound tunnel: it may not exist yet */
};

enum log_style { LOG_STYLE_AIX, LOG_STYLE_IPMON };

/* Packet logging settings (ipsec_logd(8)). */
struct log_options {
	enum log_style style;		/* log_format aix|ipmon */
	int facility;			/* log_facility NAME (default local4) */
	unsigned int rate_limit;	/* log_rate_limit N per rule and CPU per second, 0 off */
	bool coalesce;			/* log_coalesce yes: repeats become one line */
	bool interface_names;		/* log_interface_names yes: add I:eth0 */
	unsigned int buffer_kb;		/* log_buffer_kb N: ring buffer size */
	unsigned int snap;		/* log_snap N: payload bytes of a -l D record */
	unsigned int store_mib;		/* log_size N: the store's size (ipsec_log(8)) */
	bool store;			/* log_store yes|no: keep records in the store */
	bool syslog;			/* log_syslog yes|no: write them to syslog */
	bool journal;			/* log_journal yes|no: send them to the journal */
	struct event_limits severity;	/* log_severity COMPONENT|* LEVEL (events.h) */
	unsigned int severity_set;	/* components given a line of their own */
};

/*
 * The kernel's log ring, 4 MiB: a 200,000-packet burst on a loaded
 * two-CPU machine needed more than 1 MiB while the daemon synced the
 * store or waited a clock tick for syslog (docs/PERFORMANCE.md, the log
 * pipeline). It is kernel memory, not swapped; ipsec_logd maps it twice
 * (the ring's wrap), so it counts 8 MiB of the daemon's resident size.
 */
#define LOG_BUFFER_KB_DEFAULT	4096
#define LOG_STORE_MIB_DEFAULT	64
#define LOG_STORE_MIB_MAX	65536

/* The stateful rules' state (ebfilt.conf(5)). */
#define STATE_IF_IDLE_DEFAULT	300	/* seconds */
#define STATE_ENTRIES_DEFAULT	16384

struct state_options {
	unsigned int if_idle_s;		/* if_idle_timeout: an IF condition without -e */
	unsigned int entries;		/* state_entries: IF conditions, and shuns, per version */
};

/*
 * Session summaries (-l S rules, genfilt(8)): the session map's entries
 * per IP version, and how long a session may be idle before ipsec_logd's
 * sweep ends it, by protocol (ebfilt.conf(5)).
 */
#define SESSION_MAX_DEFAULT		65536
#define SESSION_IDLE_TCP_DEFAULT	3600
#define SESSION_IDLE_UDP_DEFAULT	60
#define SESSION_IDLE_ICMP_DEFAULT	30
#define SESSION_IDLE_OTHER_DEFAULT	60

struct session_options {
	unsigned int max;		/* session_max */
	/* session_idle_tcp, _udp, _icmp, _other: by enum ebfilt_session_class */
	unsigned int idle_s[4];
};

/*
 * tunnel N NAME: tunnel ID N is interface NAME. Without a line for it, ID
 * N is the xfrm interface whose if_id is N (datapath/tunnels.h).
 */
#define CONFIG_MAX_TUNNELS	15	/* with the named interfaces, EBFILT_MAX_IFACES - 1 */
#define TUNNEL_ID_MAX		0xffffff	/* 24 bits: the kernel keeps it beside a class */

struct tunnel_config {
	unsigned int id;
	char name[IF_NAMESIZE];
};

/* tc_hook: how the tc hooks are held. */
enum tc_hook_choice { TC_HOOK_AUTO, TC_HOOK_TCX, TC_HOOK_CLSACT };

/*
 * boot_failure: what ebfilt-boot-failure does when ebfilt.service cannot
 * activate the tables: nothing (open), or a deny-all table (closed).
 * mkfilt only checks the value; the script reads it.
 */
enum boot_failure { BOOT_FAILURE_OPEN, BOOT_FAILURE_CLOSED };

struct config {
	struct iface_config ifaces[CONFIG_MAX_IFACES];
	size_t count;
	bool listed;		/* "interfaces" was given; else all that are up */
	enum tc_hook_choice tc_hook;	/* tc_hook auto|tcx|clsact */
	enum boot_failure boot_failure;	/* boot_failure open|closed */
	struct log_options log;
	struct state_options state;
	struct session_options session;
	struct tunnel_config tunnels[CONFIG_MAX_TUNNELS];
	size_t ntunnels;
};

/* Read the configuration; a missing file gives the defaults. 0 or -errno, reported (file:line). */
int config_load(struct config *conf);

/*
 * The interfaces to attach to: those listed and the tunnel interfaces
 * bound by name, or every non-loopback interface that is up, each with its
 * inbound hook (tc for a bound tunnel interface, unless an inbound line
 * says otherwise). 0 or -errno.
 */
int config_interfaces(const struct config *conf, struct iface_config *out,
		      size_t max, size_t *count);

#endif
