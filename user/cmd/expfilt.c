// SPDX-License-Identifier: GPL-2.0
/* expfilt: export filter rules to files impfilt can read (expfilt(8)). */
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

#include "rules/export.h"
#include "rules/file.h"
#include "rules/ids.h"
#include "rules/table.h"
#include "util/cmdline.h"
#include "util/diag.h"
#include "util/file.h"

/* As SYNOPSIS in expfilt(8) says it, one line per form (util/cmdline.h). */
static const char synopsis[] = "expfilt [-p] [-q] [-r] [-v 4|6] -f directory [-l filt_id_list]";

struct export {
	const char *dir;
	bool raw;			/* -r: rules as they are */
	const char *ids;		/* -l, or NULL for all */
};

/* What goes into one export file. */
struct export_file {
	struct rule_table *table;
	const struct id_list *only;	/* -l, or NULL for all */
	bool raw;
	size_t written;			/* rules written, the default rule not counted */
};

static int write_rules(FILE *out, void *ctx)
{
	struct export_file *ef = ctx;
	struct rule_table *table = ef->table;
	const struct id_list *only = ef->only;
	bool raw = ef->raw;
	size_t i;

	fprintf(out, "# ebfilt export of IPv%u filter rules%s; read by impfilt(8).\n",
		table->version, raw ? "" : ", turned around for the peer host");
	for (i = 0; i < table->count; i++) {
		struct filter_rule rule = table->rules[i];

		if (only && !id_list_has(only, i + 1))
			continue;
		if (!raw)
			rule_turn_around(&rule);
		fprintf(out, "%zu ", i + 1);
		rule_file_write_rule(out, &rule);
		ef->written++;
	}
	if (!only || id_list_has(only, 0)) {
		fputs("0 ", out);
		rule_file_write_default(out, &table->default_rule);
	}
	return 0;
}

static int export_table(const struct export *exp, uint8_t version, bool quiet)
{
	struct id_list only = { 0 };
	struct rule_table table;
	struct export_file ef = { &table, NULL, exp->raw, 0 };
	char path[PATH_MAX];
	int err;

	err = export_path(exp->dir, version, path);
	if (!err)
		err = rule_table_load(&table, version);
	if (err)
		return err;
	if (exp->ids) {
		err = rule_ids_flag('l', exp->ids, table.count, version, &only);
		ef.only = &only;
	}
	if (!err)
		err = file_write_atomic(path, 0600, write_rules, &ef);
	if (!err && !quiet)
		printf("Exported %zu IPv%u filter rules to %s.\n", ef.written, version, path);
	id_list_free(&only);
	rule_table_free(&table);
	return err;
}

int main(int argc, char **argv)
{
	struct cmd_flags flags;
	struct export exp;
	uint8_t versions[2];
	int i, n, err;

	/* -p allows predefined rules; ebfilt has none, so it changes nothing. */
	err = cmd_parse(argc, argv, synopsis, "pqrv:f:l:", false, &flags);
	if (err)
		return err < 0 ? 1 : 0;
	if (cmd_require(&flags, 'f', "export directory") ||
	    cmd_versions(&flags, versions, &n))
		return 1;
	if (cmd_flag(&flags, 'l') && n > 1) {
		pr_err("-l %s: -l needs -v 4 or -v 6", cmd_flag(&flags, 'l'));
		return 1;
	}
	exp = (struct export){ cmd_flag(&flags, 'f'), cmd_flag(&flags, 'r') != NULL,
			       cmd_flag(&flags, 'l') };
	if (mkdir(exp.dir, 0755) && errno != EEXIST) {
		pr_err("-f %s: cannot create directory: %s", exp.dir, strerror(errno));
		return 1;
	}
	for (i = 0; i < n; i++)
		if (export_table(&exp, versions[i], cmd_flag(&flags, 'q') != NULL))
			return 1;
	return 0;
}
