// SPDX-License-Identifier: GPL-2.0
/*
 * The BPF object's copies (datapath/objects.h): opened from the built-in
 * skeleton or another build, and loaded with the two filter programs
 * verified side by side.
 */
#include <errno.h>
#include <pthread.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include <bpf/libbpf.h>

#include "datapath/objects.h"

struct ebfilt *objects_open(const struct filter_load_opts *opts)
{
	struct ebfilt *skel;
	int err;

	if (!opts->object)
		return ebfilt__open();
	skel = calloc(1, sizeof(*skel));
	if (!skel)
		return NULL;
	err = ebfilt__create_skeleton(skel);
	if (!err) {
		skel->skeleton->data = (void *)opts->object;
		skel->skeleton->data_sz = opts->object_size;
		err = bpf_object__open_skeleton(skel->skeleton, NULL);
	}
	if (err) {
		ebfilt__destroy(skel);
		errno = -err;
		return NULL;
	}
	return skel;
}

/* Every map of to takes over the map of the same name in from, which is loaded. */
static int share_maps(struct bpf_object *to, const struct bpf_object *from)
{
	const struct bpf_map *src;
	struct bpf_map *map;

	bpf_object__for_each_map(map, to) {
		src = bpf_object__find_map_by_name(from, bpf_map__name(map));
		if (!src || bpf_map__fd(src) < 0)
			return -ENOENT;
		if (bpf_map__reuse_fd(map, bpf_map__fd(src)))
			return -errno;
	}
	return 0;
}

/* Load in obj the programs that were to load in like, all but (or only) one. */
static int pick_programs(struct bpf_object *obj, const bool *like, const char *one, bool only)
{
	struct bpf_program *prog;
	size_t i = 0;
	int err = 0;

	bpf_object__for_each_program(prog, obj) {
		bool is_one = !strcmp(bpf_program__name(prog), one);

		err = bpf_program__set_autoload(prog, like[i++] && (only ? is_one : !is_one));
		if (err)
			break;
	}
	return err;
}

struct load_job {
	struct ebfilt *skel;
	int err;
};

static void *load_in_thread(void *arg)
{
	struct load_job *job = arg;

	job->err = ebfilt__load(job->skel);
	return NULL;
}

#define PROGRAMS_MAX 16

/*
 * libbpf loads an object's programs one by one and cannot load one after
 * its object, so three objects: *skel creates the maps and loads no
 * program; two more copies of the object take over all of its maps, one
 * loads filter_tc_out, the other the rest, each in its own thread.
 */
int objects_load_parallel(struct ebfilt **skel, struct ebfilt **aux,
			  const struct filter_load_opts *opts)
{
	struct ebfilt *maps = *skel, *rest = NULL;
	struct load_job tc_out = { 0 };
	struct bpf_program *prog;
	bool like[PROGRAMS_MAX];
	bool threaded;
	pthread_t thread;
	size_t n = 0;
	int err = 0;

	bpf_object__for_each_program(prog, maps->obj) {
		if (n == PROGRAMS_MAX)
			return -E2BIG;
		like[n++] = bpf_program__autoload(prog);
		err = err ?: bpf_program__set_autoload(prog, false);
	}
	err = err ?: ebfilt__load(maps);
	if (!err) {
		errno = ENOMEM;	/* if an open fails without saying why */
		rest = objects_open(opts);
		tc_out.skel = rest ? objects_open(opts) : NULL;
		if (!tc_out.skel)
			err = -errno;
	}
	err = err ?: share_maps(rest->obj, maps->obj) ?: share_maps(tc_out.skel->obj, maps->obj) ?:
	      pick_programs(rest->obj, like, "filter_tc_out", false) ?:
	      pick_programs(tc_out.skel->obj, like, "filter_tc_out", true);
	if (!err) {
		threaded = !pthread_create(&thread, NULL, load_in_thread, &tc_out);
		if (!threaded)
			tc_out.err = ebfilt__load(tc_out.skel);	/* one after the other */
		err = ebfilt__load(rest);
		if (threaded)
			pthread_join(thread, NULL);
		err = err ?: tc_out.err;
	}
	if (err) {
		ebfilt__destroy(rest);
		ebfilt__destroy(tc_out.skel);
		return err;
	}
	ebfilt__destroy(maps);
	*skel = rest;
	*aux = tc_out.skel;
	return 0;
}
