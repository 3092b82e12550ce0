/* SPDX-License-Identifier: GPL-2.0 */
#ifndef BTIPROVD_WORKER_H
#define BTIPROVD_WORKER_H

#include <stdbool.h>
#include <pthread.h>
#include <stddef.h>

#include "store.h"

struct bp_store;

/**
 * struct bp_job - store work that must not stall the event loop: a PIN's
 *	slow hash, a transaction, a round trip to PostgreSQL
 * @next: the queue's link
 * @run: called in a worker thread with that worker's own store
 * @slow: a PIN's hash, tens of milliseconds: queued behind every quick
 *	job, so a device waiting on a transaction does not wait for the
 *	PINs of every call ahead of it
 * @to: where it goes once run
 */
struct bp_job {
	struct bp_job *next;
	void (*run)(struct bp_job *job, struct bp_store *st);
	bool slow;
	struct bp_replies *to;
};

/**
 * struct bp_replies - the jobs run and not yet taken back: one for each
 *	event loop, which watches @fd
 * @lock: guards @done
 * @done: the jobs, linked by @next
 * @fd: an eventfd, readable while there are some
 */
struct bp_replies {
	pthread_mutex_t lock;
	struct bp_job *done;
	int fd;
};

struct bp_workers;

struct bp_workers *bp_workers_start(const char *store, const char *kek, int n,
				    const struct bp_lock_policy *policy,
				    char *err, size_t err_len);
void bp_workers_submit(struct bp_workers *w, struct bp_job *job);
unsigned int bp_workers_queued(struct bp_workers *w);
int bp_replies_init(struct bp_replies *r);
void bp_replies_fini(struct bp_replies *r);
struct bp_job *bp_replies_take(struct bp_replies *r);
void bp_workers_stop(struct bp_workers *w);

#endif
