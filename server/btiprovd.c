// SPDX-License-Identifier: GPL-2.0
/*
 * btiprovd: the provisioning server.  One thread and one epoll loop serve
 * every device: a TCP connection carries a session's protocol messages
 * (session.c), a UDP socket its call (call.c), a 20 ms timer paces the
 * IVR's audio and the timeouts, and workers (worker.c) do what would
 * stall the loop: PIN hashes and the store.  SIGTERM stops new sessions
 * and gives the others stop_timeout seconds to end; a second SIGTERM ends
 * them at once.
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/signalfd.h>
#include <sys/socket.h>
#include <sys/resource.h>
#include <sys/timerfd.h>
#include <time.h>
#include <unistd.h>

#include <openssl/crypto.h>
#include <openssl/pem.h>

#include "btiprovd.h"

static const char *const prompt_names[P_COUNT] = {
	"ask-account", "ask-pin", "retry", "accepted", "refused", "locked",
	"timeout",
};

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

static int send_all(struct conn *c, const uint8_t *p, size_t len)
{
	ssize_t n;

	while (len) {
		n = send(c->fd, p, len, MSG_NOSIGNAL);
		if (n < 0 && errno == EAGAIN) {
			usleep(1000);
			continue;
		}
		if (n <= 0)
			return -1;
		p += n;
		len -= n;
	}
	return 0;
}

static void conn_free(struct conn *c)
{
	bp_session_free(&c->s);
	OPENSSL_cleanse(c, sizeof(*c));
	free(c);
}

/**
 * conn_end() - end a session: its sockets close now, its memory goes once
 *	this round of events is over and no worker holds its job
 * @sv: the server
 * @c: the session
 */
void conn_end(struct server *sv, struct conn *c)
{
	struct conn **pp;

	if (c->ended)
		return;
	for (pp = &sv->conns; *pp; pp = &(*pp)->next)
		if (*pp == c) {
			*pp = c->next;
			break;
		}
	if (c->voice) {
		LOG("info", "call-ended",
		    "source=%s frames=%llu late=%llu concealed=%llu",
		    c->source, (unsigned long long)c->ivr.heard,
		    (unsigned long long)c->ivr.late,
		    (unsigned long long)c->ivr.concealed);
		epoll_ctl(sv->epoll, EPOLL_CTL_DEL, c->ivr.fd, NULL);
		bp_ivr_close(&c->ivr);
		c->voice = false;
	}
	epoll_ctl(sv->epoll, EPOLL_CTL_DEL, c->fd, NULL);
	close(c->fd);
	c->ended = true;
	c->next = sv->ended;
	sv->ended = c;
	sv->sessions--;
}

/* The ended sessions no worker holds any more. */
static void reap(struct server *sv)
{
	struct conn **pp = &sv->ended, *c;

	while ((c = *pp)) {
		if (c->busy) {
			pp = &c->next;
			continue;
		}
		*pp = c->next;
		conn_free(c);
	}
}

/**
 * conn_fail() - send ERROR(@code) if the session can, and end it
 * @sv: the server
 * @c: the session
 * @code: the protocol's error code
 * @why: for the log
 */
void conn_fail(struct server *sv, struct conn *c, uint8_t code,
	       const char *why)
{
	uint8_t out[BP_HEADER + 2 + BP_ERROR_TEXT_MAX + BP_TRAILER];
	size_t len;

	LOG("warning", "session-failed", "source=%s error=%u reason=\"%s\"",
	    c->source, code, why);
	if (!bp_error_build(&c->s, code, why, out, &len))
		send_all(c, out, len);
	conn_end(sv, c);
}

/**
 * conn_reply() - send a message; a device that is gone ends the session
 * @sv: the server
 * @c: the session
 * @out: the message
 * @len: its length
 */
void conn_reply(struct server *sv, struct conn *c, const uint8_t *out,
		size_t len)
{
	if (c->ended)
		return;
	if (send_all(c, out, len)) {
		LOG("warning", "device-gone", "source=%s", c->source);
		conn_end(sv, c);
	}
}

static void ask(struct server *sv, struct conn *c,
		void (*run)(struct bp_job *job, struct bp_store *st),
		void (*done)(struct server *sv, struct conn *c), bool slow)
{
	struct store_job *j = &c->job;

	j->job.run = run;
	j->job.slow = slow;
	j->c = c;
	j->done = done;
	memcpy(j->account, c->account, sizeof(j->account));
	memcpy(j->source, c->source, sizeof(j->source));
	c->busy = true;
	epoll_ctl(sv->epoll, EPOLL_CTL_DEL, c->fd, NULL);
	bp_workers_submit(sv->workers, &j->job);
}

