// SPDX-License-Identifier: GPL-2.0
/*
 * The attribute table, and the kinds of value its rows are made of. A new
 * attribute is one row here (and, if it is a new kind of value, one kind).
 */
#include <errno.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>

#include "rules/attr.h"
#include "rules/format.h"
#include "rules/parse.h"
#include "util/diag.h"

#define VALUE(r, a)	((char *)(r) + (a)->offset)
#define CVALUE(r, a)	((const char *)(r) + (a)->offset)

static int fail(const char **why, const char *reason)
{
	*why = reason;
	return -EINVAL;
}

/* ---- moving values to and from the kernel's record ---- */

/* The value's bytes, or for a yes/no value held as a flag, its bit. */
static void encode_value(const struct rule_attr_info *a, const struct filter_rule *r,
			 struct ebfilt_rule *k)
{
	if (a->kernel_flag)
		k->flags |= *(const bool *)CVALUE(r, a) ? a->kernel_flag : 0;
	else
		memcpy((char *)k + a->kernel_offset, CVALUE(r, a), a->kind->size);
}

static void decode_value(const struct rule_attr_info *a, const struct ebfilt_rule *k,
			 struct filter_rule *r)
{
	if (a->kernel_flag)
		*(bool *)VALUE(r, a) = k->flags & a->kernel_flag;
	else
		memcpy(VALUE(r, a), (const char *)k + a->kernel_offset, a->kind->size);
}

/* ---- enumerations (and yes/no), one byte: letters, words, texts ---- */

static int enum_parse(const struct rule_attr_info *a, struct filter_rule *r, const char *text,
		      enum attr_spelling spelling, const char **why)
{
	static char must_be[64];
	int value;

	if (spelling == SPELL_FLAG ? rule_name_by_letter(a->names, text, &value)
				   : rule_name_by_word(a->names, text, &value)) {
		if (spelling != SPELL_FLAG)
			return fail(why, "not one of the allowed words (see ebfilt-rules(5))");
		snprintf(must_be, sizeof(must_be), "must be one of %s", rule_name_letters(a->names));
		return fail(why, must_be);
	}
	*(uint8_t *)VALUE(r, a) = (uint8_t)value;
	return 0;
}

static void enum_print(const struct rule_attr_info *a, const struct filter_rule *r,
		       unsigned long id, enum attr_spelling spelling, char *buf, size_t size)
{
	int value = *(const uint8_t *)CVALUE(r, a);

	(void)id;
	if (spelling == SPELL_FLAG)
		snprintf(buf, size, "%c", rule_name_letter(a->names, value));
	else
		snprintf(buf, size, "%s", spelling == SPELL_WORD ? rule_name_word(a->names, value)
								  : rule_name_text(a->names, value));
}

static const struct attr_kind kind_enum = {
	enum_parse, enum_print, encode_value, decode_value, 1
};

/* ---- addresses and masks (struct rule_addr) ---- */

static int addr_parse(const struct rule_attr_info *a, struct filter_rule *r, const char *text,
		      enum attr_spelling spelling, const char **why)
{
	(void)spelling;
	return parse_addr(r->version, text, ((struct rule_addr *)VALUE(r, a))->bytes, why);
}

static void addr_print(const struct rule_attr_info *a, const struct filter_rule *r,
		       unsigned long id, enum attr_spelling spelling, char *buf, size_t size)
{
	char text[RULE_ADDR_TEXT_MAX];

	(void)id, (void)spelling;
	snprintf(buf, size, "%s",
		 rule_addr_text(r->version, (const struct rule_addr *)CVALUE(r, a), text));
}

static const struct attr_kind kind_addr = {
	addr_parse, addr_print, encode_value, decode_value, 16
};

static int mask_parse(const struct rule_attr_info *a, struct filter_rule *r, const char *text,
		      enum attr_spelling spelling, const char **why)
{
	(void)spelling;
	return parse_mask(r->version, text, (uint8_t *)VALUE(r, a), why);
}

