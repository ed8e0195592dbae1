// SPDX-License-Identifier: GPL-2.0
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <bpf/bpf.h>

#include "datapath/counters.h"
#include "datapath/pins.h"
#include "datapath/state.h"
#include "util/clock.h"
#include "util/percpu.h"

/* Seconds from now to until_ns, rounded up; 0 once it has passed. */
static long long seconds_until(uint64_t until_ns, uint64_t now)
{
	return until_ns > now ? (long long)((until_ns - now + NSEC_PER_SEC - 1) / NSEC_PER_SEC) : 0;
}

/* One of the version's table maps in force; a descriptor or -errno. */
static int open_state_map(uint8_t version, size_t which)
{
	int fd, err = filter_open_table_maps(version, &which, &fd, 1);

	return err ? err : fd;
}

static int read_table(int fd, struct ebfilt_table *tbl)
{
	uint32_t zero = 0;

	if (bpf_map_lookup_elem(fd, &zero, tbl))
		return -errno;
	return tbl->active ? 0 : -ENOENT;
}

int filter_read_activated(uint8_t version, uint64_t *activated_ns)
{
	struct ebfilt_table tbl;
	int fd = open_state_map(version, TMAP_table), err;

	if (fd < 0)
		return fd;
	err = read_table(fd, &tbl);
	close(fd);
	*activated_ns = err ? 0 : tbl.activated_ns;
	return err;
}

long long rule_time_left(const struct ebfilt_rule *r, uint64_t activated_ns)
{
	if (!r->expire || (r->action != EBFILT_PERMIT && r->action != EBFILT_DENY))
		return -1;
	return seconds_until(activated_ns + (uint64_t)r->expire * NSEC_PER_SEC, clock_boot_ns());
}

/*
 * How many keys a walk of fd may visit. A walk of an LRU map the kernel
 * changes meanwhile may start over (its key evicted), so every walk stops
 * there: twice the map's size.
 */
static size_t walk_bound(int fd)
{
	struct bpf_map_info info = { 0 };
	__u32 len = sizeof(info);

	return bpf_obj_get_info_by_fd(fd, &info, &len) ? 1u << 21 : 2 * (size_t)info.max_entries;
}

static int shun_cmp(const void *a, const void *b)
{
	return memcmp(&((const struct active_shun *)a)->key, &((const struct active_shun *)b)->key,
		      sizeof(struct ebfilt_shun_key));
}

/* Sorted by key, each once (a walk that started over met some twice). */
static size_t shuns_unique(struct active_shun *list, size_t n)
{
	size_t i, out = 0;

	qsort(list, n, sizeof(*list), shun_cmp);
	for (i = 0; i < n; i++)
		if (!out || shun_cmp(&list[out - 1], &list[i]))
			list[out++] = list[i];
	return out;
}

int filter_read_shuns(uint8_t version, struct active_shun **shuns, size_t *count)
{
	struct ebfilt_shun_key key, next;
	struct active_shun *list = NULL, *grown;
	size_t n = 0, room = 0;
	uint64_t now = clock_boot_ns();
	int fd = open_state_map(version, TMAP_shun_list), err = 0;
	void *prev = NULL;
	size_t bound;

	*shuns = NULL;
	*count = 0;
	if (fd < 0)
		return fd;
	bound = walk_bound(fd);
	while (bound-- && !bpf_map_get_next_key(fd, prev, &next)) {
		key = next;
		prev = &key;
		if (n == room) {
			room = room ? room * 2 : 64;
			grown = realloc(list, room * sizeof(*list));
			if (!grown) {
				err = -ENOMEM;
				break;
			}
			list = grown;
		}
		if (bpf_map_lookup_elem(fd, &key, &list[n].shun))
			continue;	/* evicted meanwhile */
		list[n].key = key;
		list[n].left_s = list[n].shun.until_ns ? seconds_until(list[n].shun.until_ns, now) : -1;
		n++;
	}
	close(fd);
	if (err) {
		free(list);
		return err;
	}
	*shuns = list;
	*count = n ? shuns_unique(list, n) : 0;
	return 0;
}

