/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Building each packet field's classes into a classifier (internal to
 * user/compile/). Each returns 0 or -ENOMEM (-E2BIG: too many interfaces).
 */
#ifndef EBFILT_COMPILE_FIELDS_H
#define EBFILT_COMPILE_FIELDS_H

#include "compile/classifier.h"

/*
 * Source or destination addresses: the sorted intervals into *out (at
 * least one), the class of 0/0 into *any_class.
 */
int build_addr_classes(struct classifier *c, const struct rule_table *table, bool src,
		       struct ebfilt_addr_bound **out, size_t *nout, uint32_t *any_class);
/* Source or destination ports (or ICMP type and code): classes[EBFILT_PORT_KEYS]. */
int build_port_classes(struct classifier *c, const struct rule_table *table, bool src,
		       uint32_t *classes);
int build_proto_classes(struct classifier *c, const struct rule_table *table);
/* rule_iface[i] is the interface class of rule i + 1 (see iface_class). */
int build_meta_classes(struct classifier *c, const struct rule_table *table,
		       const uint32_t *rule_iface);

/* The interface class of a rule: 0 for "all", else 1.. by first use. */
int iface_class(struct classifier *c, const char *name, uint32_t *class);

#endif
