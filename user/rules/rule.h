/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The filter rule: every attribute of an AIX genfilt rule in one struct,
 * and the name tables of its enumerated values. The enums are the kernel's
 * (include/ebfilt/abi.h), so a rule reaches the kernel without
 * translation. How each attribute is spelt, parsed and printed is declared
 * once, in rules/attr.h. Addresses are stored in network byte order;
 * everything else in host order.
 */
#ifndef EBFILT_RULES_RULE_H
#define EBFILT_RULES_RULE_H

#include <net/if.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "ebfilt/abi.h"

#define RULE_DESC_MAX      255	/* bytes of -D text */
#define RULE_PATTERN_MAX   255	/* bytes of -x text, or of an -X path */
#define RULE_NUMBER_MAX    2147483647UL	/* largest -t and -e value */

enum pattern_kind { PATTERN_NONE, PATTERN_TEXT, PATTERN_FILE };

/* The protocol number ebfilt stores for -c all (IP protocol 0 is never allowed). */
#define PROTO_ALL 0

struct rule_addr {
	uint8_t bytes[16];	/* network order; IPv4 uses the first 4 */
	uint8_t prefix;		/* mask as a prefix length: masks are contiguous */
};

struct port_match {
	enum ebfilt_port_op op;
	uint16_t value;		/* port, or ICMP type (source) / code (destination) */
};

struct filter_rule {
	uint8_t version;	/* 4 or 6: the table the rule lives in */
	enum ebfilt_action action;
	struct rule_addr src, dst;
	bool src_route;		/* -g: may apply to source-routed packets */
	uint8_t proto;		/* IANA protocol number, PROTO_ALL for "all" */
	bool tcp_ack;		/* -c tcp/ack: proto is TCP and ACK must be set */
	struct port_match sport, dport;
	enum ebfilt_scope scope;
	enum ebfilt_dir dir;
	uint8_t log;		/* RULE_LOG_*: -l N, Y or D */
	enum ebfilt_frag_ctl frag;
	uint32_t tunnel;	/* -t, 0 = not tunnel traffic */
	uint32_t expire;	/* -e seconds, 0 = never */
	char iface[IF_NAMESIZE];	/* "all" or an interface name */
	enum pattern_kind pattern_kind;
	char pattern[RULE_PATTERN_MAX + 1];	/* -x text, or -X absolute path */
	char desc[RULE_DESC_MAX + 1];
};

/* The sets of enumerated values that have names. */
enum name_set { NAMES_NONE, NAMES_ACTION, NAMES_OP, NAMES_SCOPE, NAMES_DIR, NAMES_FRAG,
		NAMES_YESNO, NAMES_PROTO, NAMES_LOG };

/*
 * -l: bit 0 logs each packet, bit 1 adds the payload (detail) to its
 * record, bit 2 summarises each permitted session (S, YS, DS).
 */
enum rule_log { RULE_LOG_NO = 0, RULE_LOG_YES = 1, RULE_LOG_DETAIL = 3, RULE_LOG_SESSION = 4,
		RULE_LOG_YES_SESSION = 5, RULE_LOG_DETAIL_SESSION = 7 };

/*
 * An enumerated value has a letter (the command-line form, matched
 * case-insensitively; operators and protocols have none; -l's have up to
 * two: "YS"), a word (the rule-file form) and a text (what lsfilt prints).
 * Look-ups return 0 and set *value, or -EINVAL when nothing matches.
 */
int rule_name_by_letter(enum name_set set, const char *arg, int *value);
int rule_name_by_word(enum name_set set, const char *word, int *value);
/* Never NULL: an out-of-set value yields "?" ('?' for the letter). */
const char *rule_name_word(enum name_set set, int value);
const char *rule_name_text(enum name_set set, int value);
const char *rule_name_letter(enum name_set set, int value);
/* "D|P|I" style list of the letters, for messages. Static buffer. */
const char *rule_name_letters(enum name_set set);

/*
 * Protocol by name ("tcp", "tcp/ack", "all", ...): 0, or -EINVAL when the
 * word is not one of genfilt's protocol names.
 */
int proto_by_name(const char *word, uint8_t *proto, bool *tcp_ack);
/* "tcp", "tcp/ack", "all", or the decimal number when it has no name. */
const char *proto_text(uint8_t proto, bool tcp_ack, char buf[4]);

/* A new rule with AIX's genfilt defaults for the given IP version. */
void rule_init(struct filter_rule *rule, uint8_t version);

/* Whether the protocol carries ICMP type/code rather than ports. */
bool rule_is_icmp(const struct filter_rule *rule);

/* The network of a rule address: its first prefix bits, the rest zero (a rule may keep host bits). */
void rule_addr_masked(const struct rule_addr *a, uint8_t out[16]);

#endif
