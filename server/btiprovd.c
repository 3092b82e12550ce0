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
#include <fcntl.h>
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
#include <openssl/rand.h>

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
	free(c->hello);
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
		    "source=%s frames=%llu late=%llu concealed=%llu refused=%llu",
		    c->source, (unsigned long long)c->ivr.heard,
		    (unsigned long long)c->ivr.late,
		    (unsigned long long)c->ivr.concealed,
		    (unsigned long long)c->ivr.refused);
		epoll_ctl(sv->epoll, EPOLL_CTL_DEL, c->ivr.fd, NULL);
		bp_ivr_close(&c->ivr);
		c->voice = false;
	}
	epoll_ctl(sv->epoll, EPOLL_CTL_DEL, c->fd, NULL);
	close(c->fd);
	bp_sources_put(sv->sources, &c->peer);
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

/*
 * A connection the server has no room for: ERROR(busy), with the time to
 * wait before trying again in its text (protocol.rst, 8), then closed.
 * What the device sent is read first, as a close with unread data would
 * reset the connection and could lose the ERROR on its way.  The wait is
 * drawn between busy_retry and twice that, so that devices turned away
 * together do not all come back together.
 */
static void turn_away(struct server *sv, int fd, const char *source,
		      const char *why)
{
	uint8_t out[BP_HEADER + 2 + BP_ERROR_TEXT_MAX + BP_TRAILER];
	unsigned int jitter = 0, i;
	time_t t = bp_now();
	char text[32];
	size_t len;

	/*
	 * A flood is a line a second in the log, not a line a connection:
	 * each line counts those turned away since the last without a line.
	 */
	if (t != sv->refused_at) {
		LOG("warning", "refused", "source=%s reason=%s unlogged=%u",
		    source, why, sv->refused_unlogged);
		sv->refused_at = t;
		sv->refused_unlogged = 0;
	} else {
		sv->refused_unlogged++;
	}
	RAND_bytes((uint8_t *)&jitter, sizeof(jitter));
	snprintf(text, sizeof(text), "retry-after=%u",
		 sv->cfg.busy_retry + jitter % (sv->cfg.busy_retry + 1u));
	/* a REQUEST's worth, and no more: a peer may keep sending */
	for (i = 0; i < 4 && recv(fd, out, sizeof(out), MSG_DONTWAIT) > 0; i++)
		;
	if (!bp_error_unsessioned(BP_E_BUSY, text, out, &len))
		send(fd, out, len, MSG_DONTWAIT | MSG_NOSIGNAL);
	shutdown(fd, SHUT_WR);
	close(fd);
}

/*
 * Out of descriptors, a pending connection would keep the listener
 * readable, and the loop spinning: the spare descriptor makes room to
 * take it and turn it away, and is taken again once that is closed.
 */
static void turn_away_spare(struct server *sv)
{
	struct sockaddr_storage a;
	socklen_t len = sizeof(a);
	int fd;

	close(sv->spare);
	fd = accept4(sv->listener, (struct sockaddr *)&a, &len, SOCK_CLOEXEC);
	if (fd >= 0)
		turn_away(sv, fd, "-", "descriptors");
	sv->spare = open("/dev/null", O_RDONLY | O_CLOEXEC);
}

/*
 * Where @a is, for the logs and the audit log (@source: the address and
 * port, an IPv4 address mapped into IPv6 as the IPv4 address it is), and
 * as failures are counted (@counted, bp_source_name()).
 */
static void name_peer(const struct sockaddr_storage *a, char *source,
		      char *counted)
{
	const struct sockaddr_in6 *a6 = (const struct sockaddr_in6 *)a;
	const struct sockaddr_in *a4 = (const struct sockaddr_in *)a;
	char address[INET6_ADDRSTRLEN] = "";

	if (a->ss_family == AF_INET) {
		inet_ntop(AF_INET, &a4->sin_addr, address, sizeof(address));
		snprintf(source, BP_SOURCE_MAX, "%s:%u", address,
			 ntohs(a4->sin_port));
	} else if (IN6_IS_ADDR_V4MAPPED(&a6->sin6_addr)) {
		inet_ntop(AF_INET, a6->sin6_addr.s6_addr + 12, address,
			  sizeof(address));
		snprintf(source, BP_SOURCE_MAX, "%s:%u", address,
			 ntohs(a6->sin6_port));
	} else {
		inet_ntop(AF_INET6, &a6->sin6_addr, address, sizeof(address));
		snprintf(source, BP_SOURCE_MAX, "[%s]:%u", address,
			 ntohs(a6->sin6_port));
	}
	if (bp_source_name(address, counted))
		counted[0] = 0;
}

