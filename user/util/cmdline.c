// SPDX-License-Identifier: GPL-2.0
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "util/cmdline.h"
#include "util/diag.h"

/*
 * Output that never reached its file (a full disk, a closed pipe) is an
 * error, said on the way out: the exit status turns to 1.
 */
static void check_stdout(void)
{
	if (fflush(stdout) || ferror(stdout) || fclose(stdout)) {
		pr_err("cannot write the output: %s", strerror(errno ? errno : EIO));
		_exit(1);
	}
}

void cmd_check_output(void)
{
	static bool registered;

	if (!registered)
		atexit(check_stdout);
	registered = true;
}

int cmd_parse(int argc, char **argv, const char *optstring, bool operands_ok,
	      struct cmd_flags *flags)
{
	char opts[128];
	int opt;

	diag_init(argv[0]);
	cmd_check_output();
	memset(flags, 0, sizeof(*flags));
	/* Leading ':' makes getopt report a missing value apart from an unknown flag. */
	snprintf(opts, sizeof(opts), ":%s", optstring);
	opterr = 0;
	while ((opt = getopt(argc, argv, opts)) != -1) {
		if (opt == '?') {
			pr_err("-%c: unknown flag; see %s(8)", optopt, diag_progname());
			return -EINVAL;
		}
		if (opt == ':') {
			pr_err("-%c: missing value", optopt);
			return -EINVAL;
		}
		if (flags->value[opt]) {
			pr_err("-%c: flag given more than once", opt);
			return -EINVAL;
		}
		/* A flag without a value is recorded as present with "". */
		flags->value[opt] = optarg ? optarg : "";
	}
	flags->first_operand = optind;
	if (!operands_ok && optind < argc) {
		pr_err("%s: unexpected argument; see %s(8)", argv[optind], diag_progname());
		return -EINVAL;
	}
	return 0;
}

int cmd_require(const struct cmd_flags *flags, char flag, const char *values)
{
	if (cmd_flag(flags, flag))
		return 0;
	pr_err("-%c: missing required flag (%s)", flag, values);
	return -EINVAL;
}

int cmd_version(const char *arg, uint8_t *version)
{
	if (arg && (!strcmp(arg, "4") || !strcmp(arg, "6"))) {
		*version = (uint8_t)(arg[0] - '0');
		return 0;
	}
	pr_err("-v %s: IP version must be 4 or 6", arg ? arg : "");
	return -EINVAL;
}

int cmd_versions(const struct cmd_flags *flags, uint8_t versions[2], int *count)
{
	if (cmd_flag(flags, 'v')) {
		*count = 1;
		return cmd_version(cmd_flag(flags, 'v'), &versions[0]);
	}
	versions[0] = 4;
	versions[1] = 6;
	*count = 2;
	return 0;
}
