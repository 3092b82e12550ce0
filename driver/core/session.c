// SPDX-License-Identifier: GPL-2.0
/*
 * The device side of the provisioning protocol (Documentation/protocol.rst),
 * message by message: what each message carries and when it may come.
 * Framing and the transcript are in transcript.c, the keys in
 * key_schedule.c.  Every key is drawn and kept here; only messages leave.
 */
#include <kunit/visibility.h>
#include <linux/random.h>
#include <linux/slab.h>
#include <linux/string.h>

#include <bti/compat.h>

#include "key_schedule.h"
#include "session.h"
#include "transcript.h"

/**
 * bti_session_init - start a session
 * @s: the session, zeroed by the caller
 * @kind: the user key kind to ask for, 1 symmetric or 2 public
 * @fixed: NULL, except in known-answer tests
 *
 * Return: 0 or a negative errno.
 */
int bti_session_init(struct bti_session *s, u8 kind,
		     const struct bti_session_draws *fixed)
{
	int err;

	if (kind != 1 && kind != 2)
		return -EINVAL;
	err = bti_tfms_alloc(&s->tfm);
	if (err) {
		bti_tfms_free(&s->tfm);
		return err;
	}
	s->t = kvmalloc(BTI_TRANSCRIPT_MAX, GFP_KERNEL);
	if (!s->t) {
		bti_tfms_free(&s->tfm);
		return -ENOMEM;
	}
	s->kind = kind;
	s->fixed = fixed;
	if (fixed)
		s->d = *fixed;
	else
		get_random_bytes(&s->d, sizeof(s->d));
	return 0;
}
EXPORT_SYMBOL_IF_KUNIT(bti_session_init);

/**
 * bti_session_destroy - wipe every key of a session
 * @s: the session
 */
void bti_session_destroy(struct bti_session *s)
{
	bti_tfms_free(&s->tfm);
	kvfree(s->t);
	memzero_explicit(s, sizeof(*s));
}
EXPORT_SYMBOL_IF_KUNIT(bti_session_destroy);

/**
 * bti_session_request - build REQUEST
 * @s: the session
 * @device_id: the device id when re-provisioning, else NULL
 * @out: the message, BTI_REQUEST_LEN bytes
 * @len: its length
 *
 * Return: 0 or a negative errno.
 */
int bti_session_request(struct bti_session *s, const u8 *device_id,
			u8 *out, size_t *len)
{
	u8 *b = out + BTI_MSG_HEADER;
	int err;

	if (s->stage != BTI_STAGE_NEW)
		return -EPROTO;
	b[0] = BTI_PROTO_VERSION;
	b[1] = BTI_PROTO_VERSION;
	b[2] = BIT(0) | BIT(1);		/* suites 1 and 2 */
	b[3] = s->kind;
	memcpy(b + 4, s->d.device_nonce, 32);
	if (device_id)
		memcpy(b + 36, device_id, 32);
	else
		memset(b + 36, 0, 32);
	err = bti_frame(s, BTI_MSG_REQUEST, out, 68, len);
	if (!err)
		s->stage = BTI_STAGE_REQUESTED;
	return err;
}
EXPORT_SYMBOL_IF_KUNIT(bti_session_request);

/**
 * bti_session_hello - take SERVER_HELLO
 * @s: the session
 * @msg: the message
 * @len: its length
 * @server_key: the leaf certificate's key, which the caller validated:
 *	a P-256 point for suite 1, a DER RSAPublicKey for suite 2
 * @key_len: its length
 *
 * Return: 0; -EPROTO for a message out of place or a suite not offered;
 * -EBADMSG for bad framing, lengths or trailer; -EINVAL for a key that
 * does not suit the suite; another negative errno if suite 2's RSA
 * transform cannot be had, with no protocol error.  A refusal leaves its
 * protocol error in @s->error, here and in each function that takes a
 * message.
 */
