// SPDX-License-Identifier: GPL-2.0
/*
 * -audit FILE [-entity COMPONENT]: the records of a log stream (what
 * ipsec_log get writes), or of the live store for "-", in the text form
 * the report uses for them (ipsec_log dump's ipmon lines: time, then the
 * record), or in JSON; -entity keeps one component's events.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "logging/dump.h"
#include "logging/events.h"
#include "logging/logstream.h"
#include "logging/query.h"
#include "logging/store.h"
#include "report/report.h"
#include "util/diag.h"
#include "util/paths.h"

struct audit {
	struct report *r;
	struct log_query *q;
	struct dump_out *d;
	FILE *mem;		/* JSON: each record's line, made into an array element */
	char *buf;
	size_t size;
};

static int one(struct audit *a, const struct log_view *v)
{
	int err;

	if (a->q && !query_match(a->q, v))
		return 0;
	err = dump_record(a->d, v);
	if (err || !a->mem)
		return err;
	fflush(a->mem);
	/* One line a record; the buffer is reused, so its first line is this one. */
	if (a->buf && strchr(a->buf, '\n')) {
		*strchr(a->buf, '\n') = '\0';
		json_raw(a->r->j, NULL, a->buf);
	}
	rewind(a->mem);
	return 0;
}

static int from_stream(struct audit *a, const char *file)
{
	static struct log_stream_reader s;	/* large */
	int got, err = log_stream_open(&s, file);

	if (err)
		return err;
	while ((got = log_stream_next(&s)) > 0 && !(err = one(a, &s.view)))
		;
	log_stream_close(&s);
	return err ? err : got;
}

static int from_store(struct audit *a)
{
	static struct log_stored rec;	/* large */
	struct store_reader *sr;
	struct log_frame f;
	const void *data;
	int got, err = store_reader_open(&sr, ebfilt_logdir());

	if (err == -ENOENT)
		pr_err("-audit -: no log store in %s", ebfilt_logdir());
	if (err)
		return err;
	while ((got = store_reader_next(sr, 0, &f, &data)) > 0) {
		if (log_stored_view(&f, data, &rec))
			continue;	/* whole, yet no record: no reader takes it */
		err = one(a, &rec.view);
		if (err)
			break;
	}
	store_reader_close(sr);
	return err ? err : got;
}

int report_audit(struct report *r, const char *file, const char *entity)
{
	struct audit a = { .r = r };
	struct query_error qe;
	char expr[64];
	int err;

	if (entity) {
		if (event_component_by_name(entity) < 0) {
			pr_err("-entity %s: not a component (mkfilt, ipsec_logd, shun, if-state, "
			       "session, tunnel, config)", entity);
			return -EINVAL;
		}
		snprintf(expr, sizeof(expr), "loglvl event and logapp %s", entity);
		err = query_parse(expr, NULL, &a.q, &qe);
		if (err)
			return err;
	}
	if (r->j) {
		a.mem = open_memstream(&a.buf, &a.size);
		err = a.mem ? dump_open(&a.d, DUMP_JSON, a.mem, NULL) : -ENOMEM;
		json_open(r->j, "audit", '[');
	} else {
		report_heading(r, "Audit Records");
		err = dump_open(&a.d, DUMP_IPMON, r->out, NULL);
	}
	if (!err)
		err = strcmp(file, "-") ? from_stream(&a, file) : from_store(&a);
	if (a.d && dump_close(a.d) && !err)
		err = -EIO;
	if (r->j)
		json_close(r->j, ']');
	if (a.mem)
		fclose(a.mem);
	free(a.buf);
	query_free(a.q);
	return err;
}
