// SPDX-License-Identifier: GPL-2.0
/*
 * make bench's bridge to nftables, so both filters judge the same traffic
 * by the same rules:
 *
 *   rules2nft translate RULES-FILE VERSION DEVICE [ingress|prerouting]
 *       print an nft ruleset holding the table's inbound rules, in order,
 *       in a netdev ingress chain on DEVICE (the nft hook nearest XDP), or
 *       in an ip/ip6 prerouting chain for packets from DEVICE (where NFLOG
 *       hands ulogd2 packets it can decode).
 *       Every rule counts, as ebfilt's do; rules that log get "log group
 *       1". Non-IP traffic passes, as
 *       through ebfilt. What nft cannot be told here (scope, fragments,
 *       source routing, patterns ...) is refused with the rule's number.
 *   rules2nft probe RULES-FILE SRC DST
 *       print "SPORT DPORT" of a UDP packet from SRC to DST that the
 *       table's last rule is the first to match (IPv4), so a flood of it
 *       passes every rule before the verdict.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <stdbool.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/diag.h"
#include "oracle.h"
#include "rules/file.h"
#include "rules/table.h"

static int read_table(struct rule_table *t, const char *path, uint8_t version)
{
	FILE *in = fopen(path, "r");
	int err;

	rule_table_init(t, version);
	if (!in) {
		perror(path);
		return -1;
	}
	err = rule_file_read(in, path, version, false, rule_table_append, t);
	fclose(in);
	return err ? -1 : 0;
}

static void print_addr(const char *key, uint8_t version, const struct rule_addr *a)
{
	char text[INET6_ADDRSTRLEN];

	if (!a->prefix)
		return;
	inet_ntop(version == 4 ? AF_INET : AF_INET6, a->bytes, text, sizeof(text));
	printf(" %s %s %s/%u", version == 4 ? "ip" : "ip6", key, text, a->prefix);
}

static void print_port(const char *proto, const char *key, const struct port_match *m)
{
	static const char *const ops[] = { "", "", "!= ", "< ", "<= ", "> ", ">= " };

	if (m->op != EBFILT_OP_ANY)
		printf(" %s %s %s%u", proto, key, ops[m->op], m->value);
}

/* The reason rule r cannot be written for nft here, or NULL. */
static const char *untranslatable(const struct filter_rule *r)
{
	if (r->action != EBFILT_PERMIT && r->action != EBFILT_DENY)
		return "only permit and deny rules";
	if (r->scope != EBFILT_SCOPE_BOTH || r->frag != EBFILT_FRAGCTL_ALL || !r->src_route)
		return "scope, fragment and source-routing controls";
	if (r->tunnel || r->expire || r->pattern_kind != PATTERN_NONE)
		return "tunnels, expiry and patterns";
	if (r->proto == PROTO_ALL && (r->sport.op != EBFILT_OP_ANY || r->dport.op != EBFILT_OP_ANY))
		return "ports without a protocol";
	return NULL;
}

static void print_match(const struct filter_rule *r)
{
	const char *name = r->proto == IPPROTO_TCP ? "tcp" : r->proto == IPPROTO_UDP ? "udp" : NULL;

	print_addr("saddr", r->version, &r->src);
	print_addr("daddr", r->version, &r->dst);
	if (strcmp(r->iface, "all"))
		printf(" iifname \"%s\"", r->iface);
	if (name) {
		printf(" meta l4proto %s", name);
		print_port(name, "sport", &r->sport);
		print_port(name, "dport", &r->dport);
		if (r->tcp_ack)
			printf(" tcp flags & ack == ack");
	} else if (r->proto == IPPROTO_ICMP || r->proto == IPPROTO_ICMPV6) {
		name = r->proto == IPPROTO_ICMP ? "icmp" : "icmpv6";
		printf(" meta l4proto %s", name);
		print_port(name, "type", &r->sport);
		print_port(name, "code", &r->dport);
	} else if (r->proto != PROTO_ALL) {
		printf(" meta l4proto %u", r->proto);
	}
}

static void print_chain_head(const struct rule_table *t, const char *device, bool ingress)
{
	const char *family = t->version == 4 ? "ip" : "ip6";

	if (ingress) {
		printf("table netdev ebfilt_bench {\n"
		       "\tchain ingress {\n"
		       "\t\ttype filter hook ingress device \"%s\" priority 0; policy accept;\n"
		       "\t\tmeta protocol != %s accept\n", device, family);
		return;
	}
	printf("table %s ebfilt_bench {\n"
	       "\tchain prerouting {\n"
	       "\t\ttype filter hook prerouting priority -300; policy accept;\n"
	       "\t\tiifname != \"%s\" accept\n", family, device);
}

static int translate(const struct rule_table *t, const char *device, bool ingress)
{
	const char *why;
	size_t i;

	print_chain_head(t, device, ingress);
	for (i = 0; i < t->count; i++) {
		const struct filter_rule *r = &t->rules[i];

		why = untranslatable(r);
		if (why) {
			fprintf(stderr, "rules2nft: rule %zu: nft translation supports %s\n", i + 1,
				why);
			return 1;
		}
		if (r->dir == EBFILT_DIR_OUTBOUND)
			continue;	/* never meets an inbound packet */
		printf("\t\t");
		print_match(r);	/* each match starts with a space */
		printf(" counter%s %s\n", r->log & RULE_LOG_YES ? " log group 1" : "",
		       r->action == EBFILT_PERMIT ? "accept" : "drop");
	}
	printf("\t\tcounter %s%s\n\t}\n}\n", t->default_rule.log & RULE_LOG_YES ? "log group 1 " : "",
	       t->default_rule.action == EBFILT_PERMIT ? "accept" : "drop");
	return 0;
}

static int probe(const struct rule_table *t, const char *src, const char *dst)
{
	struct test_path path = { .inbound = true, .local = true, .iface = "all" };
	struct test_packet p = { .version = 4, .proto = IPPROTO_UDP };
	unsigned int sport, dport;

	if (inet_pton(AF_INET, src, p.saddr) != 1 || inet_pton(AF_INET, dst, p.daddr) != 1) {
		fprintf(stderr, "rules2nft: %s or %s is not an IPv4 address\n", src, dst);
		return 2;
	}
	for (sport = 40000; sport < 40100; sport++) {
		for (dport = 9; dport < 65536; dport += 997) {
			p.sport = (uint16_t)sport;
			p.dport = (uint16_t)dport;
			if (t->count && oracle_match(t, &p, &path) == t->count) {
				printf("%u %u\n", sport, dport);
				return 0;
			}
		}
	}
	fprintf(stderr, "rules2nft: no UDP packet from %s to %s reaches the last rule\n", src,
		dst);
	return 1;
}

int main(int argc, char **argv)
{
	struct rule_table t;
	int rc;

	diag_init("rules2nft");
	if ((argc == 5 || argc == 6) && !strcmp(argv[1], "translate")) {
		if (read_table(&t, argv[2], (uint8_t)atoi(argv[3])))
			return 1;
		rc = translate(&t, argv[4], argc == 5 || strcmp(argv[5], "prerouting"));
	} else if (argc == 5 && !strcmp(argv[1], "probe")) {
		if (read_table(&t, argv[2], 4))
			return 1;
		rc = probe(&t, argv[3], argv[4]);
	} else {
		fprintf(stderr, "usage: rules2nft translate RULES-FILE 4|6 DEVICE [ingress|prerouting]\n"
				"       rules2nft probe RULES-FILE SRC DST\n");
		return 2;
	}
	rule_table_free(&t);
	return rc;
}