int bti_session_hello(struct bti_session *s, const u8 *msg, size_t len,
		      const u8 *server_key, size_t key_len)
{
	size_t body_len, chain_len;
	const u8 *b = msg + BTI_MSG_HEADER;
	int err;

	err = bti_receive(s, BTI_STAGE_REQUESTED, BTI_MSG_SERVER_HELLO,
			  msg, len, &body_len);
	if (err)
		return err;
	if (body_len < 1 + 32 + BTI_P256_POINT + 2 || body_len > BTI_HELLO_MAX)
		return bti_session_refuse(s, BTI_ERROR_MALFORMED);
	chain_len = get_unaligned_be16(b + 98);
	if (chain_len != body_len - 100)
		return bti_session_refuse(s, BTI_ERROR_MALFORMED);
	if (b[0] != 1 && b[0] != 2)
		return bti_session_refuse(s, BTI_ERROR_SUITE);
	if ((b[0] == 1 && (key_len != BTI_P256_POINT || server_key[0] != 4)) ||
	    (b[0] == 2 && (key_len < BTI_RSA_MIN_BYTES ||
			   key_len > sizeof(s->server_key))))
		return bti_session_refuse(s, BTI_ERROR_CERTIFICATE);
	if (b[0] == 2) {
		err = bti_tfms_alloc_rsa(&s->tfm);
		if (err)
			return err;
	}
	err = bti_transcript_add(s, msg, BTI_MSG_HEADER + body_len);
	if (err)
		return err;
	s->suite = b[0];
	memcpy(s->server_nonce, b + 1, 32);
	memcpy(s->server_ephemeral, b + 33, BTI_P256_POINT);
	memcpy(s->server_key, server_key, key_len);
	s->server_key_len = key_len;
	s->stage = BTI_STAGE_HELLO;
	return 0;
}
EXPORT_SYMBOL_IF_KUNIT(bti_session_hello);

/**
 * bti_session_key_transport - build KEY_TRANSPORT and key the session
 * @s: the session, after SERVER_HELLO
 * @out: the message, at least BTI_BODY_MAX + 36 bytes
 * @len: its length
 *
 * Return: 0 or a negative errno.
 */
int bti_session_key_transport(struct bti_session *s, u8 *out, size_t *len)
{
	u8 *b = out + BTI_MSG_HEADER, th[SHA256_DIGEST_SIZE];
	size_t wrapped_len, body_len;
	int err;

	if (s->stage != BTI_STAGE_HELLO)
		return -EPROTO;
	bti_transcript_hash(s, th);
	err = bti_key_wrap_kek(s, th, b + 2, &wrapped_len);
	if (err)
		return err;
	put_unaligned_be16(wrapped_len, b);
	body_len = 2 + wrapped_len + BTI_KEY_TRANSPORT_SEALED;
	out[0] = BTI_PROTO_VERSION;
	out[1] = BTI_MSG_KEY_TRANSPORT;
	put_unaligned_be16(body_len, out + 2);
	err = bti_key_seal_transport(s, out, BTI_MSG_HEADER + 2 + wrapped_len);
	err = err ?: bti_key_derive(s, th);
	if (err)
		return err;
	/* its trailer is the first MAC */
	s->stage = BTI_STAGE_KEYED;
	return bti_frame(s, BTI_MSG_KEY_TRANSPORT, out, body_len, len);
}
EXPORT_SYMBOL_IF_KUNIT(bti_session_key_transport);

/* KEY_CONFIRM's voice fields, after its MAC: where the channel goes. */
static int bti_session_voice(struct bti_session *s, const u8 *b, size_t alen)
{
	struct bti_voice *v = &s->voice;
	const u8 *p = b + 33 + alen;

	v->family = b[32];
	memset(v->addr, 0, sizeof(v->addr));
	memcpy(v->addr, b + 33, alen);
	v->port = get_unaligned_be16(p);
	v->device_ssrc = get_unaligned_be32(p + 2);
	v->server_ssrc = get_unaligned_be32(p + 6);
	/* one SSRC for both directions would run one keystream twice */
	if (!v->port || v->device_ssrc == v->server_ssrc)
		return bti_session_refuse(s, BTI_ERROR_MALFORMED);
	return 0;
}

/**
 * bti_session_confirm - take KEY_CONFIRM: the server holds the session key
 * @s: the session, after KEY_TRANSPORT
 * @msg: the message
 * @len: its length
 *
 * Where the voice channel goes is kept in @s->voice.
 *
 * Return: 0; -EBADMSG for bad framing, MAC or lengths, a zero port or
 * equal SSRCs; -EKEYREJECTED if the server does not prove the session
 * key; -EPROTO out of place.
 */
int bti_session_confirm(struct bti_session *s, const u8 *msg, size_t len)
{
	const u8 *b = msg + BTI_MSG_HEADER;
	u8 th[SHA256_DIGEST_SIZE];
	size_t body_len, alen;
	int err;

	err = bti_receive(s, BTI_STAGE_KEYED, BTI_MSG_KEY_CONFIRM, msg, len,
			  &body_len);
	if (err)
		return err;
	if (body_len < 33)
		return bti_session_refuse(s, BTI_ERROR_MALFORMED);
	alen = b[32] == 4 ? 4 : b[32] == 6 ? 16 : 0;
	if (!alen || body_len != 32 + 1 + alen + 2 + 4 + 4)
		return bti_session_refuse(s, BTI_ERROR_MALFORMED);
	bti_transcript_hash(s, th);
	err = bti_key_check_confirm(s, th, b);
	err = err ?: bti_session_voice(s, b, alen);
	err = err ?: bti_transcript_add(s, msg, BTI_MSG_HEADER + body_len);
	if (err)
		return err;
	s->stage = BTI_STAGE_CONFIRMED;
	return 0;
}
EXPORT_SYMBOL_IF_KUNIT(bti_session_confirm);

