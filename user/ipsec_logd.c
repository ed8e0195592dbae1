// SPDX-License-Identifier: GPL-2.0
/*
 * ipsec_logd: read the filter's packet log records and write them to syslog
 * (facility local4, tag ipsec_logd) in AIX's format (ipsec_logd(8)).
 * Started by mkfilt -g start, or in the foreground (-F) by a service
 * manager. Nothing is lost without being counted and said: records the
 * kernel dropped, the rate limit dropped or syslog did not take are added
 * up, and a line says how many since the last such line.
 */
#include <errno.h>
#include <fcntl.h>
#include <ifaddrs.h>
#include <limits.h>
#include <net/if.h>
#include <netdb.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <syslog.h>
#include <time.h>
#include <unistd.h>

#include <bpf/bpf.h>
#include <bpf/libbpf.h>

#include "cmdline.h"
#include "config.h"
#include "ebfilt.h"
#include "log.h"
#include "log_control.h"
#include "log_format.h"
#include "paths.h"
#include "syslog_out.h"

#define LOGD_LEVEL "1.0"
#define IFACE_CACHE 64

static volatile sig_atomic_t stopping, reloading;

static void on_signal(int sig)
{
	if (sig == SIGHUP)
		reloading = 1;
	else
		stopping = 1;
}

/* Interface names and addresses by index, refreshed when one is missing. */
struct iface_entry {
	int ifindex;
	char name[IF_NAMESIZE];
	char addr4[INET_ADDRSTRLEN], addr6[INET6_ADDRSTRLEN];
};

struct logd {
	struct syslog_out out;
	struct log_options opts;
	struct ring_buffer *ring;
	struct perf_buffer *perf;
	int perf_map_fd;		/* kept open: see open_buffers() */
	const char *file_path;		/* -o */
	uint32_t stats_id;		/* which log_stats the counters below belong to */
	uint64_t reported[EBFILT_LOG_STAT_COUNT];	/* kernel drops already reported */
	uint64_t syslog_lost;		/* records syslog did not take */
	uint64_t syslog_reported;	/* of those, already reported */
	uint64_t written;		/* records written */
	time_t last_report;
	char held[512];			/* coalescing: the last line, and how often again */
	unsigned long repeats;
	int held_severity;
	struct iface_entry ifaces[IFACE_CACHE];
	size_t nifaces;
	time_t ifaces_read;
	bool force_perf, force_ring;
};

static void read_ifaces(struct logd *d)
{
	struct ifaddrs *list = NULL, *ifa;
	struct iface_entry *e;
	size_t i;

	d->nifaces = 0;
	d->ifaces_read = time(NULL);
	if (getifaddrs(&list))
		return;
	for (ifa = list; ifa; ifa = ifa->ifa_next) {
		int ifindex = (int)if_nametoindex(ifa->ifa_name);

		for (i = 0, e = NULL; i < d->nifaces; i++)
			if (d->ifaces[i].ifindex == ifindex)
				e = &d->ifaces[i];
		if (!e && d->nifaces < IFACE_CACHE) {
			e = &d->ifaces[d->nifaces++];
			memset(e, 0, sizeof(*e));
			e->ifindex = ifindex;
			snprintf(e->name, sizeof(e->name), "%s", ifa->ifa_name);
		}
		if (!e || !ifa->ifa_addr)
			continue;
		if (ifa->ifa_addr->sa_family == AF_INET && !e->addr4[0])
			getnameinfo(ifa->ifa_addr, sizeof(struct sockaddr_in), e->addr4,
				    sizeof(e->addr4), NULL, 0, NI_NUMERICHOST);
		if (ifa->ifa_addr->sa_family == AF_INET6 && !e->addr6[0])
			getnameinfo(ifa->ifa_addr, sizeof(struct sockaddr_in6), e->addr6,
				    sizeof(e->addr6), NULL, 0, NI_NUMERICHOST);
	}
	freeifaddrs(list);
}

static struct log_iface find_iface(struct logd *d, const struct ebfilt_log_record *rec)
{
	struct log_iface out = { NULL, NULL };
	size_t i;
	int pass;