static void mask_print(const struct rule_attr_info *a, const struct filter_rule *r,
		       unsigned long id, enum attr_spelling spelling, char *buf, size_t size)
{
	char text[RULE_ADDR_TEXT_MAX];

	(void)id, (void)spelling;
	snprintf(buf, size, "%s", rule_mask_text(r->version, *(const uint8_t *)CVALUE(r, a), text));
}

static const struct attr_kind kind_mask = {
	mask_parse, mask_print, encode_value, decode_value, 1
};

/* ---- port operators and ports (struct port_match) ---- */

static int op_parse(const struct rule_attr_info *a, struct filter_rule *r, const char *text,
		    enum attr_spelling spelling, const char **why)
{
	(void)spelling;
	return parse_op(text, (enum ebfilt_port_op *)VALUE(r, a), why);
}

/* Operators have no letter: genfilt takes the word itself. */
static void op_print(const struct rule_attr_info *a, const struct filter_rule *r,
		     unsigned long id, enum attr_spelling spelling, char *buf, size_t size)
{
	(void)id, (void)spelling;
	snprintf(buf, size, "%s", rule_name_word(a->names, *(const uint8_t *)CVALUE(r, a)));
}

static const struct attr_kind kind_op = {
	op_parse, op_print, encode_value, decode_value, 1
};

static int port_parse(const struct rule_attr_info *a, struct filter_rule *r, const char *text,
		      enum attr_spelling spelling, const char **why)
{
	unsigned long value;

	(void)spelling;
	if (parse_number(text, 65535, &value, why))
		return fail(why, "port, ICMP type or code out of range 0-65535");
	*(uint16_t *)VALUE(r, a) = (uint16_t)value;
	return 0;
}

static void port_print(const struct rule_attr_info *a, const struct filter_rule *r,
		       unsigned long id, enum attr_spelling spelling, char *buf, size_t size)
{
	(void)id, (void)spelling;
	snprintf(buf, size, "%u", *(const uint16_t *)CVALUE(r, a));
}

static const struct attr_kind kind_port = {
	port_parse, port_print, encode_value, decode_value, 2
};

/* ---- the protocol, with tcp/ack held as a flag beside it ---- */

static int proto_parse(const struct rule_attr_info *a, struct filter_rule *r, const char *text,
		       enum attr_spelling spelling, const char **why)
{
	(void)a, (void)spelling;
	return parse_proto(text, &r->proto, &r->tcp_ack, why);
}

static void proto_print(const struct rule_attr_info *a, const struct filter_rule *r,
			unsigned long id, enum attr_spelling spelling, char *buf, size_t size)
{
	char text[4];

	(void)a, (void)id, (void)spelling;
	snprintf(buf, size, "%s", proto_text(r->proto, r->tcp_ack, text));
}

static void proto_encode(const struct rule_attr_info *a, const struct filter_rule *r,
			 struct ebfilt_rule *k)
{
	(void)a;
	k->proto = r->proto;
	k->flags |= r->tcp_ack ? EBFILT_RULE_TCP_ACK : 0;
}

static void proto_decode(const struct rule_attr_info *a, const struct ebfilt_rule *k,
			 struct filter_rule *r)
{
	(void)a;
	r->proto = k->proto;
	r->tcp_ack = k->flags & EBFILT_RULE_TCP_ACK;
}

static const struct attr_kind kind_proto = {
	proto_parse, proto_print, proto_encode, proto_decode, 1
};

/* ---- numbers (tunnel ID, expiration) ---- */

static int number_parse(const struct rule_attr_info *a, struct filter_rule *r, const char *text,
			enum attr_spelling spelling, const char **why)
{
	unsigned long value;

	(void)spelling;
	if (parse_number(text, RULE_NUMBER_MAX, &value, why))
		return fail(why, "must be a number 0-2147483647");
	*(uint32_t *)VALUE(r, a) = (uint32_t)value;
	return 0;
}

