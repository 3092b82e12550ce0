// SPDX-License-Identifier: GPL-2.0
/*
 * The device side of the provisioning protocol (Documentation/protocol.rst),
 * message by message: framing, transcript, key transport and key
 * confirmation.  Every key is drawn and kept here; only messages leave.
 */
#include <crypto/algapi.h>
#include <crypto/hash.h>
#include <linux/random.h>
#include <linux/slab.h>
#include <linux/string.h>

#include "gcm.h"
#include "hkdf.h"
#include "hpke.h"
#include "p256.h"
#include "session.h"

static const char bti_kek_label[] = "bti v1 kek";

static u32 bti_be32(const u8 *p)
{
	return (u32)p[0] << 24 | p[1] << 16 | p[2] << 8 | p[3];
}

/* Refuse a message: keep the code to tell the peer; return it as an errno. */
static int bti_refuse(struct bti_session *s, enum bti_error code)
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

static int bti_hmac(const u8 key[32], const struct bti_bytes *in,
		    unsigned int n, u8 out[SHA256_DIGEST_SIZE])
{
	struct crypto_shash *hmac = crypto_alloc_shash("hmac(sha256)", 0, 0);
	SHASH_DESC_ON_STACK(desc, hmac);
	unsigned int i;
	int err;

	if (IS_ERR(hmac))
		return PTR_ERR(hmac);
	desc->tfm = hmac;
	err = crypto_shash_setkey(hmac, key, 32);
	err = err ?: crypto_shash_init(desc);
	for (i = 0; !err && i < n; i++)
		err = crypto_shash_update(desc, in[i].p, in[i].len);
	err = err ?: crypto_shash_final(desc, out);
	shash_desc_zero(desc);
	crypto_free_shash(hmac);
	return err;
}

static void bti_th(struct bti_session *s, u8 th[SHA256_DIGEST_SIZE])
{
	sha256(s->t, s->t_len, th);
}

static int bti_transcript_add(struct bti_session *s, const u8 *msg,
			      size_t len)
{
	if (s->t_len + len > BTI_TRANSCRIPT_MAX)
		return -EMSGSIZE;
	memcpy(s->t + s->t_len, msg, len);
	s->t_len += len;
	return 0;
}

/*
 * Frame @body as @type into @out, with a hash trailer before keys exist
 * and the device's MAC after, and add it to the transcript.
 */
static int bti_frame(struct bti_session *s, u8 type, u8 *out, size_t body_len,
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
	out[2] = body_len >> 8;
	out[3] = body_len;
	if (s->stage >= BTI_STAGE_KEYED) {
		bti_th(s, th);
		err = bti_hmac(s->k.mac_ds, msg, ARRAY_SIZE(msg), trailer);
	} else {
		sha256(out, msg[1].len, trailer);
	}
	err = err ?: bti_transcript_add(s, out, msg[1].len);
	if (!err)
		*len = msg[1].len + BTI_MSG_TRAILER;
	return err;
}

/*
 * Check a received message's framing and trailer; on success the body is
 * @msg + BTI_MSG_HEADER, *@body_len long.  The transcript is not touched.
 */
static int bti_unframe(struct bti_session *s, u8 type, const u8 *msg,
		       size_t len, size_t *body_len)
{
	u8 want[BTI_MSG_TRAILER], th[SHA256_DIGEST_SIZE];
	struct bti_bytes m[] = { { th, sizeof(th) }, { msg } };
	int err = 0;

	if (len < BTI_MSG_HEADER + BTI_MSG_TRAILER)
		return bti_refuse(s, BTI_ERROR_MALFORMED);
	m[1].len = len - BTI_MSG_TRAILER;
	*body_len = msg[2] << 8 | msg[3];
	if (msg[0] != BTI_PROTO_VERSION)
		return bti_refuse(s, BTI_ERROR_VERSION);
	if (msg[1] != type)
		return bti_refuse(s, BTI_ERROR_UNEXPECTED);
	if (*body_len != m[1].len - BTI_MSG_HEADER)
		return bti_refuse(s, BTI_ERROR_MALFORMED);
	if (s->stage >= BTI_STAGE_KEYED) {
		bti_th(s, th);
		err = bti_hmac(s->k.mac_sd, m, ARRAY_SIZE(m), want);
	} else {
		sha256(msg, m[1].len, want);
	}
	if (!err && crypto_memneq(want, msg + m[1].len, sizeof(want)))
		err = bti_refuse(s, BTI_ERROR_INTEGRITY);
	memzero_explicit(want, sizeof(want));
	return err;
}

