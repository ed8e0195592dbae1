// SPDX-License-Identifier: GPL-2.0
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "cmdline.h"
#include "log.h"
#include "rule_format.h"

int cmd_parse(int argc, char **argv, const char *optstring, bool operands_ok,
	      struct cmd_flags *flags)
{
	char opts[96];
	int opt;

	memset(flags, 0, sizeof(*flags));
	/* Leading ':' makes getopt report a missing value apart from an unknown flag. */
	snprintf(opts, sizeof(opts), ":%s", optstring);
	opterr = 0;
	while ((opt = getopt(argc, argv, opts)) != -1) {
		if (opt == '?') {
			pr_err("-%c: unknown flag; see %s(8)", optopt, log_progname());
			return -EINVAL;
		}
		if (opt == ':') {
			pr_err("-%c: missing value", optopt);
			return -EINVAL;
		}
		if (flags->value[opt]) {
			pr_err("-%c: flag given more than once", opt);
			return -EINVAL;
		}
		/* A flag without a value is recorded as present with "". */
		flags->value[opt] = optarg ? optarg : "";
	}
	flags->first_operand = optind;
	if (!operands_ok && optind < argc) {
		pr_err("%s: unexpected argument; see %s(8)", argv[optind], log_progname());
		return -EINVAL;
	}
	return 0;
}

int cmd_require(const struct cmd_flags *flags, char flag, const char *values)
{
	if (cmd_flag(flags, flag))
		return 0;
	pr_err("-%c: missing required flag (%s)", flag, values);
	return -EINVAL;
}

int cmd_version(const char *arg, uint8_t *version)
{
	if (arg && (!strcmp(arg, "4") || !strcmp(arg, "6"))) {
		*version = (uint8_t)(arg[0] - '0');
		return 0;
	}
	pr_err("-v %s: IP version must be 4 or 6", arg ? arg : "");
	return -EINVAL;
}

int cmd_versions(const struct cmd_flags *flags, uint8_t versions[2])
{
	if (cmd_flag(flags, 'v'))
		return cmd_version(cmd_flag(flags, 'v'), &versions[0]) ? -EINVAL : 1;
	versions[0] = 4;
	versions[1] = 6;
	return 2;
}

int cmd_rule_id(char flag, const char *arg, unsigned long max, unsigned long *id)
{
	const char *why;

	if (parse_number(arg, UINT32_MAX, id, &why)) {
		pr_err("-%c %s: rule ID must be a number", flag, arg);
		return -EINVAL;
	}
	if (*id == 0) {
		pr_err("-%c 0: rule 0 is the default rule, which always stays last", flag);
		return -EINVAL;
	}
	if (*id > max) {
		pr_err("-%c %s: rule ID out of range 1-%lu", flag, arg, max);
		return -EINVAL;
	}
	return 0;
}

int cmd_id_list(char flag, const char *arg, unsigned long count, uint8_t version,
		struct id_list *list)
{
	const char *why;

	if (parse_id_list(arg, list, &why)) {
		pr_err("-%c %s: %s", flag, arg, why);
		return -EINVAL;
	}
	if (id_list_max(list) > count) {
		pr_err("-%c %s: no rule %lu in the IPv%u table (rules 1-%lu and 0)", flag, arg,
		       id_list_max(list), version, count);
		id_list_free(list);
		return -EINVAL;
	}
	return 0;
}

static int flag_error(char flag, const char *arg, const char *why)
{
	pr_err("-%c %s: %s", flag, arg, why);
	return -EINVAL;
}

static int apply_enum(const struct cmd_flags *flags, char flag, const struct rule_name *names,
		      int *out)
{
	const char *arg = cmd_flag(flags, flag);
	char why[64];

	if (!arg || !rule_name_by_letter(names, arg, out))
		return 0;
	snprintf(why, sizeof(why), "must be one of %s", rule_name_letters(names));
	return flag_error(flag, arg, why);
}

static int apply_bool(const struct cmd_flags *flags, char flag, bool *out)
{
	int value = *out;
	int err = apply_enum(flags, flag, yesno_names, &value);

	*out = value;
	return err;
}

static int apply_addr(const struct cmd_flags *flags, char addr_flag, char mask_flag,
		      uint8_t version, struct rule_addr *addr)
{
	const char *arg, *why;

	arg = cmd_flag(flags, addr_flag);
	if (arg && parse_addr(version, arg, addr->bytes, &why))
		return flag_error(addr_flag, arg, why);
	arg = cmd_flag(flags, mask_flag);
	if (arg && parse_mask(version, arg, &addr->prefix, &why))
		return flag_error(mask_flag, arg, why);
	return 0;
}

