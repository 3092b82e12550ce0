// SPDX-License-Identifier: GPL-2.0
/*
 * A device's protocol messages, in btiprovd: REQUEST, KEY_TRANSPORT and
 * version 2's ATTESTATION in, each answered once the store has been asked
 * what it must.  The IVR between KEY_CONFIRM and AUTH_RESULT is call.c's;
 * from USER_KEY or REFRESH on, the binding is binding.c's.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include <openssl/crypto.h>
#include <openssl/rand.h>

#include "btiprovd.h"

/**
 * session_attempt_id() - who keys the PIN, for counting failures: the
 *	device if it is bound, else where it comes from (bp_source_id())
 * @c: the session
 * @id: the id
 */
void session_attempt_id(const struct conn *c, uint8_t id[32])
{
	if (c->s.reprovision)
		memcpy(id, c->s.device_id, 32);
	else
		bp_source_id(c->counted, id);
}

/*
 * A re-provisioning device's binding: SERVER_HELLO waited for it.  An id
 * not bound is refused at once in version 1, and told after ATTESTATION,
 * under a MAC, in version 2 (protocol.rst, 7).
 */
static void bound_found(struct conn *c)
{
	uint8_t *hello = c->hello;
	int err = c->job.err;
	bool unbound = err == -ENOENT || err == -EKEYREVOKED;

	c->hello = NULL;
	if (err == -EBUSY)
		conn_fail(c, BP_E_BUSY, "binding pending");
	else if (unbound && c->s.w.version == 1)
		conn_fail(c, BP_E_MALFORMED, "unknown device");
	else if (err && !unbound)
		conn_fail(c, BP_E_INTERNAL, bp_store_failure(err));
	else
		conn_reply(c, hello, c->hello_len);
	if (unbound)
		c->unbound = err == -ENOENT ? BP_E_UNKNOWN : BP_E_REVOKED;
	c->bound = c->job.bound;
	c->has_bound = !err;
	OPENSSL_cleanse(&c->job.bound, sizeof(c->job.bound));
	free(hello);
}

static void find_bound(struct bp_job *job, struct bp_store *st)
{
	struct store_job *j = (struct store_job *)job;

	j->err = bp_store_bound(st, j->id, &j->bound, NULL);
}

/*
 * An unknown id is refused in answer to REQUEST, before the device has
 * keys (protocol.rst, 7), so SERVER_HELLO waits for the binding's lookup.
 */
static void take_request(struct conn *c, const uint8_t *m,
			 size_t len)
{
	uint8_t out[BP_MSG_MAX];
	size_t n;

	if (bp_request(&c->s, &c->l->sv->id, m, len, out, &n))
		return conn_fail(c, c->s.w.error, "request refused");
	LOG("info", "session-start", "source=%s loop=%d suite=%u reprovision=%d",
	    c->source, c->l->index, c->s.suite, c->s.reprovision);
	c->deadline = bp_now() + c->l->sv->cfg.session_timeout;
	if (!c->s.reprovision)
		return conn_reply(c, out, n);
	c->hello = malloc(n);
	if (!c->hello)
		return conn_fail(c, BP_E_INTERNAL, "out of memory");
	memcpy(c->hello, out, n);
	c->hello_len = n;
	memcpy(c->job.id, c->s.device_id, 32);
	conn_ask(c, find_bound, bound_found);
}

/*
 * The call goes through the loop's voice port, which KEY_CONFIRM names:
 * the device's SSRC, unique on the port, tells its packets apart.
 */
static int open_call(struct conn *c, struct bp_voice *v)
{
	struct sockaddr_storage local;
	socklen_t local_len = sizeof(local);

	/* two SSRCs, never equal: protocol.rst, KEY_CONFIRM */
	v->device_ssrc = bp_voice_free_ssrc(&c->l->voice);
	do {
		RAND_bytes((uint8_t *)&v->server_ssrc, sizeof(v->server_ssrc));
	} while (v->server_ssrc == v->device_ssrc);
	if (getsockname(c->fd, (struct sockaddr *)&local, &local_len)) {
		conn_fail(c, BP_E_INTERNAL, "voice channel");
		return -1;
	}
	if (bp_voice_tell(&c->l->voice, &local, v)) {
		conn_fail(c, BP_E_INTERNAL, "no IPv6 voice port");
		return -1;
	}
	if (bp_ivr_open(&c->ivr)) {
		conn_fail(c, BP_E_INTERNAL, "voice channel");
		return -1;
	}
	c->voice = true;
	return 0;
}

