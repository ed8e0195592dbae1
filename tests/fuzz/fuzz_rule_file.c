// SPDX-License-Identifier: GPL-2.0
/*
 * libFuzzer: the rule-file reader (tables, and impfilt's numbered export
 * files). The first byte picks the IP version and whether lines are
 * numbered; the rest is the file. A file the reader accepts must write
 * back into one it accepts again, with the same rules: a table that
 * cannot be printed, or that reads as something else, is a bug.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "rules/file.h"
#include "rules/format.h"
#include "rules/table.h"
#include "util/diag.h"

#include "isolate.h"

static struct rule_table *read_table(const char *text, size_t len, uint8_t version, bool numbered)
{
	struct rule_table *table = calloc(1, sizeof(*table));
	FILE *in = fmemopen((void *)text, len, "r");
	int err;

	if (!table || !in)
		abort();
	rule_table_init(table, version);
	err = rule_file_read(in, "fuzz.rules", version, numbered, rule_table_append, table);
	fclose(in);
	if (err) {
		rule_table_free(table);
		free(table);
		return NULL;
	}
	return table;
}

/* The table as a file writes it, and as lsfilt prints it (to exercise the printers). */
static char *write_table(struct rule_table *table, size_t *len)
{
	char *text = NULL;
	FILE *out = open_memstream(&text, len);
	unsigned long i;

	if (!out)
		abort();
	for (i = 1; i <= table->count; i++)
		rule_file_write_rule(out, rule_table_get(table, i));
	rule_file_write_default(out, &table->default_rule);
	fclose(out);
	return text;
}

static void print_table(struct rule_table *table)
{
	FILE *null = fopen("/dev/null", "w");
	unsigned long i;

	for (i = 0; i <= table->count; i++) {
		rule_print_verbose(null, i, rule_table_get(table, i));
		rule_print_fields(null, i, rule_table_get(table, i));
	}
	fclose(null);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct rule_table *table, *again;
	uint8_t version;
	bool numbered;
	char *text;
	size_t len;

	if (size < 1)
		return 0;
	fuzz_isolate();
	diag_set_level(DIAG_SILENT);
	version = data[0] & 1 ? 6 : 4;
	numbered = data[0] & 2;
	table = read_table((const char *)data + 1, size - 1, version, numbered);
	if (!table)
		return 0;
	print_table(table);
	text = write_table(table, &len);
	again = read_table(text, len, version, false);
	if (!again || again->count != table->count) {
		fprintf(stderr, "an accepted table does not read back:\n%s", text);
		abort();
	}
	free(text);
	rule_table_free(again);
	rule_table_free(table);
	free(again);
	free(table);
	return 0;
}