static int apply_port(const struct cmd_flags *flags, char op_flag, char port_flag,
		      struct port_match *port)
{
	const char *arg, *why;
	unsigned long value;

	arg = cmd_flag(flags, op_flag);
	if (arg && parse_op(arg, &port->op, &why))
		return flag_error(op_flag, arg, why);
	arg = cmd_flag(flags, port_flag);
	if (arg && parse_number(arg, 65535, &value, &why))
		return flag_error(port_flag, arg, "port, ICMP type or code out of range 0-65535");
	if (arg)
		port->value = (uint16_t)value;
	return 0;
}

static int apply_number(const struct cmd_flags *flags, char flag, uint32_t *out)
{
	const char *arg = cmd_flag(flags, flag), *why;
	unsigned long value;

	if (!arg)
		return 0;
	if (parse_number(arg, RULE_NUMBER_MAX, &value, &why))
		return flag_error(flag, arg, "must be a number 0-2147483647");
	*out = (uint32_t)value;
	return 0;
}

static int apply_pattern(const struct cmd_flags *flags, struct filter_rule *rule)
{
	const char *text = cmd_flag(flags, 'x'), *file = cmd_flag(flags, 'X'), *why;
	char flag = text ? 'x' : 'X';
	const char *arg = text ? text : file;
	int err;

	if (cmd_flag(flags, 'C'))
		return flag_error('C', cmd_flag(flags, 'C'), "antivirus patterns are not supported");
	if (text && file)
		return flag_error('X', file, "-x and -X cannot be used together");
	if (!arg)
		return 0;
	rule->pattern_kind = PATTERN_NONE;
	rule->pattern[0] = '\0';
	if (!*arg)	/* an empty value removes the pattern */
		return 0;
	err = text ? parse_pattern(arg, rule->pattern, &why)
		   : parse_pattern_file(arg, rule->pattern, &why);
	if (err)
		return flag_error(flag, arg, why);
	rule->pattern_kind = text ? PATTERN_TEXT : PATTERN_FILE;
	return 0;
}

static int apply_misc(const struct cmd_flags *flags, struct filter_rule *rule)
{
	const char *arg, *why;

	arg = cmd_flag(flags, 'c');
	if (arg && parse_proto(arg, &rule->proto, &rule->tcp_ack, &why))
		return flag_error('c', arg, why);
	arg = cmd_flag(flags, 'i');
	if (arg && parse_iface(arg, rule->iface, &why))
		return flag_error('i', arg, why);
	arg = cmd_flag(flags, 'D');
	if (arg && parse_text(arg, RULE_DESC_MAX, rule->desc, &why))
		return flag_error('D', arg, why);
	if (apply_number(flags, 't', &rule->tunnel) || apply_number(flags, 'e', &rule->expire))
		return -EINVAL;
	return apply_pattern(flags, rule);
}

static int apply_enums(const struct cmd_flags *flags, struct filter_rule *rule)
{
	int action = rule->action, scope = rule->scope, dir = rule->dir, frag = rule->frag;

	if (apply_enum(flags, 'a', action_names, &action) ||
	    apply_enum(flags, 'r', scope_names, &scope) ||
	    apply_enum(flags, 'w', dir_names, &dir) ||
	    apply_enum(flags, 'f', frag_names, &frag) ||
	    apply_bool(flags, 'g', &rule->src_route) || apply_bool(flags, 'l', &rule->log))
		return -EINVAL;
	rule->action = (enum rule_action)action;
	rule->scope = (enum rule_scope)scope;
	rule->dir = (enum rule_dir)dir;
	rule->frag = (enum frag_ctl)frag;
	return 0;
}

int rule_apply_flags(struct filter_rule *rule, const struct cmd_flags *flags)
{
	struct rule_fault fault;
	char value[RULE_PATTERN_MAX + 1];

	if (apply_enums(flags, rule) ||
	    apply_addr(flags, 's', 'm', rule->version, &rule->src) ||
	    apply_addr(flags, 'd', 'M', rule->version, &rule->dst) ||
	    apply_port(flags, 'o', 'p', &rule->sport) ||
	    apply_port(flags, 'O', 'P', &rule->dport) ||
	    apply_misc(flags, rule))
		return -EINVAL;
	if (!rule_check(rule, &fault))
		return 0;
	rule_attr_value(rule, fault.attr, value, sizeof(value));
	return flag_error(rule_attrs[fault.attr].flag, value, fault.why);
}
