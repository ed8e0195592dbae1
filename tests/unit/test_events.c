// SPDX-License-Identifier: GPL-2.0
/*
 * Unit tests of extended events: the table holds together (names unique,
 * each format's conversions named in args), records survive the way to
 * the daemon and back, hostile records are refused or made harmless, and
 * the daemon's socket takes an event with its sender's pid.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <syslog.h>
#include <unistd.h>

#include "logging/events.h"
#include "logging/events_raise.h"

static char dir[] = "/tmp/ebfilt-events-XXXXXX";

static unsigned int conversions(const char *format)
{
	unsigned int n = 0;

	for (; *format; format++)
		if (*format == '%') {
			if (format[1] == '%')
				format++;
			else
				n++;
		}
	return n;
}

static unsigned int words(const char *text)
{
	unsigned int n = 0;
	bool in = false;

	for (; *text; text++) {
		if (*text != ' ' && !in)
			n++;
		in = *text != ' ';
	}
	return n;
}

static void test_table(void **state)
{
	unsigned int i, k;

	(void)state;
	for (i = 0; i < EV_COUNT; i++) {
		const struct event_def *d = &event_defs[i];

		assert_non_null(d->name);
		assert_non_null(d->format);
		assert_non_null(event_component_name(d->component));
		assert_non_null(event_severity_name(d->severity));
		if (conversions(d->format) != words(d->args))
			fail_msg("%s: %u conversions, %u names", d->name, conversions(d->format),
				 words(d->args));
		for (k = 0; k < i; k++)
			if (!strcmp(d->name, event_defs[k].name))
				fail_msg("two events named %s", d->name);
	}
	for (i = 0; i < COMP_COUNT; i++)
		assert_int_equal(event_component_by_name(event_component_name(i)), (int)i);
	assert_int_equal(event_component_by_name("kernel"), -1);
	assert_int_equal(event_severity_by_name("warn"), LOG_WARNING);
	assert_string_equal(event_severity_name(LOG_ERR), "err");
	assert_int_equal(event_severity_by_name("loud"), -1);
}

static void test_record(void **state)
{
	struct event_record ev, back;
	char long_text[1000];

	(void)state;
	event_record_make(&ev, EV_SHUNNED, 7, "mkfilt", "192.0.2.9 shunned by rule 7 for 60 s");
	assert_int_equal(ev.hdr.len % 8, 0);
	assert_int_equal(ev.hdr.len, event_record_len(ev.text_len));
	assert_int_equal(event_record_decode(&ev, ev.hdr.len, &back), 0);
	assert_string_equal(back.text, "192.0.2.9 shunned by rule 7 for 60 s");
	assert_string_equal(back.tag, "mkfilt");
	assert_int_equal(back.rule_id, 7);
	assert_int_equal(back.severity, LOG_NOTICE);
	assert_int_equal(back.component, COMP_SHUN);
	/* Too long a message is cut, never overflows. */
	memset(long_text, 'x', sizeof(long_text) - 1);
	long_text[sizeof(long_text) - 1] = '\0';
	event_record_make(&ev, EV_LOGD_ERROR, 0, "ipsec_logd", long_text);
	assert_int_equal(ev.text_len, EVENT_TEXT_MAX - 1);
	assert_int_equal(event_record_decode(&ev, ev.hdr.len, &back), 0);
	assert_int_equal(strlen(back.text), EVENT_TEXT_MAX - 1);
}

static void test_hostile(void **state)
{
	struct event_record ev, back;

	(void)state;
	event_record_make(&ev, EV_CONFIG_RELOADED, 0, "ipsec_logd", "configuration reloaded");
	assert_int_equal(event_record_decode(&ev, 10, &back), -EINVAL);	/* cut */
	assert_int_equal(event_record_decode(&ev, ev.hdr.len - 1, &back), -EINVAL);
	ev.text_len = 200;	/* more text than the record holds */
	assert_int_equal(event_record_decode(&ev, ev.hdr.len, &back), -EINVAL);
	event_record_make(&ev, EV_CONFIG_RELOADED, 0, "ipsec_logd", "configuration reloaded");
	ev.event = EV_COUNT;
	assert_int_equal(event_record_decode(&ev, ev.hdr.len, &back), -EINVAL);
	event_record_make(&ev, EV_CONFIG_RELOADED, 0, "ipsec_logd", "configuration reloaded");
	ev.severity = 8;
	assert_int_equal(event_record_decode(&ev, ev.hdr.len, &back), -EINVAL);
	event_record_make(&ev, EV_CONFIG_RELOADED, 0, "ipsec_logd", "configuration reloaded");
	ev.hdr.type = EBFILT_REC_PACKET;
	assert_int_equal(event_record_decode(&ev, ev.hdr.len, &back), -ENOMSG);
	/* A line stays one line; a tag stays a tag. */
	event_record_make(&ev, EV_CONFIG_RELOADED, 0, "ipsec_logd", "configuration reloaded");
	ev.text[3] = '\n';
	memcpy(ev.tag, "evil: x[1]", 11);
	assert_int_equal(event_record_decode(&ev, ev.hdr.len, &back), 0);
	assert_string_equal(back.text, "con?iguration reloaded");
	assert_string_equal(back.tag, "evil__x_1]");
}

/* Raised by a source, taken from the daemon's socket with the sender's pid. */
static void test_socket(void **state)
{
	struct event_source src;
	struct event_record ev;
	int fd;

	(void)state;
	fd = events_listen();
	assert_true(fd >= 0);
	assert_int_equal(events_receive(fd, &ev), 0);	/* nothing yet */
	event_source_init(&src, "mkfilt", NULL);
	assert_int_equal(event_raise(&src, EV_FILTER_ACTIVATED, 0, false, "IPv4 table, 3 rules",
				     "0badcafe"), 0);
	/* Held back by the limit: nothing sent. */
	src.limits.level[COMP_MKFILT] = LOG_WARNING;
	assert_int_equal(event_raise(&src, EV_FILTER_ACTIVATED, 0, false, "x", "y"), 0);
	event_source_close(&src);
	assert_int_equal(events_receive(fd, &ev), 1);
	assert_string_equal(ev.text, "filter activated: IPv4 table, 3 rules, checksum 0badcafe");
	assert_int_equal(ev.pid, (uint32_t)getpid());
	assert_int_equal(ev.event, EV_FILTER_ACTIVATED);
	assert_int_equal(events_receive(fd, &ev), 0);
	events_unlisten(fd);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_table),
		cmocka_unit_test(test_record),
		cmocka_unit_test(test_hostile),
		cmocka_unit_test(test_socket),
	};
	int rc;

	if (!mkdtemp(dir) || setenv("EBFILT_RUNDIR", dir, 1))
		return 1;
	rc = cmocka_run_group_tests(tests, NULL, NULL);
	rmdir(dir);
	return rc;
}
