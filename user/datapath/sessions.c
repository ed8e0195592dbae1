// SPDX-License-Identifier: GPL-2.0
#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <bpf/bpf.h>
#include <bpf/libbpf.h>

#include "config/config.h"
#include "datapath/pins.h"
#include "datapath/sessions.h"
#include "util/clock.h"
#include "util/diag.h"
#include "util/percpu.h"

_Static_assert(sizeof(((struct session_options *)0)->idle_s) ==
	       EBFILT_SESSION_CLASSES * sizeof(unsigned int), "one idle timeout per class");

int sessions_pin_sweep(struct ebfilt *skel, unsigned int gen)
{
	char path[PATH_MAX];
	int err = pin_path(path, "gen%u/" EBFILT_PIN_SESSION_SWEEP, gen);

	if (!err) {
		unlink(path);	/* debris of a killed activation */
		/* Not loaded: no table tracks sessions, and nothing is left to sweep. */
		if (bpf_program__fd(skel->progs.session_sweep) >= 0)
			err = bpf_program__pin(skel->progs.session_sweep, path);
	}
	if (err)
		pr_err("cannot pin the session sweep as %s: %s", path, strerror(-err));
	return err;
}

/* The pinned object at <pindir>/<name>: an fd, or -errno (-ENOENT: not there). */
static int open_pinned(const char *name)
{
	char path[PATH_MAX];
	int err = pin_path(path, "%s", name), fd;

	if (err)
		return err;
	fd = bpf_obj_get(path);
	return fd < 0 ? -errno : fd;
}

static int run_sweep(int prog_fd, struct ebfilt_session_sweep *args)
{
	LIBBPF_OPTS(bpf_test_run_opts, run, .ctx_in = args, .ctx_size_in = sizeof(*args));

	/* A syscall program's context comes back with what it wrote. */
	return bpf_prog_test_run_opts(prog_fd, &run) ? -errno : 0;
}

int sessions_end_gen(unsigned int gen, uint32_t versions, uint32_t *ended)
{
	struct ebfilt_session_sweep args = { .end_versions = versions };
	char name[32];
	int fd, err;

	if (ended)
		*ended = 0;
	snprintf(name, sizeof(name), "gen%u/" EBFILT_PIN_SESSION_SWEEP, gen);
	fd = open_pinned(name);
	if (fd == -ENOENT || !versions)
		return 0;
	if (fd < 0) {
		pr_err("cannot end the open sessions: %s: %s", name, strerror(-fd));
		return fd;
	}
	err = run_sweep(fd, &args);
	close(fd);
	if (err)
		pr_err("cannot end the open sessions: %s", strerror(-err));
	else if (ended)
		*ended = args.ended;
	return err;
}

int sessions_sweep_idle(const struct session_options *opts, struct ebfilt_session_sweep *out)
{
	int fd = open_pinned("current/" EBFILT_PIN_SESSION_SWEEP), err;
	size_t i;

	memset(out, 0, sizeof(*out));
	if (fd < 0)
		return fd;
	for (i = 0; i < EBFILT_SESSION_CLASSES; i++)
		out->idle_s[i] = opts->idle_s[i];
	err = run_sweep(fd, out);
	close(fd);
	return err;
}

int sessions_totals_read(struct ebfilt_session_totals *t)
{
	int fd = pins_open_map(MAPS_LOG, 0, "session_totals"), err;

	memset(t, 0, sizeof(*t));
	if (fd < 0)
		return fd;
	err = percpu_sum_struct(fd, 0, t);
	close(fd);
	return err;
}

/* A boot-time stamp as the wall clock's. */
static struct timespec wall_time(uint64_t boot_ns, uint64_t now_boot, const struct timespec *now)
{
	int64_t ns = (int64_t)now->tv_sec * 1000000000 + now->tv_nsec -
		     ((int64_t)now_boot - (int64_t)boot_ns);
	struct timespec t = { .tv_sec = ns / 1000000000, .tv_nsec = ns % 1000000000 };

	return t;
}

static void view_of(const struct ebfilt_session_key *k, const struct ebfilt_session *s,
		    uint64_t now_boot, const struct timespec *now, struct session_view *v)
{
	bool b = s->init_is_b;

	memset(v, 0, sizeof(*v));
	v->version = k->version;
	v->proto = k->proto;
	memcpy(v->saddr, b ? k->b : k->a, 16);
	memcpy(v->daddr, b ? k->a : k->b, 16);
	v->sport = b ? k->bport : k->aport;
	v->dport = b ? k->aport : k->bport;
	v->rule_id = s->rule_id;
	v->ifindex = s->ifindex;
	v->tunnel = s->tunnel;
	v->inbound = s->init_inbound;
	v->packets_in = s->packets[EBFILT_SESSION_IN];
	v->packets_out = s->packets[EBFILT_SESSION_OUT];
	v->bytes_in = s->bytes[EBFILT_SESSION_IN];
	v->bytes_out = s->bytes[EBFILT_SESSION_OUT];
	v->tcp_flags_in = s->tcp_flags[EBFILT_SESSION_IN];
	v->tcp_flags_out = s->tcp_flags[EBFILT_SESSION_OUT];
	v->first = wall_time(s->first_ns, now_boot, now);
	v->last = wall_time(s->last_ns, now_boot, now);
}

/* Append the sessions of one pinned map to *out (*n of *cap used). */
static int read_map(int fd, struct session_view **out, size_t *n, size_t *cap)
{
	struct ebfilt_session_key key, next;
	struct ebfilt_session s;
	struct session_view *grown;
	struct timespec now;
	uint64_t now_boot = clock_boot_ns();
	void *prev = NULL;

	clock_gettime(CLOCK_REALTIME, &now);
	while (!bpf_map_get_next_key(fd, prev, &next)) {
		key = next;
		prev = &key;
		/* Ended since the key was read: gone, not an error. */
		if (bpf_map_lookup_elem(fd, &key, &s))
			continue;
		if (*n == *cap) {
			*cap = *cap ? *cap * 2 : 64;
			grown = realloc(*out, *cap * sizeof(**out));
			if (!grown)
				return -ENOMEM;
			*out = grown;
		}
		view_of(&key, &s, now_boot, &now, &(*out)[(*n)++]);
	}
	return errno == ENOENT ? 0 : -errno;
}

int sessions_read_open(struct session_view **out, size_t *n)
{
	static const char *const maps[] = { "current/v4/sessions", "current/v6/sessions" };
	size_t cap = 0, i;
	bool any = false;
	int fd, err = 0;

	*out = NULL;
	*n = 0;
	for (i = 0; i < 2 && !err; i++) {
		fd = open_pinned(maps[i]);
		if (fd == -ENOENT)	/* that version is not filtered */
			continue;
		if (fd < 0) {
			err = fd;
			break;
		}
		any = true;
		err = read_map(fd, out, n, &cap);
		close(fd);
	}
	if (!err && !any)
		err = -ENOENT;
	if (err) {
		free(*out);
		*out = NULL;
		*n = 0;
	}
	return err;
}
