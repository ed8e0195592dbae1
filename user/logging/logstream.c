// SPDX-License-Identifier: GPL-2.0
#include <arpa/inet.h>
#include <errno.h>
#include <string.h>

#include "logging/logstream.h"
#include "logging/query.h"
#include "logging/record.h"
#include "logging/session.h"
#include "util/diag.h"

int log_stored_view(const struct log_frame *f, const void *record, struct log_stored *s)
{
	static const uint8_t none[16];
	int err = log_record_decode(record, f->len, &s->hdr, &s->pkt);
	bool event = false, sess = false;

	if (err == -EINVAL)
		return err;
	if (err == -ENOMSG && s->hdr.type == EBFILT_REC_EVENT) {
		if (event_record_decode(record, f->len, &s->ev))
			return -EINVAL;
		event = true;
	} else if (err == -ENOMSG && s->hdr.type == EBFILT_REC_SESSION) {
		if (log_session_decode(record, f->len, &s->sess) == -EINVAL)
			return -EINVAL;
		sess = s->hdr.version == EBFILT_REC_SESSION_VERSION;
		s->pkt.version = s->sess.version;	/* the interface address's family */
	}
	memcpy(s->ifname, f->ifname, sizeof(s->ifname));
	s->ifname[sizeof(s->ifname) - 1] = '\0';
	s->ifaddr[0] = '\0';
	if ((!err || sess) && memcmp(f->ifaddr, none, sizeof(none)))
		inet_ntop(s->pkt.version == 6 ? AF_INET6 : AF_INET, f->ifaddr, s->ifaddr,
			  sizeof(s->ifaddr));
	s->view = (struct log_view){
		.hdr = &s->hdr,
		.pkt = err ? NULL : &s->pkt,
		.ev = event ? &s->ev : NULL,
		.sess = sess ? &s->sess : NULL,
		.ifname = s->ifname[0] ? s->ifname : NULL,
		.ifaddr = s->ifaddr[0] ? s->ifaddr : NULL,
		.when = { .tv_sec = (time_t)(s->hdr.time_ns / 1000000000),
			  .tv_nsec = (long)(s->hdr.time_ns % 1000000000) },
	};
	return 0;
}

bool log_frame_matches(const struct log_query *q, const struct log_frame *f,
		       const void *record)
{
	static struct log_stored s;	/* large: not on the stack of every call */

	if (!q)
		return true;
	return !log_stored_view(f, record, &s) && query_match(q, &s.view);
}

static int write_error(struct log_stream_writer *w)
{
	int err = errno ? -errno : -EIO;

	pr_err("cannot write %s: %s", w->name, strerror(-err));
	return err;
}

int log_stream_start(struct log_stream_writer *w, FILE *out, const char *name)
{
	struct log_stream_header h = { .version = 1 };

	w->out = out;
	w->name = name;
	memcpy(h.magic, STREAM_MAGIC, sizeof(h.magic));
	return fwrite(&h, sizeof(h), 1, out) == 1 ? 0 : write_error(w);
}

int log_stream_put(struct log_stream_writer *w, const struct log_frame *f, const void *record)
{
	uint8_t buf[sizeof(struct log_frame) + FRAME_RECORD_MAX + 8];
	struct frame_iface iface = { f->ifname, f->ifaddr };
	size_t size = frame_encode(buf, f->seq, &iface, record, f->len);

	return fwrite(buf, size, 1, w->out) == 1 ? 0 : write_error(w);
}

int log_stream_finish(struct log_stream_writer *w)
{
	return fflush(w->out) || ferror(w->out) ? write_error(w) : 0;
}

int log_stream_open(struct log_stream_reader *r, const char *path)
{
	struct log_stream_header h;

	memset(r, 0, sizeof(*r));
	if (!strcmp(path, "-")) {
		r->in = stdin;
		r->name = "standard input";
	} else {
		r->in = fopen(path, "rbe");
		r->name = path;
		if (!r->in) {
			int err = -errno;

			pr_err("-i %s: %s", path, strerror(-err));
			return err;
		}
	}
	if (fread(&h, sizeof(h), 1, r->in) != 1 || memcmp(h.magic, STREAM_MAGIC, sizeof(h.magic)) ||
	    h.version != 1) {
		pr_err("%s: not a stream of log records (ipsec_log get writes them)", r->name);
		log_stream_close(r);
		return -EINVAL;
	}
	r->offset = sizeof(h);
	return 0;
}

static int damaged(struct log_stream_reader *r)
{
	pr_err("%s: a damaged record at byte %llu; the records before it were read", r->name,
	       (unsigned long long)r->offset);
	return -EINVAL;
}

int log_stream_next(struct log_stream_reader *r)
{
	struct log_frame f;
	size_t got = fread(r->frame, 1, sizeof(f), r->in), rest;

	if (!got && feof(r->in))
		return 0;
	if (got < sizeof(f))
		return damaged(r);
	memcpy(&f, r->frame, sizeof(f));
	if (f.magic != FRAME_MAGIC || f.len > FRAME_RECORD_MAX)
		return damaged(r);
	rest = frame_size(f.len) - sizeof(f);
	if (fread(r->frame + sizeof(f), 1, rest, r->in) != rest ||
	    !frame_check(r->frame, frame_size(f.len), &f) ||
	    log_stored_view(&f, r->frame + sizeof(f), &r->rec))
		return damaged(r);
	r->offset += frame_size(f.len);
	r->view = r->rec.view;
	return 1;
}

void log_stream_close(struct log_stream_reader *r)
{
	if (r->in && r->in != stdin)
		fclose(r->in);
	r->in = NULL;
}
