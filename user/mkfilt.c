// SPDX-License-Identifier: GPL-2.0
/* mkfilt: activate or deactivate the filter rules; set the default rule (mkfilt(8)). */
#include <errno.h>
#include <libgen.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <syslog.h>
#include <time.h>
#include <unistd.h>

#include "cmdline.h"
#include "config.h"
#include "filter_attach.h"
#include "log.h"
#include "log_control.h"
#include "log_format.h"
#include "rule_table.h"
#include "syslog_out.h"

#define FILTER_LEVEL "1.00"

static int set_default_action(struct rule_table *table, void *ctx)
{
	table->default_rule.action = *(enum rule_action *)ctx;
	return 0;
}

static int parse_default_action(const char *arg, enum rule_action *action)
{
	static const struct rule_name default_actions[] = {
		{ ACTION_PERMIT, 'P', "permit", "permit" },
		{ ACTION_DENY,   'D', "deny",   "deny" },
		{ 0, 0, NULL, NULL },
	};
	int value;

	if (rule_name_by_letter(default_actions, arg, &value)) {
		pr_err("-z %s: default action must be P (permit) or D (deny)", arg);
		return -EINVAL;
	}
	*action = (enum rule_action)value;
	return 0;
}

static int check_flags(const struct cmd_flags *flags)
{
	if (cmd_flag(flags, 'u') && cmd_flag(flags, 'd')) {
		pr_err("-d: cannot be used with -u");
		return -EINVAL;
	}
	if (cmd_flag(flags, 'i') && !cmd_flag(flags, 'u')) {
		pr_err("-i: applies only with -u");
		return -EINVAL;
	}
	if (!cmd_flag(flags, 'u') && !cmd_flag(flags, 'd') && !cmd_flag(flags, 'z') &&
	    !cmd_flag(flags, 'g')) {
		pr_err("nothing to do: give -u, -d, -z or -g; see mkfilt(8)");
		return -EINVAL;
	}
	if (cmd_flag(flags, 'g') && strcmp(cmd_flag(flags, 'g'), "start") &&
	    strcmp(cmd_flag(flags, 'g'), "stop")) {
		pr_err("-g %s: must be start or stop", cmd_flag(flags, 'g'));
		return -EINVAL;
	}
	return 0;
}

/* Lines about the filter go to the same syslog facility as the packets. */
static void open_log(struct syslog_out *out)
{
	struct ebfilt_config_file conf;

	syslog_out_init(out, "mkfilt", config_load(&conf) ? SYSLOG_LOCAL4 : conf.log.facility);
}

/* ipsec_logd lives beside mkfilt; else it is looked up in PATH. */
static int spawn_logd(void)
{
	char self[PATH_MAX], path[PATH_MAX + 16];
	ssize_t len = readlink("/proc/self/exe", self, sizeof(self) - 1);
	pid_t pid;
	int i;

	snprintf(path, sizeof(path), "ipsec_logd");
	if (len > 0) {
		self[len] = '\0';
		snprintf(path, sizeof(path), "%s/ipsec_logd", dirname(self));
		if (access(path, X_OK))
			snprintf(path, sizeof(path), "ipsec_logd");
	}
	pid = fork();
	if (pid < 0)
		return -errno;
	if (pid == 0) {
		execlp(path, "ipsec_logd", (char *)NULL);
		_exit(127);
	}
	for (i = 0; i < 50 && !logd_pid(); i++)	/* up to 5 s for it to start */
		usleep(100000);
	if (!logd_pid()) {
		pr_err("ipsec_logd did not start (%s)", path);
		return -ECHILD;
	}
	return 0;
}

static int stop_logd(void)
{
	pid_t pid = logd_pid();
	int i;

	if (!pid)
		return 0;
	kill(pid, SIGTERM);
	for (i = 0; i < 50 && kill(pid, 0) == 0; i++)
		usleep(100000);
	return kill(pid, 0) == 0 ? -ETIMEDOUT : 0;
}

static int set_logging(bool start)
{
	struct syslog_out out;
	char when[32];
	int err;

	err = logging_mark(start);
	if (!err && start && !logd_pid())
		err = spawn_logd();
	if (err)
		return err;
	/* With no filter active yet, the mark makes the next activation log. */
	err = log_ctl_update(start, -1, -1);
	if (err && err != -ENOENT)
		pr_warn("cannot switch logging in the kernel: %s", strerror(-err));
	open_log(&out);
	syslog_out_send(&out, LOG_INFO, "Status of packet logging set to %s at %s",
			start ? "Start" : "Stop", log_format_when(time(NULL), when, sizeof(when)));
	syslog_out_close(&out);
	if (!start && stop_logd())
		pr_warn("ipsec_logd did not stop within 5 seconds");
	printf("Packet logging %s.\n", start ? "started" : "stopped");
	return 0;
}