/**
 * bti_session_auth - take AUTH_RESULT
 * @s: the session, confirmed
 * @msg: the message
 * @len: its length
 * @result: 0 accepted, 1 wrong credentials, 2 locked, 3 timed out
 * @attempts_left: what the server allows still
 *
 * Return: 0 or a negative errno.  Only result 0 lets USER_KEY be sent.
 */
int bti_session_auth(struct bti_session *s, const u8 *msg, size_t len,
		     u8 *result, u8 *attempts_left)
{
	const u8 *b = msg + BTI_MSG_HEADER;
	size_t body_len;
	int err;

	err = bti_receive(s, BTI_STAGE_CONFIRMED, BTI_MSG_AUTH_RESULT, msg, len,
			  &body_len);
	if (err)
		return err;
	if (body_len != 2 || b[0] > BTI_AUTH_RESULT_TIMED_OUT)
		return bti_session_refuse(s, BTI_ERROR_MALFORMED);
	err = bti_transcript_add(s, msg, BTI_MSG_HEADER + body_len);
	if (err)
		return err;
	*result = b[0];
	*attempts_left = b[1];
	if (!b[0])
		s->stage = BTI_STAGE_AUTHORIZED;
	return 0;
}
EXPORT_SYMBOL_IF_KUNIT(bti_session_auth);

static void bti_nonce(u8 nonce[BTI_GCM_NONCE], u32 i)
{
	memset(nonce, 0, BTI_GCM_NONCE);
	put_unaligned_be32(i, nonce + 8);
}

/**
 * bti_session_user_key - build USER_KEY, sealed and bound to the transcript
 * @s: the session, authorized
 * @user_key: 32 bytes for kind 1, the device's public key for kind 2
 * @key_len: its length
 * @re: for a provisioned device, what proves it; NULL for a new one
 * @out: the message, at least BTI_BODY_MAX + 36 bytes
 * @len: its length
 *
 * Return: 0 or a negative errno.
 */
int bti_session_user_key(struct bti_session *s, const u8 *user_key,
			 size_t key_len, const struct bti_reprovision *re,
			 u8 *out, size_t *len)
{
	size_t sealed_len = key_len + BTI_GCM_TAG;
	size_t body_len = 2 + sealed_len + 32;
	u8 aad[BTI_MSG_HEADER + SHA256_DIGEST_SIZE], nonce[BTI_GCM_NONCE];
	u8 *b = out + BTI_MSG_HEADER;
	int err;

	if (s->stage != BTI_STAGE_AUTHORIZED)
		return -EPROTO;
	if (key_len != (s->kind == 1 ? 32 : BTI_P256_POINT))
		return -EINVAL;
	aad[0] = BTI_PROTO_VERSION;
	aad[1] = BTI_MSG_USER_KEY;
	put_unaligned_be16(body_len, aad + 2);
	bti_transcript_hash(s, aad + BTI_MSG_HEADER);
	bti_nonce(nonce, 1);
	put_unaligned_be16(sealed_len, b);
	err = bti_gcm_seal(s->tfm.gcm, s->k.enc_ds, 32, nonce, aad,
			   sizeof(aad), user_key, key_len, b + 2);
	if (err)
		return err;
	if (re)
		err = bti_key_reprovision_proof(s, re, aad + BTI_MSG_HEADER,
						b + 2 + sealed_len);
	else
		memset(b + 2 + sealed_len, 0, 32);
	err = err ?: bti_frame(s, BTI_MSG_USER_KEY, out, body_len, len);
	if (!err)
		s->stage = BTI_STAGE_USER_KEY_SENT;
	return err;
}
EXPORT_SYMBOL_IF_KUNIT(bti_session_user_key);

/**
 * bti_session_provisioned - take PROVISIONED and open the configuration
 * @s: the session, after USER_KEY
 * @msg: the message
 * @len: its length
 * @config: the device configuration, BTI_CONFIG_MAX bytes at most
 * @config_len: its length
 *
 * Return: 0 or a negative errno; -EBADMSG if the seal does not open.
 */
