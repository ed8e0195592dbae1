// SPDX-License-Identifier: GPL-2.0
#include <errno.h>
#include <linux/magic.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/vfs.h>
#include <unistd.h>

#include <bpf/bpf.h>
#include <bpf/libbpf.h>

#include "datapath/pins.h"
#include "util/diag.h"
#include "util/paths.h"

#define STEM_NAME(stem) #stem,
static const char *const table_stems[] = { EBFILT_TABLE_MAPS(STEM_NAME) };
static const char *const log_stems[] = { EBFILT_LOG_MAPS(STEM_NAME) };
static const char *const shared_stems[] = { EBFILT_SHARED_MAPS(STEM_NAME) };
static const char *const dispatch_stems[] = { EBFILT_DISPATCH_MAPS(STEM_NAME) };
#define COUNT(a) (sizeof(a) / sizeof((a)[0]))

static const struct {
	const char *dir;		/* where the group is pinned, under the pin root */
	const char *prefix;		/* of its maps' names in the object */
	const char *const *stems;
	size_t count;
} groups[MAP_GROUPS] = {
	[MAPS_V4] = { "v4/", "v4_", table_stems, COUNT(table_stems) },
	[MAPS_V6] = { "v6/", "v6_", table_stems, COUNT(table_stems) },
	[MAPS_LOG] = { "", "", log_stems, COUNT(log_stems) },
	[MAPS_SHARED] = { "", "", shared_stems, COUNT(shared_stems) },
	[MAPS_DISPATCH] = { "", "", dispatch_stems, COUNT(dispatch_stems) },
};

static bool per_generation(enum map_group group)
{
	return group == MAPS_V4 || group == MAPS_V6;
}

_Static_assert(COUNT(table_stems) == TMAP_COUNT, "enum table_map follows EBFILT_TABLE_MAPS");

size_t group_size(enum map_group group)
{
	return groups[group].count;
}

const char *group_map_stem(enum map_group group, size_t i)
{
	return groups[group].stems[i];
}

struct bpf_map *group_map(struct bpf_object *obj, enum map_group group, size_t i)
{
	char name[64];

	snprintf(name, sizeof(name), "%s%s", groups[group].prefix, groups[group].stems[i]);
	return bpf_object__find_map_by_name(obj, name);
}

int pin_path(char path[PATH_MAX], const char *fmt, ...)
{
	char name[128];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(name, sizeof(name), fmt, ap);
	va_end(ap);
	return path_build(path, ebfilt_pindir(), "%s", name);
}

/* "gen1/v4/" for a table group, "" for the others. */
static void group_dir(char dir[32], enum map_group group, unsigned int gen)
{
	if (per_generation(group))
		snprintf(dir, 32, "gen%u/%s", gen, groups[group].dir);
	else
		snprintf(dir, 32, "%s", groups[group].dir);
}

static int group_pin_path(char path[PATH_MAX], enum map_group group, unsigned int gen, size_t i)
{
	char dir[32];

	group_dir(dir, group, gen);
	return pin_path(path, "%s%s", dir, groups[group].stems[i]);
}

static bool on_bpffs(const char *path)
{
	struct statfs st;

	return !statfs(path, &st) && st.f_type == BPF_FS_MAGIC;
}

static int make_dir(const char *path)
{
	return mkdir(path, 0700) && errno != EEXIST ? -errno : 0;
}

int pins_prepare(void)
{
	char path[PATH_MAX], *slash;
	const char *dir = ebfilt_pindir();

	if (on_bpffs(dir))
		return 0;
	snprintf(path, sizeof(path), "%s", dir);
	if (make_dir(path) == 0 && !on_bpffs(path)) {
		if (mount("bpf", path, "bpf", 0, "mode=0700"))
			goto fail;
		return 0;
	}
	while ((slash = strrchr(path, '/')) && slash != path && access(path, F_OK))
		*slash = '\0';
	if (!on_bpffs(path) && mount("bpf", path, "bpf", 0, "mode=0700"))
		goto fail;
	if (make_dir(dir) == 0 && on_bpffs(dir))
		return 0;
fail:
	pr_err("%s: cannot set up a BPF file system: %s", dir, strerror(errno));
	return -errno;
}

bool pins_group_pinned(enum map_group group, unsigned int gen)
{
	char path[PATH_MAX];

	return !group_pin_path(path, group, gen, 0) && access(path, F_OK) == 0;
}

