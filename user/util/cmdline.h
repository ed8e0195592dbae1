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

/* The value of each flag given, indexed by its letter; NULL if absent. */
struct cmd_flags {
	const char *value[128];
	int first_operand;	/* argv index of the first non-flag argument */
};

/*
 * The start of every command: name the diagnostics after argv[0], then
 * getopt() over argv with the given option string, refusing unknown flags,
 * missing values, repeated flags and, unless operands_ok, operands.
 */
int cmd_parse(int argc, char **argv, const char *optstring, bool operands_ok,
	      struct cmd_flags *flags);

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
