/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The order of the rules' bits in the bitmaps (internal to user/compile/;
 * the kernel's side is struct ebfilt_rule_order in include/ebfilt/abi.h).
 */
#ifndef EBFILT_COMPILE_ORDER_H
#define EBFILT_COMPILE_ORDER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "ebfilt/abi.h"
#include "rules/table.h"

/*
 * order[b] = the index (rule ID - 1) of the rule bit b stands for, for
 * the table's count bits: the table's own order when table_order, else
 * rules alike in their addresses side by side, and by rule ID within
 * each 64-bit word. 0 or -ENOMEM.
 */
int rule_order_build(const struct rule_table *table, bool table_order, uint32_t *order);
/* The kernel's form of an order of n bits. */
void rule_order_encode(const uint32_t *order, size_t n, struct ebfilt_rule_order *out);

#endif