/**
 * conn_ask() - hand the session's store work to a worker; the device's
 *	connection is not read until the answer is back
 * @sv: the server
 * @c: the session; c->job holds the question's own fields
 * @run: the work, in the worker
 * @done: the answer, back in the event loop
 */
void conn_ask(struct server *sv, struct conn *c,
	      void (*run)(struct bp_job *job, struct bp_store *st),
	      void (*done)(struct server *sv, struct conn *c))
{
	ask(sv, c, run, done, false);
}

/**
 * conn_ask_slow() - conn_ask() for a PIN's check, which waits behind
 *	every quick question queued
 * @sv: the server
 * @c: the session
 * @run: the work, in the worker
 * @done: the answer, back in the event loop
 */
void conn_ask_slow(struct server *sv, struct conn *c,
		   void (*run)(struct bp_job *job, struct bp_store *st),
		   void (*done)(struct server *sv, struct conn *c))
{
	ask(sv, c, run, done, true);
}

static void answered(struct server *sv, struct store_job *j)
{
	struct epoll_event ev = { .events = EPOLLIN };
	struct conn *c = j->c;

	c->busy = false;
	if (c->ended)
		return;
	ev.data.ptr = &c->w_device;
	epoll_ctl(sv->epoll, EPOLL_CTL_ADD, c->fd, &ev);
	j->done(sv, c);
	session_take_buffered(sv, c);
}

static void jobs_done(struct server *sv)
{
	struct bp_job *job, *next;

	for (job = bp_workers_done(sv->workers); job; job = next) {
		next = job->next;
		answered(sv, (struct store_job *)job);
	}
}

static void accept_one(struct server *sv)
{
	struct epoll_event ev = { .events = EPOLLIN };
	struct sockaddr_in a;
	socklen_t len = sizeof(a);
	struct conn *c;
	char ip[INET_ADDRSTRLEN];
	int fd;

	fd = accept4(sv->listener, (struct sockaddr *)&a, &len,
		     SOCK_NONBLOCK | SOCK_CLOEXEC);
	if (fd < 0)
		return;
	if (sv->sessions >= sv->cfg.max_sessions) {
		LOG("warning", "refused", "reason=max_sessions");
		close(fd);
		return;
	}
	c = calloc(1, sizeof(*c));
	if (!c || bp_session_init(&c->s, NULL)) {
		free(c);
		close(fd);
		return;
	}
	c->fd = fd;
	c->w_device = (struct watch){ W_DEVICE, c };
	c->w_voice = (struct watch){ W_VOICE, c };
	inet_ntop(AF_INET, &a.sin_addr, ip, sizeof(ip));
	snprintf(c->source, sizeof(c->source), "%s:%u", ip, ntohs(a.sin_port));
	c->deadline = bp_now() + sv->cfg.session_timeout;
	c->next = sv->conns;
	sv->conns = c;
	sv->sessions++;
	ev.data.ptr = &c->w_device;
	epoll_ctl(sv->epoll, EPOLL_CTL_ADD, fd, &ev);
}

/* Every 20 ms: the IVR's audio, and the clocks of every session. */
static void tick(struct server *sv)
{
	bool stop_now = sv->stopping && bp_now() >= sv->stop_deadline;
	struct conn *c, *next;
	time_t t = bp_now();
	uint64_t n;

	if (read(sv->timer, &n, sizeof(n)) < 0)
		return;
	for (c = sv->conns; c; c = next) {
		next = c->next;
		/* what the store answers, the device is told: wait for it */
		if (c->busy)
			continue;
		if (stop_now)
			conn_fail(sv, c, BP_E_INTERNAL, "the server is stopping");
		else if (t > c->deadline)
			conn_fail(sv, c, BP_E_TIMEOUT, "session timed out");
		else if (c->voice)
			call_tick(sv, c, t);
	}
}

static void stop(struct server *sv)
{
	struct signalfd_siginfo si;

	if (read(sv->signals, &si, sizeof(si)) <= 0)
		return;
	if (sv->stopping) {
		sv->stop_deadline = 0;	/* asked twice: now */
		return;
	}
	sv->stopping = true;
	sv->stop_deadline = bp_now() + sv->cfg.stop_timeout;
	epoll_ctl(sv->epoll, EPOLL_CTL_DEL, sv->listener, NULL);
	close(sv->listener);
	LOG("info", "stopping", "sessions=%d", sv->sessions);
}

