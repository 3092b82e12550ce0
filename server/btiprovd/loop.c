// SPDX-License-Identifier: GPL-2.0
/*
 * An event loop of btiprovd, on a thread of its own: one for each CPU by
 * default.  Each loop listens on the server's address itself, the kernel
 * sharing the connections out among the loops (SO_REUSEPORT), and keeps
 * the sessions it accepted to the end: their TCP connections (session.c),
 * their calls on the loop's voice port (call.c, voice.c), the store's
 * answers to them, and a 20 ms timer that paces the IVR's prompts and,
 * once a second, the timeouts.  Loops share nothing but the server's
 * configuration and keys, the store's workers and the count of sessions
 * by source.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/timerfd.h>
#include <unistd.h>

#include "btiprovd.h"
#include "listen.h"

/**
 * bp_now() - the monotonic clock, in seconds
 *
 * Return: the time.
 */
time_t bp_now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec;
}

/**
 * bp_now_ms() - the monotonic clock, in milliseconds
 *
 * Return: the time.
 */
uint64_t bp_now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000ULL + ts.tv_nsec / 1000000;
}

/*
 * Any process of the same user could share the address too: a listener
 * that does not share it makes sure that none is there, so that a second
 * btiprovd, or an old one still running, fails to start rather than takes
 * a share of the devices.
 */
static bool address_free(const char *spec)
{
	int fd = bp_listen(spec, false);

	if (fd < 0)
		return false;
	close(fd);
	return true;
}

static void stop_taking(struct loop *l)
{
	if (l->listener < 0)
		return;
	epoll_ctl(l->epoll, EPOLL_CTL_DEL, l->listener, NULL);
	close(l->listener);
	l->listener = -1;
	LOG("info", "stopping", "loop=%d sessions=%d", l->index, l->sessions);
}

static enum bp_stage stage(const struct conn *c)
{
	switch (c->s.state) {
	case BP_IDLE:
		return S_REQUEST;
	case BP_WAIT_TRANSPORT:
	case BP_WAIT_ATTESTATION:
	case BP_CONFIRMING:
		return S_KEYS;
	case BP_IVR:
		return S_CALL;
	case BP_WAIT_USER_KEY:
	case BP_WAIT_REFRESH:
	case BP_WAIT_FINISHED:
		return S_USER_KEY;
	default:
		return S_DONE;
	}
}

/* the session whose voice channel @ivr is */
static struct conn *conn_of(struct bp_ivr *ivr)
{
	return (struct conn *)((char *)ivr - offsetof(struct conn, ivr));
}

/*
 * The clocks of every session, and the count by stage that the metrics
 * read.  Deadlines are in seconds: once a second is enough for them, and
 * thousands of calls that only listen are not visited every 20 ms.
 */
static void sweep(struct loop *l, time_t t)
{
	struct server *sv = l->sv;
	bool stop_now = atomic_load(&sv->stopping) &&
			t >= atomic_load(&sv->stop_deadline);
	unsigned int stages[S_STAGES] = { 0 };
	struct conn *c, *next;
	int s;

	for (c = LIST_FIRST(&l->conns); c; c = next) {
		next = LIST_NEXT(c, link);
		stages[stage(c)]++;
		/* what the store answers, the device is told: wait for it */
		if (c->busy)
			continue;
		if (stop_now)
			conn_fail(c, BP_E_INTERNAL, "the server is stopping");
		else if (t > c->deadline)
			conn_fail(c, BP_E_TIMEOUT, "session timed out");
		else if (c->voice)
			call_tick(c, t);
	}
	for (s = 0; s < S_STAGES; s++)
		atomic_store(&l->stages[s], stages[s]);
	l->swept = t;
	l->swept_sessions = l->sessions;
}

static void played(struct bp_ivr *ivr, void *arg)
{
	(void)arg;
	call_played(conn_of(ivr));
}

/*
 * Every 20 ms: the IVR's prompts; and the sweep, once a second, or sooner
 * if sessions came or went, so that the count the metrics read is not a
 * second behind an idle server, or one stopping.
 */
static void tick(struct loop *l)
{
	bool stopping = atomic_load(&l->sv->stopping);
	time_t t = bp_now();
	uint64_t n;

	if (read(l->timer, &n, sizeof(n)) < 0)
		return;
	if (stopping)
		stop_taking(l);
	conn_listen_again(l);
	bp_voice_tick(&l->voice, played, NULL);
	if (t != l->swept || l->sessions != l->swept_sessions || stopping)
		sweep(l, t);
}

