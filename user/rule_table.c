// SPDX-License-Identifier: GPL-2.0
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include "log.h"
#include "paths.h"
#include "rule_table.h"

void rule_table_init(struct rule_table *table, uint8_t version)
{
	memset(table, 0, sizeof(*table));
	table->version = version;
	rule_init(&table->default_rule, version);
	table->default_rule.action = ACTION_PERMIT;
	strcpy(table->default_rule.desc, "Default Rule");
}

void rule_table_free(struct rule_table *table)
{
	free(table->rules);
	table->rules = NULL;
	table->count = table->capacity = 0;
}

struct filter_rule *rule_table_get(struct rule_table *table, unsigned long id)
{
	if (id == 0)
		return &table->default_rule;
	return id <= table->count ? &table->rules[id - 1] : NULL;
}

int rule_table_insert(struct rule_table *table, size_t pos, const struct filter_rule *rule)
{
	struct filter_rule *grown;

	if (pos < 1 || pos > table->count + 1)
		return -ERANGE;
	if (table->count == table->capacity) {
		size_t capacity = table->capacity ? table->capacity * 2 : 16;

		grown = realloc(table->rules, capacity * sizeof(*grown));
		if (!grown)
			return -ENOMEM;
		table->rules = grown;
		table->capacity = capacity;
	}
	memmove(&table->rules[pos], &table->rules[pos - 1],
		(table->count - (pos - 1)) * sizeof(*table->rules));
	table->rules[pos - 1] = *rule;
	table->count++;
	return 0;
}

void rule_table_remove(struct rule_table *table, size_t pos)
{
	memmove(&table->rules[pos - 1], &table->rules[pos],
		(table->count - pos) * sizeof(*table->rules));
	table->count--;
}

void rule_table_move(struct rule_table *table, size_t from, size_t to)
{
	struct filter_rule moving = table->rules[from - 1];

	rule_table_remove(table, from);
	/* Cannot fail: the removal left room for exactly this rule. */
	rule_table_insert(table, to, &moving);
}

int rule_table_path(uint8_t version, char *buf, size_t size)
{
	return confdir_path(buf, size, version == 4 ? "filter4.rules" : "filter6.rules");
}

int rule_table_append(void *ctx, unsigned long id, const struct filter_rule *rule)
{
	struct rule_table *table = ctx;

	if (id == 0) {
		table->default_rule = *rule;
		return 0;
	}
	return rule_table_insert(table, table->count + 1, rule);
}

int rule_table_load(struct rule_table *table, uint8_t version)
{
	char path[PATH_MAX];
	FILE *in = NULL;
	int err;

	rule_table_init(table, version);
	err = rule_table_path(version, path, sizeof(path));
	if (err)
		return err;
	in = fopen(path, "re");
	if (!in) {
		if (errno == ENOENT)
			return 0;
		err = -errno;
		pr_err("%s: %s", path, strerror(-err));
		return err;
	}
	err = rule_file_read(in, path, version, false, rule_table_append, table);
	fclose(in);
	if (err)
		rule_table_free(table);
	return err;
}

static void write_table(FILE *out, const struct rule_table *table)
{
	size_t i;

	fprintf(out, "# ebfilt IPv%u filter rule table (format: ebfilt-rules(5)).\n"
		     "# One rule per line, first match wins; rule IDs are line positions.\n"
		     "# Maintained by genfilt, chfilt, rmfilt, mvfilt and impfilt, which\n"
		     "# rewrite this file and do not keep comments.\n",
		table->version);
	for (i = 0; i < table->count; i++)
		rule_file_write_rule(out, &table->rules[i]);
	rule_file_write_default(out, &table->default_rule);
}

/* fsync the directory so the rename itself survives a crash. */
static int sync_dir(const char *dir)
{
	int fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC), err = 0;

	if (fd < 0)
		return -errno;
	if (fsync(fd))
		err = -errno;
	close(fd);
	return err;
}

static int rule_table_save(const struct rule_table *table)
{
	char path[PATH_MAX], tmp[PATH_MAX];
	FILE *out = NULL;
	int fd = -1, err;

	err = rule_table_path(table->version, path, sizeof(path));
	if (!err)
		err = confdir_path(tmp, sizeof(tmp), table->version == 4 ? ".filter4.rules.new"
									: ".filter6.rules.new");
	if (err)
		return err;
	/* The lock is held, so no other writer uses the temporary name. */
	fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
	if (fd < 0 || !(out = fdopen(fd, "w"))) {
		err = -errno;
		goto cleanup;
	}
	fd = -1;
	write_table(out, table);
	if (fflush(out) || ferror(out) || fsync(fileno(out))) {
		err = errno ? -errno : -EIO;
		goto cleanup;
	}
	err = fclose(out) ? -errno : 0;
	out = NULL;
	if (!err && rename(tmp, path))
		err = -errno;
	if (!err)
		err = sync_dir(ebfilt_confdir());
cleanup:
	if (out)
		fclose(out);
	if (fd >= 0)
		close(fd);
	if (err) {
		unlink(tmp);
		pr_err("cannot write %s: %s", path, strerror(-err));
	}
	return err;
}

/* mkdir -p: create the directory and any missing parents (mode 0755). */
static int make_dirs(const char *dir)
{
	char path[PATH_MAX];
	char *slash;

	if (snprintf(path, sizeof(path), "%s", dir) >= (int)sizeof(path))
		return -ENAMETOOLONG;
	for (slash = strchr(path + 1, '/'); slash; slash = strchr(slash + 1, '/')) {
		*slash = '\0';
		if (mkdir(path, 0755) && errno != EEXIST)
			return -errno;
		*slash = '/';
	}
	if (mkdir(path, 0755) && errno != EEXIST)
		return -errno;
	return 0;
}

static int lock_config(void)
{
	char path[PATH_MAX];
	int fd, err;

	err = confdir_path(path, sizeof(path), ".lock");
	if (err)
		return err;
	err = make_dirs(ebfilt_confdir());
	if (err) {
		pr_err("cannot create %s: %s", ebfilt_confdir(), strerror(-err));
		return err;
	}
	fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0600);
	if (fd < 0 || flock(fd, LOCK_EX)) {
		err = -errno;
		pr_err("cannot lock %s: %s", path, strerror(-err));
		if (fd >= 0)
			close(fd);
		return err;
	}
	return fd;
}

int rule_table_edit(uint8_t version, rule_table_edit_fn edit, void *ctx)
{
	struct rule_table table;
	int lock_fd, err;

	lock_fd = lock_config();
	if (lock_fd < 0)
		return lock_fd;
	err = rule_table_load(&table, version);
	if (!err) {
		err = edit(&table, ctx);
		if (!err)
			err = rule_table_save(&table);
		rule_table_free(&table);
	}
	close(lock_fd);
	return err;
}