/* A message of @type, in its place at @stage, framed and trailed right. */
static int bti_receive(struct bti_session *s, enum bti_stage stage,
		       u8 type, const u8 *msg, size_t len, size_t *body_len)
{
	if (s->stage != stage)
		return bti_refuse(s, BTI_ERROR_UNEXPECTED);
	return bti_unframe(s, type, msg, len, body_len);
}

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
	if (kind != 1 && kind != 2)
		return -EINVAL;
	s->t = kvmalloc(BTI_TRANSCRIPT_MAX, GFP_KERNEL);
	if (!s->t)
		return -ENOMEM;
	s->kind = kind;
	s->fixed = fixed;
	if (fixed)
		s->d = *fixed;
	else
		get_random_bytes(&s->d, sizeof(s->d));
	return 0;
}

/**
 * bti_session_destroy - wipe every key of a session
 * @s: the session
 */
void bti_session_destroy(struct bti_session *s)
{
	kvfree(s->t);
	memzero_explicit(s, sizeof(*s));
}

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
 * does not suit the suite.  A refusal leaves its protocol error in
 * @s->error, here and in each function that takes a message.
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
		return bti_refuse(s, BTI_ERROR_MALFORMED);
	chain_len = b[98] << 8 | b[99];
	if (chain_len != body_len - 100)
		return bti_refuse(s, BTI_ERROR_MALFORMED);
	if (b[0] != 1 && b[0] != 2)
		return bti_refuse(s, BTI_ERROR_SUITE);
	if ((b[0] == 1 && (key_len != BTI_P256_POINT || server_key[0] != 4)) ||
	    (b[0] == 2 && (key_len < BTI_RSA_MIN_BYTES ||
			   key_len > sizeof(s->server_key))))
		return bti_refuse(s, BTI_ERROR_CERTIFICATE);
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

static int bti_session_derive(struct bti_session *s,
			      const u8 th[SHA256_DIGEST_SIZE])
{
	static const struct {
		const char *label;
		size_t off;
	} keys[] = {
		{ "bti v1 mac ds", offsetof(struct bti_session_keys, mac_ds) },
		{ "bti v1 mac sd", offsetof(struct bti_session_keys, mac_sd) },
		{ "bti v1 enc ds", offsetof(struct bti_session_keys, enc_ds) },
		{ "bti v1 enc sd", offsetof(struct bti_session_keys, enc_sd) },
		{ "bti v1 confirm", offsetof(struct bti_session_keys, confirm) },
	};
	struct bti_bytes ikm = { s->d.session_key, 32 };
	struct crypto_shash *hmac;
	u8 salt[96], prk[BTI_HKDF_LEN];
	unsigned int i;
	int err;

	hmac = crypto_alloc_shash("hmac(sha256)", 0, 0);
	if (IS_ERR(hmac))
		return PTR_ERR(hmac);
	memcpy(salt, s->d.device_nonce, 32);
	memcpy(salt + 32, s->server_nonce, 32);
	memcpy(salt + 64, s->d.key_nonce, 32);
	err = bti_hkdf_extract(hmac, salt, sizeof(salt), &ikm, 1, prk);
	for (i = 0; !err && i < ARRAY_SIZE(keys); i++) {
		struct bti_bytes info[] = {
			{ keys[i].label, strlen(keys[i].label) },
			{ th, SHA256_DIGEST_SIZE },
		};

		err = bti_hkdf_expand(hmac, prk, info, ARRAY_SIZE(info),
				      (u8 *)&s->k + keys[i].off, 32);
	}
	memzero_explicit(prk, sizeof(prk));
	crypto_free_shash(hmac);
	return err;
}

