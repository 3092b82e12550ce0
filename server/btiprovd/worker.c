// SPDX-License-Identifier: GPL-2.0
/*
 * Store work off the event loop.  A few threads, each with its own store
 * connection, take the quick jobs in order, then the slow ones (PINs'
 * hashes), and run below the event loop's priority.  Slow jobs never hold
 * every worker: with more than one, one is kept for quick jobs, so a
 * binding waits for no hash.  A finished job goes back on the list of
 * replies of the event loop that asked, which the loop collects when the
 * list's eventfd says so.  A loop never waits for a hash or a database,
 * so voice keeps its 20 ms pace while PINs are checked.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <pthread.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/eventfd.h>
#include <sys/resource.h>
#include <unistd.h>

#include "store.h"
#include "worker.h"

#define BP_WORKERS_MAX	64

struct bp_workers {
	pthread_mutex_t lock;
	pthread_cond_t more;
	struct bp_job *todo, **todo_tail, **quick_tail;
	bool stopping;
	unsigned int queued;
	int n;
	int slow_running;
	pthread_t thread[BP_WORKERS_MAX];
	struct bp_store *store[BP_WORKERS_MAX];
};

struct worker_arg {
	struct bp_workers *w;
	struct bp_store *st;
};

/* Whether the next job must wait: none, or a slow one with enough running. */
static bool wait_for_job(const struct bp_workers *w)
{
	if (w->stopping)
		return false;
	return !w->todo ||
	       (w->todo->slow && w->n > 1 && w->slow_running >= w->n - 1);
}

static struct bp_job *next_job(struct bp_workers *w)
{
	struct bp_job *job;

	pthread_mutex_lock(&w->lock);
	while (wait_for_job(w))
		pthread_cond_wait(&w->more, &w->lock);
	job = w->todo;
	if (job) {
		w->queued--;
		w->slow_running += job->slow;
		w->todo = job->next;
		if (w->quick_tail == &job->next)
			w->quick_tail = &w->todo;
		if (!w->todo)
			w->todo_tail = &w->todo;
	}
	pthread_mutex_unlock(&w->lock);
	return job;
}

static void finish(struct bp_workers *w, struct bp_job *job)
{
	struct bp_replies *r = job->to;
	uint64_t one = 1;

	if (job->slow) {
		pthread_mutex_lock(&w->lock);
		w->slow_running--;
		pthread_cond_signal(&w->more);	/* a slow job may start */
		pthread_mutex_unlock(&w->lock);
	}
	/*
	 * The loop is woken under the lock: once it can take the job, it may
	 * end, and its replies with it.
	 */
	pthread_mutex_lock(&r->lock);
	job->next = r->done;
	r->done = job;
	if (write(r->fd, &one, sizeof(one)) < 0)
		perror("btiprovd: eventfd");
	pthread_mutex_unlock(&r->lock);
}

static void *worker(void *p)
{
	struct worker_arg a = *(struct worker_arg *)p;
	struct bp_job *job;

	free(p);
	/* the event loop, which paces every call's audio, comes first */
	setpriority(PRIO_PROCESS, gettid(), 10);
	while ((job = next_job(a.w))) {
		job->run(job, a.st);
		finish(a.w, job);
	}
	return NULL;
}

/**
 * bp_workers_start() - open @n connections to @store and start a thread
 *	on each
 * @store: as bp_store_open() takes it
 * @kek: the file of the keys that seal user keys (bp_store_use_kek());
 *	NULL for none, and no symmetric key bound
 * @n: how many, 1 to 64
 * @policy: when failures back off and lock; NULL for the defaults
 * @err: why not, on failure
 * @err_len: its size
 *
 * Return: the pool, or NULL.
 */
