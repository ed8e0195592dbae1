// SPDX-License-Identifier: GPL-2.0
/*
 * libFuzzer: pattern files (-X) and the automaton they compile to. Each
 * input is written as a pattern file (under /dev/shm) named by one rule;
 * the compiler must refuse it or build an automaton whose every move and
 * output stays within its states and the table's pattern sets, and which
 * finds each of the file's patterns in a payload that is that pattern.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "compile/patterns.h"
#include "rules/parse.h"
#include "util/diag.h"
#include "util/file.h"

#include "isolate.h"

static const char *path;

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	fuzz_isolate();
	diag_init("fuzz_patterns");
	diag_set_level(DIAG_SILENT);
	path = fuzz_file("fuzz-patterns", "patterns");
	return 0;
}

/* Walk bytes through the automaton as the kernel does; the sets found. */
static uint32_t walk(const struct pattern_dfa *d, const uint8_t *bytes, size_t len)
{
	uint32_t state = 0, found = 0;
	uint16_t next;
	size_t i;

	for (i = 0; i < len; i++) {
		next = d->next[state * d->meta.nclasses + d->meta.classes[bytes[i]]];
		state = next & ~EBFILT_DFA_OUTPUT;
		if (state >= d->meta.nstates)
			abort();
		if ((next & EBFILT_DFA_OUTPUT) != (d->out[state] ? EBFILT_DFA_OUTPUT : 0))
			abort();
		found |= d->out[state];
	}
	return found;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct rule_table table = { .version = 4, .count = 1 };
	struct filter_rule rule = { .pattern_kind = PATTERN_FILE };
	struct pattern_dfa dfa;
	uint8_t set, bytes[4096];
	FILE *out = fopen(path, "w");
	const char *why;
	char *copy, *line, *save;
	int len;

	if (!out || fwrite(data, 1, size, out) != size)
		abort();
	fclose(out);
	strcpy(rule.pattern, path);
	table.rules = &rule;
	if (patterns_compile(&table, &set, &dfa))
		return 0;
	if (set != 1 || !dfa.meta.nstates || dfa.meta.nstates > EBFILT_PATTERN_STATES ||
	    dfa.meta.nclasses > 257)
		abort();
	/* Each line's pattern, as the payload, is found. */
	copy = strndup((const char *)data, size);
	for (line = strtok_r(copy, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
		if (*line && line[strlen(line) - 1] == '\r')	/* CR LF, as the reader takes it */
			line[strlen(line) - 1] = '\0';
		if (!line[strspn(line, " \t")] || strlen(line) >= sizeof(bytes))
			continue;
		len = pattern_decode(line, bytes, &why);
		if (len > 0 && !(walk(&dfa, bytes, (size_t)len) & 1))
			abort();
	}
	free(copy);
	pattern_dfa_free(&dfa);
	return 0;
}
