// SPDX-License-Identifier: GPL-2.0
/* Unit tests for ebfilt.conf: values, comments, CRLF, and refusals. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "config/config.h"

static char dir[] = "/tmp/ebfilt-config-XXXXXX";
static char path[sizeof(dir) + 16];

/* Write len bytes (NULs included) as ebfilt.conf and load it. */
static int load(const char *text, size_t len, struct config *conf)
{
	FILE *out = fopen(path, "w");

	assert_non_null(out);
	assert_int_equal(fwrite(text, 1, len, out), len);
	fclose(out);
	return config_load(conf);
}
#define LOAD(text, conf) load(text, sizeof(text) - 1, conf)

static void test_values(void **state)
{
	struct config conf;

	(void)state;
	assert_int_equal(LOAD("# ebfilt\n\ninterfaces b1 b2  # two\ninbound b2 tc\n"
			      "tc_hook clsact\nlog_rate_limit 50\nlog_coalesce yes\n", &conf), 0);
	assert_true(conf.listed);
	assert_int_equal(conf.count, 2);
	assert_string_equal(conf.ifaces[0].name, "b1");
	assert_int_equal(conf.ifaces[1].inbound, INBOUND_TC);
	assert_int_equal(conf.tc_hook, TC_HOOK_CLSACT);
	assert_int_equal(conf.boot_failure, BOOT_FAILURE_OPEN);	/* the default */
	assert_int_equal(conf.log.rate_limit, 50);
	assert_true(conf.log.coalesce);
	/* The stateful rules' settings, and their defaults. */
	assert_int_equal(LOAD("if_idle_timeout 30\nstate_entries 1024\n", &conf), 0);
	assert_int_equal(conf.state.if_idle_s, 30);
	assert_int_equal(conf.state.entries, 1024);
	assert_int_equal(LOAD("boot_failure closed\n", &conf), 0);
	assert_int_equal(conf.boot_failure, BOOT_FAILURE_CLOSED);
	assert_int_equal(LOAD("# nothing\n", &conf), 0);
	assert_int_equal(conf.state.if_idle_s, STATE_IF_IDLE_DEFAULT);
	assert_int_equal(conf.state.entries, STATE_ENTRIES_DEFAULT);
	/* A bound tunnel interface is attached too, inbound at tc. */
	assert_int_equal(LOAD("interfaces b1\ntunnel 7 vx7\ntunnel 16777215 wg0\n", &conf), 0);
	assert_int_equal(conf.ntunnels, 2);
	assert_int_equal(conf.tunnels[0].id, 7);
	assert_string_equal(conf.tunnels[1].name, "wg0");
	{
		struct iface_config out[4];
		size_t n;

		assert_int_equal(config_interfaces(&conf, out, 4, &n), 0);
		assert_int_equal(n, 3);
		assert_string_equal(out[1].name, "vx7");
		assert_int_equal(out[1].inbound, INBOUND_TC);
	}
}

/* log_severity: a component's own line wins over *, whichever comes first. */
static void test_severity(void **state)
{
	struct config conf;
	int c;

	(void)state;
	assert_int_equal(LOAD("# nothing\n", &conf), 0);
	for (c = 0; c < COMP_COUNT; c++)
		assert_int_equal(conf.log.severity.level[c], EVENT_LIMIT_DEFAULT);
	assert_int_equal(LOAD("log_severity shun debug\nlog_severity * warn\n"
			      "log_severity IF-STATE err\n", &conf), 0);
	assert_int_equal(conf.log.severity.level[COMP_SHUN], 7);
	assert_int_equal(conf.log.severity.level[COMP_IF_STATE], 3);
	assert_int_equal(conf.log.severity.level[COMP_MKFILT], 4);
	assert_int_equal(conf.log.severity.level[COMP_TUNNEL], 4);
	/* The limit, and a rule that logs lifting it to info. */
	assert_false(event_allowed(&conf.log.severity, EV_FILTER_INITIALIZED, false));
	assert_true(event_allowed(&conf.log.severity, EV_FILTER_ACTIVATED, false) == false);
	assert_true(event_allowed(&conf.log.severity, EV_ACTIVATION_FAILED, false));
	assert_true(event_allowed(&conf.log.severity, EV_RULE_IN_FORCE, true));
	assert_false(event_allowed(&conf.log.severity, EV_IF_TRUE, false));
	assert_true(event_allowed(&conf.log.severity, EV_IF_TRUE, true));
	assert_true(event_allowed(&conf.log.severity, EV_UNSHUNNED, false));
}