/* With logging on, an activation lists the rules it put in force, as AIX does. */
static void log_activation(const struct rule_table *tables[2])
{
	struct syslog_out out;
	char line[512];
	size_t i;
	int v;

	if (!logging_started())
		return;
	log_ctl_update(1, -1, -1);
	open_log(&out);
	for (v = 0; v < 2; v++) {
		if (!tables[v])
			continue;
		for (i = 0; i < tables[v]->count; i++)
			syslog_out_send(&out, LOG_INFO, "%s",
					log_format_rule(i + 1, &tables[v]->rules[i], line, sizeof(line)));
		syslog_out_send(&out, LOG_INFO, "%s",
				log_format_rule(0, &tables[v]->default_rule, line, sizeof(line)));
	}
	syslog_out_send(&out, LOG_INFO, "Filter support (level " FILTER_LEVEL ") initialized at %s",
			log_format_when(time(NULL), line, sizeof(line)));
	syslog_out_close(&out);
}

/* Compile the tables of the versions given; all are checked before any is used. */
static int compile(const uint8_t *versions, int n, struct rule_table tables[2],
		   struct classifier cls[2], const struct classifier *install[2])
{
	int i, v, err = 0;

	for (i = 0; i < n && !err; i++) {
		v = versions[i] == 6;
		err = rule_table_load(&tables[v], versions[i]);
		if (err)
			break;
		err = classifier_build(&cls[v], &tables[v]);
		if (!err)
			install[v] = &cls[v];
	}
	return err;
}

static int activate(const uint8_t *versions, int n, bool deactivating)
{
	const struct classifier *install[2] = { NULL, NULL };
	const struct rule_table *activated[2] = { NULL, NULL };
	struct rule_table tables[2];
	struct classifier cls[2];
	bool deactivate[2] = { false, false };
	int i, err = 0;

	rule_table_init(&tables[0], 4);
	rule_table_init(&tables[1], 6);
	if (deactivating) {
		for (i = 0; i < n; i++)
			deactivate[versions[i] == 6] = true;
	} else {
		err = compile(versions, n, tables, cls, install);
	}
	if (!err)
		err = filter_apply(install, deactivate);
	for (i = 0; i < 2; i++) {
		if (install[i]) {
			classifier_free(&cls[i]);
			activated[i] = &tables[i];
		}
	}
	if (!err)
		log_activation(activated);
	rule_table_free(&tables[0]);
	rule_table_free(&tables[1]);
	if (err)
		return err;
	for (i = 0; i < n; i++)
		printf("IPv%u filter rules %s.\n", versions[i],
		       deactivating ? "deactivated" : "activated");
	return 0;
}

int main(int argc, char **argv)
{
	enum rule_action action;
	struct cmd_flags flags;
	uint8_t versions[2];
	int i, n;

	log_init(argv[0]);
	if (cmd_parse(argc, argv, "v:z:udig:", false, &flags) || check_flags(&flags))
		return 1;
	n = cmd_versions(&flags, versions);
	if (n < 0)
		return 1;
	if (cmd_flag(&flags, 'z')) {
		if (parse_default_action(cmd_flag(&flags, 'z'), &action))
			return 1;
		for (i = 0; i < n; i++) {
			if (rule_table_edit(versions[i], set_default_action, &action))
				return 1;
			printf("Default rule for IPv%u has been set to %s.\n", versions[i],
			       rule_name_text(action_names, action));
		}
	}
	if (cmd_flag(&flags, 'g') && !strcmp(cmd_flag(&flags, 'g'), "start") && set_logging(true))
		return 1;
	/* -i: AIX activates the rules marked active; every ebfilt rule is. */
	if ((cmd_flag(&flags, 'u') || cmd_flag(&flags, 'd')) &&
	    activate(versions, n, cmd_flag(&flags, 'd') != NULL))
		return 1;
	if (cmd_flag(&flags, 'g') && !strcmp(cmd_flag(&flags, 'g'), "stop") && set_logging(false))
		return 1;
	return 0;
}