	for (pass = 0; pass < 2; pass++) {
		for (i = 0; i < d->nifaces; i++) {
			if (d->ifaces[i].ifindex != (int)rec->ifindex)
				continue;
			out.name = d->ifaces[i].name;
			out.addr = rec->version == 4 ? d->ifaces[i].addr4 : d->ifaces[i].addr6;
			if (!*out.addr)
				out.addr = NULL;
			return out;
		}
		if (pass == 0 && time(NULL) != d->ifaces_read)
			read_ifaces(d);	/* a new interface: look again, at most once a second */
	}
	return out;
}

/* ipmon's priorities: permitted notice, denied warning, short err. */
static int severity(const struct ebfilt_log_record *rec)
{
	if (rec->flags & EBFILT_LOG_SHORT)
		return LOG_ERR;
	return rec->action == EBFILT_PERMIT ? LOG_NOTICE : LOG_WARNING;
}

static void flush_held(struct logd *d)
{
	if (d->repeats && syslog_out_send(&d->out, d->held_severity,
					  "last record repeated %lu times", d->repeats))
		d->syslog_lost += d->repeats;
	else
		d->written += d->repeats;
	d->repeats = 0;
}

static void write_line(struct logd *d, int sev, const char *line)
{
	if (d->opts.coalesce && !strcmp(line, d->held)) {
		d->repeats++;
		return;
	}
	flush_held(d);
	if (d->opts.coalesce) {
		snprintf(d->held, sizeof(d->held), "%s", line);
		d->held_severity = sev;
	}
	/* Counted as written or lost when its batch goes out. */
	syslog_out_queue(&d->out, sev, line);
}

static struct timespec record_time(const struct ebfilt_log_record *rec)
{
	struct timespec boot, real, out;
	int64_t ns;

	clock_gettime(CLOCK_BOOTTIME, &boot);
	clock_gettime(CLOCK_REALTIME, &real);
	ns = (int64_t)real.tv_sec * 1000000000 + real.tv_nsec -
	     ((int64_t)boot.tv_sec * 1000000000 + boot.tv_nsec - (int64_t)rec->boot_ns);
	out.tv_sec = ns / 1000000000;
	out.tv_nsec = ns % 1000000000;
	return out;
}

static int handle_record(void *ctx, void *data, size_t size)
{
	const struct ebfilt_log_record *rec = data;
	struct logd *d = ctx;
	struct log_iface iface;
	struct timespec when;
	char line[512];

	if (size < sizeof(*rec))
		return 0;
	iface = find_iface(d, rec);
	if (d->opts.style == LOG_STYLE_IPMON) {
		when = record_time(rec);
		log_format_ipmon(rec, &iface, &when, line, sizeof(line));
	} else {
		log_format_aix(rec, &iface, d->opts.interface_names, line, sizeof(line));
	}
	write_line(d, severity(rec), line);
	return 0;
}

static void handle_perf(void *ctx, int cpu, void *data, __u32 size)
{
	(void)cpu;
	handle_record(ctx, data, size);
}

static void handle_perf_lost(void *ctx, int cpu, __u64 lost)
{
	struct logd *d = ctx;

	(void)cpu;
	syslog_out_send(&d->out, LOG_WARNING, "%llu log records lost in the perf buffer",
			(unsigned long long)lost);
}

/* State kept across restarts, so a new daemon reports what the last one missed. */
static int state_path(char *buf, size_t size)
{
	return snprintf(buf, size, "%s/ipsec_logd.state", ebfilt_rundir()) >= (int)size
		       ? -ENAMETOOLONG : 0;
}

static void save_state(const struct logd *d)
{
	char path[PATH_MAX];
	FILE *f;

	if (state_path(path, sizeof(path)) || !(f = fopen(path, "we")))
		return;
	fprintf(f, "%u %llu %llu %llu %llu %llu\n", d->stats_id,
		(unsigned long long)d->reported[EBFILT_LOG_EMITTED],
		(unsigned long long)d->reported[EBFILT_LOG_RING_FULL],
		(unsigned long long)d->reported[EBFILT_LOG_RATE_LIMITED],
		(unsigned long long)d->syslog_lost, (unsigned long long)d->written);
	fclose(f);
}