/* Why a connection from @a has no room, or NULL if it has. */
static const char *no_room(struct server *sv,
			   const struct sockaddr_storage *a)
{
	if (sv->sessions >= sv->cfg.max_sessions)
		return "max_sessions";
	switch (bp_sources_take(sv->sources, a)) {
	case 0:
		return NULL;
	case BP_SOURCE_ADDRESS:
		return "max_per_address";
	case BP_SOURCE_PREFIX:
		return "max_per_prefix";
	default:
		return "memory";
	}
}

static void accept_one(struct server *sv)
{
	struct epoll_event ev = { .events = EPOLLIN };
	char counted[BP_SOURCE_NAME_MAX], source[BP_SOURCE_MAX];
	struct sockaddr_storage a;
	socklen_t len = sizeof(a);
	const char *full;
	struct conn *c;
	int fd;

	fd = accept4(sv->listener, (struct sockaddr *)&a, &len,
		     SOCK_NONBLOCK | SOCK_CLOEXEC);
	if (fd < 0 && (errno == EMFILE || errno == ENFILE) && sv->spare >= 0)
		return turn_away_spare(sv);
	if (fd < 0)
		return;
	name_peer(&a, source, counted);
	full = no_room(sv, &a);
	if (full)
		return turn_away(sv, fd, source, full);
	c = calloc(1, sizeof(*c));
	if (!c || bp_session_init(&c->s, NULL)) {
		free(c);
		bp_sources_put(sv->sources, &a);
		return turn_away(sv, fd, source, "memory");
	}
	c->fd = fd;
	c->w_device = (struct watch){ W_DEVICE, c };
	c->w_voice = (struct watch){ W_VOICE, c };
	c->peer = a;
	memcpy(c->counted, counted, sizeof(counted));
	memcpy(c->source, source, sizeof(source));
	c->deadline = bp_now() + sv->cfg.request_timeout;
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
		/*
		 * What the store answers, the device is told: wait for it.
		 * The call's clock runs on meanwhile (protocol.rst, 4.1).
		 */
		if (c->busy) {
			if (c->voice)
				bp_ivr_tick(&c->ivr);
			continue;
		}
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

/*
 * "ADDRESS:PORT", or "[ADDRESS]:PORT" for IPv6; "[::]" takes IPv4 too.
 * The backlog is the kernel's largest, as a flood of connections is met
 * by accepting them and turning away those past the caps, not by letting
 * the kernel drop them before a device is told anything.
 */
static int listen_on(const char *spec)
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
	if (a->sa_family == AF_INET6)
		setsockopt(fd, IPPROTO_IPV6, IPV6_V6ONLY, &zero, sizeof(zero));
	if (bind(fd, a, len) || listen(fd, SOMAXCONN)) {
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
 * use select() may.  Where even that is too few, max_sessions is lowered
 * to fit: a session that could not open its voice channel would fail
 * after its handshake, where one turned away with ERROR(busy) can come
 * back.  The reserve covers the loop's own descriptors, the workers' and
 * their store connections, and the spare.
 */
static int open_files(struct server *sv)
{
	rlim_t reserve = 32 + 4 * (rlim_t)sv->cfg.workers, fit;
	struct rlimit l;

	if (getrlimit(RLIMIT_NOFILE, &l))
		return 0;
	l.rlim_cur = l.rlim_max;
	if (setrlimit(RLIMIT_NOFILE, &l))
		getrlimit(RLIMIT_NOFILE, &l);
	if (l.rlim_cur < reserve + 2) {
		fprintf(stderr, "btiprovd: %llu open files are too few\n",
			(unsigned long long)l.rlim_cur);
		return -1;
	}
	fit = (l.rlim_cur - reserve) / 2;
	if ((rlim_t)sv->cfg.max_sessions > fit) {
		LOG("warning", "limit",
		    "max_sessions=%d lowered_to=%llu open_files=%llu",
		    sv->cfg.max_sessions, (unsigned long long)fit,
		    (unsigned long long)l.rlim_cur);
		sv->cfg.max_sessions = fit;
	}
	return 0;
}

static int setup(struct server *sv, const char *config)
{
	struct itimerspec every = { { 0, 20000000 }, { 0, 20000000 } };
	struct bp_lock_policy policy;
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
	sv->spare = open("/dev/null", O_RDONLY | O_CLOEXEC);
	if (sv->spare < 0 || open_files(sv))
		return -1;
	sv->sources = bp_sources_new(sv->cfg.max_sessions,
				     sv->cfg.max_per_address,
				     sv->cfg.max_per_prefix);
	if (!sv->sources)
		return -1;
	policy.backoff_after = sv->cfg.backoff_after;
	policy.backoff_wait = sv->cfg.backoff_wait;
	policy.lock_after = sv->cfg.lock_after;
	sv->workers = bp_workers_start(sv->cfg.store, sv->cfg.workers, &policy,
				       err, sizeof(err));
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
	bp_sources_free(sv->sources);
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
