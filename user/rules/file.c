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
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "rules/attr.h"
#include "rules/file.h"
#include "rules/parse.h"
#include "util/diag.h"
#include "util/escape.h"
#include "util/file.h"


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

/* The action word, then every attribute with a key, in the table's order. */
void rule_file_write_rule(FILE *out, const struct filter_rule *rule)
{
	char value[RULE_PATTERN_MAX + 1];
	const struct rule_attr_info *a;

	fputs(rule_name_word(NAMES_ACTION, rule->action), out);
	for (a = rule_attrs; a < rule_attrs + ATTR_COUNT; a++) {
		if (!a->key)
			continue;
		rule_attr_print(rule, (enum rule_attr)(a - rule_attrs), 1, SPELL_WORD, value,
				sizeof(value));
		if (a->join)
			fprintf(out, "%c%s", a->join, value);
		else if ((a->flags & ATTRF_FILE_OPTIONAL) && !*value)
			continue;
		else if (a->flags & ATTRF_QUOTED)
			write_quoted(out, a->key, value);
		else
			fprintf(out, " %s=%s", a->key, value);
	}
	fputc('\n', out);
}

void rule_file_write_default(FILE *out, const struct filter_rule *rule)
{
	fprintf(out, "default %s log=%s\n", rule_name_word(NAMES_ACTION, rule->action),
		rule_name_word(NAMES_LOG, rule->log));
}

/* The offending token is quoted, escaped and cut short: never more of the file. */
static int bad(const struct line_reader *pos, const char *what, const char *why)
{
	char token[ESCAPED_MAX];

	pr_err("%s:%u: %s: %s", pos->path, pos->line,
	       escape_text(what, ESCAPE_TOKEN_MAX, token, sizeof(token)), why);
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

/*
 * One key=value. A key that holds two attributes ("src=ADDRESS/MASK",
 * "sport=OPERATOR:VALUE") has the second one's separator in the table.
 */
static int parse_key(struct filter_rule *rule, const char *key, char *value, const char **why)
{
	static char expected[64];
	const struct rule_attr_info *a = rule_attrs, *second;
	enum rule_attr attr;
	char *sep;
	int err;

	while (a < rule_attrs + ATTR_COUNT && !(a->key && !a->join && !strcmp(a->key, key)))
		a++;
	if (a == rule_attrs + ATTR_COUNT) {
		*why = "unknown key";
		return -EINVAL;
	}
	attr = (enum rule_attr)(a - rule_attrs);
	second = attr + 1 < ATTR_COUNT && a[1].join ? &a[1] : NULL;
	if (!second)
		return rule_attr_parse(rule, attr, value, SPELL_WORD, why);
	sep = strrchr(value, second->join);
	if (!sep) {
		snprintf(expected, sizeof(expected), "expected %s%c%s", a->metavar, second->join,
			 second->metavar);
		*why = expected;
		return -EINVAL;
	}
	*sep = '\0';
	err = rule_attr_parse(rule, attr, value, SPELL_WORD, why);
	if (!err)
		err = rule_attr_parse(rule, attr + 1, sep + 1, SPELL_WORD, why);
	*sep = second->join;
	return err;
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

static int parse_attributes(const struct line_reader *pos, char *cursor, struct filter_rule *rule,
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

static int check_rule(const struct line_reader *pos, const struct filter_rule *rule,
		      const struct line_tokens *tokens)
{
	struct rule_fault fault;
	const char *key, *token;

	if (!rule_check(rule, &fault))
		return 0;
	key = rule_attrs[fault.attr].key;
	token = key ? find_token(tokens, key) : NULL;
	return bad(pos, token ? token : key ? key : rule_name_word(NAMES_ACTION, rule->action),
		   fault.why);
}

/* Line words before the attributes: [ID] then the action or "default ACTION". */
static int parse_rule_line(const struct line_reader *pos, char *line, bool numbered,
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
		if (!word || rule_name_by_word(NAMES_ACTION, word, &action) ||
		    (action != EBFILT_PERMIT && action != EBFILT_DENY))
			return bad(pos, word ? word : "default", "default rule must be permit or deny");
	} else if (rule_name_by_word(NAMES_ACTION, word, &action)) {
		return bad(pos, word, "unknown action (permit deny if else endif shun_host shun_port)");
	}
	rule->action = (enum ebfilt_action)action;
	if (*is_default)
		strcpy(rule->desc, "Default Rule");
	if (parse_attributes(pos, line ? line : (char *)"", rule, *is_default, &tokens))
		return -EINVAL;
	/* The default rule too: a deny default cannot log sessions. */
	return check_rule(pos, rule, &tokens);
}

/* A numbered line's ID: 0 for the default rule only, and rising. */
static int check_id(const struct line_reader *pos, unsigned long id, bool is_default,
		    unsigned long *last)
{
	if (is_default != (id == 0))
		return bad(pos, is_default ? "default" : "0",
			   is_default ? "the default rule has ID 0" : "rule ID 0 is the default rule");
	if (!is_default && id <= *last)
		return bad(pos, "rule", "rule IDs must rise from line to line");
	*last = id;
	return 0;
}

int rule_file_read(FILE *in, const char *path, uint8_t version, bool numbered,
		   rule_sink_fn sink, void *ctx)
{
	struct line_reader pos = { .in = in, .path = path };
	unsigned long position = 0, id;
	bool have_default = false, is_default;
	struct filter_rule rule;
	char *line;
	int more, err = 0;

	while (!err && (more = line_next(&pos, &line)) > 0) {
		line += strspn(line, " \t");

		if (!*line || *line == '#')
			continue;
		if (have_default) {
			err = bad(&pos, "rule", "rules must come before the default rule");
			break;
		}
		rule_init(&rule, version);
		err = parse_rule_line(&pos, line, numbered, &id, &rule, &is_default);
		if (!err && numbered)
			err = check_id(&pos, id, is_default, &position);
		if (err)
			break;
		if (!numbered)
			id = is_default ? 0 : ++position;
		have_default = is_default;
		err = sink(ctx, id, &rule);
	}
	line_reader_free(&pos);
	if (err || more < 0)
		return err ? err : more;
	if (!have_default) {
		pos.line++;
		return bad(&pos, "end of file", "no default rule (a last line 'default permit' or 'default deny')");
	}
	return 0;
}
