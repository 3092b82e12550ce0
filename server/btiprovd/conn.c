// SPDX-License-Identifier: GPL-2.0
/*
 * A device's connection, in btiprovd: taken or turned away at accept(),
 * written to, handed to the store's workers and back, and ended.  The
 * protocol it carries is session.c's, its call call.c's; the loop that
 * serves it is loop.c.
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <openssl/crypto.h>
#include <openssl/rand.h>

#include "btiprovd.h"

/*
 * Version 2's PROVISIONED with its CONFIG pieces (up to 66 KiB) gets a
 * socket buffer that holds it whole, as the smaller messages fit the
 * default: the loop never waits on a reader that is slow, or reads
 * nothing.  Linux doubles what it is given, and counts its overhead in
 * that.
 */
static void make_room(int fd, size_t len)
{
	int want = 2 * len, have = 0;
	socklen_t n = sizeof(have);

	if (len > 16384 && !getsockopt(fd, SOL_SOCKET, SO_SNDBUF, &have, &n) &&
	    have < 2 * want)
		setsockopt(fd, SOL_SOCKET, SO_SNDBUF, &want, sizeof(want));
}

static int send_all(struct conn *c, const uint8_t *p, size_t len)
{
	ssize_t n;

	make_room(c->fd, len);
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

/*
 * Where @a is, for the logs and the audit log: in @source, BP_SOURCE_MAX
 * bytes, the address and port, an IPv4 address mapped into IPv6 as the
 * IPv4 address it is; in @address the address alone.
 */
static void address_text(const struct sockaddr_storage *a, char *source,
			 char address[INET6_ADDRSTRLEN])
{
	const struct sockaddr_in6 *a6 = (const struct sockaddr_in6 *)a;
	const struct sockaddr_in *a4 = (const struct sockaddr_in *)a;

	address[0] = 0;
	if (a->ss_family == AF_INET) {
		inet_ntop(AF_INET, &a4->sin_addr, address, INET6_ADDRSTRLEN);
		snprintf(source, BP_SOURCE_MAX, "%s:%u", address,
			 ntohs(a4->sin_port));
	} else if (IN6_IS_ADDR_V4MAPPED(&a6->sin6_addr)) {
		inet_ntop(AF_INET, a6->sin6_addr.s6_addr + 12, address,
			  INET6_ADDRSTRLEN);
		snprintf(source, BP_SOURCE_MAX, "%s:%u", address,
			 ntohs(a6->sin6_port));
	} else {
		inet_ntop(AF_INET6, &a6->sin6_addr, address, INET6_ADDRSTRLEN);
		snprintf(source, BP_SOURCE_MAX, "[%s]:%u", address,
			 ntohs(a6->sin6_port));
	}
}

static void conn_free(struct conn *c)
{
	free(c->hello);
	if (c->in != c->in_small)
		free(c->in);
	bp_account_config_free(&c->job.config);
	bp_session_free(&c->s);
	OPENSSL_cleanse(c, sizeof(*c));
	free(c);
}

/*
 * The call's counts, to the metrics and the log, which says where its
 * voice came from: where a device behind NAT was heard, or "-" if never.
 */
static void call_ended(const struct conn *c)
{
	struct bp_metrics *m = &c->l->sv->metrics;
	char voice[BP_SOURCE_MAX] = "-", address[INET6_ADDRSTRLEN];

	if (c->ivr.peer_len)
		address_text(&c->ivr.peer, voice, address);
	bp_count(m, M_FRAMES_HEARD, c->ivr.heard);
	bp_count(m, M_FRAMES_LATE, c->ivr.late);
	bp_count(m, M_FRAMES_LOST, c->ivr.concealed);
	bp_count(m, M_FRAMES_REFUSED, c->ivr.refused);
	LOG("info", "call-ended",
	    "source=%s voice=%s frames=%llu late=%llu concealed=%llu refused=%llu",
	    c->source, voice, (unsigned long long)c->ivr.heard,
	    (unsigned long long)c->ivr.late,
	    (unsigned long long)c->ivr.concealed,
	    (unsigned long long)c->ivr.refused);
}

/**
 * conn_end() - end a session: its socket closes now, its memory goes once
 *	this round of events is over and no worker holds its job
 * @c: the session
 */
void conn_end(struct conn *c)
{
	struct loop *l = c->l;

	if (c->ended)
		return;
	LIST_REMOVE(c, link);
	if (c->voice) {
		call_ended(c);
		bp_voice_remove(&l->voice, &c->ivr);
		bp_ivr_close(&c->ivr);
		c->voice = false;
	}
	/* the last close of a socket takes it out of the epoll set */
	close(c->fd);
	bp_sources_put(l->sv->sources, &c->peer);
	c->ended = true;
	LIST_INSERT_HEAD(&l->ended, c, link);
	l->sessions--;
	if (c->pending && !c->busy)
		binding_drop(c);
}

/**
 * conn_reap() - free the ended sessions no worker holds any more
 * @l: their loop
 */
void conn_reap(struct loop *l)
{
	struct conn *c, *next;

	for (c = LIST_FIRST(&l->ended); c; c = next) {
		next = LIST_NEXT(c, link);
		if (c->busy)
			continue;
		LIST_REMOVE(c, link);
		conn_free(c);
	}
}

/**
 * conn_fail() - send ERROR(@code) if the session can, and end it
 * @c: the session
 * @code: the protocol's error code
 * @why: for the log
 */
void conn_fail(struct conn *c, uint8_t code, const char *why)
{
	uint8_t out[BP_HEADER + 2 + BP_ERROR_TEXT_MAX + BP_TRAILER];
	size_t len;

	LOG("warning", "session-failed", "source=%s error=%u reason=\"%s\"",
	    c->source, code, why);
	if (code < BP_ERROR_CODES)
		atomic_fetch_add(&c->l->sv->metrics.failed[code], 1);
	if (!bp_error_build(&c->s, code, why, out, &len))
		send_all(c, out, len);
	conn_end(c);
}

/**
 * conn_reply() - send a message; a device that is gone ends the session
 * @c: the session
 * @out: the message
 * @len: its length
 */
void conn_reply(struct conn *c, const uint8_t *out, size_t len)
{
	if (c->ended)
		return;
	if (send_all(c, out, len)) {
		LOG("warning", "device-gone", "source=%s", c->source);
		conn_end(c);
	}
}

static void ask(struct conn *c,
		void (*run)(struct bp_job *job, struct bp_store *st),
		void (*done)(struct conn *c), bool slow)
{
	struct store_job *j = &c->job;

	j->job.run = run;
	j->job.slow = slow;
	j->job.to = &c->l->replies;
	j->c = c;
	j->done = done;
	memcpy(j->account, c->account, sizeof(j->account));
	memcpy(j->source, c->source, sizeof(j->source));
	c->busy = true;
	/* an ended session's descriptor may be another's by now */
	if (!c->ended)
		epoll_ctl(c->l->epoll, EPOLL_CTL_DEL, c->fd, NULL);
	bp_workers_submit(c->l->sv->workers, &j->job);
}

/**
 * conn_ask() - hand the session's store work to a worker; the device's
 *	connection is not read until the answer is back
 * @c: the session; c->job holds the question's own fields
 * @run: the work, in the worker
 * @done: the answer, back in the session's loop
 */
void conn_ask(struct conn *c,
	      void (*run)(struct bp_job *job, struct bp_store *st),
	      void (*done)(struct conn *c))
{
	ask(c, run, done, false);
}

/**
 * conn_ask_slow() - conn_ask() for a PIN's check, which waits behind
 *	every quick question queued
 * @c: the session
 * @run: the work, in the worker
 * @done: the answer, back in the session's loop
 */
void conn_ask_slow(struct conn *c,
		   void (*run)(struct bp_job *job, struct bp_store *st),
		   void (*done)(struct conn *c))
{
	ask(c, run, done, true);
}

/**
 * conn_answered() - the store's answer is back: the connection is read
 *	again, and the answer taken, if the session is still on
 * @c: the session
 */
void conn_answered(struct conn *c)
{
	struct epoll_event ev = { .events = EPOLLIN };
	int err = c->job.err;

	/*
	 * not failures: an unknown or revoked binding, one replaced or
	 * pending, a configuration too long for version 1
	 */
	if (err && err != -ENOENT && err != -ESTALE && err != -EBUSY &&
	    err != -EKEYREVOKED && err != -EMSGSIZE)
		bp_count(&c->l->sv->metrics, err == -ENOSPC ?
			 M_STORE_DISK_FULL : M_STORE_UNAVAILABLE, 1);
	c->busy = false;
	if (c->ended)
		return;
	ev.data.ptr = &c->w_device;
	epoll_ctl(c->l->epoll, EPOLL_CTL_ADD, c->fd, &ev);
	c->job.done(c);
}

/*
 * A connection the server has no room for: ERROR(busy), with the time to
 * wait before trying again in its text (protocol.rst, 8), then closed.
 * What the device sent is read first, as a close with unread data would
 * reset the connection and could lose the ERROR on its way.  The wait is
 * drawn between busy_retry and twice that, so that devices turned away
 * together do not all come back together.
 */
static void turn_away(struct loop *l, int fd, const char *source,
		      enum bp_turned_away why)
{
	uint8_t out[BP_HEADER + 2 + BP_ERROR_TEXT_MAX + BP_TRAILER];
	unsigned int retry = l->sv->cfg.busy_retry, jitter = 0, i;
	time_t t = bp_now();
	char text[32];
	size_t len;

	atomic_fetch_add(&l->sv->metrics.turned_away[why], 1);
	/*
	 * A flood is a line a second in the log, not a line a connection:
	 * each line counts those turned away since the last without a line.
	 */
	if (t != l->refused_at) {
		LOG("warning", "refused", "source=%s reason=%s unlogged=%u",
		    source, bp_turned_away_names[why], l->refused_unlogged);
		l->refused_at = t;
		l->refused_unlogged = 0;
	} else {
		l->refused_unlogged++;
	}
	RAND_bytes((uint8_t *)&jitter, sizeof(jitter));
	snprintf(text, sizeof(text), "retry-after=%u",
		 retry + jitter % (retry + 1));
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
 * take it and turn it away, and is taken again once that is closed.  The
 * loops' accepts wait for each other (@sv->accepting), but a worker or
 * the metrics may still take the room first: the listener then rests
 * until the next tick, which takes the spare back.  Called with
 * @sv->accepting held.
 */
static void turn_away_spare(struct loop *l)
{
	struct epoll_event ev = { .events = 0, .data.ptr = &l->w_listener };
	struct server *sv = l->sv;
	struct sockaddr_storage a;
	socklen_t len = sizeof(a);
	int fd;

	if (sv->spare >= 0) {
		close(sv->spare);
		fd = accept4(l->listener, (struct sockaddr *)&a, &len,
			     SOCK_CLOEXEC);
		if (fd >= 0)
			turn_away(l, fd, "-", T_DESCRIPTORS);
		sv->spare = open("/dev/null", O_RDONLY | O_CLOEXEC);
	}
	if (sv->spare < 0 && !l->resting) {
		epoll_ctl(l->epoll, EPOLL_CTL_MOD, l->listener, &ev);
		l->resting = true;
	}
}

/**
 * conn_listen_again() - a listener resting for want of descriptors
 *	listens again, the spare descriptor taken back if there is room
 * @l: the loop, at a tick
 */
void conn_listen_again(struct loop *l)
{
	struct epoll_event ev = { .events = EPOLLIN,
				  .data.ptr = &l->w_listener };
	struct server *sv = l->sv;

	if (!l->resting)
		return;
	pthread_mutex_lock(&sv->accepting);
	if (sv->spare < 0)
		sv->spare = open("/dev/null", O_RDONLY | O_CLOEXEC);
	pthread_mutex_unlock(&sv->accepting);
	if (l->listener >= 0)
		epoll_ctl(l->epoll, EPOLL_CTL_MOD, l->listener, &ev);
	l->resting = false;
}

/* A pending connection, or -1: one past the descriptors is turned away */
static int take(struct loop *l, struct sockaddr_storage *a)
{
	socklen_t len = sizeof(*a);
	int fd;

	pthread_mutex_lock(&l->sv->accepting);
	fd = accept4(l->listener, (struct sockaddr *)a, &len,
		     SOCK_NONBLOCK | SOCK_CLOEXEC);
	if (fd < 0 && (errno == EMFILE || errno == ENFILE))
		turn_away_spare(l);
	pthread_mutex_unlock(&l->sv->accepting);
	return fd;
}

/* @a for the logs (@source), and as failures are counted (@counted) */
static void name_peer(const struct sockaddr_storage *a, char *source,
		      char *counted)
{
	char address[INET6_ADDRSTRLEN];

	address_text(a, source, address);
	if (bp_source_name(address, counted))
		counted[0] = 0;
}

/* Why a connection from @a has no room, or T_REASONS if it has. */
static enum bp_turned_away no_room(struct loop *l,
				   const struct sockaddr_storage *a)
{
	switch (bp_sources_take(l->sv->sources, a)) {
	case 0:
		return T_REASONS;
	case BP_SOURCE_FULL:
		return T_MAX_SESSIONS;
	case BP_SOURCE_ADDRESS:
		return T_MAX_PER_ADDRESS;
	case BP_SOURCE_PREFIX:
		return T_MAX_PER_PREFIX;
	default:
		return T_MEMORY;
	}
}

/**
 * conn_accept() - take a connection waiting on the loop's listener, or
 *	turn it away if there is no room for it
 * @l: the loop
 */
void conn_accept(struct loop *l)
{
	struct epoll_event ev = { .events = EPOLLIN };
	char counted[BP_SOURCE_NAME_MAX], source[BP_SOURCE_MAX];
	struct sockaddr_storage a;
	enum bp_turned_away full;
	struct conn *c;
	int fd;

	fd = take(l, &a);
	if (fd < 0)
		return;
	name_peer(&a, source, counted);
	full = no_room(l, &a);
	if (full != T_REASONS)
		return turn_away(l, fd, source, full);
	c = calloc(1, sizeof(*c));
	if (!c || bp_session_init(&c->s, NULL)) {
		free(c);
		bp_sources_put(l->sv->sources, &a);
		return turn_away(l, fd, source, T_MEMORY);
	}
	c->s.max_version = BP_VERSION_MAX;
	c->in = c->in_small;
	c->in_cap = sizeof(c->in_small);
	c->l = l;
	c->fd = fd;
	c->w_device = (struct watch){ W_DEVICE, c };
	c->peer = a;
	memcpy(c->counted, counted, sizeof(counted));
	memcpy(c->source, source, sizeof(source));
	c->deadline = bp_now() + l->sv->cfg.request_timeout;
	LIST_INSERT_HEAD(&l->conns, c, link);
	l->sessions++;
	bp_count(&l->sv->metrics, M_ACCEPTED, 1);
	ev.data.ptr = &c->w_device;
	epoll_ctl(l->epoll, EPOLL_CTL_ADD, fd, &ev);
}