/* KEY_CONFIRM built: the call keyed and on the port, then KEY_CONFIRM. */
static void start_call(struct conn *c, const struct bp_voice *v,
		       const uint8_t *out, size_t n)
{
	if (bp_ivr_key(&c->ivr, c->s.audio_key, c->s.audio_salt,
		       v->device_ssrc, v->server_ssrc)) {
		/* the device never sees KEY_CONFIRM: the ERROR is over less */
		bp_wire_unsend(&c->s.w);
		return conn_fail(c, BP_E_INTERNAL, "voice channel");
	}
	bp_voice_add(&c->l->voice, &c->ivr);
	call_start(c);
	conn_reply(c, out, n);
	if (!c->ended)
		bp_count(&c->l->sv->metrics, M_HANDSHAKES, 1);
}

/*
 * Version 1 answers KEY_TRANSPORT with KEY_CONFIRM, naming the call;
 * version 2 waits for ATTESTATION first.
 */
static void take_transport(struct conn *c, const uint8_t *m, size_t len)
{
	struct bp_voice v = { 0 };
	uint8_t out[BP_MSG_MAX];
	size_t n;

	if (c->s.w.version == 1 && open_call(c, &v))
		return;
	if (bp_key_transport(&c->s, &c->l->sv->id, m, len, &v, out, &n))
		return conn_fail(c, c->s.w.error, "key transport refused");
	if (c->s.w.version == 1)
		start_call(c, &v, out, n);
}

/*
 * Attestation is off: every device is taken as unattested, whatever its
 * chain, once ATTESTATION opens and its lengths hold (protocol.rst, 7.1).
 * A binding REQUEST named that is not bound is told so here.  A refresh
 * has no call.
 */
static void take_attestation(struct conn *c, const uint8_t *m, size_t len)
{
	struct bp_voice v = { 0 };
	uint8_t out[BP_MSG_MAX];
	size_t n;

	if (bp_attestation(&c->s, m, len))
		return conn_fail(c, c->s.w.error, "attestation refused");
	if (c->unbound)
		return conn_fail(c, c->unbound, c->unbound == BP_E_REVOKED ?
				 "binding revoked" : "binding unknown");
	if (c->s.purpose == BP_REFRESHING) {
		if (bp_key_confirm(&c->s, NULL, out, &n))
			return conn_fail(c, BP_E_INTERNAL, "key confirmation");
		conn_reply(c, out, n);
		if (!c->ended)
			bp_count(&c->l->sv->metrics, M_HANDSHAKES, 1);
		return;
	}
	if (open_call(c, &v))
		return;
	if (bp_key_confirm(&c->s, &v, out, &n))
		return conn_fail(c, BP_E_INTERNAL, "key confirmation");
	start_call(c, &v, out, n);
}

static void proof_wrong(struct conn *c)
{
	if (!c->job.err)
		bp_count(&c->l->sv->metrics, M_PROOF_FAILURES, 1);
	conn_fail(c, c->s.w.error, "user key refused");
}

static void count_failure(struct bp_job *job, struct bp_store *st)
{
	struct store_job *j = (struct store_job *)job;

	j->err = bp_store_count_failure(st, j->account, j->who, "proof-wrong",
					j->source);
}

static void take_user_key(struct conn *c,
			  const uint8_t *m, size_t len)
{
	int err;

	err = bp_user_key(&c->s, m, len, c->has_bound ? &c->bound : NULL);
	if (err == -2) {
		/* a failed attempt against the account, as a wrong PIN is */
		LOG("warning", "proof-wrong", "source=%s", c->source);
		session_attempt_id(c, c->job.who);
		return conn_ask(c, count_failure, proof_wrong);
	}
	if (err)
		return conn_fail(c, c->s.w.error, "user key refused");
	/* the binding is kept under the id the device will name it by */
	if (bp_key_id(c->s.kind, c->s.user_key, c->job.id))
		return conn_fail(c, BP_E_INTERNAL, "key id");
	c->job.replacing = c->s.reprovision;
	memcpy(c->job.old_id, c->s.device_id, 32);
	binding_take_user_key(c);
}

