// SPDX-License-Identifier: GPL-2.0
/* expfilt: export filter rules to files impfilt can read (expfilt(8)). */
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cmdline.h"
#include "log.h"
#include "rule_export.h"
#include "rule_table.h"

struct export {
	const char *dir;
	bool raw;			/* -r: rules as they are */
	const char *ids;		/* -l, or NULL for all */
};

/* Write the selected rules; returns how many (the default rule not counted). */
static size_t write_rules(FILE *out, struct rule_table *table, const struct id_list *only,
			  bool raw)
{
	size_t i, written = 0;

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
		written++;
	}
	if (!only || id_list_has(only, 0)) {
		fputs("0 ", out);
		rule_file_write_default(out, &table->default_rule);
	}
	return written;
}

static int write_export(const struct export *exp, struct rule_table *table,
			const struct id_list *only, size_t *written)
{
	char path[PATH_MAX], tmp[PATH_MAX + 8];
	FILE *out;
	int err;

	err = export_path(exp->dir, table->version, path, sizeof(path));
	if (err)
		return err;
	snprintf(tmp, sizeof(tmp), "%s.new", path);
	out = fopen(tmp, "we");
	if (!out) {
		err = -errno;
		pr_err("cannot create %s: %s", tmp, strerror(-err));
		return err;
	}
	*written = write_rules(out, table, only, exp->raw);
	if (fflush(out) || ferror(out) || fsync(fileno(out)))
		err = errno ? -errno : -EIO;
	if (fclose(out) && !err)
		err = -errno;
	if (!err && rename(tmp, path))
		err = -errno;
	if (err) {
		unlink(tmp);
		pr_err("cannot write %s: %s", path, strerror(-err));
	}
	return err;
}

static int export_table(const struct export *exp, uint8_t version, bool quiet)
{
	struct id_list only = { 0 };
	struct rule_table table;
	size_t written = 0;
	char path[PATH_MAX];
	int err;

	err = rule_table_load(&table, version);
	if (err)
		return err;
	if (exp->ids)
		err = cmd_id_list('l', exp->ids, table.count, version, &only);
	if (!err)
		err = write_export(exp, &table, exp->ids ? &only : NULL, &written);
	if (!err && !quiet && !export_path(exp->dir, version, path, sizeof(path)))
		printf("Exported %zu IPv%u filter rules to %s.\n", written, version, path);
	id_list_free(&only);
	rule_table_free(&table);
	return err;
}

int main(int argc, char **argv)
{
	struct cmd_flags flags;
	struct export exp;
	uint8_t versions[2];
	int i, n;

	log_init(argv[0]);
	/* -p allows predefined rules; ebfilt has none, so it changes nothing. */
	if (cmd_parse(argc, argv, "pqrv:f:l:", false, &flags) ||
	    cmd_require(&flags, 'f', "export directory"))
		return 1;
	n = cmd_versions(&flags, versions);
	if (n < 0)
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
