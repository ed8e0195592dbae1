// SPDX-License-Identifier: GPL-2.0
/*
 * libFuzzer: the attribute parsers genfilt and chfilt use for their flags,
 * and those of rule files and listings. The first byte picks the
 * attribute, the second the spelling and IP version; the rest is the
 * value. A value accepted must print, in the same spelling, as a value
 * that parses again to the same rule.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "rules/attr.h"
#include "rules/rule.h"
#include "util/diag.h"

#include "isolate.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct filter_rule rule, again;
	enum attr_spelling spelling;
	struct rule_fault fault;
	enum rule_attr attr;
	char text[512], printed[1024];
	const char *why;

	if (size < 2 || size - 2 >= sizeof(text))
		return 0;
	fuzz_isolate();
	diag_set_level(DIAG_SILENT);
	attr = (enum rule_attr)(data[0] % ATTR_COUNT);
	spelling = data[1] % 2 ? SPELL_WORD : SPELL_FLAG;
	memcpy(text, data + 2, size - 2);
	text[size - 2] = '\0';
	rule_init(&rule, data[1] & 2 ? 6 : 4);
	if (rule_attr_parse(&rule, attr, text, spelling, &why))
		return 0;
	rule_check(&rule, &fault);
	rule_attr_print(&rule, attr, 1, spelling, printed, sizeof(printed));
	again = rule;
	rule_init(&again, rule.version);
	if (rule_attr_parse(&again, attr, printed, spelling, &why)) {
		fprintf(stderr, "'%s' printed as '%s', which does not parse: %s\n", text, printed, why);
		abort();
	}
	rule_attr_print(&again, attr, 1, spelling, text, sizeof(text));
	if (strcmp(text, printed)) {
		fprintf(stderr, "'%s' and '%s' differ\n", printed, text);
		abort();
	}
	return 0;
}
