// SPDX-License-Identifier: GPL-2.0
/*
 * An event loop of btiprovd, on a thread of its own: one for each CPU by
 * default.  Each loop listens on the server's address itself, the kernel
 * sharing the connections out among the loops (SO_REUSEPORT), and keeps
 * the sessions it accepted to the end: their TCP connections (session.c),
 * their calls on the loop's voice port (call.c, voice.c), the store's
 * answers to them, and a 20 ms timer that paces the IVR's audio and the
 * timeouts.  Loops share nothing but the server's configuration and keys,
 * the store's workers and the count of sessions by source.
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <stdio.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <sys/timerfd.h>
#include <unistd.h>

#include "btiprovd.h"

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

/*
 * "ADDRESS:PORT", or "[ADDRESS]:PORT" for IPv6; "[::]" takes IPv4 too.
 * The backlog is the kernel's largest, as a flood of connections is met
 * by accepting them and turning away those past the caps, not by letting
 * the kernel drop them before a device is told anything.  @share: the
 * loops' listeners share the address (SO_REUSEPORT).
 */
static int listen_on(const char *spec, bool share)
{
	struct sockaddr_in6 a6 = { .sin6_family = AF_INET6 };
	struct sockaddr_in a4 = { .sin_family = AF_INET };
	struct sockaddr *a = (struct sockaddr *)&a4;
	socklen_t len = sizeof(a4);
	int fd, one = 1, zero = 0;
	unsigned int port;
	char host[64];
	int end = 0;

	if (spec[0] == '[') {
		if (sscanf(spec, "[%63[^]]]:%u%n", host, &port, &end) != 2 ||
		    inet_pton(AF_INET6, host, &a6.sin6_addr) != 1)
			return -1;
		a = (struct sockaddr *)&a6;
		len = sizeof(a6);
	} else if (sscanf(spec, "%63[^:]:%u%n", host, &port, &end) != 2 ||
		   inet_pton(AF_INET, host, &a4.sin_addr) != 1) {
		return -1;
	}
	if (spec[end] || port > 65535)
		return -1;
	a4.sin_port = htons(port);
	a6.sin6_port = htons(port);
	fd = socket(a->sa_family, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
	if (fd < 0)
		return -1;
	setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
	if (share)
		setsockopt(fd, SOL_SOCKET, SO_REUSEPORT, &one, sizeof(one));
	if (a->sa_family == AF_INET6)
		setsockopt(fd, IPPROTO_IPV6, IPV6_V6ONLY, &zero, sizeof(zero));
	if (bind(fd, a, len) || listen(fd, SOMAXCONN)) {
		close(fd);
		return -1;
	}
	return fd;
}

/*
 * Any process of the same user could share the address too: a listener
 * that does not share it makes sure that none is there, so that a second
 * btiprovd, or an old one still running, fails to start rather than takes
 * a share of the devices.
 */
static bool address_free(const char *spec)
{
	int fd = listen_on(spec, false);

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

/* Every 20 ms: the IVR's audio, and the clocks of every session. */
static void tick(struct loop *l)
{
	struct server *sv = l->sv;
	bool stopping = atomic_load(&sv->stopping);
	time_t t = bp_now();
	bool stop_now = stopping && t >= atomic_load(&sv->stop_deadline);
	struct conn *c, *next;
	uint64_t n;

	if (read(l->timer, &n, sizeof(n)) < 0)
		return;
	if (stopping)
		stop_taking(l);
	for (c = l->conns; c; c = next) {
		next = c->next;
		/*
		 * What the store answers, the device is told: wait for it.
		 * The call's clock runs on meanwhile (protocol.rst, 4.1).
		 */
		if (c->busy) {
			if (c->voice)
				bp_voice_tick(&l->voice, &c->ivr);
			continue;
		}
		if (stop_now)
			conn_fail(c, BP_E_INTERNAL, "the server is stopping");
		else if (t > c->deadline)
			conn_fail(c, BP_E_TIMEOUT, "session timed out");
		else if (c->voice)
			call_tick(c, t);
	}
	bp_voice_flush(&l->voice);
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
	call_hear((struct conn *)((char *)ivr - offsetof(struct conn, ivr)));
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

	while (!atomic_load(&l->sv->stopping) || l->conns || l->ended) {
		n = epoll_wait(l->epoll, evs, 64, -1);
		for (i = 0; i < n; i++)
			dispatch(l, evs[i].data.ptr);
		/* an event later in the round may name a session ended */
		conn_reap(l);
	}
	stop_taking(l);
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
	l->spare = open("/dev/null", O_RDONLY | O_CLOEXEC);
	l->listener = index || address_free(cfg->listen) ?
		      listen_on(cfg->listen, true) : -1;
	if (l->listener < 0) {
		fprintf(stderr, "btiprovd: cannot listen on %s\n", cfg->listen);
		return -1;
	}
	if (bp_voice_open(&l->voice, cfg->voice, port, cfg->max_sessions)) {
		fprintf(stderr, "btiprovd: cannot open voice port %s:%u\n",
			cfg->voice, port);
		return -1;
	}
	l->timer = timerfd_create(CLOCK_MONOTONIC, TFD_CLOEXEC);
	l->epoll = epoll_create1(EPOLL_CLOEXEC);
	if (l->spare < 0 || l->timer < 0 || l->epoll < 0 ||
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
	LOG("info", "loop", "loop=%d voice_port=%u", index, l->voice.port);
	return 0;
}

/**
 * loop_stop() - wait for a started loop to end, and close what it opened
 * @l: the loop; one that did not start is closed alone
 */
void loop_stop(struct loop *l)
{
	if (!l->sv)
		return;
	if (l->thread)
		pthread_join(l->thread, NULL);
	if (l->listener >= 0)
		close(l->listener);
	bp_voice_close(&l->voice);
	bp_replies_fini(&l->replies);
	if (l->timer >= 0)
		close(l->timer);
	if (l->epoll >= 0)
		close(l->epoll);
	if (l->spare >= 0)
		close(l->spare);
}
