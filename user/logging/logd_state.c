// SPDX-License-Identifier: GPL-2.0
/*
 * The stateful rules' events (components shun and if-state): once a
 * second the daemon reads the shun list and the IF conditions in force
 * and compares them with what it read the second before. A host (or
 * port) shunned, a shun over, a condition become true, one lapsed: each
 * is an event, tied to the rule that made it, so a rule that logs gets
 * its events at info whatever the component's limit. What lives and goes
 * within the same second is not seen: the kernel keeps no history.
 */
#include <arpa/inet.h>
#include <stdlib.h>
#include <string.h>

#include "datapath/counters.h"
#include "datapath/state.h"
#include "logging/logd_impl.h"

struct logd_state {
	struct version_state {
		struct active_shun *shuns;	/* sorted by key (filter_read_shuns) */
		size_t nshuns;
		struct active_condition *conds;	/* sorted by key, here */
		size_t nconds;
		bool read;			/* the last look found the filter */
		uint64_t activated_ns;		/* of the table it found */
	} v[2];
	bool swept;			/* a first look was taken: what it found is no news */
};

/*
 * Which rules of the version log (EBFILT_RULE_LOG): read at most once a
 * sweep, from the table in force; for what a replaced table held, that
 * is the new table's rule of the same ID, the old one being gone.
 */
struct rule_logs {
	uint8_t version;
	bool read;
	struct active_rule *rules;
	size_t count;
};

static bool rule_logs(struct rule_logs *l, uint32_t id)
{
	if (!l->read) {
		l->read = true;
		if (filter_read_active(l->version, &l->rules, &l->count))
			l->count = 0;
	}
	return id < l->count && (l->rules[id].rule.flags & EBFILT_RULE_LOG);
}

static int cond_cmp(const void *a, const void *b)
{
	return memcmp(&((const struct active_condition *)a)->key,
		      &((const struct active_condition *)b)->key, sizeof(struct ebfilt_if_key));
}

static void shun_what(uint8_t version, const struct active_shun *s, char *buf, size_t size)
{
	char addr[INET6_ADDRSTRLEN];

	inet_ntop(version == 4 ? AF_INET : AF_INET6, s->key.addr, addr, sizeof(addr));
	if (s->key.kind == EBFILT_SHUN_KIND_PORT)
		snprintf(buf, size, "port %u of host %s", s->key.port, addr);
	else
		snprintf(buf, size, "host %s", addr);
}

static int shun_cmp(const void *a, const void *b)
{
	return memcmp(&((const struct active_shun *)a)->key, &((const struct active_shun *)b)->key,
		      sizeof(struct ebfilt_shun_key));
}

static const struct active_shun *find_shun(const struct version_state *v,
					   const struct active_shun *s)
{
	return v->shuns ? bsearch(s, v->shuns, v->nshuns, sizeof(*s), shun_cmp) : NULL;
}

static void shun_events(struct logd *d, uint8_t version, const struct version_state *old,
			const struct version_state *now, struct rule_logs *logs)
{
	char what[96], left[32];
	size_t i;

	for (i = 0; i < now->nshuns; i++) {
		const struct active_shun *s = &now->shuns[i], *was = find_shun(old, s);

		/* New, or made again (its time restarted) since the last look. */
		if (s->left_s == 0 || (was && was->left_s != 0 && was->shun.made_ns == s->shun.made_ns))
			continue;
		shun_what(version, s, what, sizeof(what));
		snprintf(left, sizeof(left), s->left_s < 0 ? "as long as the filter is in force" :
			 "%lld s", s->left_s);
		event_raise(&d->events, EV_SHUNNED, s->shun.rule_id,
			    rule_logs(logs, s->shun.rule_id), what, s->shun.rule_id, left);
	}
	for (i = 0; i < old->nshuns; i++) {
		const struct active_shun *s = &old->shuns[i], *is = find_shun(now, s);

		if (s->left_s == 0 || (is && is->left_s != 0))
			continue;
		shun_what(version, s, what, sizeof(what));
		event_raise(&d->events, EV_UNSHUNNED, s->shun.rule_id,
			    rule_logs(logs, s->shun.rule_id), what, s->shun.rule_id);
	}
}

static void cond_events(struct logd *d, uint8_t version, const struct version_state *old,
			const struct version_state *now, struct rule_logs *logs)
{
	char a[INET6_ADDRSTRLEN], b[INET6_ADDRSTRLEN], hosts[2 * INET6_ADDRSTRLEN + 8];
	const struct version_state *from[2] = { now, old }, *to[2] = { old, now };
	int pass;
	size_t i;

	/* Pass 0: true now and not before; pass 1: true before and not now. */
	for (pass = 0; pass < 2; pass++) {
		for (i = 0; i < from[pass]->nconds; i++) {
			const struct active_condition *c = &from[pass]->conds[i], *other;

			if (!c->left_s)
				continue;
			other = to[pass]->conds ? bsearch(c, to[pass]->conds, to[pass]->nconds,
							  sizeof(*c), cond_cmp) : NULL;
			if (other && other->left_s)
				continue;
			inet_ntop(version == 4 ? AF_INET : AF_INET6, c->key.a, a, sizeof(a));
			inet_ntop(version == 4 ? AF_INET : AF_INET6, c->key.b, b, sizeof(b));
			snprintf(hosts, sizeof(hosts), "%s and %s", a, b);
			event_raise(&d->events, pass ? EV_IF_FALSE : EV_IF_TRUE, c->key.if_rule,
				    rule_logs(logs, c->key.if_rule), (unsigned int)c->key.if_rule,
				    hosts);
		}
	}
}

static void version_free(struct version_state *v)
{
	free(v->shuns);
	free(v->conds);
	memset(v, 0, sizeof(*v));
}

void logd_state_sweep(struct logd *d)
{
	static const uint8_t versions[2] = { 4, 6 };
	static const struct version_state none;
	struct version_state now, *old;
	struct rule_logs logs;
	int k;

	if (!d->state && !(d->state = calloc(1, sizeof(*d->state))))
		return;
	for (k = 0; k < 2; k++) {
		old = &d->state->v[k];
		memset(&now, 0, sizeof(now));
		now.read = !filter_read_activated(versions[k], &now.activated_ns) &&
			   !filter_read_shuns(versions[k], &now.shuns, &now.nshuns) &&
			   !filter_read_conditions(versions[k], &now.conds, &now.nconds);
		if (now.conds)
			qsort(now.conds, now.nconds, sizeof(*now.conds), cond_cmp);
		logs = (struct rule_logs){ .version = versions[k] };
		/*
		 * The same table: what changed. Another one (activated,
		 * replaced, or gone): what the old one held ended with it, and
		 * the new one's state is all news, as it started empty. The
		 * daemon's first look only learns what is there.
		 */
		if (d->state->swept && old->read && now.read &&
		    old->activated_ns == now.activated_ns) {
			shun_events(d, versions[k], old, &now, &logs);
			cond_events(d, versions[k], old, &now, &logs);
		} else if (d->state->swept) {
			shun_events(d, versions[k], old, &none, &logs);
			cond_events(d, versions[k], old, &none, &logs);
			shun_events(d, versions[k], &none, &now, &logs);
			cond_events(d, versions[k], &none, &now, &logs);
		}
		free(logs.rules);
		version_free(old);
		*old = now;
	}
	d->state->swept = true;
}

void logd_state_free(struct logd *d)
{
	if (!d->state)
		return;
	version_free(&d->state->v[0]);
	version_free(&d->state->v[1]);
	free(d->state);
	d->state = NULL;
}
