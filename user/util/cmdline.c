// SPDX-License-Identifier: GPL-2.0
#include <errno.h>
#include <stdarg.h>
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

void cmd_usage(FILE *out, const char *synopsis)
{
	const char *line = synopsis, *end;
	const char *lead = "usage: ";

	while (line && *line) {
		end = strchrnul(line, '\n');
		fprintf(out, "%s%.*s\n", lead, (int)(end - line), line);
		lead = "       ";
		line = *end ? end + 1 : end;
	}
}

int cmd_usage_error(const char *synopsis, const char *fmt, ...)
{
	char text[512];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(text, sizeof(text), fmt, ap);
	va_end(ap);
	pr_err("%s", text);
	cmd_usage(stderr, synopsis);
	return -EINVAL;
}

int cmd_std_option(const char *arg, const char *prog, const char *synopsis)
{
	if (!arg || (strcmp(arg, "--help") && strcmp(arg, "--version")))
		return 0;
	/* The answer is the command's output: a failed write fails it too. */
	cmd_check_output();
	if (!strcmp(arg, "--help"))
		cmd_usage(stdout, synopsis);
	else
		printf("%s (ebfilt) %s\n", prog ? prog : diag_progname(), EBFILT_VERSION);
	return CMD_ANSWERED;
}

/*
 * The word getopt() stopped at when it is a long option ("--frob"): getopt
 * takes it for the flag '-', and optind still points at it, as it does
 * while it is inside any word.
 */
static const char *unknown_word(int argc, char **argv, char word[3])
{
	if (optopt == '-' && optind < argc && !strncmp(argv[optind], "--", 2))
		return argv[optind];
	snprintf(word, 3, "-%c", optopt);
	return word;
}

int cmd_parse(int argc, char **argv, const char *synopsis, const char *optstring,
	      bool operands_ok, struct cmd_flags *flags)
{
	char opts[128], word[3];
	int opt;

	diag_init(argv[0]);
	cmd_check_output();
	memset(flags, 0, sizeof(*flags));
	if (argc > 1 && cmd_std_option(argv[1], NULL, synopsis))
		return CMD_ANSWERED;
	/* Leading ':' makes getopt report a missing value apart from an unknown flag. */
	snprintf(opts, sizeof(opts), ":%s", optstring);
	opterr = 0;
	while ((opt = getopt(argc, argv, opts)) != -1) {
		if (opt == '?')
			return cmd_usage_error(synopsis, "%s: unknown flag",
					       unknown_word(argc, argv, word));
		if (opt == ':')
			return cmd_usage_error(synopsis, "-%c: missing value", optopt);
		if (flags->value[opt])
			return cmd_usage_error(synopsis, "-%c: flag given more than once", opt);
		/* A flag without a value is recorded as present with "". */
		flags->value[opt] = optarg ? optarg : "";
	}
	flags->first_operand = optind;
	if (!operands_ok && optind < argc)
		return cmd_usage_error(synopsis, "%s: unexpected argument", argv[optind]);
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