static int load_prompts(struct server *sv)
{
	char path[512];
	FILE *f;
	long n;
	int i;

	for (i = 0; i < P_COUNT; i++) {
		snprintf(path, sizeof(path), "%s/%s.ul", sv->cfg.prompts,
			 prompt_names[i]);
		f = fopen(path, "r");
		if (!f || fseek(f, 0, SEEK_END) || (n = ftell(f)) <= 0 ||
		    fseek(f, 0, SEEK_SET)) {
			fprintf(stderr, "btiprovd: %s: cannot read\n", path);
			if (f)
				fclose(f);
			return -1;
		}
		sv->prompts[i].audio = malloc(n);
		sv->prompts[i].len = sv->prompts[i].audio ?
				     fread(sv->prompts[i].audio, 1, n, f) : 0;
		fclose(f);
	}
	return 0;
}

/* The leaf key and its chain, DER certificates each after its length. */
static int load_suite(struct bp_identity *id, int suite, const char *key,
		      const char *chain)
{
	FILE *f = fopen(key, "r");
	X509 *x;
	uint8_t *p;
	int n;

	id->key[suite] = f ? PEM_read_PrivateKey(f, NULL, NULL, NULL) : NULL;
	if (f)
		fclose(f);
	f = fopen(chain, "r");
	id->chain[suite] = malloc(BP_HELLO_MAX);
	while (f && id->chain[suite] &&
	       (x = PEM_read_X509(f, NULL, NULL, NULL))) {
		p = id->chain[suite] + id->chain_len[suite] + 2;
		n = i2d_X509(x, NULL);
		if (n > 0 && id->chain_len[suite] + 2 + n <= BP_HELLO_MAX - 100 &&
		    i2d_X509(x, &p) == n) {
			bp_put16(id->chain[suite] + id->chain_len[suite], n);
			id->chain_len[suite] += 2 + n;
		}
		X509_free(x);
	}
	if (f)
		fclose(f);
	if (!id->key[suite] || !id->chain_len[suite]) {
		fprintf(stderr, "btiprovd: suite %d: cannot read %s or %s\n",
			suite, key, chain);
		return -1;
	}
	return 0;
}

static int listen_on(const char *spec)
{
	struct sockaddr_in a = { .sin_family = AF_INET };
	char host[64];
	int fd, one = 1;
	unsigned int port;

	if (sscanf(spec, "%63[^:]:%u", host, &port) != 2 || port > 65535 ||
	    inet_pton(AF_INET, host, &a.sin_addr) != 1)
		return -1;
	a.sin_port = htons(port);
	fd = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
	if (fd < 0)
		return -1;
	setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
	if (bind(fd, (struct sockaddr *)&a, sizeof(a)) || listen(fd, 128)) {
		close(fd);
		return -1;
	}
	return fd;
}

static bool ipv4(const char *text)
{
	struct in_addr a;

	return inet_pton(AF_INET, text, &a) == 1;
}

/*
 * Each session holds two descriptors, its connection and its voice
 * socket: the soft limit (1024 by default) would refuse sessions long
 * before max_sessions, so take the hard limit, as programs that do not
 * use select() may.
 */
static void open_files(const struct server *sv)
{
	struct rlimit l;

	if (getrlimit(RLIMIT_NOFILE, &l))
		return;
	l.rlim_cur = l.rlim_max;
	setrlimit(RLIMIT_NOFILE, &l);
	if (l.rlim_cur < 2 * (rlim_t)sv->cfg.max_sessions + 64)
		LOG("warning", "limit", "max_sessions=%d open_files=%llu",
		    sv->cfg.max_sessions, (unsigned long long)l.rlim_cur);
}

