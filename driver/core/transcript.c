// SPDX-License-Identifier: GPL-2.0
/*
 * The protocol's framing and transcript (Documentation/protocol.rst, 2):
 * a header, a body, and a trailer that is a hash before the session is
 * keyed and a MAC over the transcript hash and the message after.  What a
 * message means is session.c's business; whether it is whole and in its
 * place is this file's.
 */
#include <crypto/algapi.h>
#include <kunit/visibility.h>
#include <linux/string.h>

#include <bti/compat.h>

#include "crypto/hkdf.h"
#include "transcript.h"

/**
 * bti_session_refuse - refuse a message
 * @s: the session
 * @code: the protocol error to tell the peer, kept in @s->error
 *
 * Return: the errno that stands for @code.
 */
int bti_session_refuse(struct bti_session *s, enum bti_error code)
{
	s->error = code;
	switch (code) {
	case BTI_ERROR_MALFORMED:
	case BTI_ERROR_INTEGRITY:
		return -EBADMSG;
	case BTI_ERROR_CONFIRM:
		return -EKEYREJECTED;
	case BTI_ERROR_CERTIFICATE:
		return -EINVAL;
	default:
		return -EPROTO;
	}
}

/**
 * bti_transcript_hash - SHA-256 of the transcript so far
 * @s: the session
 * @th: the hash
 */
void bti_transcript_hash(const struct bti_session *s,
			 u8 th[SHA256_DIGEST_SIZE])
{
	sha256(s->t, s->t_len, th);
}
EXPORT_SYMBOL_IF_KUNIT(bti_transcript_hash);

/**
 * bti_transcript_add - append a message, without its trailer
 * @s: the session
 * @msg: the header and body
 * @len: their length
 *
 * Return: 0, or -EMSGSIZE past BTI_TRANSCRIPT_MAX.
 */
int bti_transcript_add(struct bti_session *s, const u8 *msg, size_t len)
{
	if (s->t_len + len > BTI_TRANSCRIPT_MAX)
		return -EMSGSIZE;
	memcpy(s->t + s->t_len, msg, len);
	s->t_len += len;
	return 0;
}

/**
 * bti_frame - frame a message to send and add it to the transcript
 * @s: the session
 * @type: the message type
 * @out: the message, its body already at @out + BTI_MSG_HEADER
 * @body_len: the body's length
 * @len: the whole message's length, trailer included
 *
 * The trailer is a hash before BTI_STAGE_KEYED, the device's MAC after.
 *
 * Return: 0 or a negative errno.
 */
int bti_frame(struct bti_session *s, u8 type, u8 *out, size_t body_len,
	      size_t *len)
{
	u8 th[SHA256_DIGEST_SIZE];
	struct bti_bytes msg[] = {
		{ th, sizeof(th) }, { out, BTI_MSG_HEADER + body_len },
	};
	u8 *trailer = out + msg[1].len;
	int err = 0;

	out[0] = BTI_PROTO_VERSION;
	out[1] = type;
	put_unaligned_be16(body_len, out + 2);
	if (s->stage >= BTI_STAGE_KEYED) {
		bti_transcript_hash(s, th);
		err = bti_hmac(s->tfm.hmac, s->k.mac_ds, 32, msg,
			       ARRAY_SIZE(msg), trailer);
	} else {
		sha256(out, msg[1].len, trailer);
	}
	s->t_sent = s->t_len;
	err = err ?: bti_transcript_add(s, out, msg[1].len);
	if (!err) {
		s->t_sent_end = s->t_len;
		*len = msg[1].len + BTI_MSG_TRAILER;
	}
	return err;
}

/**
 * bti_unframe - check a received message's framing and trailer
 * @s: the session
 * @type: the type it must have
 * @msg: the message
 * @len: its length
 * @mac: whether the trailer is the server's MAC, or else a hash
 * @body_len: the body's length; the body is at @msg + BTI_MSG_HEADER
 *
 * The transcript is not touched: the caller adds the message once it has
 * taken its body.
 *
 * Return: 0 or a refusal (bti_session_refuse()).
 */
int bti_unframe(struct bti_session *s, u8 type, const u8 *msg, size_t len,
		bool mac, size_t *body_len)
{
	u8 want[BTI_MSG_TRAILER], th[SHA256_DIGEST_SIZE];
	struct bti_bytes m[] = { { th, sizeof(th) }, { msg } };
	int err = 0;

	if (len < BTI_MSG_HEADER + BTI_MSG_TRAILER)
		return bti_session_refuse(s, BTI_ERROR_MALFORMED);
	m[1].len = len - BTI_MSG_TRAILER;
	*body_len = get_unaligned_be16(msg + 2);
	if (msg[0] != BTI_PROTO_VERSION)
		return bti_session_refuse(s, BTI_ERROR_VERSION);
	if (msg[1] != type)
		return bti_session_refuse(s, BTI_ERROR_UNEXPECTED);
	if (*body_len != m[1].len - BTI_MSG_HEADER)
		return bti_session_refuse(s, BTI_ERROR_MALFORMED);
	if (mac) {
		bti_transcript_hash(s, th);
		err = bti_hmac(s->tfm.hmac, s->k.mac_sd, 32, m, ARRAY_SIZE(m),
			       want);
	} else {
		sha256(msg, m[1].len, want);
	}
	if (!err && crypto_memneq(want, msg + m[1].len, sizeof(want)))
		err = bti_session_refuse(s, BTI_ERROR_INTEGRITY);
	memzero_explicit(want, sizeof(want));
	return err;
}

/**
 * bti_receive - a message of @type, in its place at @stage, framed right
 * @s: the session
 * @stage: the stage the session must be at
 * @type: the type the message must have
 * @msg: the message
 * @len: its length
 * @body_len: the body's length
 *
 * Return: 0 or a refusal (bti_session_refuse()).
 */
int bti_receive(struct bti_session *s, enum bti_stage stage, u8 type,
		const u8 *msg, size_t len, size_t *body_len)
{
	if (s->stage != stage)
		return bti_session_refuse(s, BTI_ERROR_UNEXPECTED);
	return bti_unframe(s, type, msg, len, stage >= BTI_STAGE_KEYED,
			   body_len);
}
