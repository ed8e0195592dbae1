// SPDX-License-Identifier: GPL-2.0
/*
 * The attribute table, and what walks it for everyone. A new attribute is
 * one row here (and, if it is a new kind of value, one kind in kinds.c).
 */
#include <errno.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>

#include "rules/attr.h"
#include "rules/kinds.h"
#include "util/diag.h"

/* ---- the table ---- */

#define AT(field)	offsetof(struct filter_rule, field)
#define KAT(field)	offsetof(struct ebfilt_rule, field)
#define FIELD		(ATTRF_COLUMN | ATTRF_KERNEL)	/* listed, held by the kernel */

/*
 * A port comparison (struct port_match): the operator, then the port (or
 * ICMP type or code), "key=OPERATOR:VALUE" in files and one line in lsfilt.
 */
#define PORT_ROWS(op_attr, value_attr, op_flag, value_flag, key_, label_, icmp, field) \
	[op_attr] = { .json = key_ "_op", .flag = op_flag, .key = key_, .metavar = "OPERATOR", \
		.label = label_, .icmp_label = icmp, .width = 3, .flags = FIELD,	\
		.kind = KIND_OP, .names = NAMES_OP, .offset = AT(field.op),		\
		.kernel_offset = KAT(field##_op) },					\
	[value_attr] = { .json = key_, .flag = value_flag, .key = key_, .join = ':',	\
		.metavar = "VALUE", .flags = FIELD | ATTRF_SAME_LINE,			\
		.kind = KIND_PORT, .offset = AT(field.value), .kernel_offset = KAT(field) }

const struct rule_attr_info rule_attrs[ATTR_COUNT] = {
	[ATTR_ACTION] = { .json = "action", .flag = 'a', .metavar = "ACTION",
		.label = "Rule action",
		.flags = FIELD, .kind = KIND_ENUM, .names = NAMES_ACTION, .offset = AT(action),
		.kernel_offset = KAT(action) },
	[ATTR_SRC] = { .json = "src", .flag = 's', .key = "src", .metavar = "ADDRESS",
		.label = "Source Address", .flags = FIELD, .kind = KIND_ADDR, .offset = AT(src),
		.kernel_offset = KAT(saddr) },
	[ATTR_SMASK] = { .json = "src_mask", .flag = 'm', .key = "src", .join = '/',
		.metavar = "MASK",
		.label = "Source Mask", .flags = FIELD, .kind = KIND_MASK, .offset = AT(src.prefix),
		.kernel_offset = KAT(sprefix) },
	[ATTR_DST] = { .json = "dst", .flag = 'd', .key = "dst", .metavar = "ADDRESS",
		.label = "Destination Address", .flags = FIELD, .kind = KIND_ADDR,
		.offset = AT(dst), .kernel_offset = KAT(daddr) },
	[ATTR_DMASK] = { .json = "dst_mask", .flag = 'M', .key = "dst", .join = '/',
		.metavar = "MASK", .label = "Destination Mask", .flags = FIELD, .kind = KIND_MASK,
		.offset = AT(dst.prefix), .kernel_offset = KAT(dprefix) },
	[ATTR_SRCROUTE] = { .json = "source_routing", .flag = 'g', .key = "srcroute",
		.metavar = "Y|N",
		.label = "Source Routing", .flags = FIELD, .kind = KIND_ENUM, .names = NAMES_YESNO,
		.offset = AT(src_route), .kernel_flag = { EBFILT_RULE_SRCROUTE } },
	[ATTR_PROTO] = { .json = "protocol", .flag = 'c', .key = "proto", .metavar = "PROTOCOL",
		.label = "Protocol", .flags = FIELD, .kind = KIND_PROTO, .offset = AT(proto),
		.kernel_offset = KAT(proto) },
	PORT_ROWS(ATTR_SOP, ATTR_SPORT, 'o', 'p', "sport", "Source Port", "ICMP type", sport),
	PORT_ROWS(ATTR_DOP, ATTR_DPORT, 'O', 'P', "dport", "Destination Port", "ICMP code", dport),
	[ATTR_SCOPE] = { .json = "scope", .flag = 'r', .key = "scope", .metavar = "B|L|R",
		.label = "Scope",
		.flags = FIELD, .kind = KIND_ENUM, .names = NAMES_SCOPE, .offset = AT(scope),
		.kernel_offset = KAT(scope) },
	[ATTR_DIR] = { .json = "direction", .flag = 'w', .key = "dir", .metavar = "B|I|O",
		.label = "Direction",
		.flags = FIELD, .kind = KIND_ENUM, .names = NAMES_DIR, .offset = AT(dir),
		.kernel_offset = KAT(dir) },
	[ATTR_LOG] = { .json = "log", .flag = 'l', .key = "log", .metavar = "Y|N|D|S|YS|DS",
		.label = "Logging control",
		.flags = FIELD, .kind = KIND_ENUM, .names = NAMES_LOG, .offset = AT(log),
		.kernel_flag = { EBFILT_RULE_LOG, EBFILT_RULE_LOG_DETAIL, EBFILT_RULE_SESSION } },
	[ATTR_FRAG] = { .json = "fragments", .flag = 'f', .key = "frag", .metavar = "Y|N|O|H",
		.label = "Fragment control", .flags = FIELD, .kind = KIND_ENUM, .names = NAMES_FRAG,
		.offset = AT(frag), .kernel_offset = KAT(frag) },
	[ATTR_TUNNEL] = { .json = "tunnel", .flag = 't', .key = "tunnel", .metavar = "ID",
		.label = "Tunnel ID number", .flags = FIELD, .kind = KIND_NUMBER,
		.offset = AT(tunnel), .kernel_offset = KAT(tunnel) },
	[ATTR_IFACE] = { .json = "interface", .flag = 'i', .key = "iface", .metavar = "INTERFACE",
		.label = "Interface", .flags = FIELD, .kind = KIND_IFACE, .offset = AT(iface),
		.kernel_offset = KAT(iface) },
	[ATTR_AUTOGEN] = { .json = "auto_generated", .label = "Auto-Generated",
		.kind = KIND_AUTOGEN },
	[ATTR_EXPIRE] = { .json = "expire", .flag = 'e', .key = "expire", .metavar = "SECONDS",
		.label = "Expiration Time", .flags = FIELD, .kind = KIND_NUMBER,
		.offset = AT(expire), .kernel_offset = KAT(expire) },
	[ATTR_PATTERN_TYPE] = { .label = "Pattern Type",
		.flags = ATTRF_COLUMN | ATTRF_LIST_OPTIONAL, .kind = KIND_PATTERN_TYPE },
	[ATTR_PATTERN] = { .json = "pattern", .flag = 'x', .key = "pattern", .metavar = "PATTERN",
		.label = "Pattern",
		.flags = ATTRF_COLUMN | ATTRF_LIST_OPTIONAL | ATTRF_QUOTED | ATTRF_FILE_OPTIONAL,
		.kind = KIND_PATTERN, .offset = AT(pattern) },
	[ATTR_PATTERN_FILE] = { .json = "pattern_file", .flag = 'X', .key = "patternfile",
		.metavar = "FILE",
		.flags = ATTRF_QUOTED | ATTRF_FILE_OPTIONAL, .kind = KIND_PATTERN,
		.offset = AT(pattern) },
	[ATTR_DESC] = { .json = "description", .flag = 'D', .key = "desc", .metavar = "TEXT",
		.label = "Description",
		.flags = ATTRF_COLUMN | ATTRF_QUOTED | ATTRF_FILE_OPTIONAL, .kind = KIND_TEXT,
		.offset = AT(desc) },
};

void rule_attr_print(const struct filter_rule *rule, enum rule_attr attr, unsigned long id,
		     enum attr_spelling spelling, char *buf, size_t size)
{
	kind_print(&rule_attrs[attr], rule, id, spelling, buf, size);
}

int rule_attr_parse(struct filter_rule *rule, enum rule_attr attr, const char *text,
		    enum attr_spelling spelling, const char **why)
{
	return kind_parse(&rule_attrs[attr], rule, text, spelling, why);
}

void rule_encode(const struct filter_rule *rule, struct ebfilt_rule *out)
{
	const struct rule_attr_info *a;

	memset(out, 0, sizeof(*out));
	for (a = rule_attrs; a < rule_attrs + ATTR_COUNT; a++)
		if (a->flags & ATTRF_KERNEL)
			kind_encode(a, rule, out);
}

void rule_decode(const struct ebfilt_rule *in, uint8_t version, struct filter_rule *out)
{
	const struct rule_attr_info *a;

	rule_init(out, version);
	for (a = rule_attrs; a < rule_attrs + ATTR_COUNT; a++)
		if (a->flags & ATTRF_KERNEL)
			kind_decode(a, in, out);
}

/* ---- the command line ---- */

/* genfilt's -C (antivirus patterns) is known, and refused. */
#define UNSUPPORTED_FLAG 'C'

const char *rule_attr_optstring(void)
{
	static char opts[2 * ATTR_COUNT + 3];
	size_t len = 0, i;

	if (opts[0])
		return opts;
	for (i = 0; i < ATTR_COUNT; i++) {
		if (!rule_attrs[i].flag)
			continue;
		opts[len++] = rule_attrs[i].flag;
		opts[len++] = ':';
	}
	opts[len++] = UNSUPPORTED_FLAG;
	opts[len++] = ':';
	opts[len] = '\0';
	return opts;
}

bool rule_attr_flags_given(const struct cmd_flags *flags)
{
	size_t i;

	for (i = 0; i < ATTR_COUNT; i++)
		if (rule_attrs[i].flag && cmd_flag(flags, rule_attrs[i].flag))
			return true;
	return cmd_flag(flags, UNSUPPORTED_FLAG) != NULL;
}

static int flag_error(char flag, const char *arg, const char *why)
{
	pr_err("-%c %s: %s", flag, arg, why);
	return -EINVAL;
}

int rule_apply_flags(struct filter_rule *rule, const struct cmd_flags *flags)
{
	char value[RULE_PATTERN_MAX + 1];
	struct rule_fault fault;
	const char *arg, *why;
	size_t i;

	arg = cmd_flag(flags, UNSUPPORTED_FLAG);
	if (arg)
		return flag_error(UNSUPPORTED_FLAG, arg, "antivirus patterns are not supported");
	if (cmd_flag(flags, 'x') && cmd_flag(flags, 'X'))
		return flag_error('X', cmd_flag(flags, 'X'), "-x and -X cannot be used together");
	for (i = 0; i < ATTR_COUNT; i++) {
		arg = rule_attrs[i].flag ? cmd_flag(flags, rule_attrs[i].flag) : NULL;
		if (arg && rule_attr_parse(rule, (enum rule_attr)i, arg, SPELL_FLAG, &why))
			return flag_error(rule_attrs[i].flag, arg, why);
	}
	if (!rule_check(rule, &fault))
		return 0;
	rule_attr_print(rule, fault.attr, 1, SPELL_FLAG, value, sizeof(value));
	return flag_error(rule_attrs[fault.attr].flag, value, fault.why);
}

void rule_as_held(const struct filter_rule *in, struct filter_rule *out)
{
	struct ebfilt_rule k;

	memset(&k, 0, sizeof(k));
	rule_encode(in, &k);
	rule_decode(&k, in->version, out);
}
