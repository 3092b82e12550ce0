// SPDX-License-Identifier: GPL-2.0
/*
 * The daemon's log lines, written to stderr by a thread of their own, so
 * that a loop never waits on where they go: journald's socket, a pipe or
 * a disk can each stall for longer than a voice frame.  Lines wait in a
 * fixed ring; a line with no room is dropped and counted, and the count
 * is logged as soon as there is room again.
 */
#include <errno.h>
#include <pthread.h>
#include <signal.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "log.h"

/* a few thousand lines: seconds of a busy server's sessions */
#define RING	(256 * 1024)
#define LINE	1024

static struct {
	pthread_mutex_t lock;
	pthread_cond_t more;
	pthread_t writer;
	bool running, stopping;
	char ring[RING];
	size_t head, len;
	uint64_t unsaid, dropped;
} lg = {
	.lock = PTHREAD_MUTEX_INITIALIZER,
	.more = PTHREAD_COND_INITIALIZER,
};

static void write_all(const char *p, size_t len)
{
	ssize_t n;

	while (len) {
		n = write(STDERR_FILENO, p, len);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return;
		p += n;
		len -= n;
	}
}

static bool queue(const char *line, size_t len)
{
	size_t tail, first;

	if (RING - lg.len < len)
		return false;
	tail = (lg.head + lg.len) % RING;
	first = len < RING - tail ? len : RING - tail;
	memcpy(lg.ring + tail, line, first);
	memcpy(lg.ring, line + first, len - first);
	lg.len += len;
	return true;
}

static void queue_unsaid(void)
{
	char note[80];
	int n;

	n = snprintf(note, sizeof(note),
		     "level=warning event=log-dropped lines=%llu\n",
		     (unsigned long long)lg.unsaid);
	if (queue(note, n))
		lg.unsaid = 0;
}

/**
 * bp_log - log a line, formatted as printf() does; before bp_log_start()
 *	and after bp_log_stop(), it is written at once
 * @fmt: the format, ending in a newline
 */
void bp_log(const char *fmt, ...)
{
	char line[LINE];
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(line, sizeof(line), fmt, ap);
	va_end(ap);
	if (n < 0)
		return;
	if ((size_t)n >= sizeof(line)) {
		n = sizeof(line) - 1;
		line[n - 1] = '\n';
	}
	pthread_mutex_lock(&lg.lock);
	if (!lg.running) {
		pthread_mutex_unlock(&lg.lock);
		write_all(line, n);
		return;
	}
	if (lg.unsaid)
		queue_unsaid();
	if (lg.unsaid || !queue(line, n)) {
		lg.unsaid++;
		lg.dropped++;
	}
	pthread_cond_signal(&lg.more);
	pthread_mutex_unlock(&lg.lock);
}

static void *writer(void *arg)
{
	size_t n;

	(void)arg;
	pthread_mutex_lock(&lg.lock);
	for (;;) {
		while (!lg.len && !lg.stopping)
			pthread_cond_wait(&lg.more, &lg.lock);
		if (!lg.len)
			break;
		/* producers only ever add behind what is being written */
		n = lg.len < RING - lg.head ? lg.len : RING - lg.head;
		pthread_mutex_unlock(&lg.lock);
		write_all(lg.ring + lg.head, n);
		pthread_mutex_lock(&lg.lock);
		lg.head = (lg.head + n) % RING;
		lg.len -= n;
	}
	pthread_mutex_unlock(&lg.lock);
	return NULL;
}

/**
 * bp_log_start - start the thread that writes the log; if it cannot
 *	start, lines are written at once, as before
 */
void bp_log_start(void)
{
	sigset_t all, old;

	/* the process's signals are the main thread's to take */
	sigfillset(&all);
	pthread_sigmask(SIG_SETMASK, &all, &old);
	pthread_mutex_lock(&lg.lock);
	lg.running = !pthread_create(&lg.writer, NULL, writer, NULL);
	pthread_mutex_unlock(&lg.lock);
	pthread_sigmask(SIG_SETMASK, &old, NULL);
}

/**
 * bp_log_stop - write every line queued and stop the writer; lines
 *	logged from then on are written at once
 */
void bp_log_stop(void)
{
	pthread_mutex_lock(&lg.lock);
	if (!lg.running) {
		pthread_mutex_unlock(&lg.lock);
		return;
	}
	if (lg.unsaid)
		queue_unsaid();
	lg.running = false;
	lg.stopping = true;
	pthread_cond_signal(&lg.more);
	pthread_mutex_unlock(&lg.lock);
	pthread_join(lg.writer, NULL);
}

/**
 * bp_log_dropped - lines dropped so far for want of room
 */
uint64_t bp_log_dropped(void)
{
	uint64_t n;

	pthread_mutex_lock(&lg.lock);
	n = lg.dropped;
	pthread_mutex_unlock(&lg.lock);
	return n;
}
