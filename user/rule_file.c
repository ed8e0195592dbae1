// SPDX-License-Identifier: GPL-2.0
/*
 * The rule-file syntax (ebfilt-rules(5)): one rule per line,
 *   <action> key=value ...        a rule
 *   default <permit|deny> [log=]  the default rule, last
 * with '#' comments and blank lines ignored, and "..." quoting with \" and
 * \\ escapes for text values.
 */
#include <ctype.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "log.h"
#include "rule_format.h"
#include "rule_parse.h"
#include "rule_table.h"

#define LINE_MAX_LEN 4096	/* bytes, without the newline */

static void write_quoted(FILE *out, const char *key, const char *text)
{
	fprintf(out, " %s=\"", key);
	for (; *text; text++) {
		if (*text == '"' || *text == '\\')
			fputc('\\', out);
		fputc(*text, out);
	}
	fputc('"', out);
}

void rule_file_write_rule(FILE *out, const struct filter_rule *rule)
{
	char addr[RULE_ADDR_TEXT_MAX], mask[RULE_ADDR_TEXT_MAX], proto[4];
	uint8_t v = rule->version;

	fprintf(out, "%s", rule_name_word(action_names, rule->action));
	fprintf(out, " src=%s/%s", rule_addr_text(v, &rule->src, addr),
		rule_mask_text(v, rule->src.prefix, mask));
	fprintf(out, " dst=%s/%s", rule_addr_text(v, &rule->dst, addr),
		rule_mask_text(v, rule->dst.prefix, mask));
	fprintf(out, " srcroute=%s proto=%s", rule->src_route ? "yes" : "no",
		proto_text(rule->proto, rule->tcp_ack, proto));
	fprintf(out, " sport=%s:%u dport=%s:%u",
		rule_name_word(op_names, rule->sport.op), rule->sport.value,
		rule_name_word(op_names, rule->dport.op), rule->dport.value);
	fprintf(out, " scope=%s dir=%s log=%s frag=%s",
		rule_name_word(scope_names, rule->scope), rule_name_word(dir_names, rule->dir),
		rule->log ? "yes" : "no", rule_name_word(frag_names, rule->frag));
	fprintf(out, " tunnel=%u iface=%s expire=%u", rule->tunnel, rule->iface, rule->expire);
	if (rule->pattern_kind != PATTERN_NONE)
		write_quoted(out, rule->pattern_kind == PATTERN_TEXT ? "pattern" : "patternfile",
			     rule->pattern);
	if (rule->desc[0])
		write_quoted(out, "desc", rule->desc);
	fputc('\n', out);
}

void rule_file_write_default(FILE *out, const struct filter_rule *rule)
{
	fprintf(out, "default %s log=%s\n", rule_name_word(action_names, rule->action),
		rule->log ? "yes" : "no");
}

/* Where a problem was found, for one-line messages. */
struct file_pos {
	const char *path;
	unsigned int line;
};

static int bad(const struct file_pos *pos, const char *what, const char *why)
{
	pr_err("%s:%u: %s: %s", pos->path, pos->line, what, why);
	return -EINVAL;
}

/*
 * Split off the next "key=value" token, unquoting the value in place.
 * Returns 1 with *key and *value set, 0 at the end of the line, or -EINVAL.
 */
static int next_token(char **cursor, char **key, char **value, const char **why)
{
	char *p = *cursor + strspn(*cursor, " \t"), *out;

	if (!*p)
		return 0;
	*key = p;
	p += strcspn(p, "= \t");
	if (*p != '=') {
		*cursor = *key;
		*why = "expected key=value";
		return -EINVAL;
	}
	*p++ = '\0';
	*value = out = p;
	if (*p != '"') {
		p += strcspn(p, " \t");
		if (*p)
			*p++ = '\0';
		*cursor = p;
		return 1;
	}
	/* Find the closing quote first, so an error can show the token intact. */
	for (p++; *p && *p != '"'; p++)
		if (*p == '\\' && (p[1] == '"' || p[1] == '\\'))
			p++;
	if (*p != '"' || (p[1] && !isspace((unsigned char)p[1]))) {
		*cursor = *key;
		(*value)[-1] = '=';
		*why = "unterminated quoted value";
		return -EINVAL;
	}
	for (char *in = *value + 1; in < p; in++) {
		if (*in == '\\')
			in++;
		*out++ = *in;
	}
	*out = '\0';
	*cursor = p + 1;
	return 1;
}

static int parse_enum_word(const struct rule_name *table, const char *value, int *out,
			   const char **why)
{
	if (rule_name_by_word(table, value, out) == 0)
		return 0;
	*why = "not one of the allowed words (see ebfilt-rules(5))";
	return -EINVAL;
}