int bti_session_provisioned(struct bti_session *s, const u8 *msg, size_t len,
			    u8 *config, size_t *config_len)
{
	u8 aad[BTI_MSG_HEADER + SHA256_DIGEST_SIZE], nonce[BTI_GCM_NONCE];
	const u8 *b = msg + BTI_MSG_HEADER;
	size_t body_len, sealed_len;
	int err;

	err = bti_receive(s, BTI_STAGE_USER_KEY_SENT, BTI_MSG_PROVISIONED,
			  msg, len, &body_len);
	if (err)
		return err;
	if (body_len < 2)
		return bti_session_refuse(s, BTI_ERROR_MALFORMED);
	sealed_len = get_unaligned_be16(b);
	if (sealed_len != body_len - 2 || sealed_len < BTI_GCM_TAG ||
	    sealed_len > BTI_CONFIG_MAX + BTI_GCM_TAG)
		return bti_session_refuse(s, BTI_ERROR_MALFORMED);
	memcpy(aad, msg, BTI_MSG_HEADER);
	bti_transcript_hash(s, aad + BTI_MSG_HEADER);
	bti_nonce(nonce, 1);
	err = bti_gcm_open(s->tfm.gcm, s->k.enc_sd, 32, nonce, aad,
			   sizeof(aad), b + 2, sealed_len, config);
	if (err == -EBADMSG)
		err = bti_session_refuse(s, BTI_ERROR_INTEGRITY);
	err = err ?: bti_transcript_add(s, msg, BTI_MSG_HEADER + body_len);
	if (err)
		return err;
	*config_len = sealed_len - BTI_GCM_TAG;
	s->stage = BTI_STAGE_DONE;
	return 0;
}
EXPORT_SYMBOL_IF_KUNIT(bti_session_provisioned);

/**
 * bti_session_error - build the ERROR that tells the server why we stop
 * @s: the session, after REQUEST
 * @code: why
 * @out: the message, at least 36 bytes
 * @len: its length
 *
 * Trailed with a hash before KEY_TRANSPORT and the device's MAC after.
 *
 * Return: 0 or a negative errno.
 */
int bti_session_error(struct bti_session *s, enum bti_error code, u8 *out,
		      size_t *len)
{
	if (s->stage == BTI_STAGE_NEW)
		return -EPROTO;
	out[BTI_MSG_HEADER] = code;
	out[BTI_MSG_HEADER + 1] = 0;	/* the code says it all */
	return bti_frame(s, BTI_MSG_ERROR, out, 2, len);
}
EXPORT_SYMBOL_IF_KUNIT(bti_session_error);

/*
 * The server's ERROR is MACed over its transcript (protocol.rst, section
 * 2), which lacks the message of ours it refuses: the last we sent, if
 * nothing came after it.  And a server that could not open KEY_TRANSPORT
 * has no keys, and sends a hash; the session ends either way.
 */
static int bti_unframe_error(struct bti_session *s, const u8 *msg, size_t len,
			     size_t *body_len)
{
	enum bti_error was = s->error;
	size_t t_len = s->t_len;
	int err;

	if (s->stage < BTI_STAGE_KEYED)
		return bti_unframe(s, BTI_MSG_ERROR, msg, len, false, body_len);
	err = bti_unframe(s, BTI_MSG_ERROR, msg, len, true, body_len);
	if (err && s->error == BTI_ERROR_INTEGRITY && s->t_sent_end == t_len) {
		s->t_len = s->t_sent;
		err = bti_unframe(s, BTI_MSG_ERROR, msg, len, true, body_len);
		s->t_len = t_len;
	}
	if (err && s->error == BTI_ERROR_INTEGRITY &&
	    s->stage == BTI_STAGE_KEYED)
		err = bti_unframe(s, BTI_MSG_ERROR, msg, len, false, body_len);
	if (!err)
		s->error = was;
	return err;
}

/**
 * bti_session_peer_error - take the server's ERROR
 * @s: the session
 * @msg: the message
 * @len: its length
 * @code: its code, as the server sent it
 * @text: its text, printable ASCII, others replaced by '?'
 *
 * Return: 0, or a negative errno if it is not a valid ERROR.
 */
int bti_session_peer_error(struct bti_session *s, const u8 *msg, size_t len,
			   u8 *code, char text[BTI_ERROR_TEXT_MAX + 1])
{
	const u8 *b = msg + BTI_MSG_HEADER;
	size_t body_len, i;
	int err;

	err = bti_unframe_error(s, msg, len, &body_len);
	if (err)
		return err;
	if (body_len < 2 || !b[0] || b[1] > BTI_ERROR_TEXT_MAX ||
	    body_len != 2 + b[1])
		return bti_session_refuse(s, BTI_ERROR_MALFORMED);
	*code = b[0];
	for (i = 0; i < b[1]; i++)
		text[i] = b[2 + i] >= 0x20 && b[2 + i] < 0x7f ? b[2 + i] : '?';
	text[i] = '\0';
	return 0;
}
EXPORT_SYMBOL_IF_KUNIT(bti_session_peer_error);