static void load_state(struct logd *d)
{
	unsigned long long v[5];
	char path[PATH_MAX];
	unsigned int id;
	FILE *f;

	if (state_path(path, sizeof(path)) || !(f = fopen(path, "re")))
		return;
	if (fscanf(f, "%u %llu %llu %llu %llu %llu", &id, &v[0], &v[1], &v[2], &v[3], &v[4]) == 6) {
		d->stats_id = id;
		d->reported[EBFILT_LOG_EMITTED] = v[0];
		d->reported[EBFILT_LOG_RING_FULL] = v[1];
		d->reported[EBFILT_LOG_RATE_LIMITED] = v[2];
	}
	fclose(f);
}

/*
 * Say how many records were lost since the last such line: dropped by the
 * kernel (buffer full), by the rate limit, or not taken by syslog. The
 * baselines move only when the line got through, so losses reported into
 * a syslog that is down are reported again once it is back.
 */
static void report_losses(struct logd *d)
{
	uint64_t now[EBFILT_LOG_STAT_COUNT], full, limited, syslog_lost;
	uint32_t id;

	if (log_stats_read(now, &id))
		return;
	if (id != d->stats_id) {	/* new logging maps: their counters start at zero */
		memset(d->reported, 0, sizeof(d->reported));
		d->stats_id = id;
	}
	full = now[EBFILT_LOG_RING_FULL] - d->reported[EBFILT_LOG_RING_FULL];
	limited = now[EBFILT_LOG_RATE_LIMITED] - d->reported[EBFILT_LOG_RATE_LIMITED];
	syslog_lost = d->syslog_lost - d->syslog_reported;
	if (full + limited + syslog_lost == 0)
		return;
	if (syslog_out_send(&d->out, LOG_WARNING,
			    "%llu log records lost since the last report: %llu with the log buffer "
			    "full, %llu over the rate limit, %llu not taken by syslog",
			    (unsigned long long)(full + limited + syslog_lost),
			    (unsigned long long)full, (unsigned long long)limited,
			    (unsigned long long)syslog_lost))
		return;
	d->reported[EBFILT_LOG_RING_FULL] = now[EBFILT_LOG_RING_FULL];
	d->reported[EBFILT_LOG_RATE_LIMITED] = now[EBFILT_LOG_RATE_LIMITED];
	d->syslog_reported += syslog_lost;
}

static void close_buffers(struct logd *d)
{
	ring_buffer__free(d->ring);
	perf_buffer__free(d->perf);
	if (d->perf_map_fd >= 0)
		close(d->perf_map_fd);
	d->ring = NULL;
	d->perf = NULL;
	d->perf_map_fd = -1;
}

/* Open the ring buffer, or the perf event array when asked or when there is no ring. */
static int open_buffers(struct logd *d)
{
	int ring_fd = d->force_perf ? -ENOENT : log_map_open("log_ring");
	int fd;

	if (ring_fd >= 0) {
		d->ring = ring_buffer__new(ring_fd, handle_record, d, NULL);
		close(ring_fd);
		if (d->ring)
			return log_ctl_update(-1, 0, d->opts.rate_limit);
		if (d->force_ring)
			return -errno;
	}
	/*
	 * The kernel removes a perf event array's entries when the map file
	 * they were set through is closed: keep the fd while the buffer lives.
	 */
	fd = log_map_open("log_events");
	if (fd < 0)
		return fd;
	d->perf = perf_buffer__new(fd, 64, handle_perf, handle_perf_lost, d, NULL);
	if (!d->perf) {
		close(fd);
		return -errno;
	}
	d->perf_map_fd = fd;
	return log_ctl_update(-1, 1, d->opts.rate_limit);
}

/* The pinned logging maps are replaced when the filter is set up anew. */
static bool buffers_replaced(struct logd *d)
{
	uint64_t totals[EBFILT_LOG_STAT_COUNT];
	uint32_t id;

	return log_stats_read(totals, &id) == 0 && id != d->stats_id;
}