static void unbind(struct bp_job *job, struct bp_store *st)
{
	struct store_job *j = (struct store_job *)job;

	j->err = bp_store_unbind(st, j->id, j->replacing ? j->old_id : NULL,
				 j->source);
}

/* One whole message from the device. */
static void take(struct conn *c, const uint8_t *m,
		 size_t len)
{
	char text[BP_ERROR_TEXT_MAX + 1];
	uint8_t code;

	if (m[1] == BP_ERROR) {
		/* version 2 binds nothing until FINISHED, and ends then */
		bool bound = c->s.state == BP_DONE && c->s.w.version == 1;

		if (bp_error_parse(&c->s, m, len, &code, text))
			return conn_end(c);
		LOG("info", "device-error", "source=%s error=%u", c->source,
		    code);
		if (!bound)
			return conn_end(c);
		/* the device refused PROVISIONED: it holds no binding */
		LOG("warning", "device-refused-binding", "source=%s", c->source);
		return conn_ask(c, unbind, conn_end);
	}
	switch (c->s.state) {
	case BP_IDLE:
		return take_request(c, m, len);
	case BP_WAIT_TRANSPORT:
		return take_transport(c, m, len);
	case BP_WAIT_ATTESTATION:
		return take_attestation(c, m, len);
	case BP_WAIT_USER_KEY:
		return take_user_key(c, m, len);
	case BP_WAIT_REFRESH:
		return binding_take_refresh(c, m, len);
	case BP_WAIT_FINISHED:
		return binding_take_finished(c, m, len);
	default:
		return conn_fail(c, BP_E_UNEXPECTED, "unexpected message");
	}
}

/*
 * ATTESTATION may be longer than any other message of a device's: it
 * gets a buffer of its own, when it is awaited and announced.
 */
static int grow_input(struct conn *c, size_t need)
{
	uint8_t *in;

	if (c->s.state != BP_WAIT_ATTESTATION || c->in[1] != BP_ATTESTATION ||
	    c->in != c->in_small)
		return -1;
	in = malloc(need);
	if (!in)
		return -1;
	memcpy(in, c->in, c->in_len);
	c->in = in;
	c->in_cap = need;
	return 0;
}

/* Back to the small buffer once the long message is taken. */
static int shrink_input(struct conn *c)
{
	if (c->in == c->in_small || c->in_len > sizeof(c->in_small))
		return c->in == c->in_small ? 0 : -1;
	memcpy(c->in_small, c->in, c->in_len);
	free(c->in);
	c->in = c->in_small;
	c->in_cap = sizeof(c->in_small);
	return 0;
}

/**
 * session_take_buffered() - take the whole messages read so far, until
 *	one ends the session or asks the store
 * @c: the session
 */
void session_take_buffered(struct conn *c)
{
	uint8_t small[BP_DEVICE_MSG_MAX], *msg;
	size_t need = 0;
	int rc = 1;

	while (!c->ended && !c->busy &&
	       (rc = bp_peek(c->in, c->in_len, &need)) == 0 &&
	       (need <= c->in_cap || !grow_input(c, need)) &&
	       c->in_len >= need) {
		msg = need <= sizeof(small) ? small : malloc(need);
		if (!msg)
			return conn_fail(c, BP_E_INTERNAL, "out of memory");
		memcpy(msg, c->in, need);
		memmove(c->in, c->in + need, c->in_len - need);
		c->in_len -= need;
		take(c, msg, need);
		if (msg != small)
			free(msg);
		if (shrink_input(c))
			return conn_fail(c, BP_E_UNEXPECTED,
					 "unexpected message");
	}
	if (!c->ended && rc < 0)
		conn_fail(c, BP_E_MALFORMED, "message too long");
	/* a length its type allows, but not here: only ATTESTATION grows */
	else if (!c->ended && !rc && need > c->in_cap)
		conn_fail(c, BP_E_UNEXPECTED, "unexpected message");
}

/**
 * session_readable() - read what the device sent, and take it
 * @c: the session
 */
void session_readable(struct conn *c)
{
	ssize_t n;

	n = recv(c->fd, c->in + c->in_len, c->in_cap - c->in_len, 0);
	if (n <= 0) {
		if (n < 0 && errno == EAGAIN)
			return;
		LOG("info", "device-closed", "source=%s", c->source);
		return conn_end(c);
	}
	c->in_len += n;
	session_take_buffered(c);
}
