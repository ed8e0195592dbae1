// SPDX-License-Identifier: GPL-2.0
#include <arpa/inet.h>
#include <ctype.h>
#include <errno.h>
#include <limits.h>
#include <netdb.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>

#include "rules/parse.h"

static int fail(const char **why, const char *reason)
{
	*why = reason;
	return -EINVAL;
}

int parse_number(const char *text, unsigned long max, unsigned long *out, const char **why)
{
	unsigned long value = 0;
	const char *p;

	if (!*text)
		return fail(why, "empty number");
	for (p = text; *p; p++) {
		if (!isdigit((unsigned char)*p))
			return fail(why, "not a decimal number");
		if (value > (ULONG_MAX - 9) / 10)
			return fail(why, "number too large");
		value = value * 10 + (unsigned long)(*p - '0');
	}
	if (value > max)
		return fail(why, "number out of range");
	*out = value;
	return 0;
}

static bool looks_numeric(const char *text)
{
	return strspn(text, "0123456789.") == strlen(text) || strchr(text, ':');
}

static bool valid_hostname(const char *text)
{
	size_t len = strlen(text);

	return len > 0 && len < 254 &&
	       strspn(text, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-.") == len;
}

static int resolve_host(int family, const char *name, uint8_t out[16], const char **why)
{
	struct addrinfo hints = { .ai_family = family, .ai_socktype = SOCK_STREAM };
	struct addrinfo *res = NULL;

	if (getaddrinfo(name, NULL, &hints, &res) || !res)
		return fail(why, family == AF_INET ? "cannot resolve host name to an IPv4 address"
						    : "cannot resolve host name to an IPv6 address");
	if (family == AF_INET)
		memcpy(out, &((struct sockaddr_in *)res->ai_addr)->sin_addr, 4);
	else
		memcpy(out, &((struct sockaddr_in6 *)res->ai_addr)->sin6_addr, 16);
	freeaddrinfo(res);
	return 0;
}

int parse_addr(uint8_t version, const char *text, uint8_t out[16], const char **why)
{
	int family = version == 4 ? AF_INET : AF_INET6;

	memset(out, 0, 16);
	if (strcmp(text, "0") == 0)
		return 0;
	if (inet_pton(family, text, out) == 1)
		return 0;
	if (looks_numeric(text))
		return fail(why, version == 4 ? "not a valid IPv4 address" : "not a valid IPv6 address");
	if (!valid_hostname(text))
		return fail(why, "not an address or a host name");
	return resolve_host(family, text, out, why);
}

int parse_mask(uint8_t version, const char *text, uint8_t *prefix, const char **why)
{
	unsigned long bits;
	struct in_addr mask;
	uint32_t m;

	if (version == 6) {
		if (parse_number(text, 128, &bits, why))
			return fail(why, "IPv6 mask must be a prefix length 0-128");
		*prefix = (uint8_t)bits;
		return 0;
	}
	if (strcmp(text, "0") == 0) {
		*prefix = 0;
		return 0;
	}
	if (inet_pton(AF_INET, text, &mask) != 1)
		return fail(why, "not a dotted IPv4 mask");
	m = ntohl(mask.s_addr);
	/* Contiguous: the ones form a prefix, so ~m + 1 is a power of two. */
	if ((~m & (~m + 1)) != 0)
		return fail(why, "mask is not contiguous");
	*prefix = (uint8_t)__builtin_popcount(m);
	return 0;
}

int parse_proto(const char *text, uint8_t *proto, bool *tcp_ack, const char **why)
{
	char lower[16];
	unsigned long number;
	size_t i;

	for (i = 0; text[i] && i + 1 < sizeof(lower); i++)
		lower[i] = (char)tolower((unsigned char)text[i]);
	lower[i] = '\0';
	if (!text[i] && proto_by_name(lower, proto, tcp_ack) == 0)
		return 0;
	if (parse_number(text, 252, &number, why) || number < 1)
		return fail(why, "not a protocol (udp icmp icmpv6 tcp tcp/ack ospf ipip esp ah all, or 1-252)");
	*proto = (uint8_t)number;
	*tcp_ack = false;
	return 0;
}

int parse_op(const char *text, enum ebfilt_port_op *op, const char **why)
{
	char lower[4];
	int value;
	size_t i;

	for (i = 0; text[i] && i + 1 < sizeof(lower); i++)
		lower[i] = (char)tolower((unsigned char)text[i]);
	lower[i] = '\0';
	if (text[i] || rule_name_by_word(NAMES_OP, lower, &value))
		return fail(why, "operator must be one of lt le gt ge eq neq any");
	*op = (enum ebfilt_port_op)value;
	return 0;
}

int parse_iface(const char *text, char out[IF_NAMESIZE], const char **why)
{
	size_t len = strlen(text);
	const char *p;

	/* The kernel's own rule for device names (dev_valid_name), and printable. */
	if (len == 0 || len >= IF_NAMESIZE)
		return fail(why, "interface name must be 1-15 characters");
	if (!strcmp(text, ".") || !strcmp(text, "..") || strpbrk(text, "/:|\"\\"))
		return fail(why, "not a valid interface name");
	for (p = text; *p; p++)
		if (!isgraph((unsigned char)*p))
			return fail(why, "not a valid interface name (spaces or control characters)");
	memcpy(out, text, len + 1);
	return 0;
}

int parse_text(const char *text, size_t max, char *out, const char **why)
{
	size_t len = strlen(text);
	const char *p;

	if (len > max)
		return fail(why, "text too long");
	for (p = text; *p; p++) {
		if (iscntrl((unsigned char)*p))
			return fail(why, "control characters are not allowed");
		if (*p == '|')
			return fail(why, "the character | is not allowed");
	}
	memcpy(out, text, len + 1);
	return 0;
}

static int hex_digit(char c)
{
	return c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10
		: c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1;
}

int pattern_decode(const char *text, uint8_t *out, const char **why)
{
	size_t len = strlen(text), i;
	int hi, lo;

	if (!len) {
		*why = "empty pattern";
		return -EINVAL;
	}
	if (strncmp(text, "0x", 2) && strncmp(text, "0X", 2)) {
		memcpy(out, text, len);
		return (int)len;
	}
	if (len == 2 || len % 2) {
		*why = "hex pattern needs an even number of hex digits after 0x";
		return -EINVAL;
	}
	for (i = 2; i < len; i += 2) {
		hi = hex_digit(text[i]);
		lo = hex_digit(text[i + 1]);
		if (hi < 0 || lo < 0) {
			*why = "hex pattern needs an even number of hex digits after 0x";
			return -EINVAL;
		}
		out[i / 2 - 1] = (uint8_t)(hi << 4 | lo);
	}
	return (int)(len / 2 - 1);
}

int parse_pattern(const char *text, char out[RULE_PATTERN_MAX + 1], const char **why)
{
	uint8_t bytes[RULE_PATTERN_MAX + 1];

	if (strlen(text) > RULE_PATTERN_MAX)
		return parse_text(text, RULE_PATTERN_MAX, out, why);	/* its message */
	if (pattern_decode(text, bytes, why) < 0)
		return -EINVAL;
	return parse_text(text, RULE_PATTERN_MAX, out, why);
}

int parse_pattern_file(const char *text, char out[RULE_PATTERN_MAX + 1], const char **why)
{
	char path[PATH_MAX];
	struct stat st;

	if (!realpath(text, path) || stat(path, &st) || !S_ISREG(st.st_mode))
		return fail(why, "pattern file does not exist or is not a regular file");
	if (access(path, R_OK))
		return fail(why, "pattern file is not readable");
	return parse_text(path, RULE_PATTERN_MAX, out, why);
}