static void number_print(const struct rule_attr_info *a, const struct filter_rule *r,
			 unsigned long id, enum attr_spelling spelling, char *buf, size_t size)
{
	(void)id, (void)spelling;
	snprintf(buf, size, "%u", *(const uint32_t *)CVALUE(r, a));
}

static const struct attr_kind kind_number = {
	number_parse, number_print, encode_value, decode_value, 4
};

/* ---- strings: the interface name and the description ---- */

static void string_print(const struct rule_attr_info *a, const struct filter_rule *r,
			 unsigned long id, enum attr_spelling spelling, char *buf, size_t size)
{
	(void)id, (void)spelling;
	snprintf(buf, size, "%s", CVALUE(r, a));
}

static int iface_parse(const struct rule_attr_info *a, struct filter_rule *r, const char *text,
		       enum attr_spelling spelling, const char **why)
{
	(void)spelling;
	return parse_iface(text, VALUE(r, a), why);
}

/* The kernel's copy is not trusted to be terminated. */
static void iface_decode(const struct rule_attr_info *a, const struct ebfilt_rule *k,
			 struct filter_rule *r)
{
	decode_value(a, k, r);
	VALUE(r, a)[IF_NAMESIZE - 1] = '\0';
}

static const struct attr_kind kind_iface = {
	iface_parse, string_print, encode_value, iface_decode,
					     IF_NAMESIZE
};

static int text_parse(const struct rule_attr_info *a, struct filter_rule *r, const char *text,
		      enum attr_spelling spelling, const char **why)
{
	(void)spelling;
	return parse_text(text, RULE_DESC_MAX, VALUE(r, a), why);
}

static const struct attr_kind kind_text = {
	text_parse, string_print, NULL, NULL, 0
};

/* ---- patterns: -x text and -X file, one at a time ---- */

/* The attribute of each kind of pattern. */
static enum pattern_kind pattern_kind_of(const struct rule_attr_info *a)
{
	return a == &rule_attrs[ATTR_PATTERN_FILE] ? PATTERN_FILE : PATTERN_TEXT;
}

/* The pattern as a rule of this kind holds it (none for the other kind). */
static void pattern_print(const struct rule_attr_info *a, const struct filter_rule *r,
			  unsigned long id, enum attr_spelling spelling, char *buf, size_t size)
{
	enum pattern_kind mine = pattern_kind_of(a);

	(void)id;
	/* Listings show either kind in the one "Pattern" field. */
	if (r->pattern_kind == mine || (spelling == SPELL_TEXT && r->pattern_kind != PATTERN_NONE))
		snprintf(buf, size, "%s", r->pattern);
	else
		snprintf(buf, size, "%s", "");
}

/*
 * On the command line a pattern replaces the other kind, and an empty
 * value removes it; a rule file names one at most, a file by its absolute
 * path (the file is read when the table is activated).
 */
static int pattern_parse(const struct rule_attr_info *a, struct filter_rule *r, const char *text,
			 enum attr_spelling spelling, const char **why)
{
	bool file = pattern_kind_of(a) == PATTERN_FILE;
	int err;

	if (spelling != SPELL_FLAG && r->pattern_kind != PATTERN_NONE)
		return fail(why, "a rule has at most one of pattern= and patternfile=");
	r->pattern_kind = PATTERN_NONE;
	r->pattern[0] = '\0';
	if (spelling == SPELL_FLAG && !*text)
		return 0;
	if (!file)
		err = parse_pattern(text, r->pattern, why);
	else if (spelling == SPELL_FLAG)
		err = parse_pattern_file(text, r->pattern, why);
	else
		err = text[0] == '/' ? parse_text(text, RULE_PATTERN_MAX, r->pattern, why)
				     : fail(why, "pattern file must be an absolute path");
	if (!err)
		r->pattern_kind = file ? PATTERN_FILE : PATTERN_TEXT;
	return err;
}

static const struct attr_kind kind_pattern = {
	pattern_parse, pattern_print, NULL, NULL, 0
};

/* ---- listing-only fields ---- */

