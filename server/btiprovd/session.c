// SPDX-License-Identifier: GPL-2.0
/*
 * A device's protocol messages, in btiprovd: REQUEST, KEY_TRANSPORT and
 * USER_KEY in, each answered once the store has been asked what it must.
 * The IVR between KEY_CONFIRM and AUTH_RESULT is call.c's.
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

/* A re-provisioning device's binding: SERVER_HELLO waited for it. */
static void bound_found(struct conn *c)
{
	uint8_t *hello = c->hello;

	c->hello = NULL;
	if (c->job.err == -ENOENT)
		conn_fail(c, BP_E_MALFORMED, "unknown device");
	else if (c->job.err)
		conn_fail(c, BP_E_INTERNAL, bp_store_failure(c->job.err));
	else
		conn_reply(c, hello, c->hello_len);
	c->bound = c->job.bound;
	c->has_bound = !c->job.err;
	free(hello);
}

static void find_bound(struct bp_job *job, struct bp_store *st)
{
	struct store_job *j = (struct store_job *)job;

	j->err = bp_store_bound(st, j->id, &j->bound);
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
static void take_transport(struct conn *c, const uint8_t *m, size_t len)
{
	struct bp_voice_port *port = &c->l->voice;
	struct sockaddr_storage local;
	socklen_t local_len = sizeof(local);
	struct bp_voice v = { 0 };
	uint8_t out[BP_MSG_MAX];
	size_t n;

	/* two SSRCs, never equal: protocol.rst, KEY_CONFIRM */
	v.device_ssrc = bp_voice_free_ssrc(port);
	do {
		RAND_bytes((uint8_t *)&v.server_ssrc, sizeof(v.server_ssrc));
	} while (v.server_ssrc == v.device_ssrc);
	if (getsockname(c->fd, (struct sockaddr *)&local, &local_len))
		return conn_fail(c, BP_E_INTERNAL, "voice channel");
	if (bp_voice_tell(port, &local, &v))
		return conn_fail(c, BP_E_INTERNAL, "no IPv6 voice port");
	if (bp_ivr_open(&c->ivr))
		return conn_fail(c, BP_E_INTERNAL, "voice channel");
	c->voice = true;
	if (bp_key_transport(&c->s, &c->l->sv->id, m, len, &v, out, &n))
		return conn_fail(c, c->s.w.error, "key transport refused");
	if (bp_ivr_key(&c->ivr, c->s.audio_key, c->s.audio_salt,
		       v.device_ssrc, v.server_ssrc)) {
		/* the device never sees KEY_CONFIRM: the ERROR is over less */
		bp_wire_unsend(&c->s.w);
		return conn_fail(c, BP_E_INTERNAL, "voice channel");
	}
	bp_voice_add(port, &c->ivr);
	call_start(c);
	conn_reply(c, out, n);
	if (!c->ended)
		bp_count(&c->l->sv->metrics, M_HANDSHAKES, 1);
}

static void provisioned(struct conn *c)
{
	uint8_t out[BP_MSG_MAX];
	size_t n;

	if (c->job.err == -ESTALE)
		return conn_fail(c, BP_E_BUSY, "binding replaced meanwhile");
	if (c->job.err)
		return conn_fail(c, BP_E_INTERNAL,
				 bp_store_failure(c->job.err));
	if (bp_provisioned(&c->s, 1, (const uint8_t *)c->job.sub.config,
			   strlen(c->job.sub.config), out, &n))
		return conn_fail(c, BP_E_INTERNAL, "configuration");
	LOG("info", "bound", "source=%s kind=%u", c->source, c->s.kind);
	bp_count(&c->l->sv->metrics, M_BINDINGS, 1);
	conn_reply(c, out, n);
}

/* The binding and its audit record are one transaction in the store. */
static void bind_key(struct bp_job *job, struct bp_store *st)
{
	struct store_job *j = (struct store_job *)job;

	j->err = bp_subscriber_get(st, j->account, &j->sub);
	if (!j->err)
		j->err = bp_store_bind(st, j->account, j->id, j->kind, j->key,
				       j->key_len,
				       j->replacing ? j->old_id : NULL,
				       j->source);
	OPENSSL_cleanse(j->key, sizeof(j->key));
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
	c->job.kind = c->s.kind;
	c->job.key_len = c->s.user_key_len;
	memcpy(c->job.key, c->s.user_key, c->s.user_key_len);
	conn_ask(c, bind_key, provisioned);
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
		bool bound = c->s.state == BP_DONE;

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
	case BP_WAIT_USER_KEY:
		return take_user_key(c, m, len);
	default:
		return conn_fail(c, BP_E_UNEXPECTED, "unexpected message");
	}
}

/**
 * session_take_buffered() - take the whole messages read so far, until
 *	one ends the session or asks the store
 * @c: the session
 */
void session_take_buffered(struct conn *c)
{
	uint8_t msg[BP_DEVICE_MSG_MAX];
	size_t need = 0;
	int rc = 1;

	while (!c->ended && !c->busy &&
	       (rc = bp_peek(c->in, c->in_len, &need)) == 0 &&
	       need <= sizeof(c->in) && c->in_len >= need) {
		memcpy(msg, c->in, need);
		memmove(c->in, c->in + need, c->in_len - need);
		c->in_len -= need;
		take(c, msg, need);
	}
	if (!c->ended && (rc < 0 || (!rc && need > sizeof(c->in))))
		conn_fail(c, BP_E_MALFORMED, "message too long");
}

/**
 * session_readable() - read what the device sent, and take it
 * @c: the session
 */
void session_readable(struct conn *c)
{
	ssize_t n;

	n = recv(c->fd, c->in + c->in_len, sizeof(c->in) - c->in_len, 0);
	if (n <= 0) {
		if (n < 0 && errno == EAGAIN)
			return;
		LOG("info", "device-closed", "source=%s", c->source);
		return conn_end(c);
	}
	c->in_len += n;
	session_take_buffered(c);
}