static void reload(struct logd *d)
{
	struct ebfilt_config_file conf;
	struct syslog_out fresh;

	if (config_load(&conf))
		return;		/* keep the settings in force; the error was logged */
	d->opts = conf.log;
	syslog_out_close(&d->out);	/* sends what is queued; a log file is reopened */
	syslog_out_init(&fresh, "ipsec_logd", d->opts.facility);
	if (d->file_path)
		syslog_out_to_file(&fresh, d->file_path);
	syslog_out_batching(&fresh, &d->written, &d->syslog_lost);
	d->out = fresh;
	log_ctl_update(-1, -1, d->opts.rate_limit);
	syslog_out_send(&d->out, LOG_INFO, "configuration reloaded");
}

static void run(struct logd *d)
{
	time_t now;

	while (!stopping) {
		if (!d->ring && !d->perf && open_buffers(d)) {
			sleep(1);	/* no filter yet: wait for one */
			continue;
		}
		if (d->ring)
			ring_buffer__poll(d->ring, 1000);
		else
			perf_buffer__poll(d->perf, 1000);
		syslog_out_flush(&d->out);
		if (reloading) {
			reloading = 0;
			reload(d);
		}
		now = time(NULL);
		if (now != d->last_report) {
			d->last_report = now;
			flush_held(d);
			if (buffers_replaced(d))
				close_buffers(d);
			report_losses(d);
			save_state(d);
		}
	}
	/* Take what is still in the buffer before saying goodbye. */
	if (d->ring)
		ring_buffer__consume(d->ring);
	else if (d->perf)
		perf_buffer__consume(d->perf);
	syslog_out_flush(&d->out);
	flush_held(d);
	report_losses(d);
}

static int write_pid(void)
{
	char path[PATH_MAX];
	FILE *f;

	if (logd_pid_path(path, sizeof(path)))
		return -ENAMETOOLONG;
	if (mkdir(ebfilt_rundir(), 0755) && errno != EEXIST)
		return -errno;
	f = fopen(path, "we");
	if (!f)
		return -errno;
	fprintf(f, "%d\n", (int)getpid());
	return fclose(f) ? -errno : 0;
}

static void remove_pid(void)
{
	char path[PATH_MAX];

	if (!logd_pid_path(path, sizeof(path)))
		unlink(path);
}

static int daemonize(void)
{
	pid_t pid = fork();
	int fd;

	if (pid < 0)
		return -errno;
	if (pid > 0)
		_exit(0);
	setsid();
	if (chdir("/"))
		return -errno;
	fd = open("/dev/null", O_RDWR | O_CLOEXEC);
	if (fd >= 0) {
		dup2(fd, 0);
		dup2(fd, 1);
		dup2(fd, 2);
		close(fd);
	}
	return 0;
}

/* The filter's own per-CPU statistics (stats map), summed. */
static void print_filter_stats(void)
{
	static const char *const names[EBFILT_STAT_COUNT] = {
		[EBFILT_STAT_SHORT] = "short or malformed packets",
		[EBFILT_STAT_NOT_IP] = "frames passed, not IP",
		[EBFILT_STAT_INACTIVE] = "packets passed, version inactive",
	};
	int ncpu = libbpf_num_possible_cpus(), fd = log_map_open("stats"), i;
	uint64_t *values = calloc((size_t)ncpu, sizeof(*values)), sum;
	uint32_t key;

	for (key = 0; fd >= 0 && values && key < EBFILT_STAT_COUNT; key++) {
		if (bpf_map_lookup_elem(fd, &key, values))
			break;
		for (i = 0, sum = 0; i < ncpu; i++)
			sum += values[i];
		printf("%-40s %llu\n", names[key], (unsigned long long)sum);
	}
	free(values);
	if (fd >= 0)
		close(fd);
}

