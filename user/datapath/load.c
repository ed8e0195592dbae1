// SPDX-License-Identifier: GPL-2.0
#include <errno.h>
#include <limits.h>
#include <net/if.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <time.h>
#include <unistd.h>

#include <bpf/bpf.h>
#include <bpf/libbpf.h>

#include "config/config.h"
#include "datapath/ifclass.h"
#include "datapath/load.h"
#include "datapath/objects.h"
#include "util/clock.h"
#include "util/diag.h"

static uint32_t at_least_one(size_t n)
{
	return n ? (uint32_t)n : 1;
}

/* pattern_dfa entries: the moves, EBFILT_DFA_PER_WORD to an entry. */
static size_t dfa_words(const struct ebfilt_pattern_meta *meta)
{
	return ((size_t)meta->nstates * meta->nclasses + EBFILT_DFA_PER_WORD - 1) /
	       EBFILT_DFA_PER_WORD;
}

static int size_maps(struct ebfilt *skel, const struct classifier *c,
		     const struct filter_load_opts *opts)
{
	size_t state = opts->state_entries ? opts->state_entries : STATE_ENTRIES_DEFAULT;
	size_t sessions = opts->session_max ? opts->session_max : SESSION_MAX_DEFAULT;
	const struct { enum table_map map; size_t entries; } sizes[] = {
		{ TMAP_src_class, c->nsrc }, { TMAP_dst_class, c->ndst },
		{ TMAP_rule_bitmaps, c->nbitmaps }, { TMAP_rules, c->table.nrules + 1 },
		{ TMAP_rule_counts, c->table.nrules + 1 }, { TMAP_log_drops, c->log_slots },
		{ TMAP_log_rate, c->log_slots },
		/* The state maps only for a table whose rules keep state. */
		{ TMAP_if_state, c->uses_if ? state : 1 },
		{ TMAP_shun_list, c->table.flags & EBFILT_TABLE_SHUN ? state : 1 },
		{ TMAP_pattern_dfa, dfa_words(&c->patterns.meta) },
		{ TMAP_pattern_out, c->patterns.meta.nstates },
		/* Sessions only for a table with -l S rules: the others pay nothing. */
		{ TMAP_sessions, c->table.flags & EBFILT_TABLE_SESSIONS ? sessions : 1 },
	};
	size_t i;
	int err;

	for (i = 0; i < sizeof(sizes) / sizeof(sizes[0]); i++) {
		err = bpf_map__set_max_entries(table_map(skel, c->version, sizes[i].map),
					       at_least_one(sizes[i].entries));
		if (err)
			return err;
	}
	return 0;
}

/*
 * Copy an array's values: through a mapping of the map's memory when it
 * is BPF_F_MMAPABLE (bpf/maps.bpf.h: FILLED_ARRAY), where each element
 * takes its value size rounded up to 8 bytes; else with one batch update.
 */
static int fill_array(struct bpf_map *map, const void *values, uint32_t count)
{
	size_t size = bpf_map__value_size(map), stride = (size + 7) & ~(size_t)7, len, i;
	uint32_t *keys;
	uint8_t *mem;
	int err;

	if (count > bpf_map__max_entries(map))
		return -E2BIG;
	if (bpf_map__map_flags(map) & BPF_F_MMAPABLE) {
		len = stride * bpf_map__max_entries(map);
		mem = mmap(NULL, len, PROT_READ | PROT_WRITE, MAP_SHARED, bpf_map__fd(map), 0);
		if (mem == MAP_FAILED)
			return -errno;
		for (i = 0; i < count; i++)
			memcpy(mem + i * stride, (const uint8_t *)values + i * size, size);
		munmap(mem, len);
		return 0;
	}
	keys = malloc(count * sizeof(*keys));
	if (!keys)
		return -ENOMEM;
	for (i = 0; i < count; i++)
		keys[i] = (uint32_t)i;
	err = bpf_map_update_batch(bpf_map__fd(map), keys, values, &count, NULL);
	free(keys);
	return err ? -errno : 0;
}

/* The automaton's moves, packed as the kernel reads them. */
static int fill_patterns(struct bpf_map *meta, struct bpf_map *dfa, struct bpf_map *out,
			 const struct pattern_dfa *p)
{
	size_t words = dfa_words(&p->meta), moves = (size_t)p->meta.nstates * p->meta.nclasses, i;
	uint64_t *packed;
	uint32_t zero = 0;
	int err;

	if (!p->meta.nstates)
		return 0;
	packed = calloc(words, sizeof(*packed));
	if (!packed)
		return -ENOMEM;
	for (i = 0; i < moves; i++)
		packed[i / EBFILT_DFA_PER_WORD] |= (uint64_t)p->next[i] << (16 * (i % EBFILT_DFA_PER_WORD));
	err = fill_array(dfa, packed, (uint32_t)words);
	free(packed);
	if (!err)
		err = fill_array(out, p->out, p->meta.nstates);
	if (!err && bpf_map_update_elem(bpf_map__fd(meta), &zero, &p->meta, BPF_ANY))
		err = -errno;
	return err;
}

