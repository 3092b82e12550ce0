// SPDX-License-Identifier: GPL-2.0
/*
 * The store's worker pool: every job runs once, a quick job queued behind
 * slow ones (PINs' hashes) runs before them, slow jobs leave a worker
 * free for quick ones, and each job comes back to the loop that asked.
 */
#include <poll.h>
#include <pthread.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "worker.h"

struct test_job {
	struct bp_job job;
	char name;
};

/* where the jobs come back to, as to an event loop */
static struct bp_replies replies;
static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t go = PTHREAD_COND_INITIALIZER;
static bool released;
static char order[16];
static size_t ran;

/* A job that holds its worker until released. */
static void hold(struct bp_job *job, struct bp_store *st)
{
	(void)st;
	pthread_mutex_lock(&lock);
	order[ran++] = ((struct test_job *)job)->name;
	while (!released)
		pthread_cond_wait(&go, &lock);
	pthread_mutex_unlock(&lock);
}

static void record(struct bp_job *job, struct bp_store *st)
{
	(void)st;
	pthread_mutex_lock(&lock);
	order[ran++] = ((struct test_job *)job)->name;
	pthread_mutex_unlock(&lock);
}

static struct bp_workers *pool(char *path, int n)
{
	char err[256];
	struct bp_workers *w;
	int fd;

	strcpy(path, "/tmp/bti-worker-XXXXXX");
	fd = mkstemp(path);
	assert_true(fd >= 0);
	close(fd);
	w = bp_workers_start(path, NULL, n, NULL, err, sizeof(err));
	assert_non_null(w);
	assert_int_equal(bp_replies_init(&replies), 0);
	return w;
}

static void submit(struct bp_workers *w, struct test_job *j)
{
	j->job.to = &replies;
	bp_workers_submit(w, &j->job);
}

static void pool_stop(struct bp_workers *w, const char *path)
{
	bp_workers_stop(w);
	bp_replies_fini(&replies);
	unlink(path);
}

static void release(void)
{
	pthread_mutex_lock(&lock);
	released = true;
	pthread_cond_broadcast(&go);
	pthread_mutex_unlock(&lock);
}

static void reset(void)
{
	released = false;
	ran = 0;
	memset(order, 0, sizeof(order));
}

/* Until @n jobs have come back to @r. */
static void collect(struct bp_replies *r, size_t n)
{
	struct bp_job *done;

	while (n) {
		usleep(10000);
		for (done = bp_replies_take(r); done; done = done->next)
			n--;
	}
}

static void quick_jobs_first(void **state)
{
	struct test_job held = { { NULL, hold, false, NULL }, 'h' };
	struct test_job jobs[] = {
		{ { NULL, record, true, NULL }, 'A' }, { { NULL, record, false, NULL }, 'b' },
		{ { NULL, record, true, NULL }, 'C' }, { { NULL, record, false, NULL }, 'd' },
		{ { NULL, record, false, NULL }, 'e' }, { { NULL, record, true, NULL }, 'F' },
	};
	struct bp_workers *w;
	char path[32];
	size_t i;

	(void)state;
	reset();
	w = pool(path, 1);
	submit(w, &held);
	usleep(100000);		/* the worker has taken it, and waits */
	for (i = 0; i < 6; i++)
		submit(w, &jobs[i]);
	release();
	collect(&replies, 7);
	pool_stop(w, path);
	assert_int_equal(ran, 7);
	assert_memory_equal(order, "hbdeACF", 7);
}

/* Two workers, a slow job holding one: the next slow job waits, a quick one runs. */
static void a_worker_kept_for_quick_jobs(void **state)
{
	struct test_job slow = { { NULL, hold, true, NULL }, 'S' };
	struct test_job later = { { NULL, record, true, NULL }, 'T' };
	struct test_job quick = { { NULL, record, false, NULL }, 'q' };
	struct bp_workers *w;
	char path[32];

	(void)state;
	reset();
	w = pool(path, 2);
	submit(w, &slow);
	usleep(100000);
	submit(w, &later);
	usleep(100000);
	submit(w, &quick);
	usleep(100000);
	pthread_mutex_lock(&lock);
	assert_memory_equal(order, "Sq", 3);	/* T still waits */
	pthread_mutex_unlock(&lock);
	release();
	collect(&replies, 3);
	pool_stop(w, path);
	assert_memory_equal(order, "SqT", 4);
}

/* Each job comes back to the loop that asked, and to no other. */
static void replies_to_their_loop(void **state)
{
	struct test_job a = { { NULL, record, false, NULL }, 'a' };
	struct test_job b = { { NULL, record, true, NULL }, 'b' };
	struct bp_replies other;
	struct bp_workers *w;
	struct bp_job *done;
	struct pollfd p;
	char path[32];

	(void)state;
	reset();
	released = true;
	w = pool(path, 2);
	assert_int_equal(bp_replies_init(&other), 0);
	submit(w, &a);
	b.job.to = &other;
	bp_workers_submit(w, &b.job);
	p = (struct pollfd){ .fd = other.fd, .events = POLLIN };
	assert_int_equal(poll(&p, 1, 5000), 1);
	done = bp_replies_take(&other);
	assert_ptr_equal(done, &b.job);
	assert_null(done->next);
	collect(&replies, 1);
	assert_null(bp_replies_take(&other));
	pool_stop(w, path);
	bp_replies_fini(&other);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(quick_jobs_first),
		cmocka_unit_test(a_worker_kept_for_quick_jobs),
		cmocka_unit_test(replies_to_their_loop),
	};

	return cmocka_run_group_tests_name("btiprovd_worker", tests, NULL, NULL);
}
