// SPDX-License-Identifier: GPL-2.0
#include <arpa/inet.h>
#include <errno.h>
#include <poll.h>
#include <stdio.h>
#include <string.h>
#include <syslog.h>
#include <time.h>
#include <unistd.h>

#include "logging/control.h"
#include "logging/logd_impl.h"
#include "logging/record.h"
#include "logging/session.h"
#include "util/clock.h"
#include "util/diag.h"
#include "util/paths.h"

#define FORWARD_AT_STOP_MS 1000	/* at a stop; what is left waits in the store */

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
static int store_record(struct logd *d, const void *data, const struct ebfilt_rec_hdr *hdr,
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
	if (version && hdr->type == EBFILT_REC_PACKET &&
	    EBFILT_LOG_RECORD_FIXED + (size_t)pkt->cap_len < hdr->len)
		memset(copy + EBFILT_LOG_RECORD_FIXED + pkt->cap_len, 0,
		       hdr->len - EBFILT_LOG_RECORD_FIXED - pkt->cap_len);
	/* Counted kept once written to the file (store_take_written). */
	err = store_append(d->store, copy, hdr->len, &fi);
	d->store_dirty = true;
	if (err) {
		d->accounts->store_lost++;
		d->store_errno = -err;
	}
	return err;
}

/* What the store wrote since the last look, counted kept, and shown to the forwarder. */
static void store_flushed(struct logd *d, bool durable)
{
	int err = store_flush(d->store, durable);
	uint64_t n;

	d->store_dirty = false;
	if (err)
		d->store_errno = -err;
	else if (durable)
		d->store_errno = 0;
	d->accounts->store_written += store_take_written(d->store);
	d->accounts->store_next = store_next_written(d->store);
	/* Kept with the accounts: the next daemon's cursor may be the one to meet the gap. */
	d->accounts->events_overrun += store_take_events_overrun(d->store);
	/* Events on the file wait among the records, not being records (losses.h). */
	n = store_take_written_events(d->store);
	if (d->follow)
		d->accounts->events_waiting += (int64_t)n;
}

static void handle_record(void *ctx, const void *data, size_t size)
{
	struct ebfilt_session_record sess;
	struct ebfilt_log_record rec;
	struct ebfilt_rec_hdr hdr;
	struct logd *d = ctx;
	struct log_iface iface = { NULL, NULL };
	struct log_view view;
	struct timespec when;
	bool stored = false;
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
	/* A session's interface is its first packet's. */
	if (err == -ENOMSG && !log_session_decode(data, size, &sess)) {
		iface = iface_cache_find(&d->ifaces, sess.ifindex, sess.version);
		rec.version = sess.version;
		err = 0;
	}
	if (d->store)
		stored = !store_record(d, data, &hdr, &when, &iface, err ? 0 : rec.version);
	/*
	 * With a forwarder it is said from the store. One the store refused
	 * goes on at once, ahead of those waiting there: a failing disk then
	 * costs the order of the lines, not the lines.
	 */
	if (d->follow && stored)
		return;
	/* A type this daemon cannot put into words is kept, never said; with no store, lost. */
	if (err) {
		if (d->store)
			d->accounts->written++;
		else
			d->accounts->syslog_lost++;
		return;
	}
	view = (struct log_view){ .hdr = &hdr, .ifname = iface.name, .ifaddr = iface.addr,
				  .when = when };
	if (hdr.type == EBFILT_REC_SESSION)
		view.sess = &sess;
	else
		view.pkt = &rec;
	logd_say(d, &view);
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

	if (config_load(&conf)) {
		event_raise(&d->events, EV_CONFIG_REJECTED, 0, false, "ebfilt.conf has an error");
		return;
	}
	if (open_sink(d, &conf.log, &fresh)) {
		event_raise(&d->events, EV_CONFIG_REJECTED, 0, false, "the new sink cannot be opened");
		return;
	}
	/* The forwarder's queued lines go on through the new sink: waiting here would stall it. */
	if (d->follow)
		syslog_out_move_queue(&fresh, &d->out);
	syslog_out_close(&d->out);	/* sends what is queued (waiting, a second at most) */
	d->out = fresh;
	syslog_out_nowait(&d->out, d->follow != NULL);
	d->opts = conf.log;
	d->sessions = conf.session;
	log_settings_update(-1, -1, d->opts.rate_limit);
	d->events.limits = d->opts.severity;	/* from here on */
	event_raise(&d->events, EV_CONFIG_RELOADED, 0, false);
}

/*
 * mkfilt replaced the logging maps (a -d, then a -u): take what is left in
 * the old buffer, and carry its losses not yet said, before following the
 * new maps. Without a forwarder the old maps' lines go now; with one,
 * the records waiting in the store are handed on to the new counts.
 */
static void leave_maps(struct logd *d)
{
	struct ebfilt_log_totals last;
	bool known;

	log_reader_drain(&d->reader);
	logd_sessions_leave(d);
	if (d->store)
		store_flushed(d, false);
	if (!d->follow) {
		logd_flush_held(d);
		syslog_out_flush(&d->out);
	}
	known = log_reader_totals(&d->reader, &last) == 0;
	accounts_carry_over(d->accounts, known ? &last : NULL);
	log_reader_close(&d->reader);
}

