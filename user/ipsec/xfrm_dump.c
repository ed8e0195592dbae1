// SPDX-License-Identifier: GPL-2.0
/*
 * The SA and policy databases read with a NETLINK_XFRM dump: one request,
 * answers until NLMSG_DONE, each decoded by xfrm_decode.c. A dump the
 * kernel says was interrupted by a change (NLM_F_DUMP_INTR) may have
 * missed or repeated entries: it is started again, a few times at most.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/uio.h>
#include <unistd.h>

#include "ipsec/xfrm_priv.h"

#define DUMP_TRIES 3
/* Large enough for any answer: the kernel fills at most a page or two per read. */
#define DUMP_BUF (64 * 1024)

/* A growing array of n entries of size bytes. */
struct table {
	void *v;
	size_t n, cap, size;
};

static void *table_next(struct table *t)
{
	void *v;

	if (t->n == t->cap) {
		size_t cap = t->cap ? t->cap * 2 : 16;

		v = realloc(t->v, cap * t->size);
		if (!v)
			return NULL;
		t->v = v;
		t->cap = cap;
	}
	v = (char *)t->v + t->n * t->size;
	memset(v, 0, t->size);
	return v;
}

/* Decode message h into entry (struct xfrm_sa or xfrm_pol); 0 or -errno. */
typedef int (*decode_fn)(const struct nlmsghdr *h, size_t len, void *entry);

static int decode_sa(const struct nlmsghdr *h, size_t len, void *entry)
{
	return xfrm_decode_sa(h, len, entry);
}

static int decode_pol(const struct nlmsghdr *h, size_t len, void *entry)
{
	return xfrm_decode_pol(h, len, entry);
}

/*
 * The answers in buf (n bytes) to request seq: each entry of type
 * answer into t. 1 at the end of the dump, 0 for more, or -errno;
 * *intr set when the kernel says the dump was interrupted.
 */
static int take(const char *buf, size_t n, uint32_t seq, uint16_t answer, decode_fn decode,
		struct table *t, bool *intr)
{
	const struct nlmsghdr *h;
	struct nlmsgerr e;
	int done_err, err;
	void *entry;

	size_t step;

	for (; n >= NLMSG_HDRLEN; buf += step, n -= step) {
		h = (const struct nlmsghdr *)buf;
		if (h->nlmsg_len < NLMSG_HDRLEN || h->nlmsg_len > n)
			return -EINVAL;
		step = NLMSG_ALIGN(h->nlmsg_len) < n ? NLMSG_ALIGN(h->nlmsg_len) : n;
		if (h->nlmsg_seq != seq)
			continue;	/* not ours: a stale answer */
		if (h->nlmsg_flags & NLM_F_DUMP_INTR)
			*intr = true;
		if (h->nlmsg_type == NLMSG_DONE) {
			if (h->nlmsg_len >= NLMSG_LENGTH(sizeof(int))) {
				memcpy(&done_err, NLMSG_DATA(h), sizeof(done_err));
				if (done_err < 0)
					return done_err;
			}
			return 1;
		}
		if (h->nlmsg_type == NLMSG_ERROR) {
			if (h->nlmsg_len < NLMSG_LENGTH(sizeof(e)))
				return -EINVAL;
			memcpy(&e, NLMSG_DATA(h), sizeof(e));
			return e.error < 0 ? e.error : -EINVAL;
		}
		if (h->nlmsg_type != answer)
			continue;
		entry = table_next(t);
		if (!entry)
			return -ENOMEM;
		err = decode(h, h->nlmsg_len, entry);
		if (err)
			return err;
		t->n++;
	}
	return 0;
}

/* One dump of request type into t; 0 or -errno, -EAGAIN when interrupted. */
static int dump_once(int fd, uint16_t type, uint16_t answer, decode_fn decode, struct table *t,
		     char *buf)
{
	static uint32_t seq;
	struct nlmsghdr req = {
		.nlmsg_len = NLMSG_LENGTH(0),
		.nlmsg_type = type,
		.nlmsg_flags = NLM_F_REQUEST | NLM_F_DUMP,
		.nlmsg_seq = ++seq,
	};
	struct sockaddr_nl kernel = { .nl_family = AF_NETLINK };
	struct iovec iov = { .iov_base = buf, .iov_len = DUMP_BUF };
	struct msghdr msg = { .msg_iov = &iov, .msg_iovlen = 1 };
	bool intr = false;
	ssize_t n;
	int err = 0;

	t->n = 0;
	if (sendto(fd, &req, req.nlmsg_len, 0, (struct sockaddr *)&kernel, sizeof(kernel)) < 0)
		return -errno;
	while (!err) {
		n = recvmsg(fd, &msg, 0);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			return -errno;
		if (n == 0 || msg.msg_flags & MSG_TRUNC)
			return -EMSGSIZE;
		err = take(buf, (size_t)n, req.nlmsg_seq, answer, decode, t, &intr);
	}
	if (err < 0)
		return err;
	return intr ? -EAGAIN : 0;
}

static int dump(uint16_t type, uint16_t answer, decode_fn decode, struct table *t)
{
	char *buf;
	int fd, err = -EAGAIN, i;

	fd = socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, NETLINK_XFRM);
	if (fd < 0)
		return -errno;
	buf = malloc(DUMP_BUF);
	if (!buf) {
		close(fd);
		return -ENOMEM;
	}
	for (i = 0; i < DUMP_TRIES && err == -EAGAIN; i++)
		err = dump_once(fd, type, answer, decode, t, buf);
	free(buf);
	close(fd);
	if (err) {
		free(t->v);
		t->v = NULL;
		t->n = 0;
	}
	return err;
}

int xfrm_dump_states(struct xfrm_sa **out, size_t *n)
{
	struct table t = { .size = sizeof(struct xfrm_sa) };
	int err;

	err = dump(XFRM_MSG_GETSA, XFRM_MSG_NEWSA, decode_sa, &t);
	if (!t.n) {
		free(t.v);
		t.v = NULL;
	}
	*out = t.v;
	*n = t.n;
	return err;
}

int xfrm_dump_policies(struct xfrm_pol **out, size_t *n)
{
	struct table t = { .size = sizeof(struct xfrm_pol) };
	int err;

	err = dump(XFRM_MSG_GETPOLICY, XFRM_MSG_NEWPOLICY, decode_pol, &t);
	if (!t.n) {
		free(t.v);
		t.v = NULL;
	}
	*out = t.v;
	*n = t.n;
	return err;
}