static void pattern_type_print(const struct rule_attr_info *a, const struct filter_rule *r,
			       unsigned long id, enum attr_spelling spelling, char *buf,
			       size_t size)
{
	(void)a, (void)id, (void)spelling;
	snprintf(buf, size, "%s", r->pattern_kind == PATTERN_TEXT ? "Pattern" :
				  r->pattern_kind == PATTERN_FILE ? "Pattern File" : "");
}

static const struct attr_kind kind_pattern_type = {
	NULL, pattern_type_print, NULL, NULL, 0
};

/* ebfilt generates no rules but the default rule. */
static void autogen_print(const struct rule_attr_info *a, const struct filter_rule *r,
			  unsigned long id, enum attr_spelling spelling, char *buf, size_t size)
{
	(void)a, (void)r, (void)spelling;
	snprintf(buf, size, "%s", id == 0 ? "yes" : "no");
}

static const struct attr_kind kind_autogen = {
	NULL, autogen_print, NULL, NULL, 0
};

/* ---- the table ---- */

#define AT(field)	offsetof(struct filter_rule, field)
#define KAT(field)	offsetof(struct ebfilt_rule, field)
#define FIELD		(ATTRF_COLUMN | ATTRF_KERNEL)	/* listed, held by the kernel */

const struct rule_attr_info rule_attrs[ATTR_COUNT] = {
	[ATTR_ACTION] = { 'a', NULL, 0, "ACTION", "Rule action", NULL, 0, FIELD,
			  &kind_enum, AT(action), action_names, KAT(action), 0 },
	[ATTR_SRC] = { 's', "src", 0, "ADDRESS", "Source Address", NULL, 0, FIELD,
		       &kind_addr, AT(src), NULL, KAT(saddr), 0 },
	[ATTR_SMASK] = { 'm', "src", '/', "MASK", "Source Mask", NULL, 0, FIELD,
			 &kind_mask, AT(src.prefix), NULL, KAT(sprefix), 0 },
	[ATTR_DST] = { 'd', "dst", 0, "ADDRESS", "Destination Address", NULL, 0, FIELD,
		       &kind_addr, AT(dst), NULL, KAT(daddr), 0 },
	[ATTR_DMASK] = { 'M', "dst", '/', "MASK", "Destination Mask", NULL, 0, FIELD,
			 &kind_mask, AT(dst.prefix), NULL, KAT(dprefix), 0 },
	[ATTR_SRCROUTE] = { 'g', "srcroute", 0, "Y|N", "Source Routing", NULL, 0, FIELD,
			    &kind_enum, AT(src_route), yesno_names, 0, EBFILT_RULE_SRCROUTE },
	[ATTR_PROTO] = { 'c', "proto", 0, "PROTOCOL", "Protocol", NULL, 0, FIELD,
			 &kind_proto, AT(proto), NULL, KAT(proto), 0 },
	[ATTR_SOP] = { 'o', "sport", 0, "OPERATOR", "Source Port", "ICMP type", 3, FIELD,
		       &kind_op, AT(sport.op), op_names, KAT(sport_op), 0 },
	[ATTR_SPORT] = { 'p', "sport", ':', "VALUE", NULL, NULL, 0, FIELD | ATTRF_SAME_LINE,
			 &kind_port, AT(sport.value), NULL, KAT(sport), 0 },
	[ATTR_DOP] = { 'O', "dport", 0, "OPERATOR", "Destination Port", "ICMP code", 3, FIELD,
		       &kind_op, AT(dport.op), op_names, KAT(dport_op), 0 },
	[ATTR_DPORT] = { 'P', "dport", ':', "VALUE", NULL, NULL, 0, FIELD | ATTRF_SAME_LINE,
			 &kind_port, AT(dport.value), NULL, KAT(dport), 0 },
	[ATTR_SCOPE] = { 'r', "scope", 0, "B|L|R", "Scope", NULL, 0, FIELD,
			 &kind_enum, AT(scope), scope_names, KAT(scope), 0 },
	[ATTR_DIR] = { 'w', "dir", 0, "B|I|O", "Direction", NULL, 0, FIELD,
		       &kind_enum, AT(dir), dir_names, KAT(dir), 0 },
	[ATTR_LOG] = { 'l', "log", 0, "Y|N", "Logging control", NULL, 0, FIELD,
		       &kind_enum, AT(log), yesno_names, 0, EBFILT_RULE_LOG },
	[ATTR_FRAG] = { 'f', "frag", 0, "Y|N|O|H", "Fragment control", NULL, 0, FIELD,
			&kind_enum, AT(frag), frag_names, KAT(frag), 0 },
	[ATTR_TUNNEL] = { 't', "tunnel", 0, "ID", "Tunnel ID number", NULL, 0, FIELD,
			  &kind_number, AT(tunnel), NULL, KAT(tunnel), 0 },
	[ATTR_IFACE] = { 'i', "iface", 0, "INTERFACE", "Interface", NULL, 0, FIELD,
			 &kind_iface, AT(iface), NULL, KAT(iface), 0 },
	[ATTR_AUTOGEN] = { 0, NULL, 0, NULL, "Auto-Generated", NULL, 0, 0,
			   &kind_autogen, 0, NULL, 0, 0 },
	[ATTR_EXPIRE] = { 'e', "expire", 0, "SECONDS", "Expiration Time", NULL, 0, FIELD,
			  &kind_number, AT(expire), NULL, KAT(expire), 0 },
	[ATTR_PATTERN_TYPE] = { 0, NULL, 0, NULL, "Pattern Type", NULL, 0,
				ATTRF_COLUMN | ATTRF_LIST_OPTIONAL, &kind_pattern_type, 0, NULL, 0, 0 },
	[ATTR_PATTERN] = { 'x', "pattern", 0, "PATTERN", "Pattern", NULL, 0,
			   ATTRF_COLUMN | ATTRF_LIST_OPTIONAL | ATTRF_QUOTED | ATTRF_FILE_OPTIONAL,
			   &kind_pattern, AT(pattern), NULL, 0, 0 },
	[ATTR_PATTERN_FILE] = { 'X', "patternfile", 0, "FILE", NULL, NULL, 0,
				ATTRF_QUOTED | ATTRF_FILE_OPTIONAL, &kind_pattern, AT(pattern), NULL,
				0, 0 },
	[ATTR_DESC] = { 'D', "desc", 0, "TEXT", "Description", NULL, 0,
			ATTRF_COLUMN | ATTRF_QUOTED | ATTRF_FILE_OPTIONAL, &kind_text, AT(desc),
			NULL, 0, 0 },
};