/*
 * Interfaces are named in rules (and tunnels) and found by index: now,
 * and by ebfilt_watchd whenever interfaces change (datapath/ifclass.h).
 */
static int fill_ifaces(struct bpf_map *names, struct bpf_map *classes, const struct classifier *c)
{
	struct ebfilt_iface_name name;
	uint32_t class, missing;
	int err;

	for (class = 1; class <= c->nifaces; class++) {
		memset(&name, 0, sizeof(name));
		snprintf(name.name, sizeof(name.name), "%s", c->ifaces[class]);
		/* The tunnel ID rides above the class, for the log records. */
		name.value = class | c->iface_tunnel[class] << 8;
		if (bpf_map_update_elem(bpf_map__fd(names), &class, &name, BPF_ANY))
			return -errno;
	}
	err = ifclass_sync(bpf_map__fd(names), bpf_map__fd(classes), &missing);
	for (class = 1; !err && class <= c->nifaces; class++)
		if (missing & 1u << class)
			pr_warn("IPv%u rules name interface %s, which does not exist yet: they match "
				"nothing until it does", c->version, c->ifaces[class]);
	return err;
}

static int fill_maps(struct ebfilt *skel, const struct classifier *c,
		     const struct filter_load_opts *opts)
{
	struct ebfilt_table head = c->table;
	struct bpf_map *m[TMAP_COUNT];
	uint32_t zero = 0;
	int i, err;

	for (i = 0; i < TMAP_COUNT; i++)
		m[i] = table_map(skel, c->version, i);
	err = fill_array(m[TMAP_src_class], c->src, (uint32_t)c->nsrc);
	if (!err)
		err = fill_array(m[TMAP_dst_class], c->dst, (uint32_t)c->ndst);
	if (!err)
		err = fill_array(m[TMAP_proto_class], c->proto, EBFILT_PROTO_KEYS);
	if (!err)
		err = fill_array(m[TMAP_sport_class], c->sport, EBFILT_PORT_KEYS);
	if (!err)
		err = fill_array(m[TMAP_dport_class], c->dport, EBFILT_PORT_KEYS);
	if (!err)
		err = fill_array(m[TMAP_meta_class], c->meta, EBFILT_META_KEYS);
	if (!err)
		err = fill_array(m[TMAP_rule_bitmaps], c->bitmaps, (uint32_t)c->nbitmaps);
	if (!err)
		err = fill_array(m[TMAP_rule_order], c->order, 1);
	if (!err)
		err = fill_array(m[TMAP_rules], c->rules, c->table.nrules + 1);
	if (!err)
		err = fill_ifaces(m[TMAP_iface_names], m[TMAP_iface_class], c);
	if (!err)
		err = fill_patterns(m[TMAP_pattern_meta], m[TMAP_pattern_dfa], m[TMAP_pattern_out],
				    &c->patterns);
	/* The table's head goes last: it is what makes the version active. */
	head.if_idle_s = opts->if_idle_s ? opts->if_idle_s : STATE_IF_IDLE_DEFAULT;
	head.activated_ns = clock_boot_ns();	/* expirations count from here */
	if (!err && bpf_map_update_elem(bpf_map__fd(m[TMAP_table]), &zero, &head, BPF_ANY))
		err = -errno;
	return err;
}

/* Every map maps.h names must be in the object (another build might lack one). */
static int check_maps(struct ebfilt *skel)
{
	enum map_group group;
	size_t i;

	for (group = 0; group < MAP_GROUPS; group++) {
		for (i = 0; i < group_size(group) && group != MAPS_DISPATCH; i++) {
			if (group_map(skel->obj, group, i))
				continue;
			pr_err("the BPF object has no map for %s", group_map_stem(group, i));
			return -ENOENT;
		}
	}
	return 0;
}

/*
 * The heads of the tables to be in force: the new ones', and those of
 * tables kept from the generation in force (read from their reused
 * maps). 0, or -1 when a kept one cannot be read; a version neither new
 * nor kept is empty and inactive.
 */