int filter_flush_shuns(uint8_t version, size_t *flushed)
{
	int fd = open_state_map(version, TMAP_shun_list), table_fd;
	struct ebfilt_shun_key key;
	struct ebfilt_table tbl;
	uint32_t zero = 0;
	size_t bound;
	int err = 0;

	*flushed = 0;
	if (fd < 0)
		return fd;
	bound = walk_bound(fd);
	/* Always the first key: deleting the key in hand would restart a walk. */
	while (bound-- && !bpf_map_get_next_key(fd, NULL, &key)) {
		if (!bpf_map_delete_elem(fd, &key))
			(*flushed)++;
		else if (errno != ENOENT) {
			err = -errno;
			break;
		}
	}
	close(fd);
	/* Said in the table's head, so that evictions stay made - held - flushed. */
	table_fd = open_state_map(version, TMAP_table);
	if (table_fd < 0)
		return err ? err : table_fd;
	if (!read_table(table_fd, &tbl)) {
		tbl.shuns_flushed += *flushed;
		if (bpf_map_update_elem(table_fd, &zero, &tbl, BPF_EXIST) && !err)
			err = -errno;
	}
	close(table_fd);
	return err;
}

/* Entries of the if_state map, and how many hold at now. */
static int count_conditions(int fd, uint64_t now, size_t *held, size_t *holding)
{
	struct ebfilt_if_key key, next;
	struct ebfilt_if_state st;
	size_t bound = walk_bound(fd);
	void *prev = NULL;

	*held = *holding = 0;
	while (bound-- && !bpf_map_get_next_key(fd, prev, &next)) {
		key = next;
		prev = &key;
		if (bpf_map_lookup_elem(fd, &key, &st))
			continue;
		(*held)++;
		if (now < st.last_ns || now - st.last_ns <= st.timeout_ns)
			(*holding)++;
	}
	return 0;
}

static uint64_t evicted(uint64_t made, size_t held, uint64_t flushed)
{
	return made > held + flushed ? made - held - flushed : 0;
}

int filter_read_state(uint8_t version, struct state_summary *out)
{
	static const size_t which[] = { TMAP_table, TMAP_state_counts, TMAP_if_state };
	struct active_shun *shuns;
	struct ebfilt_table tbl;
	int fds[3], err;
	size_t i, n;

	memset(out, 0, sizeof(*out));
	err = filter_open_table_maps(version, which, fds, 3);
	if (!err)
		err = read_table(fds[0], &tbl);
	if (!err)
		err = percpu_sum_struct(fds[1], 0, &out->counts);
	if (!err)
		count_conditions(fds[2], clock_boot_ns(), &out->conditions, &out->conditions_true);
	filter_close_maps(fds, 3);
	if (err)
		return err;
	err = filter_read_shuns(version, &shuns, &n);
	if (err)
		return err;
	out->shuns = n;
	for (i = 0; i < n; i++)
		out->shuns_in_force += shuns[i].left_s != 0;
	free(shuns);
	out->conditions_evicted = evicted(out->counts.if_made, out->conditions, 0);
	out->shuns_evicted = evicted(out->counts.shuns_made, out->shuns, tbl.shuns_flushed);
	return 0;
}

int filter_read_conditions(uint8_t version, struct active_condition **conds, size_t *count)
{
	static const size_t which[] = { TMAP_if_state };
	struct ebfilt_if_key key, next;
	struct ebfilt_if_state st;
	struct active_condition *all = NULL, *grown;
	uint64_t now = clock_boot_ns();
	size_t n = 0, cap = 0, bound;
	void *prev = NULL;
	int fd, err;

	*conds = NULL;
	*count = 0;
	err = filter_open_table_maps(version, which, &fd, 1);
	if (err)
		return err;
	bound = walk_bound(fd);
	while (bound-- && !bpf_map_get_next_key(fd, prev, &next)) {
		key = next;
		prev = &key;
		if (bpf_map_lookup_elem(fd, &key, &st))
			continue;	/* gone meanwhile */
		if (n == cap) {
			cap = cap ? cap * 2 : 16;
			grown = realloc(all, cap * sizeof(*all));
			if (!grown) {
				err = -ENOMEM;
				break;
			}
			all = grown;
		}
		all[n].key = key;
		all[n].left_s = now < st.last_ns ? (long long)(st.timeout_ns / 1000000000) :
				now - st.last_ns > st.timeout_ns ? 0 :
				(long long)((st.timeout_ns - (now - st.last_ns) + 999999999) / 1000000000);
		n++;
	}
	filter_close_maps(&fd, 1);
	if (err) {
		free(all);
		return err;
	}
	*conds = all;
	*count = n;
	return 0;
}