/* The session keys: defaults, then each one set. */
static void test_sessions(void **state)
{
	struct config conf;

	(void)state;
	assert_int_equal(LOAD("# nothing\n", &conf), 0);
	assert_int_equal(conf.session.max, 65536);
	assert_int_equal(conf.session.idle_s[0], 3600);
	assert_int_equal(conf.session.idle_s[1], 60);
	assert_int_equal(conf.session.idle_s[2], 30);
	assert_int_equal(conf.session.idle_s[3], 60);
	assert_int_equal(LOAD("session_max 16\nsession_idle_tcp 7200\nsession_idle_udp 1\n"
			      "session_idle_icmp 31536000\nsession_idle_other 5\n", &conf), 0);
	assert_int_equal(conf.session.max, 16);
	assert_int_equal(conf.session.idle_s[0], 7200);
	assert_int_equal(conf.session.idle_s[1], 1);
	assert_int_equal(conf.session.idle_s[2], 31536000);
	assert_int_equal(conf.session.idle_s[3], 5);
}

static void test_crlf(void **state)
{
	struct config conf;

	(void)state;
	assert_int_equal(LOAD("interfaces b1\r\nlog_rate_limit 7\r\n# x\r\n", &conf), 0);
	assert_int_equal(conf.count, 1);
	assert_string_equal(conf.ifaces[0].name, "b1");
	assert_int_equal(conf.log.rate_limit, 7);
}

static void test_refused(void **state)
{
	static const struct { const char *text; size_t len; } bad[] = {
#define BAD(t) { t, sizeof(t) - 1 }
		BAD("log_rate_limit lots\n"),
		BAD("interfaces b1\0b2\n"),
		BAD("interfaces b1 # ok\nlog_rate_limit 1\0 # a NUL after a comment\n"),
		BAD("interfaces b\x1b[31m1\n"),
		BAD("interfaces b\r1\n"),
		BAD("no_such_key 1\n"),
		BAD("tc_hook sometimes\n"),
		BAD("boot_failure\n"),
		BAD("boot_failure shut\n"),
		BAD("boot_failure closed open\n"),
		BAD("if_idle_timeout 0\n"),
		BAD("if_idle_timeout 31536001\n"),
		BAD("if_idle_timeout\n"),
		BAD("state_entries 15\n"),
		BAD("state_entries 1048577\n"),
		BAD("state_entries 16 32\n"),
		BAD("tunnel 0 vx0\n"),
		BAD("tunnel 16777216 vx0\n"),
		BAD("tunnel 7\n"),
		BAD("tunnel 7 vx7 extra\n"),
		BAD("tunnel 7 vx7\ntunnel 7 vx8\n"),
		BAD("tunnel 7 vx7\ntunnel 8 vx7\n"),
		BAD("tunnel 7 all\n"),
		BAD("log_severity\n"),
		BAD("log_severity mkfilt\n"),
		BAD("log_severity kernel info\n"),
		BAD("log_severity mkfilt loud\n"),
		BAD("log_severity mkfilt info extra\n"),
		BAD("session_max 15\n"),
		BAD("session_max 16777217\n"),
		BAD("session_max\n"),
		BAD("session_idle_tcp 0\n"),
		BAD("session_idle_udp 31536001\n"),
		BAD("session_idle_gre 60\n"),
		BAD("session_idle_icmp 30 40\n"),
#undef BAD
	};
	struct config conf;
	size_t i;

	(void)state;
	assert_non_null(freopen("/dev/null", "w", stderr));
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		if (load(bad[i].text, bad[i].len, &conf) != -EINVAL)
			fail_msg("accepted: %s", bad[i].text);
}

static int setup(void **state)
{
	(void)state;
	if (!mkdtemp(dir))
		return -1;
	snprintf(path, sizeof(path), "%s/ebfilt.conf", dir);
	return setenv("EBFILT_CONFDIR", dir, 1);
}

static int teardown(void **state)
{
	(void)state;
	unlink(path);
	return rmdir(dir);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_values),
		cmocka_unit_test(test_crlf),
		cmocka_unit_test(test_severity),
		cmocka_unit_test(test_sessions),
		cmocka_unit_test(test_refused),
	};

	return cmocka_run_group_tests_name("config", tests, setup, teardown);
}