static int table_heads(struct ebfilt *skel, const struct classifier *cls[IPV_SLOTS],
		       struct ebfilt_table heads[IPV_SLOTS])
{
	unsigned int slot;
	uint32_t zero = 0;
	int fd;

	memset(heads, 0, IPV_SLOTS * sizeof(*heads));
	for (slot = 0; slot < IPV_SLOTS; slot++) {
		if (cls[slot]) {
			heads[slot] = cls[slot]->table;
			continue;
		}
		fd = bpf_map__fd(table_map(skel, ipv_of(slot), TMAP_table));
		if (fd >= 0 && bpf_map_lookup_elem(fd, &zero, &heads[slot]))
			return -1;
	}
	return 0;
}

/* Bisection steps for n sorted entries: ceil(log2 n). */
static uint8_t bound_steps(uint32_t n)
{
	uint8_t steps = 0;

	while (steps < EBFILT_BOUND_STEPS && (1u << steps) < n)
		steps++;
	return steps;
}

/*
 * What the programs are told in rodata of the tables they will run: the
 * features the tables use (the code of the others is dead to the
 * verifier) and the bisection steps of their address classes. When a
 * kept table cannot be read, every feature and every step stays.
 */
static void set_table_config(struct ebfilt *skel, const struct classifier *cls[IPV_SLOTS])
{
	const uint32_t all = EBFILT_TABLE_CHECKS | EBFILT_TABLE_SHUN | EBFILT_TABLE_PATTERNS |
			     EBFILT_TABLE_SESSIONS;
	struct ebfilt_table heads[IPV_SLOTS];
	uint32_t features = 0;
	unsigned int slot, v;

	if (table_heads(skel, cls, heads))
		return;
	for (slot = 0; slot < IPV_SLOTS; slot++) {
		features |= heads[slot].flags;
		v = ipv_of(slot) == 6;
		skel->rodata->cfg_bound_steps[v][0] = bound_steps(heads[slot].src_bounds);
		skel->rodata->cfg_bound_steps[v][1] = bound_steps(heads[slot].dst_bounds);
	}
	skel->rodata->cfg_features = features & all;
}

int filter_load(struct ebfilt **out, struct ebfilt **tc_out,
		const struct classifier *cls[IPV_SLOTS], const struct filter_load_opts *opts)
{
	struct ebfilt *skel = NULL;
	unsigned int slot;
	int err;

	if (tc_out)
		*tc_out = NULL;
	diag_route_libbpf();
	skel = objects_open(opts);
	if (!skel) {
		err = -errno;
		pr_err("cannot open the BPF object: %s", strerror(-err));
		return err;
	}
	err = check_maps(skel);
	for (slot = 0; slot < IPV_SLOTS && !err; slot++) {
		if (cls[slot])
			err = size_maps(skel, cls[slot], opts);
		else if (opts->reuse_table[slot])
			err = pins_reuse_group(skel->obj, table_group(ipv_of(slot)),
					       opts->reuse_gen);
	}
	if (!err) {
		set_table_config(skel, cls);
		skel->rodata->cfg_log_snap = opts->log_snap;
	}
	/* Verified only when some interface may need them: they cost load time. */
	if (!err && !opts->raw_ip)
		err = bpf_program__set_autoload(skel->progs.filter_ip_in, false) ?:
		      bpf_program__set_autoload(skel->progs.filter_ip_out, false);
	if (!err && !opts->tc_in)
		err = bpf_program__set_autoload(skel->progs.filter_tc_in, false);
	/* The sweep only where a table tracks sessions: it is 11 ms of verification. */
	if (!err && !(skel->rodata->cfg_features & EBFILT_TABLE_SESSIONS))
		err = bpf_program__set_autoload(skel->progs.session_sweep, false);
	if (!err && opts->ring_bytes)
		err = bpf_map__set_max_entries(skel->maps.log_ring, opts->ring_bytes);
	if (!err && opts->reuse_log)
		err = pins_reuse_group(skel->obj, MAPS_LOG, 0);
	if (!err && opts->reuse_shared)
		err = pins_reuse_group(skel->obj, MAPS_SHARED, 0);
	if (!err && tc_out)
		err = objects_load_parallel(&skel, tc_out, opts);
	else if (!err)
		err = ebfilt__load(skel);
	for (slot = 0; slot < IPV_SLOTS && !err; slot++)
		if (cls[slot])
			err = fill_maps(skel, cls[slot], opts);
	if (err) {
		pr_err("cannot load the filter: %s", strerror(-err));
		ebfilt__destroy(skel);
		if (tc_out) {
			ebfilt__destroy(*tc_out);
			*tc_out = NULL;
		}
		return err;
	}
	*out = skel;
	return 0;
}
