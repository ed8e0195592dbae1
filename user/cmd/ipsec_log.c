// SPDX-License-Identifier: GPL-2.0
/*
 * ipsec_log: the log store's command (ipsec_log(8)), as SunScreen's log
 * verbs: get, clear, get_and_clear, stats; dump, which turns a stream of
 * records into text, JSON, WELF or pcap; macro, the stored filters.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "logging/dump.h"
#include "logging/logstream.h"
#include "logging/macros.h"
#include "logging/query.h"
#include "logging/store.h"
#include "util/cmdline.h"
#include "util/diag.h"
#include "util/lock.h"
#include "util/paths.h"

/* As SYNOPSIS in ipsec_log(8) says it, one line per form (util/cmdline.h). */
static const char synopsis[] = "ipsec_log get [-U text] [filter...]\n"
	"ipsec_log clear [-U text]\n"
	"ipsec_log get_and_clear [-U text] [filter...]\n"
	"ipsec_log stats\n"
	"ipsec_log dump [-i file|-] [-o file] [-f aix|ipmon|json|welf|pcap] [-x] [filter...]\n"
	"ipsec_log macro add|delete|print|names|expand ...";

static int no_store(int err)
{
	if (err == -ENOENT)
		pr_err("there is no log store in %s (ipsec_logd keeps one unless ebfilt.conf says "
		       "log_store no)", ebfilt_logdir());
	return err;
}

/* The marks, changed under the store directory's lock. */
static int update_marks(uint64_t store_id, bool clear, uint64_t through, const char *who,
			bool retrieved)
{
	struct store_marks m;
	int lock = lock_acquire(ebfilt_logdir()), err;

	if (lock < 0)
		return lock;
	err = store_marks_read(ebfilt_logdir(), store_id, &m);
	if (!err && clear && through > m.cleared_seq) {
		m.cleared_seq = through;
		m.cleared_at = time(NULL);
		snprintf(m.cleared_by, sizeof(m.cleared_by), "%s", who ? who : "");
	}
	if (!err && retrieved && through > m.retrieved_seq)
		m.retrieved_seq = through;
	if (!err)
		err = store_marks_write(ebfilt_logdir(), &m);
	lock_release(lock);
	return err;
}

/*
 * get, get_and_clear: the records at or after the clear point that match,
 * as a stream on standard output; clear (and mark retrieved) through the
 * last one examined, once every byte went out.
 */
static int retrieve(const struct log_query *q, bool clear, const char *who)
{
	struct store_reader *r = NULL;
	struct log_stream_writer w;
	struct store_marks m = { 0 };
	struct log_frame f;
	const void *rec;
	uint64_t through = 0;
	int err, more = 0;

	if (isatty(STDOUT_FILENO)) {
		pr_err("the records are binary: redirect them to a file, or pipe them to "
		       "ipsec_log dump -i -");
		return -ENOTTY;
	}
	err = no_store(store_reader_open(&r, ebfilt_logdir()));
	if (!err)
		err = store_marks_read(ebfilt_logdir(), store_reader_super(r)->id, &m);
	if (!err)
		err = log_stream_start(&w, stdout, "standard output");
	through = m.cleared_seq;
	while (!err && (more = store_reader_next(r, m.cleared_seq, &f, &rec)) > 0) {
		through = f.seq + 1;
		if (log_frame_matches(q, &f, rec))
			err = log_stream_put(&w, &f, rec);
	}
	if (!err && more < 0)
		err = more;
	if (!err)
		err = log_stream_finish(&w);
	if (!err && store_reader_skipped(r))
		pr_warn("%llu records were skipped: overwritten while they were being read, or "
			"in a damaged part of the store", (unsigned long long)store_reader_skipped(r));
	/* Retrieved means all of them: a filtered get leaves the others unread. */
	if (!err && (clear || !q))
		err = update_marks(store_reader_super(r)->id, clear, through, who, !q);
	store_reader_close(r);
	return err;
}

