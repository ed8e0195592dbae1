// SPDX-License-Identifier: GPL-2.0
#include <arpa/inet.h>
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <syslog.h>
#include <time.h>
#include <unistd.h>

#include "logging/control.h"
#include "logging/dump.h"
#include "logging/format.h"
#include "logging/journal.h"
#include "logging/logd.h"
#include "logging/record.h"
#include "logging/view.h"
#include "util/clock.h"
#include "util/diag.h"
#include "util/paths.h"

#define LOGD_LEVEL "1.0"

static void flush_held(struct logd *d)
{
	if (d->repeats && syslog_out_send(&d->out, d->held_severity,
					  "last record repeated %lu times", d->repeats))
		d->accounts->syslog_lost += d->repeats;
	else
		d->accounts->written += d->repeats;
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
	syslog_out_queue(&d->out, sev, 1, line);
}

/* The wall-clock time of a record stamped with the boot-time clock. */
static struct timespec record_time(uint64_t boot_ns)
{
	int64_t boot = (int64_t)clock_boot_ns(), ns;
	struct timespec real, out;

	clock_gettime(CLOCK_REALTIME, &real);
	ns = (int64_t)real.tv_sec * 1000000000 + real.tv_nsec - (boot - (int64_t)boot_ns);
	out.tv_sec = ns / 1000000000;
	out.tv_nsec = ns % 1000000000;
	return out;
}

/*
 * Into the store, as it came but stamped with the wall-clock time (the
 * boot-time clock means nothing after a reboot), with the interface's name.
 */
static void store_record(struct logd *d, const void *data, const struct ebfilt_rec_hdr *hdr,
			 const struct timespec *when, const struct log_iface *iface, int version)
{
	uint8_t copy[FRAME_RECORD_MAX], addr[16] = { 0 };
	struct ebfilt_rec_hdr stamped = *hdr;
	struct frame_iface fi = { iface->name, NULL };
	struct ebfilt_log_record *pkt = (void *)copy;
	int err;

	if (iface->addr && inet_pton(version == 6 ? AF_INET6 : AF_INET, iface->addr, addr) == 1)
		fi.addr = addr;
	stamped.time_ns = (uint64_t)when->tv_sec * 1000000000 + (uint64_t)when->tv_nsec;
	memcpy(copy, data, hdr->len);
	memcpy(copy, &stamped, sizeof(stamped));
	/* The kernel's padding after the capture holds whatever its scratch held. */
	if (version && EBFILT_LOG_RECORD_FIXED + (size_t)pkt->cap_len < hdr->len)
		memset(copy + EBFILT_LOG_RECORD_FIXED + pkt->cap_len, 0,
		       hdr->len - EBFILT_LOG_RECORD_FIXED - pkt->cap_len);
	/* Counted kept once written to the file (store_take_written). */
	err = store_append(d->store, copy, hdr->len, &fi);
	if (err) {
		d->accounts->store_lost++;
		d->store_errno = -err;
	}
}

/* What the store wrote since the last look, counted kept. */
static void store_flushed(struct logd *d, bool durable)
{
	int err = store_flush(d->store, durable);

	if (err)
		d->store_errno = -err;
	else if (durable)
		d->store_errno = 0;
	d->accounts->store_written += store_take_written(d->store);
}

static void handle_record(void *ctx, const void *data, size_t size)
{
	struct ebfilt_log_record rec;
	struct ebfilt_rec_hdr hdr;
	struct logd *d = ctx;
	struct log_iface iface = { NULL, NULL };
	struct timespec when;
	char line[512];
	int err;

	d->accounts->taken++;
	err = log_record_decode(data, size, &hdr, &rec);
	if (err == -EINVAL || hdr.len > FRAME_RECORD_MAX) {
		/* never from our programs; counted all the same */
		d->accounts->syslog_lost++;
		d->accounts->store_lost += d->store != NULL;
		return;
	}
	when = record_time(hdr.time_ns);
	if (!err)
		iface = iface_cache_find(&d->ifaces, rec.ifindex, rec.version);
	if (d->store)
		store_record(d, data, &hdr, &when, &iface, err ? 0 : rec.version);
	/* A type this daemon cannot put into words is kept, never said; with no store, lost. */
	if (err) {
		if (d->store)
			d->accounts->written++;
		else
			d->accounts->syslog_lost++;
		return;
	}
	if (!d->opts.syslog && !d->opts.journal) {
		d->accounts->written++;
		return;
	}
	if (d->opts.style == LOG_STYLE_IPMON) {
		struct log_view v = { .hdr = &rec.hdr, .pkt = &rec, .ifname = iface.name,
				      .ifaddr = iface.addr, .when = when };

		dump_ipmon_line(&v, line, sizeof(line));
	} else {
		log_format_aix(&rec, &iface, d->opts.interface_names, line, sizeof(line));
	}
	if (d->opts.journal) {
		if (journal_send(&rec, iface.name, line, log_severity_of(&rec), d->opts.facility))
			d->accounts->journal_lost++;
		else
			d->accounts->journal_sent++;
	}
	if (d->opts.syslog)
		write_line(d, log_severity_of(&rec), line);
	else
		d->accounts->written++;
}