/* Once a second: repeats out, losses said, the sink's health kept for ipsec_logd -s. */
static void each_second(struct logd *d)
{
	const char *sink = d->file_path ? d->file_path : d->out.path;

	logd_flush_held(d);
	if (accounts_maps_replaced(d->accounts))
		leave_maps(d);
	logd_sessions_tick(d);
	logd_say_losses(d);
	logd_state_sweep(d);
	d->accounts->sink_errno = d->out.last_error;
	if (d->store)
		store_flushed(d, true);
	if ((d->store_errno || d->follow_errno) && d->store_error_said + 60 <= d->last_report) {
		d->store_error_said = d->last_report;
		if (d->store_errno)
			pr_warn("the log store refuses records: %s; they are counted as lost",
				strerror(d->store_errno));
		else
			pr_warn("cannot read the log store: %s; its records wait to be sent",
				strerror(d->follow_errno));
	}
	if (d->out.last_error && d->last_error_said + 60 <= d->last_report) {
		/* Said at most once a minute, to standard error or the journal under -F. */
		d->last_error_said = d->last_report;
		if (d->follow && d->out.last_error == EAGAIN)
			pr_warn("%s has taken no line for a second or more; records wait in the "
				"log store", sink);
		else
			pr_warn("%s: %s; records are counted as lost", sink,
				strerror(d->out.last_error));
	}
}

int logd_open(struct logd *d, const struct log_options *opts, enum log_reader_want want,
	      const char *file_path)
{
	uint64_t waiting = 0;
	int err;

	d->opts = *opts;
	d->want = want;
	d->session_totals_fd = -1;
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
	/* Without memory for it, the records go straight to syslog, as without a store. */
	if (d->store && forward_open(d, &waiting))
		pr_warn("no memory to forward from the log store; lines go straight to syslog");
	if (!d->follow)
		d->accounts->fwd_store = 0;	/* what waited there counts as held */
	accounts_resume(d->accounts, waiting);
	iface_cache_read(&d->ifaces);
	logd_events_open(d);
	logd_xfrm_open(d);	/* before the daemon lets go of CAP_NET_ADMIN */
	return 0;
}

/*
 * Wait for records, a second at most. With a forwarder: not at all while
 * it has records to send and room for them, and for room as well when
 * syslog (or the loss line) waits for some.
 */
static void wait_for_work(struct logd *d)
{
	struct pollfd p[4] = { { .fd = log_reader_fd(&d->reader), .events = POLLIN },
			       { .fd = -1, .events = POLLOUT },
			       { .fd = d->events_fd, .events = POLLIN },
			       { .fd = logd_xfrm_fd(d), .events = POLLIN } };
	int timeout = 1000;

	if (d->follow && (syslog_out_queued(&d->out) || d->losses_due)) {
		p[1].fd = syslog_out_fd(&d->out);
		if (p[1].fd < 0)
			timeout = 10;	/* not connected: the next flush connects */
	} else if (d->follow && forward_ready(d)) {
		timeout = 0;
	}
	poll(p, 4, timeout);
}

/* The logging maps, once a second until a filter is active. */
static void open_reader(struct logd *d)
{
	if (log_reader_is_open(&d->reader) || d->reader_tried == time(NULL))
		return;
	if (log_reader_open(&d->reader, d->want, d->opts.rate_limit)) {
		log_reader_close(&d->reader);
		d->reader_tried = time(NULL);
	}
}

void logd_run(struct logd *d, volatile sig_atomic_t *stopping, volatile sig_atomic_t *reloading)
{
	size_t drained;
	char when[32];

	d->out.pid = (int)getpid();	/* the daemon may have forked since logd_open */
	event_raise(&d->events, EV_LOGD_STARTED, 0, false,
		    log_format_when(time(NULL), when, sizeof(when)));
	while (!*stopping) {
		open_reader(d);
		wait_for_work(d);
		drained = log_reader_drain(&d->reader);
		logd_events_take(d);
		logd_xfrm_take(d);
		if (d->store_dirty)	/* in the page cache at once; on the disk each second */
			store_flushed(d, false);
		if (d->losses_due)
			logd_say_losses(d);
		/*
		 * Lines may wait for syslog (a clock tick each at most) while the
		 * last look found the log buffer nearly empty: it fills slowly
		 * then, and has room for far more than the wait.
		 */
		if (d->follow)
			forward_run(d, drained < d->reader.ring_bytes / 32);
		else
			syslog_out_flush(&d->out);
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
	logd_events_take(d);
	/*
	 * The loss line and the goodbye come before the forwarder's last
	 * turn; losses from that turn on are the next daemon's to say.
	 */
	logd_say_losses(d);
	event_raise(&d->events, EV_LOGD_TERMINATING, 0, false,
		    log_format_when(time(NULL), when, sizeof(when)));
	if (d->store)
		store_flushed(d, true);
	if (d->follow)
		forward_finish(d, FORWARD_AT_STOP_MS);
	syslog_out_nowait(&d->out, false);	/* from here the lines wait for syslog, or count */
	logd_flush_held(d);
	syslog_out_flush(&d->out);
}

void logd_close(struct logd *d)
{
	logd_state_free(d);
	logd_xfrm_close(d);
	logd_events_close(d);
	d->accounts->sink_errno = d->out.last_error;
	forward_close(d);	/* its place kept for the next daemon */
	if (d->store) {
		store_flushed(d, true);
		d->accounts->store_lost += store_close(d->store);	/* what it could not write */
	}
	accounts_close(d->accounts);
	log_reader_close(&d->reader);
	syslog_out_close(&d->out);
	if (d->session_totals_fd >= 0)
		close(d->session_totals_fd);
}