static int parse_bool_word(const char *value, bool *out, const char **why)
{
	int v;

	if (parse_enum_word(yesno_names, value, &v, why))
		return -EINVAL;
	*out = v;
	return 0;
}

/* "ADDR/MASK" for src= and dst=. */
static int parse_addr_mask(uint8_t version, char *value, struct rule_addr *addr,
			   const char **why)
{
	char *slash = strrchr(value, '/');
	int err;

	if (!slash) {
		*why = "expected ADDRESS/MASK";
		return -EINVAL;
	}
	*slash = '\0';
	err = parse_addr(version, value, addr->bytes, why);
	if (!err)
		err = parse_mask(version, slash + 1, &addr->prefix, why);
	*slash = '/';
	return err;
}

/* "OP:VALUE" for sport= and dport=. */
static int parse_port_match(char *value, struct port_match *port, const char **why)
{
	char *colon = strchr(value, ':');
	unsigned long number;
	enum port_op op;
	int err;

	if (!colon) {
		*why = "expected OPERATOR:VALUE";
		return -EINVAL;
	}
	*colon = '\0';
	err = parse_op(value, &op, why);
	if (!err && parse_number(colon + 1, 65535, &number, why)) {
		*why = "port out of range 0-65535";
		err = -EINVAL;
	}
	*colon = ':';
	if (!err)
		*port = (struct port_match){ op, (uint16_t)number };
	return err;
}

static int parse_key(struct filter_rule *rule, const char *key, char *value, const char **why)
{
	unsigned long number;
	int v, err;

	if (!strcmp(key, "src"))
		return parse_addr_mask(rule->version, value, &rule->src, why);
	if (!strcmp(key, "dst"))
		return parse_addr_mask(rule->version, value, &rule->dst, why);
	if (!strcmp(key, "srcroute"))
		return parse_bool_word(value, &rule->src_route, why);
	if (!strcmp(key, "proto"))
		return parse_proto(value, &rule->proto, &rule->tcp_ack, why);
	if (!strcmp(key, "sport"))
		return parse_port_match(value, &rule->sport, why);
	if (!strcmp(key, "dport"))
		return parse_port_match(value, &rule->dport, why);
	if (!strcmp(key, "log"))
		return parse_bool_word(value, &rule->log, why);
	if (!strcmp(key, "iface"))
		return parse_iface(value, rule->iface, why);
	if (!strcmp(key, "desc"))
		return parse_text(value, RULE_DESC_MAX, rule->desc, why);
	if (!strcmp(key, "pattern") || !strcmp(key, "patternfile")) {
		if (rule->pattern_kind != PATTERN_NONE) {
			*why = "a rule has at most one of pattern= and patternfile=";
			return -EINVAL;
		}
		rule->pattern_kind = key[7] ? PATTERN_FILE : PATTERN_TEXT;
		if (rule->pattern_kind == PATTERN_TEXT)
			return parse_pattern(value, rule->pattern, why);
		if (value[0] != '/') {
			*why = "pattern file must be an absolute path";
			return -EINVAL;
		}
		return parse_text(value, RULE_PATTERN_MAX, rule->pattern, why);
	}
	if (!strcmp(key, "tunnel") || !strcmp(key, "expire")) {
		err = parse_number(value, RULE_NUMBER_MAX, &number, why);
		if (!err)
			*(key[0] == 't' ? &rule->tunnel : &rule->expire) = (uint32_t)number;
		return err;
	}
	if (!strcmp(key, "scope") || !strcmp(key, "dir") || !strcmp(key, "frag")) {
		const struct rule_name *table = key[0] == 's' ? scope_names :
						key[0] == 'd' ? dir_names : frag_names;

		err = parse_enum_word(table, value, &v, why);
		if (!err && key[0] == 's')
			rule->scope = (enum rule_scope)v;
		else if (!err && key[0] == 'd')
			rule->dir = (enum rule_dir)v;
		else if (!err)
			rule->frag = (enum frag_ctl)v;
		return err;
	}
	*why = "unknown key";
	return -EINVAL;
}

/* The key=value tokens of one line, for duplicate keys and messages. */
struct line_tokens {
	const char *token[32];
	size_t count;
};

static const char *find_token(const struct line_tokens *tokens, const char *key)
{
	size_t i, len = strlen(key);

	for (i = 0; i < tokens->count; i++)
		if (!strncmp(tokens->token[i], key, len) && tokens->token[i][len] == '=')
			return tokens->token[i];
	return NULL;
}

