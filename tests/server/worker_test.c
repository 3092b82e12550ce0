// SPDX-License-Identifier: GPL-2.0
/*
 * The store's worker pool: every job runs once, and a quick job queued
 * behind slow ones (PINs' hashes) runs before them.
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

/* The first job holds the only worker until the queue is filled. */
static void hold(struct bp_job *job, struct bp_store *st)
{
	(void)job;
	(void)st;
	pthread_mutex_lock(&lock);
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

static struct bp_workers *pool(char *path)
{
	char err[256];
	struct bp_workers *w;
	int fd;

	strcpy(path, "/tmp/bti-worker-XXXXXX");
	fd = mkstemp(path);
	assert_true(fd >= 0);
	close(fd);
	w = bp_workers_start(path, 1, err, sizeof(err));
	assert_non_null(w);
	return w;
}

static void quick_jobs_first(void **state)
{
	struct test_job held = { .job.run = hold };
	struct test_job jobs[] = {
		{ { NULL, record, true }, 'A' }, { { NULL, record, false }, 'b' },
		{ { NULL, record, true }, 'C' }, { { NULL, record, false }, 'd' },
		{ { NULL, record, false }, 'e' }, { { NULL, record, true }, 'F' },
	};
	struct bp_workers *w;
	struct bp_job *done;
	char path[32];
	size_t i, n = 0;

	(void)state;
	w = pool(path);
	bp_workers_submit(w, &held.job);
	usleep(100000);		/* the worker has taken it, and waits */
	for (i = 0; i < 6; i++)
		bp_workers_submit(w, &jobs[i].job);
	pthread_mutex_lock(&lock);
	released = true;
	pthread_cond_signal(&go);
	pthread_mutex_unlock(&lock);
	while (n < 7) {
		usleep(10000);
		for (done = bp_workers_done(w); done; done = done->next)
			n++;
	}
	bp_workers_stop(w);
	unlink(path);
	assert_int_equal(ran, 6);
	assert_memory_equal(order, "bdeACF", 6);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(quick_jobs_first),
	};

	return cmocka_run_group_tests_name("btiprovd_worker", tests, NULL, NULL);
}
