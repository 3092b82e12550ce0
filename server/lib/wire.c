// SPDX-License-Identifier: GPL-2.0
/*
 * The wire format both ends of a session share: a message is a header, a
 * body and a trailer, SHA-256 of header and body before keys exist and
 * HMAC-SHA256(K, TH(T) | header | body) after, where T is the transcript
 * of every header and body so far.  Refusals return -1 and leave their
 * protocol error in the wire.
 */
#include <stdlib.h>
#include <string.h>

#include <openssl/crypto.h>

#include "proto.h"
#include "wire.h"

int bp_wire_init(struct bp_wire *w)
{
	memset(w, 0, sizeof(*w));
	w->version = BP_VERSION;
	return 0;
}

void bp_wire_free(struct bp_wire *w)
{
	free(w->t);
	memset(w, 0, sizeof(*w));
}

int bp_wire_refuse(struct bp_wire *w, uint8_t code)
{
	w->error = code;
	return -1;
}

int bp_wire_th(const struct bp_wire *w, uint8_t out[BP_SHA256])
{
	struct bp_bytes t = { w->t, w->t_len };

	return bp_sha256(&t, 1, out);
}

/*
 * Grown as it fills, from nothing: a connection that never sends REQUEST
 * costs little, and a version 1 session less than a tenth of a version 2
 * one that delivers the longest configuration.
 */
static int append(struct bp_wire *w, const uint8_t *msg, size_t len)
{
	size_t cap = w->t_cap ? w->t_cap : 4096;
	uint8_t *t;

	if (w->t_len + len > BP_TRANSCRIPT_MAX)
		return bp_wire_refuse(w, BP_E_MALFORMED);
	while (cap < w->t_len + len)
		cap *= 2;
	if (cap != w->t_cap) {
		t = realloc(w->t, cap);
		if (!t)
			return bp_wire_refuse(w, BP_E_INTERNAL);
		w->t = t;
		w->t_cap = cap;
	}
	memcpy(w->t + w->t_len, msg, len);
	w->t_len += len;
	return 0;
}

/**
 * bp_wire_add - a received message into the transcript
 * @w: this end's wire
 * @msg: its header and body
 * @len: their length
 */
int bp_wire_add(struct bp_wire *w, const uint8_t *msg, size_t len)
{
	w->n_sent = 0;
	return append(w, msg, len);
}

/* The trailer of @hb_len bytes of header and body at @hb, into @out. */
static int trailer(const struct bp_wire *w, const uint8_t *key,
		   const uint8_t *hb, size_t hb_len, uint8_t out[BP_TRAILER])
{
	uint8_t h[BP_SHA256];
	struct bp_bytes m[] = { { h, sizeof(h) }, { hb, hb_len } };

	if (!key)
		return bp_sha256(&m[1], 1, out);
	return bp_wire_th(w, h) || bp_hmac(key, 32, m, 2, out) ? -1 : 0;
}

/**
 * bp_wire_frame - header and trailer for a message, and into the transcript
 * @w: this end's wire
 * @type: the message type
 * @out: the message, its body already at @out + BP_HEADER
 * @body_len: the body's length
 * @len: the whole message's length
 */
int bp_wire_frame(struct bp_wire *w, uint8_t type, uint8_t *out,
		  size_t body_len, size_t *len)
{
	out[0] = w->version;
	out[1] = type;
	bp_put16(out + 2, body_len);
	if (trailer(w, w->send, out, BP_HEADER + body_len,
		    out + BP_HEADER + body_len))
		return bp_wire_refuse(w, BP_E_INTERNAL);
	*len = BP_HEADER + body_len + BP_TRAILER;
	w->t_sent = w->t_len;
	if (append(w, out, BP_HEADER + body_len))
		return -1;
	/* no more than a session sends in a row, but an ERROR after them:
	 * the latest are the ones a peer's ERROR may refuse */
	if (w->n_sent == BP_SENT_MAX)
		memmove(w->sent, w->sent + 1, --w->n_sent * sizeof(w->sent[0]));
	w->sent[w->n_sent++] = w->t_sent;
	w->t_sent_end = w->t_len;
	return 0;
}

/**
 * bp_wire_unsend - take the message framed last out of the transcript
 * @w: this end's wire
 *
 * For a message that will not be sent after all: the ERROR that goes
 * instead must be over the transcript the peer has.
 */