void rule_attr_print(const struct filter_rule *rule, enum rule_attr attr, unsigned long id,
		     enum attr_spelling spelling, char *buf, size_t size)
{
	const struct rule_attr_info *a = &rule_attrs[attr];

	a->kind->print(a, rule, id, spelling, buf, size);
}

int rule_attr_parse(struct filter_rule *rule, enum rule_attr attr, const char *text,
		    enum attr_spelling spelling, const char **why)
{
	const struct rule_attr_info *a = &rule_attrs[attr];

	if (!a->kind->parse)
		return fail(why, "cannot be set");
	return a->kind->parse(a, rule, text, spelling, why);
}

void rule_encode(const struct filter_rule *rule, struct ebfilt_rule *out)
{
	const struct rule_attr_info *a;

	memset(out, 0, sizeof(*out));
	for (a = rule_attrs; a < rule_attrs + ATTR_COUNT; a++)
		if (a->flags & ATTRF_KERNEL)
			a->kind->encode(a, rule, out);
}

void rule_decode(const struct ebfilt_rule *in, uint8_t version, struct filter_rule *out)
{
	const struct rule_attr_info *a;

	rule_init(out, version);
	for (a = rule_attrs; a < rule_attrs + ATTR_COUNT; a++)
		if (a->flags & ATTRF_KERNEL)
			a->kind->decode(a, in, out);
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