/* wrapped_kek, by the suite's KEK transport */
static int bti_wrap_kek(struct bti_session *s, const u8 *label,
			size_t label_len, u8 *out, size_t *len)
{
	if (s->suite == 1) {
		*len = BTI_P256_POINT + 32 + BTI_HPKE_TAG;
		return bti_hpke_seal(&bti_hpke_aes256gcm, s->server_key, label,
				     label_len, NULL, 0, s->d.kek, 32, out,
				     out + BTI_P256_POINT,
				     s->fixed ? s->d.hpke_ske : NULL);
	}
	return bti_rsa_oaep_wrap(s->server_key, s->server_key_len, s->d.kek,
				 32, label, label_len,
				 s->fixed ? s->d.oaep_seed : NULL, out, len);
}

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
	u8 label[sizeof(bti_kek_label) - 1 + SHA256_DIGEST_SIZE];
	u8 zero_nonce[BTI_GCM_NONCE] = { }, th[SHA256_DIGEST_SIZE];
	u8 *b = out + BTI_MSG_HEADER, plain[92];
	size_t wrapped_len, body_len;
	int err;

	if (s->stage != BTI_STAGE_HELLO)
		return -EPROTO;
	bti_th(s, th);
	memcpy(label, bti_kek_label, sizeof(bti_kek_label) - 1);
	memcpy(label + sizeof(bti_kek_label) - 1, th, sizeof(th));
	err = bti_wrap_kek(s, label, sizeof(label), b + 2, &wrapped_len);
	if (err)
		return err;
	b[0] = wrapped_len >> 8;
	b[1] = wrapped_len;
	body_len = 2 + wrapped_len + sizeof(plain) + BTI_GCM_TAG;
	out[0] = BTI_PROTO_VERSION;
	out[1] = BTI_MSG_KEY_TRANSPORT;
	out[2] = body_len >> 8;
	out[3] = body_len;
	memcpy(plain, s->d.session_key, 32);
	memcpy(plain + 32, s->d.audio_key, 16);
	memcpy(plain + 48, s->d.audio_salt, 12);
	memcpy(plain + 60, s->d.key_nonce, 32);
	err = bti_gcm_seal(s->d.kek, 32, zero_nonce, out,
			   BTI_MSG_HEADER + 2 + wrapped_len, plain,
			   sizeof(plain), b + 2 + wrapped_len);
	memzero_explicit(plain, sizeof(plain));
	err = err ?: bti_session_derive(s, th);
	if (err)
		return err;
	/* its trailer is the first MAC */
	s->stage = BTI_STAGE_KEYED;
	return bti_frame(s, BTI_MSG_KEY_TRANSPORT, out, body_len, len);
}

/* KEY_CONFIRM's voice fields, after its MAC: where the channel goes. */
static int bti_session_voice(struct bti_session *s, const u8 *b, size_t alen)
{
	struct bti_voice *v = &s->voice;
	const u8 *p = b + 33 + alen;

	v->family = b[32];
	memset(v->addr, 0, sizeof(v->addr));
	memcpy(v->addr, b + 33, alen);
	v->port = p[0] << 8 | p[1];
	v->device_ssrc = bti_be32(p + 2);
	v->server_ssrc = bti_be32(p + 6);
	/* one SSRC for both directions would run one keystream twice */
	if (!v->port || v->device_ssrc == v->server_ssrc)
		return bti_refuse(s, BTI_ERROR_MALFORMED);
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
	static const char label[] = "bti v1 server confirm";
	const u8 *b = msg + BTI_MSG_HEADER;
	u8 th[SHA256_DIGEST_SIZE], want[SHA256_DIGEST_SIZE];
	struct bti_bytes in[] = { { label, sizeof(label) - 1 }, { th, 32 } };
	size_t body_len, alen;
	int err;

	err = bti_receive(s, BTI_STAGE_KEYED, BTI_MSG_KEY_CONFIRM, msg, len,
			  &body_len);
	if (err)
		return err;
	if (body_len < 33)
		return bti_refuse(s, BTI_ERROR_MALFORMED);
	alen = b[32] == 4 ? 4 : b[32] == 6 ? 16 : 0;
	if (!alen || body_len != 32 + 1 + alen + 2 + 4 + 4)
		return bti_refuse(s, BTI_ERROR_MALFORMED);
	bti_th(s, th);
	err = bti_hmac(s->k.confirm, in, ARRAY_SIZE(in), want);
	if (!err && crypto_memneq(want, b, sizeof(want)))
		err = bti_refuse(s, BTI_ERROR_CONFIRM);
	memzero_explicit(want, sizeof(want));
	err = err ?: bti_session_voice(s, b, alen);
	err = err ?: bti_transcript_add(s, msg, BTI_MSG_HEADER + body_len);
	if (err)
		return err;
	s->stage = BTI_STAGE_CONFIRMED;
	return 0;
}

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
		return bti_refuse(s, BTI_ERROR_MALFORMED);
	err = bti_transcript_add(s, msg, BTI_MSG_HEADER + body_len);
	if (err)
		return err;
	*result = b[0];
	*attempts_left = b[1];
	if (!b[0])
		s->stage = BTI_STAGE_AUTHORIZED;
	return 0;
}