static void replies(struct loop *l)
{
	struct bp_job *job, *next;
	struct conn *c;

	for (job = bp_replies_take(&l->replies); job; job = next) {
		next = job->next;
		c = ((struct store_job *)job)->c;
		conn_answered(c);
		session_take_buffered(c);
	}
}

static void entry(struct bp_ivr *ivr, void *arg)
{
	(void)arg;
	call_hear(conn_of(ivr));
}

static void dispatch(struct loop *l, struct watch *w)
{
	switch (w->kind) {
	case W_LISTENER:
		return conn_accept(l);
	case W_TIMER:
		return tick(l);
	case W_REPLIES:
		return replies(l);
	case W_VOICE:
		bp_voice_hear(&l->voice, entry, NULL);
		return;
	case W_DEVICE:
		if (!w->c->ended)
			session_readable(w->c);
		return;
	}
}

static void *run(void *arg)
{
	struct loop *l = arg;
	struct epoll_event evs[64];
	int i, n;

	while (!atomic_load(&l->sv->stopping) || !LIST_EMPTY(&l->conns) ||
	       !LIST_EMPTY(&l->ended)) {
		n = epoll_wait(l->epoll, evs, 64, -1);
		for (i = 0; i < n; i++)
			dispatch(l, evs[i].data.ptr);
		/* an event later in the round may name a session ended */
		conn_reap(l);
	}
	stop_taking(l);
	for (i = 0; i < S_STAGES; i++)
		atomic_store(&l->stages[i], 0);
	atomic_store(&l->done, true);
	return NULL;
}

static int watch(struct loop *l, int fd, struct watch *w, enum watch_kind kind)
{
	struct epoll_event ev = { .events = EPOLLIN, .data.ptr = w };

	w->kind = kind;
	return epoll_ctl(l->epoll, EPOLL_CTL_ADD, fd, &ev);
}

/**
 * loop_start() - open a loop's sockets and start its thread
 * @l: the loop, zeroed
 * @sv: the server, set up
 * @index: which loop, from 0: its voice port is voice_port + @index
 *
 * Return: 0, or -1 with the reason on standard error.
 */
int loop_start(struct loop *l, struct server *sv, int index)
{
	struct itimerspec every = { { 0, 20000000 }, { 0, 20000000 } };
	const struct bp_config *cfg = &sv->cfg;
	uint16_t port = cfg->voice_port ? cfg->voice_port + index : 0;

	l->sv = sv;
	l->index = index;
	l->epoll = l->timer = l->replies.fd = l->voice.fd = -1;
	l->listener = index || address_free(cfg->listen) ?
		      bp_listen(cfg->listen, true) : -1;
	if (l->listener < 0) {
		fprintf(stderr, "btiprovd: cannot listen on %s: %s\n",
			cfg->listen, strerror(errno));
		return -1;
	}
	if (bp_voice_open(&l->voice, cfg->voice, cfg->voice_advertise, port,
			  cfg->max_sessions)) {
		fprintf(stderr, "btiprovd: cannot open voice port %u on %s\n",
			port, cfg->voice);
		return -1;
	}
	l->timer = timerfd_create(CLOCK_MONOTONIC, TFD_CLOEXEC);
	l->epoll = epoll_create1(EPOLL_CLOEXEC);
	if (l->timer < 0 || l->epoll < 0 ||
	    bp_replies_init(&l->replies) ||
	    timerfd_settime(l->timer, 0, &every, NULL) ||
	    watch(l, l->listener, &l->w_listener, W_LISTENER) ||
	    watch(l, l->timer, &l->w_timer, W_TIMER) ||
	    watch(l, l->replies.fd, &l->w_replies, W_REPLIES) ||
	    watch(l, l->voice.fd, &l->w_voice, W_VOICE) ||
	    pthread_create(&l->thread, NULL, run, l)) {
		fprintf(stderr, "btiprovd: cannot start loop %d\n", index);
		return -1;
	}
	l->started = true;
	LOG("info", "loop", "loop=%d voice_port=%u", index, l->voice.port);
	return 0;
}

/**
 * loop_join() - wait for a loop's thread to end, if it started
 * @l: the loop
 */
void loop_join(struct loop *l)
{
	if (l->started)
		pthread_join(l->thread, NULL);
	l->started = false;
}

/**
 * loop_close() - close what a loop opened, once no thread uses it: its
 *	own, and the workers, which answer on its replies
 * @l: the loop
 */
void loop_close(struct loop *l)
{
	if (!l->sv)
		return;
	if (l->listener >= 0)
		close(l->listener);
	bp_voice_close(&l->voice);
	bp_replies_fini(&l->replies);
	if (l->timer >= 0)
		close(l->timer);
	if (l->epoll >= 0)
		close(l->epoll);
}
