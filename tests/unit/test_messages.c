// SPDX-License-Identifier: GPL-2.0
/*
 * ebfilt-messages(7) explains every message: each entry of the events
 * table (and each other line the daemon writes) must appear in the page,
 * with its conversions written as the names the table gives them
 * ("filter activated: TABLES, checksum CHECKSUM"), under the heading of
 * its component, with its severity; and the page lists no event the
 * table does not have.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "logging/events.h"

static char *page;	/* the page's text, font changes and roff escapes taken out */

/* The format with its conversions named. */
static void render(const char *format, const char *args, char *out, size_t size)
{
	char names[256], *save = NULL, *name;
	size_t len = 0;
	const char *p;

	snprintf(names, sizeof(names), "%s", args);
	name = strtok_r(names, " ", &save);
	for (p = format; *p && len + 1 < size; p++) {
		if (*p != '%' || p[1] == '%') {
			out[len++] = *p;
			p += *p == '%';
			continue;
		}
		p += strspn(p + 1, "0123456789.-+ #lhzjt") + 1;
		len += (size_t)snprintf(out + len, size - len, "%s", name ? name : "?");
		name = strtok_r(NULL, " ", &save);
	}
	out[len < size ? len : size - 1] = '\0';
}

/* Read the page and take out \fB, \fI, \fR, \fP, \& and \e, and - for \-. */
static int load_page(void **state)
{
	static const char *const where[] = { "docs/man/ebfilt-messages.7",
					      "../docs/man/ebfilt-messages.7" };
	FILE *in = NULL;
	size_t i, len = 0, n;
	char *raw;

	(void)state;
	for (i = 0; !in && i < sizeof(where) / sizeof(where[0]); i++)
		in = fopen(where[i], "r");
	if (!in)
		return -1;
	raw = calloc(1, 1 << 20);
	page = calloc(1, 1 << 20);
	n = fread(raw, 1, (1 << 20) - 1, in);
	fclose(in);
	for (i = 0; i < n; i++) {
		if (raw[i] == '\\' && (raw[i + 1] == 'f') && raw[i + 2]) {
			i += 2;
		} else if (raw[i] == '\\' && (raw[i + 1] == '-' || raw[i + 1] == 'e')) {
			page[len++] = raw[i + 1] == '-' ? '-' : '\\';
			i++;
		} else if (raw[i] == '\\' && raw[i + 1] == '&') {
			i++;
		} else if (raw[i] != '"') {
			page[len++] = raw[i];
		}
	}
	free(raw);
	return 0;
}

static int free_page(void **state)
{
	(void)state;
	free(page);
	return 0;
}

/*
 * Each message, in its component's section (".SS COMPONENT"), followed
 * by its name and severity on the line after: "event NAME, severity SEV".
 */
static void test_every_event(void **state)
{
	char text[1024], tag[128], heading[64];
	const char *at, *section, *next;
	size_t i;

	(void)state;
	for (i = 0; i < EV_COUNT; i++) {
		const struct event_def *d = &event_defs[i];

		render(d->format, d->args, text, sizeof(text));
		snprintf(heading, sizeof(heading), "\n.SS %s\n", event_component_name(d->component));
		section = strstr(page, heading);
		if (!section)
			fail_msg("no section for component %s", event_component_name(d->component));
		next = strstr(section + 1, "\n.SS ");
		at = strstr(section, text);
		if (!at || (next && at > next))
			fail_msg("%s: \"%s\" is not in the %s section of ebfilt-messages(7)", d->name,
				 text, event_component_name(d->component));
		snprintf(tag, sizeof(tag), "event %s, severity %s", d->name,
			 event_severity_name(d->severity));
		if (!strstr(at, tag) || (next && strstr(at, tag) > next))
			fail_msg("%s: the page does not say \"%s\" after its message", d->name, tag);
	}
}

static void test_other_lines(void **state)
{
	char text[1024];
	size_t i;

	(void)state;
	for (i = 0; i < log_other_lines_count; i++) {
		render(log_other_lines[i].format, log_other_lines[i].args, text, sizeof(text));
		if (!strstr(page, text))
			fail_msg("\"%s\" is not in ebfilt-messages(7)", text);
	}
}

/* Every "event NAME," the page names is one of the table's. */
static void test_no_stale_entries(void **state)
{
	const char *p = page;
	char name[64];
	size_t i;

	(void)state;
	while ((p = strstr(p, "event ")) && sscanf(p, "event %63[a-z-],", name) == 1) {
		p += 6;
		if (!strchr(p, ','))
			break;
		for (i = 0; i < EV_COUNT && strcmp(event_defs[i].name, name); i++)
			;
		if (i == EV_COUNT && strstr(p, ", severity ") == p + strlen(name))
			fail_msg("the page explains event %s, which the table does not have", name);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_every_event),
		cmocka_unit_test(test_other_lines),
		cmocka_unit_test(test_no_stale_entries),
	};

	return cmocka_run_group_tests(tests, load_page, free_page);
}
