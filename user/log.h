/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The one diagnostics module. Every message a command prints about a
 * problem goes through here, prefixed with the command's name, so that an
 * error is always one line: "genfilt: -p 70000: port out of range 0-65535".
 */
#ifndef EBFILT_LOG_H
#define EBFILT_LOG_H

enum log_level { LOG_LEVEL_SILENT, LOG_LEVEL_ERROR, LOG_LEVEL_WARN, LOG_LEVEL_INFO, LOG_LEVEL_DEBUG };

/*
 * Set the name printed before each message (usually argv[0]'s basename).
 * EBFILT_DEBUG=1 in the environment turns on debug messages, libbpf's too.
 */
void log_init(const char *argv0);
const char *log_progname(void);
void log_set_level(enum log_level level);

__attribute__((format(printf, 2, 3)))
void log_msg(enum log_level level, const char *fmt, ...);

/* Route libbpf's messages through this module, as debug messages. */
void log_route_libbpf(void);

#define pr_err(...)   log_msg(LOG_LEVEL_ERROR, __VA_ARGS__)
#define pr_warn(...)  log_msg(LOG_LEVEL_WARN, __VA_ARGS__)
#define pr_info(...)  log_msg(LOG_LEVEL_INFO, __VA_ARGS__)
#define pr_debug(...) log_msg(LOG_LEVEL_DEBUG, __VA_ARGS__)

#endif
