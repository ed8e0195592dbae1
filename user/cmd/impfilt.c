// SPDX-License-Identifier: GPL-2.0
/* impfilt: import filter rules from expfilt's export files (impfilt(8)). */
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "rules/export.h"
#include "rules/file.h"
#include "rules/ids.h"
#include "rules/table.h"
#include "util/cmdline.h"
#include "util/diag.h"
#include "util/file.h"

/* As SYNOPSIS in impfilt(8) says it, one line per form (util/cmdline.h). */
static const char synopsis[] = "impfilt [-v 4|6] -f directory [-l filt_id_list]";

/*
 * The rules read from one export file, kept with their exported IDs.
 * "imported" reuses struct rule_table as a plain list of rules.
 */
struct import {
	const struct id_list *only;	/* -l, or NULL for all */
	struct rule_table imported;
	bool has_default;
	struct filter_rule default_rule;
};

static int collect(void *ctx, unsigned long id, const struct filter_rule *rule)
{
	struct import *imp = ctx;

	if (imp->only && !id_list_has(imp->only, id))
		return 0;
	if (id == 0) {
		imp->has_default = true;
		imp->default_rule = *rule;
		return 0;
	}
	return rule_table_insert(&imp->imported, imp->imported.count + 1, rule);
}

static int append_imported(struct rule_table *table, void *ctx)
{
	struct import *imp = ctx;
	size_t i;
	int err;

	for (i = 0; i < imp->imported.count; i++) {
		err = rule_table_insert(table, table->count + 1, &imp->imported.rules[i]);
		if (err)
			return err;
	}
	if (imp->has_default) {
		table->default_rule.action = imp->default_rule.action;
		table->default_rule.log = imp->default_rule.log;
	}
	return 0;
}

static int read_export(const char *path, uint8_t version, struct import *imp)
{
	FILE *in;
	int err = file_open_existing(path, &in);

	if (err)
		return err;
	if (!in) {
		pr_err("%s: %s", path, strerror(ENOENT));
		return -ENOENT;
	}
	err = rule_file_read(in, path, version, true, collect, imp);
	fclose(in);
	return err;
}

static int import_version(const char *path, uint8_t version, const struct id_list *only)
{
	struct import imp = { .only = only };
	int err;

	rule_table_init(&imp.imported, version);
	err = read_export(path, version, &imp);
	if (!err)
		err = rule_table_edit(version, append_imported, &imp);
	if (!err)
		printf("Imported %zu IPv%u filter rules from %s.\n", imp.imported.count, version, path);
	rule_table_free(&imp.imported);
	return err;
}

int main(int argc, char **argv)
{
	struct id_list only = { 0 };
	struct cmd_flags flags;
	char paths[2][PATH_MAX];
	uint8_t versions[2];
	const char *why;
	int i, n, found = 0, err = 0;

	err = cmd_parse(argc, argv, synopsis, "v:f:l:", false, &flags);
	if (err)
		return err < 0 ? 1 : 0;
	if (cmd_require(&flags, 'f', "export directory") ||
	    cmd_versions(&flags, versions, &n))
		return 1;
	if (cmd_flag(&flags, 'l') && parse_id_list(cmd_flag(&flags, 'l'), &only, &why)) {
		pr_err("-l %s: %s", cmd_flag(&flags, 'l'), why);
		return 1;
	}
	/* Without -v, import whichever version files exist; with -v, that one must. */
	for (i = 0; i < n; i++) {
		if (export_path(cmd_flag(&flags, 'f'), versions[i], paths[i]))
			return 1;
		found += access(paths[i], F_OK) == 0;
	}
	if (!found && n > 1) {
		pr_err("-f %s: no export files (filter_rules_v4.exp, filter_rules_v6.exp)",
		       cmd_flag(&flags, 'f'));
		err = -ENOENT;
	}
	for (i = 0; i < n && !err; i++)
		if (n == 1 || access(paths[i], F_OK) == 0)
			err = import_version(paths[i], versions[i], cmd_flag(&flags, 'l') ? &only : NULL);
	id_list_free(&only);
	return err ? 1 : 0;
}