static int clear_only(const char *who)
{
	struct store_reader *r;
	struct log_frame f;
	const void *rec;
	uint64_t through;
	int err = no_store(store_reader_open(&r, ebfilt_logdir())), more;

	if (err)
		return err;
	/* Through the last record there is now, read to its end. */
	through = store_reader_super(r)->next_seq;
	while ((more = store_reader_next(r, through, &f, &rec)) > 0)
		through = f.seq + 1;
	if (more >= 0)
		err = update_marks(store_reader_super(r)->id, true, through, who, false);
	store_reader_close(r);
	if (more < 0)
		return more;
	if (!err)
		printf("The log is cleared.\n");
	return err;
}

static const char *when_text(int64_t when, char *buf, size_t size)
{
	time_t t = (time_t)when;
	struct tm tm;

	if (!localtime_r(&t, &tm) || !strftime(buf, size, "%m/%d/%Y %H:%M %Z", &tm))
		snprintf(buf, size, "%lld", (long long)when);
	return buf;
}

static int stats(void)
{
	struct store_reader *r;
	struct store_marks m;
	struct log_frame f;
	const void *rec;
	uint64_t bytes = 0, records = 0, events = 0;
	char when[64];
	int err = no_store(store_reader_open(&r, ebfilt_logdir())), more;

	if (err)
		return err;
	err = store_marks_read(ebfilt_logdir(), store_reader_super(r)->id, &m);
	if (err) {
		store_reader_close(r);
		return err;
	}
	while ((more = store_reader_next(r, m.cleared_seq, &f, &rec)) > 0) {
		bytes += frame_size(f.len);
		if (f.len >= sizeof(struct ebfilt_rec_hdr) &&
		    ((const struct ebfilt_rec_hdr *)rec)->type == EBFILT_REC_EVENT)
			events++;
		else
			records++;
	}
	printf("Log size (bytes): %llu\n", (unsigned long long)bytes);
	printf("Log maximum size (bytes): %llu\n",
	       (unsigned long long)store_reader_super(r)->data_size);
	printf("Log loss count (records): %llu\n", (unsigned long long)store_reader_super(r)->lost);
	if (!m.cleared_at)
		printf("Cleared at: never\n");
	else if (m.cleared_by[0])
		printf("Cleared by: %s at %s\n", m.cleared_by,
		       when_text(m.cleared_at, when, sizeof(when)));
	else
		printf("Cleared at: %s\n", when_text(m.cleared_at, when, sizeof(when)));
	printf("Log records: %llu\n", (unsigned long long)records);
	printf("Log events: %llu\n", (unsigned long long)events);
	printf("Torn records found (records): %llu\n",
	       (unsigned long long)store_reader_super(r)->torn);
	store_reader_close(r);
	return more < 0 ? more : 0;
}

/* The filter given as operands, parsed once; NULL when there is none. */
static int parse_filter(int argc, char **argv, int first, struct macro_set *macros,
			struct log_query **q)
{
	struct query_error qe;
	char expr[QUERY_EXPR_MAX + 1] = "";
	size_t len = 0;
	int i, err;

	*q = NULL;
	if (first >= argc)
		return 0;
	for (i = first; i < argc; i++) {
		int n = snprintf(expr + len, sizeof(expr) - len, "%s%s", len ? " " : "", argv[i]);

		if (n < 0 || (size_t)n >= sizeof(expr) - len) {
			pr_err("filter: longer than %d bytes", QUERY_EXPR_MAX);
			return -E2BIG;
		}
		len += (size_t)n;
	}
	err = macros_load(macros);
	if (err)
		return err;
	err = query_parse(expr, macros, q, &qe);
	if (err)
		pr_err("filter: %s", qe.msg);
	return err;
}