int pins_reuse_group(struct bpf_object *obj, enum map_group group, unsigned int gen)
{
	char path[PATH_MAX];
	bool pinned = pins_group_pinned(group, gen);
	size_t i;
	int fd, err;

	for (i = 0; pinned && i < groups[group].count; i++) {
		err = group_pin_path(path, group, gen, i);
		if (err)
			return err;
		fd = bpf_obj_get(path);
		if (fd < 0) {
			err = -errno;
			pr_err("cannot take over %s: %s", path, strerror(-err));
			return err;
		}
		err = bpf_map__reuse_fd(group_map(obj, group, i), fd);
		close(fd);
		if (err) {
			pr_err("cannot take over %s: %s", path, strerror(-err));
			return err;
		}
	}
	return 0;
}

/* Whether the pin at path holds this very map. */
static bool pin_holds(const char *path, struct bpf_map *map)
{
	struct bpf_map_info pinned = { 0 }, ours = { 0 };
	__u32 len = sizeof(pinned);
	int fd = bpf_obj_get(path);
	bool same;

	if (fd < 0)
		return false;
	same = !bpf_obj_get_info_by_fd(fd, &pinned, &len) &&
	       !bpf_obj_get_info_by_fd(bpf_map__fd(map), &ours, &len) && pinned.id == ours.id;
	close(fd);
	return same;
}

int pins_pin_group(struct bpf_object *obj, enum map_group group, unsigned int gen)
{
	char path[PATH_MAX], dir[32];
	struct bpf_map *map;
	size_t i;
	int err = 0;

	if (per_generation(group) && !(err = pin_path(path, "gen%u", gen)))
		err = make_dir(path);
	group_dir(dir, group, gen);
	if (!err && dir[0] && !(err = pin_path(path, "%s", dir)))
		err = make_dir(path);
	for (i = 0; !err && i < groups[group].count; i++) {
		map = group_map(obj, group, i);
		err = group_pin_path(path, group, gen, i);
		if (err || pin_holds(path, map))
			continue;
		unlink(path);
		err = bpf_map__pin(map, path);
	}
	if (err)
		pr_err("cannot pin under %s: %s", ebfilt_pindir(), strerror(-err));
	return err;
}

void pins_unpin_group(enum map_group group, unsigned int gen)
{
	char path[PATH_MAX], dir[32];
	size_t i;

	for (i = 0; i < groups[group].count; i++)
		if (!group_pin_path(path, group, gen, i))
			unlink(path);
	group_dir(dir, group, gen);
	if (dir[0] && !pin_path(path, "%s", dir))
		rmdir(path);
}

void pins_unpin_gen(unsigned int gen)
{
	char path[PATH_MAX];

	pins_unpin_group(MAPS_V4, gen);
	pins_unpin_group(MAPS_V6, gen);
	if (!pin_path(path, "gen%u/" EBFILT_PIN_SESSION_SWEEP, gen))
		unlink(path);
	if (!pin_path(path, "gen%u", gen))
		rmdir(path);
}

/* A new symbolic link beside the old one, renamed over it: one or the other is seen. */
int pins_set_current(unsigned int gen)
{
	char path[PATH_MAX], tmp[PATH_MAX], target[16];
	int err;

	snprintf(target, sizeof(target), "gen%u", gen);
	err = pin_path(path, "current");
	if (!err)
		err = pin_path(tmp, "current_new");	/* bpffs refuses dots in names */
	if (err)
		return err;
	unlink(tmp);
	if (symlink(target, tmp) || rename(tmp, path)) {
		err = -errno;
		unlink(tmp);
		pr_err("cannot point %s at %s: %s", path, target, strerror(-err));
	}
	return err;
}

void pins_clear_current(void)
{
	char path[PATH_MAX];

	if (!pin_path(path, "current"))
		unlink(path);
	if (!pin_path(path, "current_new"))
		unlink(path);
}

int pins_open_map(enum map_group group, unsigned int gen, const char *stem)
{
	char path[PATH_MAX], dir[32];
	int fd, err;

	group_dir(dir, group, gen);
	err = pin_path(path, "%s%s", dir, stem);
	if (err)
		return err;
	fd = bpf_obj_get(path);
	return fd < 0 ? -errno : fd;
}
