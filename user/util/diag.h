/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Diagnostics: the one place a command's messages about problems go
 * through. Each is one line on standard error, led by the command's name:
 * "genfilt: -p 70000: port, ICMP type or code out of range 0-65535".
 * Library functions report what went wrong here and return a negative
 * errno; only a command's main() turns that into an exit status.
 */
#ifndef EBFILT_UTIL_DIAG_H
#define EBFILT_UTIL_DIAG_H

enum diag_level { DIAG_SILENT, DIAG_ERROR, DIAG_WARN, DIAG_DEBUG };

/*
 * Name the messages after argv[0]'s last component. EBFILT_DEBUG=1 in the
 * environment turns on debug messages, libbpf's among them.
 */
void diag_init(const char *argv0);
const char *diag_progname(void);
/* Messages above this level are dropped (default DIAG_WARN). */
void diag_set_level(enum diag_level level);
enum diag_level diag_get_level(void);

__attribute__((format(printf, 2, 3)))
void diag_msg(enum diag_level level, const char *fmt, ...);

/*
 * Where messages go instead of standard error, for a daemon that has let
 * go of its terminal: sink gets each line (escaped, without the name).
 * NULL: standard error again.
 */
typedef void (*diag_sink_fn)(void *ctx, enum diag_level level, const char *line);
void diag_set_sink(diag_sink_fn sink, void *ctx);

/*
 * Route libbpf's own messages here, as debug messages: it warns about
 * conditions the commands expect and handle (a clsact qdisc already
 * there), and the commands report real failures themselves.
 */
void diag_route_libbpf(void);

#define pr_err(...)   diag_msg(DIAG_ERROR, __VA_ARGS__)
#define pr_warn(...)  diag_msg(DIAG_WARN, __VA_ARGS__)

#endif
