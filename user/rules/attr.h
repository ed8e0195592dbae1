/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The attribute table: every rule attribute declared once, with its
 * genfilt/chfilt flag, its rule-file key, its lsfilt label and column, how
 * its value is parsed and printed in each spelling, its JSON name, and where the kernel
 * record holds it. The command-line parser, the rule-file reader and
 * writer (tables and export files alike), the listings and the kernel
 * encoding all walk this one table, in its order, which is lsfilt's.
 */
#ifndef EBFILT_RULES_ATTR_H
#define EBFILT_RULES_ATTR_H

#include <stddef.h>
#include <stdint.h>

#include "rules/rule.h"
#include "util/cmdline.h"

enum rule_attr {
	ATTR_ACTION, ATTR_SRC, ATTR_SMASK, ATTR_DST, ATTR_DMASK, ATTR_SRCROUTE, ATTR_PROTO,
	ATTR_SOP, ATTR_SPORT, ATTR_DOP, ATTR_DPORT, ATTR_SCOPE, ATTR_DIR, ATTR_LOG, ATTR_FRAG,
	ATTR_TUNNEL, ATTR_IFACE, ATTR_AUTOGEN, ATTR_EXPIRE, ATTR_PATTERN_TYPE, ATTR_PATTERN,
	ATTR_PATTERN_FILE, ATTR_DESC,
	ATTR_COUNT
};

/* The three ways a value is written. */
enum attr_spelling {
	SPELL_FLAG,	/* as genfilt takes it: "P", "eq", "255.255.255.0" */
	SPELL_WORD,	/* as a rule file holds it: "permit", "eq" */
	SPELL_TEXT,	/* as lsfilt shows it: "permit", "all packets" */
};

/* The kinds of value (user/rules/kinds.c parses, prints and encodes each). */
enum attr_kind {
	KIND_ENUM,		/* one byte, named in a name set (yes/no too) */
	KIND_ADDR,		/* struct rule_addr's bytes, for the rule's IP version */
	KIND_MASK,		/* struct rule_addr's prefix */
	KIND_OP,		/* a port operator: words only */
	KIND_PORT,		/* two bytes, 0-65535 */
	KIND_NUMBER,		/* four bytes, 0-RULE_NUMBER_MAX */
	KIND_PROTO,		/* the protocol, with tcp/ack held as a flag beside it */
	KIND_IFACE,		/* an interface name */
	KIND_TEXT,		/* free text */
	KIND_PATTERN,		/* -x text or -X file: one at a time */
	KIND_PATTERN_TYPE,	/* listing only: which kind of pattern */
	KIND_AUTOGEN,		/* listing only: whether ebfilt made the rule */
};

#define ATTR_KERNEL_BITS	3

struct rule_attr_info {
	char flag;		/* genfilt/chfilt flag letter; 0: none */
	const char *key;	/* rule-file key; NULL: none (the action leads the line) */
	char join;		/* '/' or ':': written after the previous value, same key */
	const char *metavar;	/* what the value is, in messages: "ADDRESS" */
	const char *label;	/* lsfilt's verbose label; NULL: on the previous line */
	const char *json;	/* its name in lsfilt -j; NULL: not there */
	const char *icmp_label;	/* the label for ICMP rules, where it differs */
	int width;		/* minimum width of the value in the verbose listing */
	unsigned int flags;	/* ATTRF_* */
	enum attr_kind kind;
	size_t offset;		/* of the value in struct filter_rule */
	enum name_set names;	/* an enumeration's spellings */
	size_t kernel_offset;	/* of the value in struct ebfilt_rule (ATTRF_KERNEL) */
	/*
	 * A value held as EBFILT_RULE_* bits: bit i of the value as
	 * kernel_flag[i] (yes/no: bit 0; -l: logs, detail, sessions).
	 */
	uint8_t kernel_flag[ATTR_KERNEL_BITS];
};

#define ATTRF_COLUMN		(1u << 0)	/* a field of lsfilt -O */
#define ATTRF_QUOTED		(1u << 1)	/* written "quoted" in rule files */
#define ATTRF_FILE_OPTIONAL	(1u << 2)	/* left out of rule files when empty */
#define ATTRF_LIST_OPTIONAL	(1u << 3)	/* left out of lsfilt's listing when empty */
#define ATTRF_KERNEL		(1u << 4)	/* the kernel's rule record holds it */
#define ATTRF_SAME_LINE		(1u << 5)	/* listed on the line of the one before */

extern const struct rule_attr_info rule_attrs[ATTR_COUNT];

/* The attribute's value in a spelling (id: the rule's ID, 0 for the default rule). */
void rule_attr_print(const struct filter_rule *rule, enum rule_attr attr, unsigned long id,
		     enum attr_spelling spelling, char *buf, size_t size);

/* Set one attribute from text in a spelling; 0, or -EINVAL with *why set. */
int rule_attr_parse(struct filter_rule *rule, enum rule_attr attr, const char *text,
		    enum attr_spelling spelling, const char **why);

/* The getopt letters of every attribute flag ("a:s:m:..."), for genfilt and chfilt. */
const char *rule_attr_optstring(void);
/* Whether any attribute flag was given. */
bool rule_attr_flags_given(const struct cmd_flags *flags);

/*
 * Set the rule's attributes from the attribute flags present in flags,
 * then check the constraints between them. A problem is reported naming
 * the flag and its value; returns 0 or -EINVAL.
 */
int rule_apply_flags(struct filter_rule *rule, const struct cmd_flags *flags);

/*
 * The kernel's record of a rule, and back (for lsfilt -a). The interface
 * class is the compiler's to set.
 */
void rule_encode(const struct filter_rule *rule, struct ebfilt_rule *out);
void rule_decode(const struct ebfilt_rule *in, uint8_t version, struct filter_rule *out);
/* The rule as the kernel would hold it, back in the rule's form: what can differ in force. */
void rule_as_held(const struct filter_rule *in, struct filter_rule *out);

/* A rule that breaks a cross-attribute constraint, and why. */
struct rule_fault {
	enum rule_attr attr;
	char why[96];
};

/*
 * Check the constraints between attributes (mask vs address, operator vs
 * protocol, ICMP ranges, pattern vs direction ...). Returns 0, or -EINVAL
 * with *fault describing the first problem found.
 */
int rule_check(const struct filter_rule *rule, struct rule_fault *fault);

#endif
