/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Seeded random rules and packets (tests and benchmarks). Addresses come
 * from the documentation networks so rules and packets meet often.
 */
#ifndef EBFILT_TEST_RANDOM_RULES_H
#define EBFILT_TEST_RANDOM_RULES_H

#include <stdbool.h>
#include <stdint.h>

#include "packet.h"
#include "rules/table.h"

void random_seed(uint64_t seed);
/* Seed from EBFILT_TEST_SEED, else the time, and say which (a TAP comment). */
void random_seed_env(void);
uint32_t random_below(uint32_t n);	/* 0..n-1 */
bool random_chance(uint32_t percent);

/* A rule with every attribute drawn at random; iface names from the list. */
void random_rule(struct filter_rule *rule, uint8_t version, const char *const *ifaces,
		 size_t nifaces);
/*
 * Appended to t (initialised, and for version): about n random rules with
 * the stateful features: IF/ELSE/ENDIF blocks nested up to three deep,
 * narrow shun rules, and permit and deny rules with expirations either
 * long past or far ahead of RANDOM_STATE_AGE seconds, the age tests give
 * the activation. IF and shun times outlast any test, so the oracle needs
 * no clock.
 */
#define RANDOM_STATE_AGE 100
/* The tunnel ID random_stateful_table() gives some rules. */
#define RANDOM_TUNNEL 7

void random_stateful_table(struct rule_table *t, uint8_t version, size_t n,
			   const char *const *ifaces, size_t nifaces);

/* A packet, aimed half the time at the networks of one of the rules of table (may be NULL). */
void random_packet(struct test_packet *p, uint8_t version, const struct rule_table *table);
/*
 * An unfragmented packet that rule r matches by its headers (addresses,
 * protocol, ports, TCP ACK); its path (interface, direction, scope) is the
 * caller's to choose. A rule no packet can satisfy (lt 0, gt 65535) gets
 * a packet it does not match.
 */
void packet_for_rule(struct test_packet *p, const struct filter_rule *r);

#endif