static int dump(const struct cmd_flags *flags, const struct log_query *q)
{
	const char *in_name = cmd_flag(flags, 'i') ? cmd_flag(flags, 'i') : "-";
	const char *out_name = cmd_flag(flags, 'o');
	struct dump_options opts = { .hex = cmd_flag(flags, 'x') != NULL };
	enum dump_format format = DUMP_AIX;
	struct log_stream_reader rd;
	struct dump_out *d = NULL;
	FILE *out = stdout;
	int err = 0, more;

	if (cmd_flag(flags, 'f') && dump_format_by_name(cmd_flag(flags, 'f'), &format)) {
		pr_err("-f %s: expected aix, ipmon, json, welf or pcap", cmd_flag(flags, 'f'));
		return -EINVAL;
	}
	if (opts.hex && format != DUMP_AIX && format != DUMP_IPMON) {
		pr_err("-x: only with -f aix or ipmon");
		return -EINVAL;
	}
	err = log_stream_open(&rd, in_name);
	if (!err && out_name && !(out = fopen(out_name, "wxe"))) {
		err = -errno;
		pr_err("-o %s: %s", out_name, err == -EEXIST ? "exists already" : strerror(-err));
	}
	if (!err) {
		err = dump_open(&d, format, out, &opts);
		if (err == -ENOTTY)
			pr_err("-f pcap: the output is binary: give -o FILE, or redirect it");
		else if (err)
			pr_err("cannot start the output: %s", strerror(-err));
	}
	while (!err && (more = log_stream_next(&rd)) > 0) {
		if (q && !query_match(q, &rd.view))
			continue;
		err = dump_record(d, &rd.view);
		if (err)
			pr_err("cannot write %s: %s", out_name ? out_name : "the output",
			       strerror(-err));
	}
	if (!err && more < 0)
		err = more;	/* said by log_stream_next() */
	if (d) {
		int closing = dump_close(d);

		if (!err && closing) {
			err = closing;
			pr_err("cannot write %s: %s", out_name ? out_name : "the output",
			       strerror(-err));
		}
	}
	if (out && out != stdout && fclose(out) && !err) {
		err = -errno;
		pr_err("cannot write %s: %s", out_name, strerror(-err));
	}
	log_stream_close(&rd);
	return err;
}

int main(int argc, char **argv)
{
	static const struct { const char *name, *opts; bool filter; } verbs[] = {
		{ "get", "U:", true }, { "clear", "U:", false }, { "get_and_clear", "U:", true },
		{ "stats", "", false }, { "dump", "i:o:f:x", true },
	};
	struct macro_set macros = { 0 };
	struct log_query *q = NULL;
	struct cmd_flags flags;
	size_t v;
	int err;

	diag_init("ipsec_log");
	if (argc < 2) {
		cmd_usage_error(synopsis, "a subcommand is needed");
		return 1;
	}
	if (cmd_std_option(argv[1], NULL, synopsis))
		return 0;
	/* SunScreen's order too: ipsec_log -U text get_and_clear ... */
	if (argc >= 4 && !strcmp(argv[1], "-U")) {
		char *text = argv[2];

		argv[2] = argv[1];
		argv[1] = argv[3];	/* the verb, then -U text */
		argv[3] = text;
	}
	if (!strcmp(argv[1], "macro")) {
		/* A subcommand's first argument may ask too, as cmd_parse() lets the others. */
		if (cmd_std_option(argv[2], NULL, synopsis))
			return 0;
		cmd_check_output();
		return macro_command(argc - 2, argv + 2) ? 1 : 0;
	}
	for (v = 0; v < sizeof(verbs) / sizeof(verbs[0]) && strcmp(argv[1], verbs[v].name); v++)
		;
	if (v == sizeof(verbs) / sizeof(verbs[0])) {
		cmd_usage_error(synopsis, "%s: unknown subcommand", argv[1]);
		return 1;
	}
	/* The verb's own flags, parsed as a command of their own. */
	argv[1] = argv[0];
	err = cmd_parse(argc - 1, argv + 1, synopsis, verbs[v].opts, verbs[v].filter, &flags);
	if (err > 0)
		return 0;
	if (err || parse_filter(argc - 1, argv + 1, flags.first_operand, &macros, &q)) {
		macros_free(&macros);
		return 1;
	}
	switch (v) {
	case 0:	err = retrieve(q, false, cmd_flag(&flags, 'U')); break;
	case 1:	err = clear_only(cmd_flag(&flags, 'U')); break;
	case 2:	err = retrieve(q, true, cmd_flag(&flags, 'U')); break;
	case 3:	err = stats(); break;
	default: err = dump(&flags, q); break;
	}
	query_free(q);
	macros_free(&macros);
	return err ? 1 : 0;
}