static int parse_attributes(const struct file_pos *pos, char *cursor, struct filter_rule *rule,
			    bool default_line, struct line_tokens *tokens)
{
	const char *why = NULL;
	char *key, *value;
	int more;

	while ((more = next_token(&cursor, &key, &value, &why)) > 0) {
		if (find_token(tokens, key))
			return bad(pos, key, "key given twice");
		if (tokens->count == sizeof(tokens->token) / sizeof(tokens->token[0]))
			return bad(pos, key, "too many keys on one line");
		if (default_line && strcmp(key, "log"))
			return bad(pos, key, "the default rule takes only log=");
		/* Rejoin "key=value" so messages can quote the whole token. */
		if (parse_key(rule, key, value, &why)) {
			value[-1] = '=';
			return bad(pos, key, why);
		}
		value[-1] = '=';
		tokens->token[tokens->count++] = key;
	}
	return more < 0 ? bad(pos, cursor, why) : 0;
}

static int check_rule(const struct file_pos *pos, const struct filter_rule *rule,
		      const struct line_tokens *tokens)
{
	struct rule_fault fault;
	const char *key, *token;

	if (!rule_check(rule, &fault))
		return 0;
	key = rule_attrs[fault.attr].key;
	token = key ? find_token(tokens, key) : NULL;
	return bad(pos, token ? token : key ? key : rule_name_word(action_names, rule->action),
		   fault.why);
}

/* Line words before the attributes: [ID] then the action or "default ACTION". */
static int parse_rule_line(const struct file_pos *pos, char *line, bool numbered,
			   unsigned long *id, struct filter_rule *rule, bool *is_default)
{
	struct line_tokens tokens = { .count = 0 };
	const char *why;
	char *word;
	int action;

	word = strtok_r(line, " \t", &line);
	if (numbered) {
		if (parse_number(word, UINT32_MAX, id, &why))
			return bad(pos, word, "expected a rule ID at the start of the line");
		word = strtok_r(NULL, " \t", &line);
		if (!word)
			return bad(pos, "rule", "missing action");
	}
	*is_default = !strcmp(word, "default");
	if (*is_default) {
		word = strtok_r(NULL, " \t", &line);
		if (!word || rule_name_by_word(action_names, word, &action) ||
		    (action != ACTION_PERMIT && action != ACTION_DENY))
			return bad(pos, word ? word : "default", "default rule must be permit or deny");
	} else if (rule_name_by_word(action_names, word, &action)) {
		return bad(pos, word, "unknown action (permit deny if else endif shun_host shun_port)");
	}
	rule->action = (enum rule_action)action;
	if (*is_default)
		strcpy(rule->desc, "Default Rule");
	if (parse_attributes(pos, line ? line : (char *)"", rule, *is_default, &tokens))
		return -EINVAL;
	return *is_default ? 0 : check_rule(pos, rule, &tokens);
}

/* Next line into *buf (grown as needed): 1, 0 at the end, or -errno. */
static int read_line(FILE *in, struct file_pos *pos, char **buf, size_t *cap)
{
	ssize_t len = getline(buf, cap, in);

	if (len < 0)
		return ferror(in) ? -EIO : 0;
	pos->line++;
	if (len && (*buf)[len - 1] == '\n')
		(*buf)[--len] = '\0';
	if (strlen(*buf) != (size_t)len)
		return bad(pos, "line", "contains a NUL byte");
	if (len > LINE_MAX_LEN)
		return bad(pos, "line", "longer than 4096 bytes");
	return 1;
}

int rule_file_read(FILE *in, const char *path, uint8_t version, bool numbered,
		   rule_sink_fn sink, void *ctx)
{
	struct file_pos pos = { path, 0 };
	unsigned long position = 0, id;
	bool have_default = false, is_default;
	struct filter_rule rule;
	char *buf = NULL;
	size_t cap = 0;
	int more, err = 0;

	while (!err && (more = read_line(in, &pos, &buf, &cap)) > 0) {
		char *line = buf + strspn(buf, " \t");

		if (!*line || *line == '#')
			continue;
		if (have_default) {
			err = bad(&pos, "rule", "rules must come before the default rule");
			break;
		}
		rule_init(&rule, version);
		err = parse_rule_line(&pos, line, numbered, &id, &rule, &is_default);
		if (err)
			break;
		if (!numbered)
			id = is_default ? 0 : ++position;
		have_default = is_default;
		err = sink(ctx, id, &rule);
	}
	free(buf);
	if (err || more < 0)
		return err ? err : more;
	if (!have_default) {
		pos.line++;
		return bad(&pos, "end of file", "no default rule (a last line 'default permit' or 'default deny')");
	}
	return 0;
}