static int setup(struct server *sv, const char *config)
{
	struct itimerspec every = { { 0, 20000000 }, { 0, 20000000 } };
	struct epoll_event ev = { .events = EPOLLIN };
	char err[512];
	sigset_t sigs;

	/* before any worker starts: threads inherit the mask */
	sigemptyset(&sigs);
	sigaddset(&sigs, SIGTERM);
	sigaddset(&sigs, SIGINT);
	pthread_sigmask(SIG_BLOCK, &sigs, NULL);
	if (bp_config_load(config, &sv->cfg, err, sizeof(err))) {
		fprintf(stderr, "btiprovd: %s\n", err);
		return -1;
	}
	if (!ipv4(sv->cfg.voice) ||
	    (sv->cfg.voice_advertise[0] && !ipv4(sv->cfg.voice_advertise))) {
		fprintf(stderr, "btiprovd: voice addresses are IPv4 addresses\n");
		return -1;
	}
	open_files(sv);
	sv->workers = bp_workers_start(sv->cfg.store, sv->cfg.workers, err,
				       sizeof(err));
	if (!sv->workers) {
		fprintf(stderr, "btiprovd: store: %s\n", err);
		return -1;
	}
	if (!sv->cfg.p256_key[0] && !sv->cfg.rsa_key[0]) {
		fprintf(stderr, "btiprovd: no suite: set p256_key, rsa_key or both\n");
		return -1;
	}
	if ((sv->cfg.p256_key[0] &&
	     load_suite(&sv->id, 1, sv->cfg.p256_key, sv->cfg.p256_chain)) ||
	    (sv->cfg.rsa_key[0] &&
	     load_suite(&sv->id, 2, sv->cfg.rsa_key, sv->cfg.rsa_chain)) ||
	    load_prompts(sv))
		return -1;
	sv->listener = listen_on(sv->cfg.listen);
	if (sv->listener < 0) {
		fprintf(stderr, "btiprovd: cannot listen on %s\n",
			sv->cfg.listen);
		return -1;
	}
	sv->signals = signalfd(-1, &sigs, SFD_CLOEXEC);
	sv->timer = timerfd_create(CLOCK_MONOTONIC, TFD_CLOEXEC);
	sv->epoll = epoll_create1(EPOLL_CLOEXEC);
	if (sv->signals < 0 || sv->timer < 0 || sv->epoll < 0 ||
	    timerfd_settime(sv->timer, 0, &every, NULL))
		return -1;
	sv->w_listener.kind = W_LISTENER;
	sv->w_timer.kind = W_TIMER;
	sv->w_signals.kind = W_SIGNALS;
	sv->w_workers.kind = W_WORKERS;
	ev.data.ptr = &sv->w_listener;
	epoll_ctl(sv->epoll, EPOLL_CTL_ADD, sv->listener, &ev);
	ev.data.ptr = &sv->w_timer;
	epoll_ctl(sv->epoll, EPOLL_CTL_ADD, sv->timer, &ev);
	ev.data.ptr = &sv->w_signals;
	epoll_ctl(sv->epoll, EPOLL_CTL_ADD, sv->signals, &ev);
	ev.data.ptr = &sv->w_workers;
	epoll_ctl(sv->epoll, EPOLL_CTL_ADD, bp_workers_fd(sv->workers), &ev);
	return 0;
}

static void dispatch(struct server *sv, struct watch *w)
{
	switch (w->kind) {
	case W_LISTENER:
		return accept_one(sv);
	case W_TIMER:
		return tick(sv);
	case W_SIGNALS:
		return stop(sv);
	case W_WORKERS:
		return jobs_done(sv);
	case W_DEVICE:
		if (!w->c->ended)
			session_readable(sv, w->c);
		return;
	case W_VOICE:
		if (!w->c->ended)
			call_hear(sv, w->c);
		return;
	}
}

static void teardown(struct server *sv)
{
	int i;

	bp_workers_stop(sv->workers);
	for (i = 1; i <= 2; i++) {
		EVP_PKEY_free(sv->id.key[i]);
		free(sv->id.chain[i]);
	}
	for (i = 0; i < P_COUNT; i++)
		free(sv->prompts[i].audio);
	if (sv->epoll > 0)
		close(sv->epoll);
	if (sv->srtp_held)
		bp_srtp_stop(sv->srtp_held);
}

int main(int argc, char **argv)
{
	struct server sv = { 0 };
	struct epoll_event evs[64];
	int i, n;

	if (argc > 2 || (argc == 2 && argv[1][0] == '-')) {
		fprintf(stderr, "usage: btiprovd [CONFIG-FILE]\n");
		return 2;
	}
	if (bp_srtp_start(&sv.srtp_held) ||
	    setup(&sv, argc == 2 ? argv[1] : NULL)) {
		teardown(&sv);
		return 1;
	}
	LOG("info", "started", "listen=%s max_sessions=%d workers=%d",
	    sv.cfg.listen, sv.cfg.max_sessions, sv.cfg.workers);
	while (!sv.stopping || sv.conns || sv.ended) {
		n = epoll_wait(sv.epoll, evs, 64, -1);
		for (i = 0; i < n; i++)
			dispatch(&sv, evs[i].data.ptr);
		/* an event later in the round may name a session ended */
		reap(&sv);
	}
	LOG("info", "stopped", "sessions=%d", sv.sessions);
	teardown(&sv);
	return 0;
}
