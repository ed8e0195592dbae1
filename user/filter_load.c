// SPDX-License-Identifier: GPL-2.0
#include <errno.h>
#include <limits.h>
#include <net/if.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <bpf/bpf.h>
#include <bpf/libbpf.h>

#include "filter_load.h"
#include "log.h"

const char *const filter_map_names[FMAP_COUNT] = {
	"config", "src", "dst", "proto", "sport", "dport", "meta", "iface", "bitmaps", "rules",
	"counters", "log_drops", "log_rate",
};

const char *const log_map_names[LMAP_COUNT] = { "log_ring", "log_events", "log_ctl", "log_stats" };

struct bpf_map *log_map(struct ebfilt *skel, enum log_map which)
{
	return bpf_object__find_map_by_name(skel->obj, log_map_names[which]);
}

struct bpf_map *filter_map(struct ebfilt *skel, uint8_t version, enum filter_map which)
{
	char name[32];

	snprintf(name, sizeof(name), "v%u_%s", version, filter_map_names[which]);
	return bpf_object__find_map_by_name(skel->obj, name);
}

static uint32_t at_least_one(size_t n)
{
	return n ? (uint32_t)n : 1;
}

static int size_maps(struct ebfilt *skel, const struct classifier *c)
{
	const struct { enum filter_map map; size_t entries; } sizes[] = {
		{ FMAP_SRC, c->nsrc }, { FMAP_DST, c->ndst }, { FMAP_BITMAPS, c->nbitmaps },
		{ FMAP_RULES, c->config.nrules + 1 }, { FMAP_COUNTERS, c->config.nrules + 1 },
		{ FMAP_LOG_DROPS, c->config.nrules + 1 }, { FMAP_LOG_RATE, c->config.nrules + 1 },
	};
	size_t i;
	int err;

	for (i = 0; i < sizeof(sizes) / sizeof(sizes[0]); i++) {
		err = bpf_map__set_max_entries(filter_map(skel, c->version, sizes[i].map),
					       at_least_one(sizes[i].entries));
		if (err)
			return err;
	}
	return 0;
}

/* Take over a version's pinned maps; a version never activated stays inactive. */
static int reuse_pinned(struct ebfilt *skel, uint8_t version, const char *dir)
{
	char path[PATH_MAX];
	int i, fd, err;

	for (i = 0; i < FMAP_COUNT; i++) {
		snprintf(path, sizeof(path), "%s/v%u/%s", dir, version, filter_map_names[i]);
		if (access(path, F_OK))
			return i == 0 ? 0 : -ENOENT;
		fd = bpf_obj_get(path);
		if (fd < 0)
			return -errno;
		err = bpf_map__reuse_fd(filter_map(skel, version, i), fd);
		close(fd);
		if (err)
			return err;
	}
	return 0;
}

/* Take over the logging maps pinned in dir, where there are any. */
static int reuse_log_maps(struct ebfilt *skel, const char *dir)
{
	char path[PATH_MAX];
	int i, fd, err;

	for (i = 0; i < LMAP_COUNT; i++) {
		snprintf(path, sizeof(path), "%s/%s", dir, log_map_names[i]);
		if (access(path, F_OK))
			continue;
		fd = bpf_obj_get(path);
		if (fd < 0)
			return -errno;
		err = bpf_map__reuse_fd(log_map(skel, i), fd);
		close(fd);
		if (err)
			return err;
	}
	return 0;
}

/* Copy an array's values with one batch update. */
static int fill_array(struct bpf_map *map, const void *values, uint32_t count)
{
	uint32_t *keys = malloc(count * sizeof(*keys)), i;
	int err;

	if (!keys)
		return -ENOMEM;
	for (i = 0; i < count; i++)
		keys[i] = i;
	err = bpf_map_update_batch(bpf_map__fd(map), keys, values, &count, NULL);
	free(keys);
	return err ? -errno : 0;
}

static int fill_trie(struct bpf_map *map, const struct lpm_entry *entries, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (bpf_map_update_elem(bpf_map__fd(map), &entries[i].key, &entries[i].class, BPF_ANY))
			return -errno;
	return 0;
}

/* Interfaces are named in rules and found by index now. */
static int fill_ifaces(struct bpf_map *map, const struct classifier *c)
{
	uint32_t class, ifindex;

	for (class = 1; class <= c->nifaces; class++) {
		ifindex = if_nametoindex(c->ifaces[class]);
		if (!ifindex) {
			pr_warn("IPv%u rules name interface %s, which does not exist: they match nothing",
				c->version, c->ifaces[class]);
			continue;
		}
		if (bpf_map_update_elem(bpf_map__fd(map), &ifindex, &class, BPF_ANY))
			return -errno;
	}
	return 0;
}

static int fill_maps(struct ebfilt *skel, const struct classifier *c)
{
	struct bpf_map *m[FMAP_COUNT];
	uint32_t zero = 0;
	int i, err;

	for (i = 0; i < FMAP_COUNT; i++)
		m[i] = filter_map(skel, c->version, i);
	err = fill_trie(m[FMAP_SRC], c->src, c->nsrc);
	if (!err)
		err = fill_trie(m[FMAP_DST], c->dst, c->ndst);
	if (!err)
		err = fill_array(m[FMAP_PROTO], c->proto, EBFILT_PROTO_KEYS);
	if (!err)
		err = fill_array(m[FMAP_SPORT], c->sport, EBFILT_PORT_KEYS);
	if (!err)
		err = fill_array(m[FMAP_DPORT], c->dport, EBFILT_PORT_KEYS);
	if (!err)
		err = fill_array(m[FMAP_META], c->meta, EBFILT_META_KEYS);
	if (!err)
		err = fill_array(m[FMAP_BITMAPS], c->bitmaps, (uint32_t)c->nbitmaps);
	if (!err)
		err = fill_array(m[FMAP_RULES], c->rules, c->config.nrules + 1);
	if (!err)
		err = fill_ifaces(m[FMAP_IFACE], c);
	/* The config goes last: it is what makes the version active. */
	if (!err && bpf_map_update_elem(bpf_map__fd(m[FMAP_CONFIG]), &zero, &c->config, BPF_ANY))
		err = -errno;
	return err;
}

/* The built-in object, or opts->object opened through the same skeleton. */
static struct ebfilt *open_datapath(const struct filter_load_opts *opts)
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

int filter_load(struct ebfilt **out, const struct classifier *cls[2],
		const struct filter_load_opts *opts)
{
	struct ebfilt *skel = NULL;
	int v, err;

	log_route_libbpf();
	skel = open_datapath(opts);
	if (!skel) {
		err = -errno;
		pr_err("cannot open the BPF object: %s", strerror(-err));
		return err;
	}
	for (v = 0, err = 0; v < 2 && !err; v++) {
		if (cls[v])
			err = size_maps(skel, cls[v]);
		else if (opts->reuse_dir[v])
			err = reuse_pinned(skel, v ? 6 : 4, opts->reuse_dir[v]);
	}
	if (!err && opts->ring_bytes)
		err = bpf_map__set_max_entries(log_map(skel, LMAP_RING), opts->ring_bytes);
	if (!err && opts->log_dir)
		err = reuse_log_maps(skel, opts->log_dir);
	if (!err)
		err = ebfilt__load(skel);
	for (v = 0; v < 2 && !err; v++)
		if (cls[v])
			err = fill_maps(skel, cls[v]);
	if (err) {
		pr_err("cannot load the filter: %s", strerror(-err));
		ebfilt__destroy(skel);
		return err;
	}
	*out = skel;
	return 0;
}