struct bp_workers *bp_workers_start(const char *store, const char *kek, int n,
				    const struct bp_lock_policy *policy,
				    char *err, size_t err_len)
{
	struct bp_workers *w = calloc(1, sizeof(*w));
	struct worker_arg *a;

	if (!w || n < 1 || n > BP_WORKERS_MAX) {
		snprintf(err, err_len, "workers: 1 to %d", BP_WORKERS_MAX);
		free(w);
		return NULL;
	}
	pthread_mutex_init(&w->lock, NULL);
	pthread_cond_init(&w->more, NULL);
	w->todo_tail = &w->todo;
	w->quick_tail = &w->todo;
	/* connections first, one by one: instances may be migrating */
	for (; w->n < n; w->n++) {
		w->store[w->n] = bp_store_open(store, err, err_len);
		a = malloc(sizeof(*a));
		if (!w->store[w->n] || !a ||
		    (kek && bp_store_use_kek(w->store[w->n], kek, err,
					     err_len))) {
			bp_store_close(w->store[w->n]);
			free(a);
			bp_workers_stop(w);
			return NULL;
		}
		if (policy)
			bp_store_set_policy(w->store[w->n], policy, NULL);
		a->w = w;
		a->st = w->store[w->n];
		if (pthread_create(&w->thread[w->n], NULL, worker, a)) {
			snprintf(err, err_len, "cannot start a worker");
			bp_store_close(w->store[w->n]);
			free(a);
			bp_workers_stop(w);
			return NULL;
		}
	}
	return w;
}

/**
 * bp_workers_submit() - queue a job; the next free worker runs it
 * @w: the pool
 * @job: it stays the caller's memory, untouched by the caller, until
 *	bp_replies_take() returns it from @job->to.  A quick job goes after the quick jobs
 *	queued, ahead of the slow ones; a slow one goes last.
 */
void bp_workers_submit(struct bp_workers *w, struct bp_job *job)
{
	pthread_mutex_lock(&w->lock);
	if (job->slow) {
		job->next = NULL;
		*w->todo_tail = job;
		w->todo_tail = &job->next;
	} else {
		job->next = *w->quick_tail;
		*w->quick_tail = job;
		if (w->todo_tail == w->quick_tail)
			w->todo_tail = &job->next;
		w->quick_tail = &job->next;
	}
	w->queued++;
	pthread_cond_signal(&w->more);
	pthread_mutex_unlock(&w->lock);
}

/**
 * bp_workers_queued() - jobs waiting for a worker
 * @w: the pool
 *
 * Return: how many.
 */
unsigned int bp_workers_queued(struct bp_workers *w)
{
	unsigned int n;

	pthread_mutex_lock(&w->lock);
	n = w->queued;
	pthread_mutex_unlock(&w->lock);
	return n;
}

/**
 * bp_replies_init() - an empty list of replies
 * @r: the list
 *
 * Return: 0, or -1 without an eventfd.
 */
int bp_replies_init(struct bp_replies *r)
{
	pthread_mutex_init(&r->lock, NULL);
	r->done = NULL;
	r->fd = eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC);
	return r->fd < 0 ? -1 : 0;
}

void bp_replies_fini(struct bp_replies *r)
{
	if (r->fd >= 0)
		close(r->fd);
	r->fd = -1;
	pthread_mutex_destroy(&r->lock);
}

/**
 * bp_replies_take() - the jobs run since the last call
 * @r: the list they went back to
 *
 * Return: a list linked by @next, or NULL.
 */
struct bp_job *bp_replies_take(struct bp_replies *r)
{
	struct bp_job *done;
	uint64_t n;

	if (read(r->fd, &n, sizeof(n)) < 0 && errno != EAGAIN)
		perror("btiprovd: eventfd");
	pthread_mutex_lock(&r->lock);
	done = r->done;
	r->done = NULL;
	pthread_mutex_unlock(&r->lock);
	return done;
}

/**
 * bp_workers_stop() - run what is queued, then join the threads and close
 *	their stores
 * @w: the pool, or NULL
 */
void bp_workers_stop(struct bp_workers *w)
{
	int i;

	if (!w)
		return;
	pthread_mutex_lock(&w->lock);
	w->stopping = true;
	pthread_cond_broadcast(&w->more);
	pthread_mutex_unlock(&w->lock);
	for (i = 0; i < w->n; i++) {
		pthread_join(w->thread[i], NULL);
		bp_store_close(w->store[i]);
	}
	pthread_cond_destroy(&w->more);
	pthread_mutex_destroy(&w->lock);
	free(w);
}
