// SPDX-License-Identifier: GPL-2.0
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "datapath/attachments.h"
#include "datapath/hooks.h"
#include "util/diag.h"
#include "util/file.h"
#include "util/paths.h"

static int record_path(char path[PATH_MAX])
{
	return path_build(path, ebfilt_rundir(), "attached");
}

void attachments_read(struct attachments *st)
{
	char path[PATH_MAX], line[128];
	struct attachment *a;
	int inbound, made;
	FILE *in;

	st->count = 0;
	if (record_path(path) || !(in = fopen(path, "re")))
		return;
	while (st->count < CONFIG_MAX_IFACES && fgets(line, sizeof(line), in)) {
		a = &st->a[st->count];
		if (line[0] == '#' ||
		    sscanf(line, "%15s %d %d %d", a->name, &a->ifindex, &inbound, &made) != 4)
			continue;
		a->inbound = inbound ? INBOUND_TC : INBOUND_XDP;
		a->made_clsact = made;
		st->count++;
	}
	fclose(in);
}

static int write_record(FILE *out, void *ctx)
{
	const struct attachments *st = ctx;
	size_t i;

	fprintf(out, "# interface ifindex inbound(0 xdp, 1 tc) made-clsact\n");
	for (i = 0; i < st->count; i++)
		fprintf(out, "%s %d %d %d\n", st->a[i].name, st->a[i].ifindex,
			st->a[i].inbound == INBOUND_TC, st->a[i].made_clsact);
	return 0;
}

int attachments_write(const struct attachments *st)
{
	char path[PATH_MAX];
	int err;

	err = record_path(path);
	if (!err)
		err = make_dirs(ebfilt_rundir(), 0755);
	if (err)
		return err;
	if (!st->count) {
		if (unlink(path) && errno != ENOENT) {
			err = -errno;
			pr_err("cannot remove %s: %s", path, strerror(-err));
		}
		return err;
	}
	return file_write_atomic(path, 0644, write_record, (void *)st);
}

const struct attachment *attachments_find(const struct attachments *st, const char *name)
{
	size_t i;

	for (i = 0; i < st->count; i++)
		if (!strcmp(st->a[i].name, name))
			return &st->a[i];
	return NULL;
}

void attachment_remove(const struct attachment *a)
{
	if (a->inbound == INBOUND_XDP)
		hook_xdp_detach(a->ifindex);
	else
		hook_tc_detach(a->ifindex, BPF_TC_INGRESS);
	hook_tc_detach(a->ifindex, BPF_TC_EGRESS);
	if (a->made_clsact)
		hook_clsact_remove(a->ifindex);
}

int attachment_make(struct ebfilt *skel, const struct iface_config *want,
		    const struct attachment *old, struct attachment *now)
{
	int err;

	memset(now, 0, sizeof(*now));
	strcpy(now->name, want->name);
	now->inbound = want->inbound;
	now->ifindex = (int)if_nametoindex(want->name);
	if (!now->ifindex) {
		pr_err("interface %s: %s", want->name, strerror(errno));
		return -ENODEV;
	}
	now->made_clsact = old && old->ifindex == now->ifindex && old->made_clsact;
	if (old && old->ifindex == now->ifindex && old->inbound != want->inbound) {
		if (old->inbound == INBOUND_XDP)	/* moving inbound to tc */
			hook_xdp_detach(old->ifindex);
		else
			hook_tc_detach(old->ifindex, BPF_TC_INGRESS);
	}
	err = hook_tc_attach(now->ifindex, BPF_TC_EGRESS, bpf_program__fd(skel->progs.ebfilt_tc_out),
			     &now->made_clsact);
	if (!err && want->inbound == INBOUND_TC)
		err = hook_tc_attach(now->ifindex, BPF_TC_INGRESS,
				     bpf_program__fd(skel->progs.ebfilt_tc_in), &now->made_clsact);
	if (!err && want->inbound == INBOUND_XDP) {
		err = hook_xdp_attach(now->ifindex, bpf_program__fd(skel->progs.ebfilt_xdp_in));
		if (err == -EEXIST || err == -EBUSY) {
			pr_err("cannot attach to %s: it has an XDP program of another tool", want->name);
			return err;
		}
	}
	if (err)
		pr_err("cannot attach to %s: %s", want->name, strerror(-err));
	return err;
}
