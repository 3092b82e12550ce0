// SPDX-License-Identifier: GPL-2.0
/*
 * The store's worker pool: every job runs once, a quick job queued behind
 * slow ones (PINs' hashes) runs before them, and slow jobs leave a worker
 * free for quick ones.
 */
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
	w = bp_workers_start(path, n, NULL, err, sizeof(err));
	assert_non_null(w);
	return w;
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

/* Until @w has returned @n jobs. */
static void collect(struct bp_workers *w, size_t n)
{
	struct bp_job *done;

	while (n) {
		usleep(10000);
		for (done = bp_workers_done(w); done; done = done->next)
			n--;
	}
}

static void quick_jobs_first(void **state)
{
	struct test_job held = { { NULL, hold, false }, 'h' };
	struct test_job jobs[] = {
		{ { NULL, record, true }, 'A' }, { { NULL, record, false }, 'b' },
		{ { NULL, record, true }, 'C' }, { { NULL, record, false }, 'd' },
		{ { NULL, record, false }, 'e' }, { { NULL, record, true }, 'F' },
	};
	struct bp_workers *w;
	char path[32];
	size_t i;

	(void)state;
	reset();
	w = pool(path, 1);
	bp_workers_submit(w, &held.job);
	usleep(100000);		/* the worker has taken it, and waits */
	for (i = 0; i < 6; i++)
		bp_workers_submit(w, &jobs[i].job);
	release();
	collect(w, 7);
	bp_workers_stop(w);
	unlink(path);
	assert_int_equal(ran, 7);
	assert_memory_equal(order, "hbdeACF", 7);
}

/* Two workers, a slow job holding one: the next slow job waits, a quick one runs. */
static void a_worker_kept_for_quick_jobs(void **state)
{
	struct test_job slow = { { NULL, hold, true }, 'S' };
	struct test_job later = { { NULL, record, true }, 'T' };
	struct test_job quick = { { NULL, record, false }, 'q' };
	struct bp_workers *w;
	char path[32];

	(void)state;
	reset();
	w = pool(path, 2);
	bp_workers_submit(w, &slow.job);
	usleep(100000);
	bp_workers_submit(w, &later.job);
	usleep(100000);
	bp_workers_submit(w, &quick.job);
	usleep(100000);
	pthread_mutex_lock(&lock);
	assert_memory_equal(order, "Sq", 3);	/* T still waits */
	pthread_mutex_unlock(&lock);
	release();
	collect(w, 3);
	bp_workers_stop(w);
	unlink(path);
	assert_memory_equal(order, "SqT", 4);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(quick_jobs_first),
		cmocka_unit_test(a_worker_kept_for_quick_jobs),
	};

	return cmocka_run_group_tests_name("btiprovd_worker", tests, NULL, NULL);
}