static void bti_nonce(u8 nonce[BTI_GCM_NONCE], u32 i)
{
	memset(nonce, 0, BTI_GCM_NONCE);
	nonce[8] = i >> 24;
	nonce[9] = i >> 16;
	nonce[10] = i >> 8;
	nonce[11] = i;
}

static const char bti_reprovision_label[] = "bti v1 reprovision";

/* USER_KEY's proof that the device holds the key the server has bound. */
static int bti_reprovision_proof(struct bti_session *s,
				 const struct bti_reprovision *re,
				 const u8 th[SHA256_DIGEST_SIZE], u8 proof[32])
{
	struct bti_bytes label = { bti_reprovision_label,
				   sizeof(bti_reprovision_label) - 1 };
	struct bti_bytes in[] = { label, { th, SHA256_DIGEST_SIZE } };
	struct crypto_shash *hmac;
	u8 dh[BTI_P256_SCALAR], prk[BTI_HKDF_LEN], k[32];
	struct bti_bytes ikm = { dh, sizeof(dh) };
	int err;

	if (re->kind == 1)
		return bti_hmac(re->key, in, ARRAY_SIZE(in), proof);
	if (re->kind != 2)
		return -EINVAL;
	hmac = crypto_alloc_shash("hmac(sha256)", 0, 0);
	if (IS_ERR(hmac))
		return PTR_ERR(hmac);
	err = bti_p256_dh(re->key, s->server_ephemeral, dh);
	err = err ?: bti_hkdf_extract(hmac, th, SHA256_DIGEST_SIZE, &ikm, 1,
				      prk);
	err = err ?: bti_hkdf_expand(hmac, prk, &label, 1, k, sizeof(k));
	err = err ?: bti_hmac(k, &in[1], 1, proof);
	crypto_free_shash(hmac);
	memzero_explicit(dh, sizeof(dh));
	memzero_explicit(prk, sizeof(prk));
	memzero_explicit(k, sizeof(k));
	return err;
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
	aad[2] = body_len >> 8;
	aad[3] = body_len;
	bti_th(s, aad + BTI_MSG_HEADER);
	bti_nonce(nonce, 1);
	b[0] = sealed_len >> 8;
	b[1] = sealed_len;
	err = bti_gcm_seal(s->k.enc_ds, 32, nonce, aad, sizeof(aad), user_key,
			   key_len, b + 2);
	if (err)
		return err;
	if (re)
		err = bti_reprovision_proof(s, re, aad + BTI_MSG_HEADER,
					    b + 2 + sealed_len);
	else
		memset(b + 2 + sealed_len, 0, 32);
	err = err ?: bti_frame(s, BTI_MSG_USER_KEY, out, body_len, len);
	if (!err)
		s->stage = BTI_STAGE_USER_KEY_SENT;
	return err;
}

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
		return bti_refuse(s, BTI_ERROR_MALFORMED);
	sealed_len = b[0] << 8 | b[1];
	if (sealed_len != body_len - 2 || sealed_len < BTI_GCM_TAG ||
	    sealed_len > BTI_CONFIG_MAX + BTI_GCM_TAG)
		return bti_refuse(s, BTI_ERROR_MALFORMED);
	memcpy(aad, msg, BTI_MSG_HEADER);
	bti_th(s, aad + BTI_MSG_HEADER);
	bti_nonce(nonce, 1);
	err = bti_gcm_open(s->k.enc_sd, 32, nonce, aad, sizeof(aad), b + 2,
			   sealed_len, config);
	if (err == -EBADMSG)
		err = bti_refuse(s, BTI_ERROR_INTEGRITY);
	err = err ?: bti_transcript_add(s, msg, BTI_MSG_HEADER + body_len);
	if (err)
		return err;
	*config_len = sealed_len - BTI_GCM_TAG;
	s->stage = BTI_STAGE_DONE;
	return 0;
}

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

	err = bti_unframe(s, BTI_MSG_ERROR, msg, len, &body_len);
	if (err)
		return err;
	if (body_len < 2 || !b[0] || b[1] > BTI_ERROR_TEXT_MAX ||
	    body_len != 2 + b[1])
		return bti_refuse(s, BTI_ERROR_MALFORMED);
	*code = b[0];
	for (i = 0; i < b[1]; i++)
		text[i] = b[2 + i] >= 0x20 && b[2 + i] < 0x7f ? b[2 + i] : '?';
	text[i] = '\0';
	return 0;
}
