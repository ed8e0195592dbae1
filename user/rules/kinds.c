// SPDX-License-Identifier: GPL-2.0
/*
 * The kinds of value the attribute table's rows are made of: how each is
 * parsed and printed in every spelling, and moved to and from the
 * kernel's rule record.
 */
#include <errno.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>

#include "rules/format.h"
#include "rules/kinds.h"
#include "rules/parse.h"

#define VALUE(r, a)	((char *)(r) + (a)->offset)
#define CVALUE(r, a)	((const char *)(r) + (a)->offset)

static int fail(const char **why, const char *reason)
{
	*why = reason;
	return -EINVAL;
}

/* Letters on the command line, words in files. */
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

/* Ports (two bytes), tunnel IDs and expirations (four). */
static int number_parse(const struct rule_attr_info *a, struct filter_rule *r, const char *text,
			const char **why)
{
	unsigned long value;

	if (a->kind == KIND_PORT) {
		if (parse_number(text, 65535, &value, why))
			return fail(why, "port, ICMP type or code out of range 0-65535");
		*(uint16_t *)VALUE(r, a) = (uint16_t)value;
		return 0;
	}
	if (parse_number(text, RULE_NUMBER_MAX, &value, why))
		return fail(why, "must be a number 0-2147483647");
	*(uint32_t *)VALUE(r, a) = (uint32_t)value;
	return 0;
}

/* The attribute of each kind of pattern. */
static enum pattern_kind pattern_kind_of(const struct rule_attr_info *a)
{
	return a == &rule_attrs[ATTR_PATTERN_FILE] ? PATTERN_FILE : PATTERN_TEXT;
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

int kind_parse(const struct rule_attr_info *a, struct filter_rule *r, const char *text,
	       enum attr_spelling spelling, const char **why)
{
	switch (a->kind) {
	case KIND_ENUM:
		return enum_parse(a, r, text, spelling, why);
	case KIND_ADDR:
		return parse_addr(r->version, text, ((struct rule_addr *)VALUE(r, a))->bytes, why);
	case KIND_MASK:
		return parse_mask(r->version, text, (uint8_t *)VALUE(r, a), why);
	case KIND_OP:
		return parse_op(text, (enum ebfilt_port_op *)VALUE(r, a), why);
	case KIND_PORT:
	case KIND_NUMBER:
		return number_parse(a, r, text, why);
	case KIND_PROTO:
		return parse_proto(text, &r->proto, &r->tcp_ack, why);
	case KIND_IFACE:
		return parse_iface(text, VALUE(r, a), why);
	case KIND_TEXT:
		return parse_text(text, RULE_DESC_MAX, VALUE(r, a), why);
	case KIND_PATTERN:
		return pattern_parse(a, r, text, spelling, why);
	case KIND_PATTERN_TYPE:
	case KIND_AUTOGEN:
		break;
	}
	return fail(why, "cannot be set");
}

static const char *enum_text(const struct rule_attr_info *a, int value,
			     enum attr_spelling spelling)
{
	if (spelling == SPELL_WORD)
		return rule_name_word(a->names, value);
	if (spelling == SPELL_TEXT)
		return rule_name_text(a->names, value);
	return rule_name_letter(a->names, value);
}

/* The pattern as a rule of this kind holds it (listings show either kind). */
static const char *pattern_text(const struct rule_attr_info *a, const struct filter_rule *r,
				enum attr_spelling spelling)
{
	if (r->pattern_kind == pattern_kind_of(a) ||
	    (spelling == SPELL_TEXT && r->pattern_kind != PATTERN_NONE))
		return r->pattern;
	return "";
}

void kind_print(const struct rule_attr_info *a, const struct filter_rule *r, unsigned long id,
		enum attr_spelling spelling, char *buf, size_t size)
{
	const uint8_t byte = *(const uint8_t *)CVALUE(r, a);
	char text[RULE_ADDR_TEXT_MAX];
	const char *out = text;

	switch (a->kind) {
	case KIND_ENUM:
		out = enum_text(a, byte, spelling);
		break;
	case KIND_ADDR:
		rule_addr_text(r->version, (const struct rule_addr *)CVALUE(r, a), text);
		break;
	case KIND_MASK:
		rule_mask_text(r->version, byte, text);
		break;
	case KIND_OP:
		out = rule_name_word(a->names, byte);
		break;
	case KIND_PORT:
		snprintf(text, sizeof(text), "%u", *(const uint16_t *)CVALUE(r, a));
		break;
	case KIND_NUMBER:
		snprintf(text, sizeof(text), "%u", *(const uint32_t *)CVALUE(r, a));
		break;
	case KIND_PROTO:
		out = proto_text(r->proto, r->tcp_ack, text);
		break;
	case KIND_IFACE:
	case KIND_TEXT:
		out = CVALUE(r, a);
		break;
	case KIND_PATTERN:
		out = pattern_text(a, r, spelling);
		break;
	case KIND_PATTERN_TYPE:
		out = r->pattern_kind == PATTERN_TEXT ? "Pattern" :
		      r->pattern_kind == PATTERN_FILE ? "Pattern File" : "";
		break;
	case KIND_AUTOGEN:	/* ebfilt generates no rule but the default rule */
		out = id == 0 ? "yes" : "no";
		break;
	}
	snprintf(buf, size, "%s", out);
}

/* Bytes a value takes in both structs. */
static size_t kind_size(enum attr_kind kind)
{
	switch (kind) {
	case KIND_ADDR:   return 16;
	case KIND_PORT:   return 2;
	case KIND_NUMBER: return 4;
	case KIND_IFACE:  return IF_NAMESIZE;
	default:	  return 1;
	}
}

/* The value's bytes; a value held as flags (yes/no, -l), its bits; tcp/ack, its flag. */
void kind_encode(const struct rule_attr_info *a, const struct filter_rule *r,
		 struct ebfilt_rule *k)
{
	uint8_t v = *(const uint8_t *)CVALUE(r, a);
	unsigned int bit;

	if (a->kernel_flag[0]) {
		for (bit = 0; bit < ATTR_KERNEL_BITS; bit++)
			k->flags |= v & 1u << bit ? a->kernel_flag[bit] : 0;
	} else {
		memcpy((char *)k + a->kernel_offset, CVALUE(r, a), kind_size(a->kind));
	}
	if (a->kind == KIND_PROTO && r->tcp_ack)
		k->flags |= EBFILT_RULE_TCP_ACK;
}

void kind_decode(const struct rule_attr_info *a, const struct ebfilt_rule *k,
		 struct filter_rule *r)
{
	uint8_t v = 0;
	unsigned int bit;

	if (a->kernel_flag[0]) {
		for (bit = 0; bit < ATTR_KERNEL_BITS; bit++)
			v |= a->kernel_flag[bit] && (k->flags & a->kernel_flag[bit]) ? 1u << bit : 0;
		*(uint8_t *)VALUE(r, a) = v;
	} else {
		memcpy(VALUE(r, a), (const char *)k + a->kernel_offset, kind_size(a->kind));
	}
	if (a->kind == KIND_PROTO)
		r->tcp_ack = k->flags & EBFILT_RULE_TCP_ACK;
	if (a->kind == KIND_IFACE)	/* the kernel's copy is not trusted to be terminated */
		VALUE(r, a)[IF_NAMESIZE - 1] = '\0';
}