/* A sink (syslog, or the -o file) set up in out; queued lines are counted as they go. */
static int open_sink(struct logd *d, const struct log_options *opts, struct syslog_out *out)
{
	int err;

	syslog_out_init(out, "ipsec_logd", opts->facility);
	if (d->file_path) {
		err = syslog_out_to_file(out, d->file_path);
		if (err) {
			pr_err("-o %s: %s", d->file_path,
			       err == -ELOOP	? "a symbolic link; give the file itself"
			       : err == -EINVAL ? "not a regular file"
						: strerror(-err));
			return err;
		}
	}
	err = syslog_out_batching(out, &d->accounts->written, &d->accounts->syslog_lost);
	if (err)
		syslog_out_close(out);
	return err;
}

/*
 * SIGHUP: ebfilt.conf again, and the -o file reopened (after logrotate
 * moved it). The new sink is opened before the old one is let go, so a
 * bad configuration or a file that cannot be opened leaves everything as
 * it was.
 */
static void reload(struct logd *d)
{
	struct syslog_out fresh;
	struct config conf;

	if (config_load(&conf) || open_sink(d, &conf.log, &fresh)) {
		pr_warn("configuration not reloaded; the settings in force stay");
		return;
	}
	syslog_out_close(&d->out);	/* sends what is queued */
	d->out = fresh;
	d->opts = conf.log;
	log_settings_update(-1, -1, d->opts.rate_limit);
	syslog_out_send(&d->out, LOG_INFO, "configuration reloaded");
}

/*
 * mkfilt replaced the logging maps (a -d, then a -u): take what is left in
 * the old buffer, and carry its losses not yet said, before following the
 * new maps.
 */
static void leave_maps(struct logd *d)
{
	struct ebfilt_log_totals last;
	bool known;

	log_reader_drain(&d->reader);
	syslog_out_flush(&d->out);
	flush_held(d);
	known = log_reader_totals(&d->reader, &last) == 0;
	accounts_carry_over(d->accounts, known ? &last : NULL);
	log_reader_close(&d->reader);
}

/* Once a second: repeats out, losses said, the sink's health kept for ipsec_logd -s. */
static void each_second(struct logd *d)
{
	flush_held(d);
	if (accounts_maps_replaced(d->accounts))
		leave_maps(d);
	accounts_report_losses(d->accounts, &d->out);
	d->accounts->sink_errno = d->out.last_error;
	if (d->store)
		store_flushed(d, true);
	if (d->store_errno && d->store_error_said + 60 <= d->last_report) {
		d->store_error_said = d->last_report;
		pr_warn("the log store refuses records: %s; they are counted as lost",
			strerror(d->store_errno));
	}
	if (d->out.last_error && d->last_error_said + 60 <= d->last_report) {
		/* Said at most once a minute, to standard error or the journal under -F. */
		d->last_error_said = d->last_report;
		pr_warn("%s: %s; records are counted as lost",
			d->file_path ? d->file_path : d->out.path, strerror(d->out.last_error));
	}
}

int logd_open(struct logd *d, const struct log_options *opts, enum log_reader_want want,
	      const char *file_path)
{
	int err;

	d->opts = *opts;
	d->want = want;
	d->file_path = file_path;
	log_reader_init(&d->reader, handle_record, d);
	err = accounts_open(&d->accounts);
	if (err)
		return err;
	err = open_sink(d, opts, &d->out);
	if (!err && opts->store) {
		err = store_open(&d->store, ebfilt_logdir(), (uint64_t)opts->store_mib << 20);
		if (err)
			syslog_out_close(&d->out);
	}
	if (err) {
		accounts_close(d->accounts);
		d->accounts = NULL;
		return err;
	}
	accounts_resume(d->accounts, 0);
	iface_cache_read(&d->ifaces);
	return 0;
}

void logd_run(struct logd *d, volatile sig_atomic_t *stopping, volatile sig_atomic_t *reloading)
{
	char when[32];

	d->out.pid = (int)getpid();	/* the daemon may have forked since logd_open */
	syslog_out_send(&d->out, LOG_INFO,
			"Filter logging daemon ipsec_logd (level " LOGD_LEVEL ") initialized at %s",
			log_format_when(time(NULL), when, sizeof(when)));
	while (!*stopping) {
		if (!log_reader_is_open(&d->reader) &&
		    log_reader_open(&d->reader, d->want, d->opts.rate_limit)) {
			log_reader_close(&d->reader);
			sleep(1);	/* no filter yet: wait for one */
			continue;
		}
		log_reader_poll(&d->reader, 1000);
		syslog_out_flush(&d->out);
		if (d->store)	/* in the page cache at once; on the disk each second */
			store_flushed(d, false);
		if (*reloading) {
			*reloading = 0;
			reload(d);
		}
		if (time(NULL) != d->last_report) {
			d->last_report = time(NULL);
			each_second(d);
		}
	}
	/* Take what is still in the buffer before saying goodbye. */
	log_reader_drain(&d->reader);
	syslog_out_flush(&d->out);
	if (d->store)
		store_flushed(d, true);
	flush_held(d);
	accounts_report_losses(d->accounts, &d->out);
}

void logd_close(struct logd *d)
{
	char when[32];

	syslog_out_send(&d->out, LOG_INFO, "Filter logging daemon terminating at %s",
			log_format_when(time(NULL), when, sizeof(when)));
	d->accounts->sink_errno = d->out.last_error;
	if (d->store) {
		store_flushed(d, true);
		d->accounts->store_lost += store_close(d->store);	/* what it could not write */
	}
	accounts_close(d->accounts);
	log_reader_close(&d->reader);
	syslog_out_close(&d->out);
}
