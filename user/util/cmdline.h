/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Command-line handling shared by the AIX-style commands. AIX flags are
 * single letters, each given at most once; anything else is refused with
 * one line naming the flag and the value. Functions that take user input
 * report the problem themselves and return -EINVAL.
 */
#ifndef EBFILT_UTIL_CMDLINE_H
#define EBFILT_UTIL_CMDLINE_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

/* The value of each flag given, indexed by its letter; NULL if absent. */
struct cmd_flags {
	const char *value[128];
	int first_operand;	/* argv index of the first non-flag argument */
};

/*
 * Every command's synopsis is one string, the lines of its man page's
 * SYNOPSIS joined by '\n' (one line per form), so that --help, the usage
 * after a usage error and the man page say the same (tests/cli/90-docs.t
 * compares them).
 *
 * --help and --version are recognised as the first argument only: after
 * it, any word may be a flag's value (genfilt -D --help is a description).
 */

/* Returned once --help or --version is answered: the command exits 0. */
#define CMD_ANSWERED 1

/*
 * The start of every command: name the diagnostics after argv[0], answer
 * --help or --version, then getopt() over argv with the given option
 * string, refusing unknown flags, missing values, repeated flags and,
 * unless operands_ok, operands, each with the usage after the error line.
 * 0, CMD_ANSWERED, or -EINVAL. A command's main() starts:
 *	err = cmd_parse(argc, argv, synopsis, "v:n:", false, &flags);
 *	if (err)
 *		return err < 0 ? 1 : 0;
 */
int cmd_parse(int argc, char **argv, const char *synopsis, const char *optstring,
	      bool operands_ok, struct cmd_flags *flags);

/*
 * --help and --version for a command that parses its own arguments (long
 * options, subcommands): called with its first argument, it prints the
 * usage (--help) or "PROG (ebfilt) VERSION" (--version) on standard output
 * and returns CMD_ANSWERED; for any other argument (or NULL) it prints
 * nothing and returns 0. prog NULL: diag_progname().
 */
int cmd_std_option(const char *arg, const char *prog, const char *synopsis);

/*
 * A usage error, the one way to report one: the message as one diagnostic
 * line ("PROG: --frob: unknown flag"), then the usage on standard error.
 * Returns -EINVAL.
 */
__attribute__((format(printf, 2, 3)))
int cmd_usage_error(const char *synopsis, const char *fmt, ...);

/* "usage: " and the synopsis, its further forms aligned under the first. */
void cmd_usage(FILE *out, const char *synopsis);

static inline const char *cmd_flag(const struct cmd_flags *flags, char flag)
{
	return flags->value[(unsigned char)flag];
}

/*
 * Check standard output at exit (cmd_parse() does): output that never
 * reached its file is said, and the exit status turns to 1.
 */
void cmd_check_output(void);

/* Fails, naming the flag, when a required flag is absent. */
int cmd_require(const struct cmd_flags *flags, char flag, const char *values);

/* -v 4|6. */
int cmd_version(const char *arg, uint8_t *version);
/* The versions a command acts on, *count of them: the one -v gives, or both. */
int cmd_versions(const struct cmd_flags *flags, uint8_t versions[2], int *count);

#endif
