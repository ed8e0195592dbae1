// SPDX-License-Identifier: GPL-2.0
/*
 * ipsec_report: one view of what the filter is doing now (ipsec_report(8)),
 * with HP-UX's options: the rules in force and in the files, the
 * interfaces, what is never judged, the dynamic state, the kernel's IPsec
 * SAs, the log. Text, or one JSON document (-j); to standard output, or
 * to a file replaced atomically (-file).
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "report/report.h"
#include "util/cmdline.h"
#include "util/diag.h"
#include "util/file.h"

/* As SYNOPSIS in ipsec_report(8) says it, one line per form (util/cmdline.h). */
static const char synopsis[] =
	"ipsec_report [-host active|configured] [-ip] [-bypass] [-cache [-n N]] [-sa [ipsec]] "
	"[-audit file [-entity component]] [-file report] [-j|--json]";

enum section { S_ACTIVE, S_CONFIGURED, S_IP, S_BYPASS, S_CACHE, S_SA, S_AUDIT, S_COUNT };

struct request {
	bool want[S_COUNT];
	bool any;		/* a section was named: else everything but -audit */
	const char *audit, *entity, *file;
	bool json;
	unsigned int top;
};

static int parse(int argc, char **argv, struct request *rq)
{
	unsigned long n;
	char *end;
	int i;

	rq->top = 10;
	for (i = 1; i < argc; i++) {
		const char *a = argv[i], *next = i + 1 < argc ? argv[i + 1] : NULL;

		if (!strcmp(a, "-host")) {
			bool configured = next && !strcmp(next, "configured");

			if (next && (configured || !strcmp(next, "active")))
				i++;
			else if (next && next[0] != '-')
				return cmd_usage_error(synopsis, "-host %s: expected active or configured",
						       next);
			rq->want[configured ? S_CONFIGURED : S_ACTIVE] = true;
		} else if (!strcmp(a, "-ip")) {
			rq->want[S_IP] = true;
		} else if (!strcmp(a, "-bypass")) {
			rq->want[S_BYPASS] = true;
		} else if (!strcmp(a, "-cache")) {
			rq->want[S_CACHE] = true;
		} else if (!strcmp(a, "-sa")) {
			if (next && !strcmp(next, "ipsec"))
				i++;	/* the only kind there is: ebfilt has no IKE daemon */
			rq->want[S_SA] = true;
		} else if (!strcmp(a, "-n")) {
			if (!next)
				return cmd_usage_error(synopsis, "-n: missing value");
			n = strtoul(next, &end, 10);
			if (*end || !*next || n > 100000)
				return cmd_usage_error(synopsis, "-n %s: expected a number up to 100000",
						       next);
			rq->top = (unsigned int)n;
			i++;
		} else if (!strcmp(a, "-audit") || !strcmp(a, "-entity") || !strcmp(a, "-file")) {
			if (!next)
				return cmd_usage_error(synopsis, "%s: missing value", a);
			if (a[1] == 'a')
				rq->audit = next;
			else if (a[1] == 'e')
				rq->entity = next;
			else
				rq->file = next;
			rq->want[S_AUDIT] |= a[1] == 'a';
			i++;
		} else if (!strcmp(a, "-j") || !strcmp(a, "--json")) {
			rq->json = true;
		} else {
			return cmd_usage_error(synopsis, "%s: unknown flag", a);
		}
	}
	if (rq->entity && !rq->audit)
		return cmd_usage_error(synopsis, "-entity: only with -audit");
	for (i = 0; i < S_COUNT; i++)
		rq->any |= rq->want[i];
	if (!rq->any)
		for (i = 0; i < S_AUDIT; i++)
			rq->want[i] = true;
	return 0;
}

/* Every section asked for, in HP-UX's order. Errors were said; the first is returned. */
static int write_report(FILE *out, void *ctx)
{
	struct request *rq = ctx;
	struct json_out j;
	struct report r = { .out = out, .j = rq->json ? &j : NULL, .top = rq->top };
	int err = 0, e = 0, inactive = 0;

	if (r.j) {
		json_begin(&j, out);
		json_open(&j, NULL, '{');
		json_uint(&j, "version", 1);
	}
	if (rq->want[S_ACTIVE] && (e = report_host_active(&r)) == -ENOENT)
		inactive |= 1;
	else if (e && !err)
		err = e;
	if (rq->want[S_CONFIGURED] && (e = report_host_configured(&r)) && !err)
		err = e;
	if (rq->want[S_IP] && (e = report_ip(&r)) && !err)
		err = e;
	if (rq->want[S_BYPASS] && (e = report_bypass(&r)) && !err)
		err = e;
	if (rq->want[S_CACHE] && (e = report_cache(&r)) == -ENOENT)
		inactive |= 2;
	else if (rq->want[S_CACHE] && e && !err)
		err = e;
	if (rq->want[S_SA] && (e = report_sa(&r)) && !err)
		err = e;
	if (rq->want[S_AUDIT] && (e = report_audit(&r, rq->audit, rq->entity)) && !err)
		err = e;
	if (r.j) {
		json_close(&j, '}');
		json_end(&j);
	}
	/* Asked by name, a section of a filter that is not active fails the command. */
	if (!err && inactive && rq->any) {
		pr_err("the filter is not active (mkfilt -u activates it)");
		err = -ENOENT;
	}
	if (!err && (ferror(out) || fflush(out)))
		err = -EIO;
	return err;
}

struct text {
	const char *buf;
	size_t len;
};

static int copy_out(FILE *out, void *ctx)
{
	const struct text *t = ctx;

	return fwrite(t->buf, 1, t->len, out) == t->len ? 0 : -EIO;
}

/*
 * -file: the report made whole in memory first, then the file replaced by
 * it (util/file.h): a failed report leaves the old one, and a reader never
 * sees half of one.
 */
static int to_file(struct request *rq)
{
	struct text t = { NULL, 0 };
	char *buf = NULL;
	FILE *mem = open_memstream(&buf, &t.len);
	int err = mem ? write_report(mem, rq) : -ENOMEM;

	if (mem && fclose(mem) && !err)
		err = -ENOMEM;
	t.buf = buf;
	if (!err)
		err = file_write_atomic(rq->file, 0640, copy_out, &t);
	free(buf);
	return err;
}

int main(int argc, char **argv)
{
	struct request rq;

	memset(&rq, 0, sizeof(rq));
	diag_init(argv[0]);
	if (argc > 1 && cmd_std_option(argv[1], NULL, synopsis))
		return 0;
	if (parse(argc, argv, &rq))
		return 1;
	if (rq.file)
		return to_file(&rq) ? 1 : 0;
	cmd_check_output();
	return write_report(stdout, &rq) ? 1 : 0;
}