void bp_wire_unsend(struct bp_wire *w)
{
	if (w->t_sent_end != w->t_len)
		return;
	w->t_len = w->t_sent;
	if (w->n_sent && w->sent[w->n_sent - 1] == w->t_sent)
		w->n_sent--;
}

/**
 * bp_wire_unframe - a received message's header, its length checked
 * @w: this end's wire
 * @type: the type expected
 * @msg: the message
 * @len: its length
 * @body_max: the longest body the type may have
 * @any_version: REQUEST, whose header may carry a later version
 * @body_len: the body's length
 *
 * The trailer is checked apart, by bp_wire_trailer_ok().
 */
int bp_wire_unframe(struct bp_wire *w, uint8_t type, const uint8_t *msg,
		    size_t len, size_t body_max, bool any_version,
		    size_t *body_len)
{
	if (len < BP_HEADER + BP_TRAILER)
		return bp_wire_refuse(w, BP_E_MALFORMED);
	*body_len = bp_be16(msg + 2);
	if (msg[0] != w->version && !any_version)
		return bp_wire_refuse(w, BP_E_VERSION);
	if (msg[1] != type)
		return bp_wire_refuse(w, BP_E_UNEXPECTED);
	if (*body_len != len - BP_HEADER - BP_TRAILER || *body_len > body_max)
		return bp_wire_refuse(w, BP_E_MALFORMED);
	return 0;
}

/* A received message's trailer, compared in constant time. */
int bp_wire_trailer_ok(struct bp_wire *w, const uint8_t *msg, size_t len)
{
	uint8_t want[BP_TRAILER];
	int err;

	if (trailer(w, w->recv, msg, len - BP_TRAILER, want))
		return bp_wire_refuse(w, BP_E_INTERNAL);
	err = bp_memneq(want, msg + len - BP_TRAILER, sizeof(want));
	OPENSSL_cleanse(want, sizeof(want));
	return err ? bp_wire_refuse(w, BP_E_INTEGRITY) : 0;
}

/**
 * bp_key_schedule - section 6: the session's keys under TH2
 * @session_key: from KEY_TRANSPORT
 * @device_nonce: from REQUEST
 * @server_nonce: from SERVER_HELLO
 * @key_nonce: from KEY_TRANSPORT
 * @th2: the transcript hash through SERVER_HELLO
 * @k: the keys
 *
 * Returns 0 or -1.
 */
int bp_key_schedule(const uint8_t session_key[32],
		    const uint8_t device_nonce[32],
		    const uint8_t server_nonce[32],
		    const uint8_t key_nonce[32], const uint8_t th2[BP_SHA256],
		    struct bp_keys *k)
{
	static const char *const labels[] = {
		"bti v1 mac ds", "bti v1 mac sd", "bti v1 enc ds",
		"bti v1 enc sd", "bti v1 confirm",
	};
	uint8_t *out[] = { k->mac_ds, k->mac_sd, k->enc_ds, k->enc_sd,
			   k->confirm };
	struct bp_bytes ikm = { session_key, 32 };
	uint8_t salt[96], prk[BP_SHA256];
	unsigned int i;
	int err;

	memcpy(salt, device_nonce, 32);
	memcpy(salt + 32, server_nonce, 32);
	memcpy(salt + 64, key_nonce, 32);
	err = bp_hkdf_extract(salt, sizeof(salt), &ikm, 1, prk);
	for (i = 0; !err && i < 5; i++) {
		struct bp_bytes info[] = {
			{ labels[i], strlen(labels[i]) }, { th2, BP_SHA256 },
		};

		err = bp_hkdf_expand(prk, info, 2, out[i], 32);
	}
	OPENSSL_cleanse(prk, sizeof(prk));
	return err ? -1 : 0;
}

/**
 * bp_key_id - section 7: the id a provisioned device goes by, that of
 *	its bound key
 * @kind: 1 symmetric, 2 public
 * @key: the key: 32 bytes, or the public key's 65
 * @id: the id
 *
 * Returns 0 or -1.
 */
int bp_key_id(uint8_t kind, const uint8_t *key, uint8_t id[BP_SHA256])
{
	static const char label[] = "bti v1 user key id";
	struct bp_bytes sym[] = { { label, sizeof(label) - 1 }, { key, 32 } };
	struct bp_bytes pub = { key, BP_P256_POINT };

	return kind == 1 ? bp_sha256(sym, 2, id) : bp_sha256(&pub, 1, id);
}