static void print_stats(void)
{
	uint64_t totals[EBFILT_LOG_STAT_COUNT];
	unsigned long long v[6] = { 0 };
	char path[PATH_MAX];
	uint32_t id;
	FILE *f;

	if (log_stats_read(totals, &id)) {
		printf("Packet logging is not set up: no filter is active.\n");
		return;
	}
	if (!state_path(path, sizeof(path)) && (f = fopen(path, "re"))) {
		if (fscanf(f, "%llu %llu %llu %llu %llu %llu", &v[0], &v[1], &v[2], &v[3], &v[4],
			   &v[5]) != 6)
			memset(v, 0, sizeof(v));
		fclose(f);
	}
	printf("Packet logging is %s; ipsec_logd is %s.\n",
	       logging_started() ? "started" : "stopped", logd_pid() ? "running" : "not running");
	printf("%-40s %llu\n", "records logged by the filter", (unsigned long long)totals[EBFILT_LOG_EMITTED]);
	printf("%-40s %llu\n", "records lost, log buffer full", (unsigned long long)totals[EBFILT_LOG_RING_FULL]);
	printf("%-40s %llu\n", "records lost, over the rate limit", (unsigned long long)totals[EBFILT_LOG_RATE_LIMITED]);
	printf("%-40s %llu\n", "records written to syslog", v[5]);
	printf("%-40s %llu\n", "records not taken by syslog", v[4]);
	print_filter_stats();
}

int main(int argc, char **argv)
{
	struct ebfilt_config_file conf;
	struct cmd_flags flags;
	struct logd *d;
	char when[32];

	log_init(argv[0]);
	if (cmd_parse(argc, argv, "Fprso:", false, &flags))
		return 1;
	if (cmd_flag(&flags, 'p') && cmd_flag(&flags, 'r')) {
		pr_err("-r: cannot be used with -p");
		return 1;
	}
	if (cmd_flag(&flags, 's')) {
		print_stats();
		return 0;
	}
	if (config_load(&conf))
		return 1;
	if (logd_pid()) {
		pr_err("already running (pid %d)", (int)logd_pid());
		return 1;
	}
	d = calloc(1, sizeof(*d));
	if (!d)
		return 1;
	d->opts = conf.log;
	d->perf_map_fd = -1;
	d->file_path = cmd_flag(&flags, 'o');
	if (d->file_path && d->file_path[0] != '/') {	/* the daemon works from / */
		static char absolute[PATH_MAX];
		char cwd[PATH_MAX];

		if (!getcwd(cwd, sizeof(cwd)) ||
		    snprintf(absolute, sizeof(absolute), "%s/%s", cwd, d->file_path) >= PATH_MAX) {
			pr_err("-o %s: path too long", d->file_path);
			return 1;
		}
		d->file_path = absolute;
	}
	d->force_perf = cmd_flag(&flags, 'p');
	d->force_ring = cmd_flag(&flags, 'r');
	if (!cmd_flag(&flags, 'F') && daemonize())
		return 1;
	if (write_pid())
		pr_warn("cannot write the pid file in %s", ebfilt_rundir());
	signal(SIGTERM, on_signal);
	signal(SIGINT, on_signal);
	signal(SIGHUP, on_signal);
	signal(SIGPIPE, SIG_IGN);
	log_route_libbpf();
	syslog_out_init(&d->out, "ipsec_logd", d->opts.facility);
	if (d->file_path && syslog_out_to_file(&d->out, d->file_path)) {
		pr_err("-o %s: %s", d->file_path, strerror(errno));
		return 1;
	}
	if (syslog_out_batching(&d->out, &d->written, &d->syslog_lost))
		return 1;
	read_ifaces(d);
	load_state(d);
	syslog_out_send(&d->out, LOG_INFO,
			"Filter logging daemon ipsec_logd (level " LOGD_LEVEL ") initialized at %s",
			log_format_when(time(NULL), when, sizeof(when)));
	run(d);
	syslog_out_send(&d->out, LOG_INFO, "Filter logging daemon terminating at %s",
			log_format_when(time(NULL), when, sizeof(when)));
	save_state(d);
	close_buffers(d);
	syslog_out_close(&d->out);
	remove_pid();
	free(d);
	return 0;
}
