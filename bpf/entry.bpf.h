/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The tc entry points, declared once for the dispatcher and the filter:
 * a program per direction (the kernel gives a tc program no direction of
 * its own), each handing the packet to fn with 1 for inbound, 0 for
 * outbound, and raw_ip: whether its frames start at the IP header (an
 * interface without an Ethernet header: tun, WireGuard, xfrm, GRE, ipip),
 * which only the interface it is attached to can tell.
 */
#ifndef EBFILT_ENTRY_BPF_H
#define EBFILT_ENTRY_BPF_H

#define TC_ENTRY_POINTS(in_name, out_name, fn, raw_ip)	\
	SEC("tc")					\
	int in_name(struct __sk_buff *skb)		\
	{						\
		return fn(skb, 1, raw_ip);		\
	}						\
							\
	SEC("tc")					\
	int out_name(struct __sk_buff *skb)		\
	{						\
		return fn(skb, 0, raw_ip);		\
	}

#endif
