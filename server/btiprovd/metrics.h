/* SPDX-License-Identifier: GPL-2.0 */
#ifndef BTIPROVD_METRICS_H
#define BTIPROVD_METRICS_H

#include <stdatomic.h>
#include <stdbool.h>
#include <stdint.h>

/* what is counted: the names are in metrics.c */
enum bp_count {
	M_ACCEPTED,
	M_HANDSHAKES,
	M_BINDINGS,
	M_PIN_ACCEPTED,
	M_PIN_WRONG,
	M_PIN_BACKOFFS,
	M_PIN_LOCKS,
	M_PIN_WAITING,
	M_PIN_LOCKED,
	M_PROOF_FAILURES,
	M_FRAMES_HEARD,
	M_FRAMES_LATE,
	M_FRAMES_LOST,
	M_FRAMES_REFUSED,
	M_STORE_DISK_FULL,
	M_STORE_UNAVAILABLE,
	M_COUNTS
};

/* why a connection was turned away before its session began */
enum bp_turned_away {
	T_MAX_SESSIONS,
	T_MAX_PER_ADDRESS,
	T_MAX_PER_PREFIX,
	T_DESCRIPTORS,
	T_MEMORY,
	T_REASONS
};

/* where a session is: its protocol state */
enum bp_stage { S_REQUEST, S_KEYS, S_CALL, S_USER_KEY, S_DONE, S_STAGES };

/* the protocol's error codes, 1 to 14 (protocol.rst, 4) */
#define BP_ERROR_CODES	15

/* the descriptors the HTTP server may hold: its listener, its clients */
#define BP_METRICS_CONNECTIONS	16
#define BP_METRICS_DESCRIPTORS	(1 + BP_METRICS_CONNECTIONS)

/* the upper bounds of the PIN check's latency histogram, in ms */
#define BP_LATENCY_BUCKETS	10

/**
 * struct bp_metrics - what btiprovd counts for its operator, in atomics
 *	that every thread adds to without a lock
 * @count: counters by enum bp_count
 * @turned_away: connections turned away, by enum bp_turned_away
 * @failed: sessions ended with an ERROR the server sent, by its code
 * @latency: PIN checks by the first bucket they fit, then those past all
 * @latency_ms: their total, in ms
 */
struct bp_metrics {
	_Atomic uint64_t count[M_COUNTS];
	_Atomic uint64_t turned_away[T_REASONS];
	_Atomic uint64_t failed[BP_ERROR_CODES];
	_Atomic uint64_t latency[BP_LATENCY_BUCKETS + 1];
	_Atomic uint64_t latency_ms;
};

extern const char *const bp_turned_away_names[T_REASONS];

static inline void bp_count(struct bp_metrics *m, enum bp_count what,
			    uint64_t n)
{
	atomic_fetch_add_explicit(&m->count[what], n, memory_order_relaxed);
}

void bp_metrics_latency(struct bp_metrics *m, uint64_t ms);

struct server;
struct bp_metrics_http;

struct bp_metrics_http *bp_metrics_start(struct server *sv);
void bp_metrics_stop(struct bp_metrics_http *h);

#endif
