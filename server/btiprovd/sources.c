// SPDX-License-Identifier: GPL-2.0
/*
 * Sessions counted by where they come from, so that one place cannot take
 * every session: each source address, and each IPv6 /64, the smallest
 * network a subscriber's site is given (RFC 6177), inside which a host
 * picks addresses at will (RFC 8981).  An IPv4 address mapped into IPv6
 * counts as the IPv4 address it is, and has no /64.
 *
 * Every loop takes and puts sessions here, under one lock: a session
 * counts once, whichever loop serves it.
 *
 * The counts live in a hash table with as many buckets as twice the
 * sessions allowed, seeded at random, so that a peer choosing its
 * addresses cannot aim them all at one bucket it can predict.
 */
#include <arpa/inet.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/rand.h>

#include "sources.h"

struct source {
	struct source *next;
	uint8_t key[17];	/* length, then the address or its /64 */
	unsigned int count;
};

struct bp_sources {
	pthread_mutex_t lock;
	struct source **bucket;
	size_t mask;
	uint64_t seed;
	unsigned int sessions, max_sessions, per_address, per_prefix;
};

/**
 * bp_sources_new - an empty count
 * @max_sessions: the sessions there can be at once
 * @per_address: the most from one address
 * @per_prefix: the most from one IPv6 /64
 *
 * Returns the count, or NULL.
 */
struct bp_sources *bp_sources_new(unsigned int max_sessions,
				  unsigned int per_address,
				  unsigned int per_prefix)
{
	struct bp_sources *s = calloc(1, sizeof(*s));
	size_t n = 16;

	while (n < 2 * (size_t)max_sessions)
		n *= 2;
	if (s)
		s->bucket = calloc(n, sizeof(*s->bucket));
	if (!s || !s->bucket ||
	    RAND_bytes((uint8_t *)&s->seed, sizeof(s->seed)) != 1) {
		bp_sources_free(s);
		return NULL;
	}
	pthread_mutex_init(&s->lock, NULL);
	s->mask = n - 1;
	s->max_sessions = max_sessions;
	s->per_address = per_address;
	s->per_prefix = per_prefix;
	return s;
}

void bp_sources_free(struct bp_sources *s)
{
	struct source *e, *next;
	size_t i;

	if (!s)
		return;
	for (i = 0; s->bucket && i <= s->mask; i++)
		for (e = s->bucket[i]; e; e = next) {
			next = e->next;
			free(e);
		}
	if (s->bucket)
		pthread_mutex_destroy(&s->lock);
	free(s->bucket);
	free(s);
}

/* The address as 16 bytes, IPv4 mapped; whether it is IPv6 proper. */
static bool address(const struct sockaddr_storage *sa, uint8_t out[16])
{
	static const uint8_t mapped[12] = {
		0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff,
	};
	const struct sockaddr_in *a4 = (const struct sockaddr_in *)sa;
	const struct sockaddr_in6 *a6 = (const struct sockaddr_in6 *)sa;

	memcpy(out, mapped, sizeof(mapped));
	if (sa->ss_family == AF_INET) {
		memcpy(out + 12, &a4->sin_addr, 4);
		return false;
	}
	memcpy(out, &a6->sin6_addr, 16);
	return memcmp(out, mapped, sizeof(mapped)) != 0;
}

/* FNV-1a, from a secret start */
static size_t slot(const struct bp_sources *s, const uint8_t *key)
{
	uint64_t h = s->seed ^ 0xcbf29ce484222325ULL;
	unsigned int i;

	for (i = 0; i <= key[0]; i++)
		h = (h ^ key[i]) * 0x100000001b3ULL;
	return (h ^ h >> 32) & s->mask;
}

static struct source **find(struct bp_sources *s, const uint8_t *key)
{
	struct source **pp = &s->bucket[slot(s, key)];

	while (*pp && memcmp((*pp)->key, key, key[0] + 1))
		pp = &(*pp)->next;
	return pp;
}

static unsigned int count(struct bp_sources *s, const uint8_t *key)
{
	struct source *e = *find(s, key);

	return e ? e->count : 0;
}

static int add(struct bp_sources *s, const uint8_t *key, int delta)
{
	struct source **pp = find(s, key), *e = *pp;

	if (!e) {
		e = calloc(1, sizeof(*e));
		if (!e)
			return -1;
		memcpy(e->key, key, key[0] + 1);
		*pp = e;
	}
	e->count += delta;
	if (!e->count) {
		*pp = e->next;
		free(e);
	}
	return 0;
}

/* The keys of @sa: its address, and its /64 if it has one. */
static int keys(const struct sockaddr_storage *sa, uint8_t addr[17],
		uint8_t prefix[17])
{
	bool v6 = address(sa, addr + 1);

	addr[0] = 16;
	prefix[0] = 8;
	memcpy(prefix + 1, addr + 1, 8);
	return v6 ? 2 : 1;
}

static int take(struct bp_sources *s, const uint8_t key[2][17], int n)
{
	if (s->sessions >= s->max_sessions)
		return BP_SOURCE_FULL;
	if (count(s, key[0]) >= s->per_address)
		return BP_SOURCE_ADDRESS;
	if (n > 1 && count(s, key[1]) >= s->per_prefix)
		return BP_SOURCE_PREFIX;
	if (add(s, key[0], 1))
		return -1;
	if (n > 1 && add(s, key[1], 1)) {
		add(s, key[0], -1);
		return -1;
	}
	s->sessions++;
	return 0;
}

/**
 * bp_sources_take - count a session from @sa, if it is under its caps
 * @s: the count
 * @sa: where it comes from
 *
 * Returns 0; BP_SOURCE_FULL, BP_SOURCE_ADDRESS or BP_SOURCE_PREFIX for the
 * cap it would go past, or -1 out of memory, with nothing counted.
 */
int bp_sources_take(struct bp_sources *s, const struct sockaddr_storage *sa)
{
	uint8_t key[2][17];
	int n = keys(sa, key[0], key[1]), rc;

	pthread_mutex_lock(&s->lock);
	rc = take(s, key, n);
	pthread_mutex_unlock(&s->lock);
	return rc;
}

/**
 * bp_sources_put - a session from @sa has ended
 * @s: the count
 * @sa: where it came from, as bp_sources_take() counted it
 */
void bp_sources_put(struct bp_sources *s, const struct sockaddr_storage *sa)
{
	uint8_t key[2][17];
	int i, n = keys(sa, key[0], key[1]);

	pthread_mutex_lock(&s->lock);
	for (i = 0; i < n; i++)
		if (count(s, key[i]))
			add(s, key[i], -1);
	if (s->sessions)
		s->sessions--;
	pthread_mutex_unlock(&s->lock);
}
