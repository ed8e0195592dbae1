// SPDX-License-Identifier: GPL-2.0
/*
 * ipsec_log dump -f pcap: each packet record as a pcap packet of link type
 * PFLOG (BSD pf's log), so tcpdump -e and Wireshark show the rule, the
 * action, the direction and the interface before the packet's captured IP
 * bytes.
 */
#include <errno.h>
#include <pcap/pcap.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "logging/dump_priv.h"

/*
 * The PFLOG header as NetBSD, DragonFly BSD and Darwin write it, which
 * every tcpdump and Wireshark reads: 61 bytes (its length field) padded to
 * 64, where readers look for the IP header. Multi-byte fields are in
 * network order (rulenr and subrulenr are read so; uid and pid are all
 * ones, "none", which reads the same in either order).
 */
struct pflog_hdr {
	uint8_t length;		/* PFLOG_HDR_LEN */
	uint8_t af;		/* BSD's numbers: 2 IPv4, 24 IPv6 */
	uint8_t action;		/* PF_PASS, PF_DROP */
	uint8_t reason;		/* PFRES_* */
	char ifname[16];
	char ruleset[16];	/* pf's anchor; "shun" for the shun list's records */
	uint32_t rulenr;
	uint32_t subrulenr;	/* ~0: none */
	uint32_t uid;
	int32_t pid;
	uint32_t rule_uid;
	int32_t rule_pid;
	uint8_t dir;		/* PF_IN, PF_OUT */
	uint8_t pad[3];
} __attribute__((packed));

#define PFLOG_HDR_LEN	61
#define PFLOG_AF_INET	2
#define PFLOG_AF_INET6	24	/* NetBSD's, OpenBSD's: every reader takes it */
#define PF_PASS		0
#define PF_DROP		1
#define PF_IN		1
#define PF_OUT		2
#define PFRES_MATCH	0
#define PFRES_FRAG	2
#define PFRES_SHORT	3

_Static_assert(sizeof(struct pflog_hdr) == 64, "pflog header layout");
_Static_assert(__builtin_offsetof(struct pflog_hdr, pad) == PFLOG_HDR_LEN, "pflog header length");

/*
 * What libpcap wrote into mem, copied to out: libpcap closes a stream it
 * could not write its file header to, and out is the caller's; copied,
 * out's write errors come back with their errno.
 */
static int pcap_copy_out(struct dump_out *d)
{
	if (fflush(d->mem))
		return -ENOMEM;
	errno = 0;
	if (d->mem_size && fwrite(d->mem_buf, 1, d->mem_size, d->out) != d->mem_size)
		return errno ? -errno : -EIO;
	rewind(d->mem);
	return 0;
}

int dump_pcap_open(struct dump_out *d)
{
	int err;

	if (isatty(fileno(d->out)))
		return -ENOTTY;
	d->mem = open_memstream(&d->mem_buf, &d->mem_size);
	if (!d->mem)
		return -ENOMEM;
	d->pcap = pcap_open_dead(DLT_PFLOG, 65535);
	if (!d->pcap) {
		fclose(d->mem);
		free(d->mem_buf);
		return -ENOMEM;
	}
	d->dumper = pcap_dump_fopen(d->pcap, d->mem);
	if (!d->dumper) {	/* libpcap closed mem */
		pcap_close(d->pcap);
		free(d->mem_buf);
		return -ENOMEM;
	}
	err = pcap_copy_out(d);
	if (err)
		dump_pcap_close(d);
	return err;
}

static uint8_t pflog_reason(enum log_why why)
{
	if (why == LOG_WHY_FRAG)
		return PFRES_FRAG;
	return why == LOG_WHY_UNSEEN ? PFRES_SHORT : PFRES_MATCH;
}

int dump_pcap(struct dump_out *d, const struct log_view *v)
{
	const struct ebfilt_log_record *r = v->pkt;
	uint8_t packet[sizeof(struct pflog_hdr) + EBFILT_LOG_CAPTURE_MAX];
	struct pflog_hdr *h = (struct pflog_hdr *)packet;
	size_t cap = r->cap_len <= EBFILT_LOG_CAPTURE_MAX ? r->cap_len : EBFILT_LOG_CAPTURE_MAX;
	struct pcap_pkthdr ph;

	memset(h, 0, sizeof(*h));
	h->length = PFLOG_HDR_LEN;
	h->af = r->version == 6 ? PFLOG_AF_INET6 : r->version == 4 ? PFLOG_AF_INET : 0;
	h->action = r->action == EBFILT_PERMIT ? PF_PASS : PF_DROP;
	h->reason = pflog_reason(log_why_of(r));
	if (v->ifname)
		strncpy(h->ifname, v->ifname, sizeof(h->ifname) - 1);
	if (log_why_of(r) == LOG_WHY_SHUN)
		memcpy(h->ruleset, "shun", 4);
	h->rulenr = htonl(r->rule_id);
	h->subrulenr = ~0u;
	h->uid = h->rule_uid = ~0u;
	h->pid = h->rule_pid = -1;
	h->dir = r->inbound ? PF_IN : PF_OUT;
	memcpy(packet + sizeof(*h), r->headers, cap);

	ph.ts.tv_sec = v->when.tv_sec;
	ph.ts.tv_usec = v->when.tv_nsec / 1000;
	ph.caplen = (bpf_u_int32)(sizeof(*h) + cap);
	/* The packet's length as it was: its IP length, when the header gave one. */
	ph.len = (bpf_u_int32)(sizeof(*h) + (r->ip_len > cap ? r->ip_len : cap));
	pcap_dump((u_char *)d->dumper, &ph, packet);
	return pcap_copy_out(d);
}

/* Every record was copied out as it came: nothing is left to write. */
int dump_pcap_close(struct dump_out *d)
{
	pcap_dump_close(d->dumper);	/* closes mem */
	pcap_close(d->pcap);
	free(d->mem_buf);
	d->dumper = NULL;
	d->pcap = NULL;
	d->mem = NULL;
	d->mem_buf = NULL;
	return 0;
}
