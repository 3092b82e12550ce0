// SPDX-License-Identifier: GPL-2.0
/*
 * The server's side of Documentation/protocol.rst, message by message:
 * framing, transcript, version and suite choice, KEK unwrapping, the
 * device's attestation, key confirmation, the verdict, the user key or a
 * refresh and their proofs, the sealed configuration, and FINISHED.  No
 * I/O and no database: the caller moves bytes and decides.  A refusal
 * returns -1 and leaves its protocol error in the session.
 */
#include <stdlib.h>
#include <string.h>

#include <openssl/core_names.h>
#include <openssl/crypto.h>
#include <openssl/rand.h>
#include <openssl/rsa.h>
#include <openssl/x509.h>

#include "hpke.h"
#include "proto.h"
#include "wire.h"

#define BP_REQUEST_BODY		68
#define BP_SEALED_KEYS		(32 + 16 + 12 + 32 + BP_GCM_TAG)
/* wrapped_kek's lengths (protocol.rst, 8) */
#define BP_WRAPPED_P256		(BP_P256_POINT + 32 + BP_GCM_TAG)
#define BP_WRAPPED_RSA_MIN	256
#define BP_WRAPPED_RSA_MAX	512

static const char kek_label[] = "bti v1 kek";

static int refuse(struct bp_session *s, uint8_t code)
{
	return bp_wire_refuse(&s->w, code);
}

/* body_len's limit for a message of @type (protocol.rst, section 8) */
static size_t body_max(uint8_t type)
{
	switch (type) {
	case BP_REQUEST:
		return BP_REQUEST_BODY;
	case BP_SERVER_HELLO:
		return BP_HELLO_MAX;
	case BP_ATTESTATION:
		return BP_ATTESTATION_MAX;
	case BP_CONFIG:
		return BP_CONFIG_BODY_MAX;
	default:
		return BP_BODY_MAX;
	}
}

/* A device message's framing and, if @check_trailer, its trailer. */
static int unframe(struct bp_session *s, uint8_t type, const uint8_t *msg,
		   size_t len, size_t *body_len, bool check_trailer)
{
	size_t max = body_max(type);

	if (bp_wire_unframe(&s->w, type, msg, len, max, type == BP_REQUEST,
			    body_len))
		return -1;
	return check_trailer ? bp_wire_trailer_ok(&s->w, msg, len) : 0;
}

/**
 * bp_session_init - start a session
 * @s: the session
 * @fixed: NULL, or the draws of a known-answer test
 *
 * Returns 0 or -1.
 */
int bp_session_init(struct bp_session *s, const struct bp_draws *fixed)
{
	memset(s, 0, sizeof(*s));
	if (bp_wire_init(&s->w))
		return -1;
	s->min_version = BP_VERSION;
	s->max_version = BP_VERSION;
	s->purpose = BP_PROVISIONING;
	if (fixed) {
		s->draws = *fixed;
		s->ephemeral = bp_p256_key(fixed->ephemeral);
		if (!s->ephemeral)
			return -1;
	} else if (RAND_bytes(s->draws.server_nonce, 32) != 1) {
		return -1;
	}
	return 0;
}

/**
 * bp_session_free - wipe a session's keys and free it
 * @s: the session
 */
void bp_session_free(struct bp_session *s)
{
	bp_wire_free(&s->w);
	EVP_PKEY_free(s->ephemeral);
	free(s->chain);
	OPENSSL_cleanse(s, sizeof(*s));
}

/**
 * bp_peek - how long the message at @msg is, from its header
 * @msg: the bytes so far
 * @len: how many
 * @need: the whole message's length, once @len covers the header
 *
 * Returns 0, 1 while the header is incomplete, or -1 for a length over
 * the limit, refused before the body is read.
 */
int bp_peek(const uint8_t *msg, size_t len, size_t *need)
{
	size_t body;

	if (len < BP_HEADER)
		return 1;
	body = bp_be16(msg + 2);
	/* a long REQUEST is read, to be refused as malformed */
	if (body > (msg[1] == BP_REQUEST ? BP_BODY_MAX : body_max(msg[1])))
		return -1;
	*need = BP_HEADER + body + BP_TRAILER;
	return 0;
}

/* The suite to answer with: suite 1 if both sides can, else suite 2. */
static int choose_suite(const struct bp_identity *id, uint8_t offered)
{
	int suite;

	for (suite = 1; suite <= 2; suite++)
		if ((offered & (1 << (suite - 1))) && id->chain_len[suite] &&
		    id->key[suite])
			return suite;
	return 0;
}

/**
 * bp_request - take REQUEST and build SERVER_HELLO
 * @s: the session, new
 * @id: the server's keys and chains
 * @msg: REQUEST
 * @len: its length
 * @out: SERVER_HELLO, BP_MSG_MAX bytes
 * @out_len: its length
 *
 * Returns 0, or -1 with the refusal in @s->w.error.
 */
int bp_request(struct bp_session *s, const struct bp_identity *id,
	       const uint8_t *msg, size_t len, uint8_t *out, size_t *out_len)
{
	static const uint8_t zero[32];
	const uint8_t *b = msg + BP_HEADER;
	uint8_t *o = out + BP_HEADER;
	size_t body_len, chain_len;

	if (s->state != BP_IDLE)
		return refuse(s, BP_E_UNEXPECTED);
	if (unframe(s, BP_REQUEST, msg, len, &body_len, true))
		return -1;
	if (body_len != BP_REQUEST_BODY)
		return refuse(s, BP_E_MALFORMED);
	if (s->max_version > BP_VERSION_MAX)
		s->max_version = BP_VERSION_MAX;
	if (s->min_version < BP_VERSION)
		s->min_version = BP_VERSION;
	if (b[0] > s->max_version || b[1] < s->min_version || b[0] > b[1]) {
		/* in the device's lowest version, which it can read (5) */
		s->w.version = b[0] ? b[0] : BP_VERSION;
		return refuse(s, BP_E_VERSION);
	}
	/* the highest both speak; every header from here on carries it */
	s->w.version = b[1] < s->max_version ? b[1] : s->max_version;
	if (b[3] != 1 && b[3] != 2)
		return refuse(s, BP_E_MALFORMED);
	s->suite = choose_suite(id, b[2]);
	if (!s->suite)
		return refuse(s, BP_E_SUITE);
	s->kind = b[3];
	memcpy(s->device_nonce, b + 4, 32);
	memcpy(s->device_id, b + 36, 32);
	s->reprovision = memcmp(s->device_id, zero, 32) != 0;
	if (bp_wire_add(&s->w, msg, BP_HEADER + body_len))
		return -1;
	/* drawn only now: a connection that sends no REQUEST costs no key */
	if (!s->ephemeral)
		s->ephemeral = bp_p256_generate();
	if (!s->ephemeral)
		return refuse(s, BP_E_INTERNAL);

	chain_len = id->chain_len[s->suite];
	if (1 + 32 + BP_P256_POINT + 2 + chain_len > BP_HELLO_MAX)
		return refuse(s, BP_E_INTERNAL);
	o[0] = s->suite;
	memcpy(o + 1, s->draws.server_nonce, 32);
	if (bp_p256_public(s->ephemeral, o + 33))
		return refuse(s, BP_E_INTERNAL);
	bp_put16(o + 98, chain_len);
	memcpy(o + 100, id->chain[s->suite], chain_len);
	if (bp_wire_frame(&s->w, BP_SERVER_HELLO, out, 100 + chain_len, out_len))
		return -1;
	s->state = BP_WAIT_TRANSPORT;
	return 0;
}

/* KEK from wrapped_kek, by the suite's transport. */
static int unwrap_kek(struct bp_session *s, const struct bp_identity *id,
		      const uint8_t *wrapped, size_t len,
		      const uint8_t th2[BP_SHA256], uint8_t kek[32])
{
	uint8_t label[sizeof(kek_label) - 1 + BP_SHA256], out[512];
	struct bp_bytes info[] = {
		{ kek_label, sizeof(kek_label) - 1 }, { th2, BP_SHA256 },
	};
	EVP_PKEY_CTX *ctx;
	size_t n = sizeof(out);
	uint8_t *l;
	int ok;

	if (s->suite == 1)
		return bp_hpke_open(id->key[1], wrapped, info, 2,
				    wrapped + BP_P256_POINT, len - BP_P256_POINT,
				    kek);
	if (len != (size_t)EVP_PKEY_get_size(id->key[2]))
		return -1;
	memcpy(label, kek_label, sizeof(kek_label) - 1);
	memcpy(label + sizeof(kek_label) - 1, th2, BP_SHA256);
	/* OpenSSL takes ownership of the label */
	l = OPENSSL_memdup(label, sizeof(label));
	ctx = EVP_PKEY_CTX_new(id->key[2], NULL);
	ok = l && ctx && EVP_PKEY_decrypt_init(ctx) > 0 &&
	     EVP_PKEY_CTX_set_rsa_padding(ctx, RSA_PKCS1_OAEP_PADDING) > 0 &&
	     EVP_PKEY_CTX_set_rsa_oaep_md(ctx, EVP_sha256()) > 0 &&
	     EVP_PKEY_CTX_set_rsa_mgf1_md(ctx, EVP_sha256()) > 0 &&
	     EVP_PKEY_CTX_set0_rsa_oaep_label(ctx, l, sizeof(label)) > 0;
	if (ok)
		l = NULL;
	ok = ok && EVP_PKEY_decrypt(ctx, out, &n, wrapped, len) > 0 && n == 32;
	if (ok)
		memcpy(kek, out, 32);
	OPENSSL_cleanse(out, sizeof(out));
	OPENSSL_free(l);
	EVP_PKEY_CTX_free(ctx);
	return ok ? 0 : -1;
}

/*
 * KEY_TRANSPORT's keys into @s; its trailer is checked after.  Version 2
 * puts its purpose before wrapped_len.
 */
static int open_transport(struct bp_session *s, const struct bp_identity *id,
			  const uint8_t *msg, size_t body_len,
			  const uint8_t th2[BP_SHA256])
{
	size_t pre = s->w.version == 1 ? 0 : 1, wrapped_len;
	const uint8_t *b = msg + BP_HEADER + pre;
	uint8_t kek[32], plain[BP_SEALED_KEYS - BP_GCM_TAG];
	static const uint8_t zero_nonce[BP_GCM_NONCE];
	int err;

	if (body_len < pre + 2)
		return refuse(s, BP_E_MALFORMED);
	wrapped_len = bp_be16(b);
	if (body_len != pre + 2 + wrapped_len + BP_SEALED_KEYS)
		return refuse(s, BP_E_MALFORMED);
	if (pre && b[-1] != BP_PROVISIONING && b[-1] != BP_REFRESHING)
		return refuse(s, BP_E_MALFORMED);
	/* out of the suite's range is malformed; in it, only unwrapping tells */
	if (s->suite == 1 ? wrapped_len != BP_WRAPPED_P256 :
	    wrapped_len < BP_WRAPPED_RSA_MIN || wrapped_len > BP_WRAPPED_RSA_MAX)
		return refuse(s, BP_E_MALFORMED);
	if (unwrap_kek(s, id, b + 2, wrapped_len, th2, kek))
		return refuse(s, BP_E_INTEGRITY);
	err = bp_gcm_open(kek, 32, zero_nonce, msg,
			  BP_HEADER + pre + 2 + wrapped_len,
			  b + 2 + wrapped_len, BP_SEALED_KEYS, plain);
	OPENSSL_cleanse(kek, sizeof(kek));
	if (err)
		return refuse(s, BP_E_INTEGRITY);
	memcpy(s->session_key, plain, 32);
	memcpy(s->audio_key, plain + 32, 16);
	memcpy(s->audio_salt, plain + 48, 12);
	memcpy(s->key_nonce, plain + 60, 32);
	OPENSSL_cleanse(plain, sizeof(plain));
	if (bp_key_schedule(s->session_key, s->device_nonce,
			    s->draws.server_nonce, s->key_nonce, th2, &s->k))
		return refuse(s, BP_E_INTERNAL);
	return 0;
}

/**
 * bp_key_transport - take KEY_TRANSPORT; in version 1, build KEY_CONFIRM
 * @s: the session, after SERVER_HELLO
 * @id: the server's keys
 * @msg: KEY_TRANSPORT
 * @len: its length
 * @v: where the voice channel goes; version 2 takes it at bp_key_confirm()
 * @out: KEY_CONFIRM, BP_MSG_MAX bytes
 * @out_len: its length; 0 in version 2, which waits for ATTESTATION
 *
 * Returns 0, or -1 with the refusal in @s->w.error.
 */
int bp_key_transport(struct bp_session *s, const struct bp_identity *id,
		     const uint8_t *msg, size_t len, const struct bp_voice *v,
		     uint8_t *out, size_t *out_len)
{
	uint8_t th2[BP_SHA256];
	size_t body_len;

	if (s->state != BP_WAIT_TRANSPORT)
		return refuse(s, BP_E_UNEXPECTED);
	/* version 1 answers at once: its voice channel must be sound first */
	if (s->w.version == 1 &&
	    (!v || !v->port || v->device_ssrc == v->server_ssrc))
		return refuse(s, BP_E_INTERNAL);
	if (unframe(s, BP_KEY_TRANSPORT, msg, len, &body_len, false) ||
	    bp_wire_th(&s->w, th2) || open_transport(s, id, msg, body_len, th2))
		return -1;
	/* its trailer is the first MAC */
	s->w.send = s->k.mac_sd;
	s->w.recv = s->k.mac_ds;
	if (unframe(s, BP_KEY_TRANSPORT, msg, len, &body_len, true))
		return -1;
	if (s->w.version > 1)
		s->purpose = msg[BP_HEADER];
	/* only a bound device has something to refresh (protocol.rst, 4) */
	if (s->purpose == BP_REFRESHING && !s->reprovision)
		return refuse(s, BP_E_MALFORMED);
	if (bp_wire_add(&s->w, msg, BP_HEADER + body_len))
		return -1;
	s->state = BP_CONFIRMING;
	*out_len = 0;
	if (s->w.version == 1)
		return bp_key_confirm(s, v, out, out_len);
	s->state = BP_WAIT_ATTESTATION;
	return 0;
}

/**
 * bp_key_confirm - build KEY_CONFIRM
 * @s: the session, its device attested or not as the caller's policy
 *	takes it
 * @v: where the voice channel goes; unused in a refresh
 * @out: KEY_CONFIRM, BP_MSG_MAX bytes
 * @out_len: its length
 *
 * Returns 0 or -1.
 */
int bp_key_confirm(struct bp_session *s, const struct bp_voice *v,
		   uint8_t *out, size_t *out_len)
{
	static const char label[] = "bti v1 server confirm";
	uint8_t h[BP_SHA256], *o = out + BP_HEADER;
	struct bp_bytes in[] = { { label, sizeof(label) - 1 }, { h, 32 } };
	size_t alen;

	if (s->state != BP_CONFIRMING)
		return refuse(s, BP_E_INTERNAL);
	if (bp_wire_th(&s->w, h) || bp_hmac(s->k.confirm, 32, in, 2, o))
		return refuse(s, BP_E_INTERNAL);
	if (s->purpose == BP_REFRESHING) {
		s->state = BP_WAIT_REFRESH;
		return bp_wire_frame(&s->w, BP_KEY_CONFIRM, out, 32, out_len);
	}
	/* one SSRC both ways would run one GCM keystream twice */
	if (!v || !v->port || v->device_ssrc == v->server_ssrc)
		return refuse(s, BP_E_INTERNAL);
	alen = v->family == 4 ? 4 : 16;
	o[32] = v->family;
	memcpy(o + 33, v->addr, alen);
	bp_put16(o + 33 + alen, v->port);
	bp_put32(o + 35 + alen, v->device_ssrc);
	bp_put32(o + 39 + alen, v->server_ssrc);
	s->state = BP_IVR;
	return bp_wire_frame(&s->w, BP_KEY_CONFIRM, out, 43 + alen, out_len);
}

/**
 * bp_auth_result - build AUTH_RESULT
 * @s: the session, in the IVR
 * @result: 0 accepted, 1 wrong, 2 locked, 3 timed out
 * @attempts: tries left
 * @out: AUTH_RESULT, BP_MSG_MAX bytes
 * @out_len: its length
 *
 * After 0 the session waits for USER_KEY; after 1 with tries left, for
 * the next verdict; any other verdict ends it.
 *
 * Returns 0 or -1.
 */
int bp_auth_result(struct bp_session *s, uint8_t result, uint8_t attempts,
		   uint8_t *out, size_t *out_len)
{
	if (s->state != BP_IVR || result > 3)
		return refuse(s, BP_E_INTERNAL);
	out[BP_HEADER] = result;
	out[BP_HEADER + 1] = attempts;
	if (bp_wire_frame(&s->w, BP_AUTH_RESULT, out, 2, out_len))
		return -1;
	if (!result)
		s->state = BP_WAIT_USER_KEY;
	else if (result != 1 || !attempts)
		s->state = BP_FAILED;
	return 0;
}

/* N(i) of section 6 */
static void nonce(uint8_t n[BP_GCM_NONCE], uint32_t i)
{
	memset(n, 0, BP_GCM_NONCE);
	bp_put32(n + 8, i);
}

/*
 * A proof of the private half of @pub: a MAC of the transcript hash @h
 * under a key from ECDH of @pub with the ephemeral key of SERVER_HELLO
 * (protocol.rst, sections 4.2, 7 and 7.1; each its own @label).
 */
static int dh_proof(struct bp_session *s, const uint8_t pub[BP_P256_POINT],
		    const char *label, const uint8_t h[BP_SHA256],
		    uint8_t out[32])
{
	struct bp_bytes l = { label, strlen(label) }, m = { h, BP_SHA256 };
	uint8_t dh[BP_P256_SCALAR], prk[BP_SHA256], k[32];
	struct bp_bytes ikm = { dh, sizeof(dh) };
	int err;

	err = bp_p256_dh(s->ephemeral, pub, dh) ||
	      bp_hkdf_extract(h, BP_SHA256, &ikm, 1, prk) ||
	      bp_hkdf_expand(prk, &l, 1, k, sizeof(k)) ||
	      bp_hmac(k, sizeof(k), &m, 1, out);
	OPENSSL_cleanse(dh, sizeof(dh));
	OPENSSL_cleanse(prk, sizeof(prk));
	OPENSSL_cleanse(k, sizeof(k));
	return err;
}

/* A proof of the bound key, by its kind: USER_KEY's or REFRESH's. */
static int bound_proof(struct bp_session *s, const struct bp_bound *bound,
		       const char *label, const uint8_t h[BP_SHA256],
		       uint8_t out[32])
{
	struct bp_bytes in[] = { { label, strlen(label) }, { h, 32 } };

	if (bound->kind == 1)
		return bp_hmac(bound->key, 32, in, 2, out);
	return dh_proof(s, bound->key, label, h, out);
}

/* A sealed message's aad: its header and TH(T) before it (section 4). */
static int sealed_aad(struct bp_session *s, uint8_t type, size_t body_len,
		      uint8_t aad[BP_HEADER + BP_SHA256])
{
	aad[0] = s->w.version;
	aad[1] = type;
	bp_put16(aad + 2, body_len);
	return bp_wire_th(&s->w, aad + BP_HEADER);
}

/* 1 to BP_CHAIN_MAX certificates, each len16(DER) of 1 to BP_CERT_MAX
 * bytes (protocol.rst, section 8) */
static bool chain_fits(const uint8_t *c, size_t len)
{
	size_t at = 0, n, count = 0;

	while (at < len) {
		if (len - at < 2 || ++count > BP_CHAIN_MAX)
			return false;
		n = bp_be16(c + at);
		if (!n || n > BP_CERT_MAX || n > len - at - 2)
			return false;
		at += 2 + n;
	}
	return count > 0;
}

/* The leaf certificate's key, if it is a P-256 key. */
static int leaf_key(const uint8_t *chain, uint8_t pub[BP_P256_POINT])
{
	const unsigned char *p = chain + 2;
	size_t len = bp_be16(chain);
	X509 *leaf = d2i_X509(NULL, &p, len);
	EVP_PKEY *key = leaf ? X509_get0_pubkey(leaf) : NULL;
	char group[32];
	int err;

	/* a certificate may hold the point compressed; the proof takes it whole */
	err = !key || p != chain + 2 + len ||
	      !EVP_PKEY_get_utf8_string_param(key, OSSL_PKEY_PARAM_GROUP_NAME,
					      group, sizeof(group), NULL) ||
	      strcmp(group, SN_X9_62_prime256v1) ||
	      !EVP_PKEY_set_utf8_string_param(key,
			OSSL_PKEY_PARAM_EC_POINT_CONVERSION_FORMAT,
			OSSL_PKEY_EC_POINT_CONVERSION_FORMAT_UNCOMPRESSED) ||
	      bp_p256_public(key, pub);
	X509_free(leaf);
	return err ? -1 : 0;
}

/**
 * bp_attestation - take ATTESTATION
 * @s: the session, after version 2's KEY_TRANSPORT
 * @msg: ATTESTATION
 * @len: its length
 *
 * Opens it and checks its lengths and, for a chain, the proof of the
 * leaf's key: @s->chain, @s->identity and @s->proven say what it holds.
 * Whether the chain leads to a maker, what a failed proof costs, and
 * that a proven device's kind-2 user key is @s->identity (protocol.rst,
 * 7.1), are the caller's to decide; bp_key_confirm() then goes on.
 *
 * Returns 0, or -1 with the refusal in @s->w.error.
 */
int bp_attestation(struct bp_session *s, const uint8_t *msg, size_t len)
{
	static const uint8_t zero[32];
	static const char label[] = "bti v2 attestation";
	uint8_t aad[BP_HEADER + BP_SHA256], n[BP_GCM_NONCE], want[32];
	const uint8_t *b = msg + BP_HEADER;
	size_t body_len, plain_len, chain_len;
	uint8_t *plain;

	if (s->state != BP_WAIT_ATTESTATION)
		return refuse(s, BP_E_UNEXPECTED);
	if (unframe(s, BP_ATTESTATION, msg, len, &body_len, true))
		return -1;
	if (body_len < 2 + 2 + 32 + BP_GCM_TAG || bp_be16(b) != body_len - 2)
		return refuse(s, BP_E_MALFORMED);
	plain_len = body_len - 2 - BP_GCM_TAG;
	plain = malloc(plain_len);
	if (!plain)
		return refuse(s, BP_E_INTERNAL);
	memcpy(aad, msg, BP_HEADER);
	nonce(n, 1);
	if (bp_wire_th(&s->w, aad + BP_HEADER)) {
		free(plain);
		return refuse(s, BP_E_INTERNAL);
	}
	if (bp_gcm_open(s->k.enc_ds, 32, n, aad, sizeof(aad), b + 2,
			body_len - 2, plain)) {
		free(plain);
		return refuse(s, BP_E_INTEGRITY);
	}
	chain_len = bp_be16(plain);
	if (chain_len != plain_len - 2 - 32 ||
	    chain_len > BP_DEVICE_CHAIN_MAX ||
	    (chain_len && !chain_fits(plain + 2, chain_len)) ||
	    (!chain_len && bp_memneq(plain + 2, zero, 32))) {
		free(plain);
		return refuse(s, BP_E_MALFORMED);
	}
	if (chain_len && leaf_key(plain + 2, s->identity))
		memset(s->identity, 0, sizeof(s->identity));
	/* the proof is over the transcript before ATTESTATION, as the aad */
	s->proven = chain_len && s->identity[0] &&
		    !dh_proof(s, s->identity, label, aad + BP_HEADER, want) &&
		    !bp_memneq(want, plain + 2 + chain_len, 32);
	if (bp_wire_add(&s->w, msg, BP_HEADER + body_len)) {
		free(plain);
		return -1;
	}
	memmove(plain, plain + 2, chain_len);
	s->chain = plain;
	s->chain_len = chain_len;
	s->state = BP_CONFIRMING;
	return 0;
}

/**
 * bp_user_key - take USER_KEY
 * @s: the session, authorized
 * @msg: USER_KEY
 * @len: its length
 * @bound: for a re-provisioning device, the key bound to it; else NULL
 *
 * On success the user key is in @s->user_key.
 *
 * Returns 0; -1 with the refusal in @s->w.error; -2 for a proof that does
 * not match the bound key, which counts as a failed attempt.
 */
int bp_user_key(struct bp_session *s, const uint8_t *msg, size_t len,
		const struct bp_bound *bound)
{
	static const uint8_t zero[32];
	const uint8_t *b = msg + BP_HEADER;
	uint8_t aad[BP_HEADER + BP_SHA256], n[BP_GCM_NONCE], want[32];
	size_t body_len, key_len = s->kind == 1 ? 32 : BP_P256_POINT;
	size_t sealed_len = key_len + BP_GCM_TAG;

	if (s->state != BP_WAIT_USER_KEY || s->user_key_len)
		return refuse(s, BP_E_UNEXPECTED);
	if (unframe(s, BP_USER_KEY, msg, len, &body_len, true))
		return -1;
	if (body_len != 2 + sealed_len + 32 || bp_be16(b) != sealed_len)
		return refuse(s, BP_E_MALFORMED);
	memcpy(aad, msg, BP_HEADER);
	/* version 2's ATTESTATION took N(1) under this key */
	nonce(n, s->w.version == 1 ? 1 : 2);
	if (bp_wire_th(&s->w, aad + BP_HEADER))
		return refuse(s, BP_E_INTERNAL);
	if (bp_gcm_open(s->k.enc_ds, 32, n, aad, sizeof(aad), b + 2, sealed_len,
			s->user_key))
		return refuse(s, BP_E_INTEGRITY);
	/* a public key off the curve must not be bound (protocol.rst, 4) */
	if (s->kind == 2 &&
	    (s->user_key[0] != 4 || bp_p256_check(s->user_key)))
		return refuse(s, BP_E_MALFORMED);
	if (!s->reprovision && bp_memneq(b + 2 + sealed_len, zero, 32))
		return refuse(s, BP_E_MALFORMED);
	if (s->reprovision &&
	    (!bound || bound_proof(s, bound, "bti v1 reprovision",
				   aad + BP_HEADER, want) ||
	     bp_memneq(want, b + 2 + sealed_len, 32))) {
		OPENSSL_cleanse(s->user_key, sizeof(s->user_key));
		s->w.error = BP_E_INTEGRITY;
		return -2;
	}
	if (bp_wire_add(&s->w, msg, BP_HEADER + body_len))
		return -1;
	s->user_key_len = key_len;
	return 0;
}

/**
 * bp_refresh - take REFRESH, version 2's request for the configuration
 * @s: the session, after a refresh's KEY_CONFIRM
 * @msg: REFRESH
 * @len: its length
 * @bound: the binding REQUEST named
 *
 * On success @s->held is the configuration version the device holds.  A
 * wrong proof is not a failed attempt: a refresh asks for no PIN.
 *
 * Returns 0, or -1 with the refusal in @s->w.error.
 */
int bp_refresh(struct bp_session *s, const uint8_t *msg, size_t len,
	       const struct bp_bound *bound)
{
	const uint8_t *b = msg + BP_HEADER;
	uint8_t h[BP_SHA256], want[32];
	size_t body_len;
	int i;

	if (s->state != BP_WAIT_REFRESH || s->refreshed)
		return refuse(s, BP_E_UNEXPECTED);
	if (!bound)
		return refuse(s, BP_E_INTERNAL);
	if (unframe(s, BP_REFRESH, msg, len, &body_len, true))
		return -1;
	if (body_len != 8 + 32 || bound->kind != s->kind)
		return refuse(s, BP_E_MALFORMED);
	if (bp_wire_th(&s->w, h) ||
	    bound_proof(s, bound, "bti v2 refresh", h, want))
		return refuse(s, BP_E_INTERNAL);
	if (bp_memneq(want, b + 8, 32))
		return refuse(s, BP_E_INTEGRITY);
	if (bp_wire_add(&s->w, msg, BP_HEADER + body_len))
		return -1;
	for (s->held = 0, i = 0; i < 8; i++)
		s->held = s->held << 8 | b[i];
	s->refreshed = true;
	return 0;
}

/* One sealed message under K_enc_sd with N(@i): sealed_len | sealed. */
static int seal_msg(struct bp_session *s, uint8_t type, uint32_t i,
		    const uint8_t *plain, size_t len, uint8_t *out,
		    size_t *out_len)
{
	uint8_t aad[BP_HEADER + BP_SHA256], n[BP_GCM_NONCE];
	size_t body_len = 2 + len + BP_GCM_TAG;

	nonce(n, i);
	if (sealed_aad(s, type, body_len, aad))
		return refuse(s, BP_E_INTERNAL);
	bp_put16(out + BP_HEADER, len + BP_GCM_TAG);
	if (bp_gcm_seal(s->k.enc_sd, 32, n, aad, sizeof(aad), plain, len,
			out + BP_HEADER + 2))
		return refuse(s, BP_E_INTERNAL);
	return bp_wire_frame(&s->w, type, out, body_len, out_len);
}

/* Version 2: PROVISIONED with version and length, then each piece. */
static int provisioned_v2(struct bp_session *s, uint64_t version,
			  const uint8_t *config, size_t len, uint8_t *out,
			  size_t *out_len)
{
	uint8_t head[12];
	size_t at, n, piece;
	uint32_t i;
	int k;

	for (k = 0; k < 8; k++)
		head[k] = version >> (56 - 8 * k);
	bp_put32(head + 8, len);
	if (seal_msg(s, BP_PROVISIONED, 1, head, sizeof(head), out, out_len))
		return -1;
	for (at = 0, i = 2; at < len; at += piece, i++) {
		piece = len - at < BP_CONFIG_PIECE ? len - at : BP_CONFIG_PIECE;
		if (seal_msg(s, BP_CONFIG, i, config + at, piece,
			     out + *out_len, &n))
			return -1;
		*out_len += n;
	}
	return 0;
}

/**
 * bp_provisioned - build PROVISIONED, and in version 2 the CONFIG messages
 * @s: the session, its user key taken and bound, or its refresh proven
 * @version: the configuration's version, 1 or more; unused in version 1
 * @config: the device configuration
 * @len: its length: at most BP_CONFIG_MAX in version 1, BP_CONFIG_V2_MAX
 *	in version 2; 0 in a refresh whose device holds @version
 * @out: the messages: BP_MSG_MAX bytes in version 1, BP_PROVISIONED_OUT
 *	in version 2
 * @out_len: their length
 *
 * Version 1 ends the session here; version 2 waits for FINISHED.
 *
 * Returns 0 or -1.
 */
int bp_provisioned(struct bp_session *s, uint64_t version,
		   const uint8_t *config, size_t len, uint8_t *out,
		   size_t *out_len)
{
	bool ready = s->state == BP_WAIT_USER_KEY ? s->user_key_len != 0 :
		     s->state == BP_WAIT_REFRESH && s->refreshed;
	size_t t_len = s->w.t_len;

	if (!ready)
		return refuse(s, BP_E_INTERNAL);
	if (s->w.version == 1) {
		if (len > BP_CONFIG_MAX ||
		    seal_msg(s, BP_PROVISIONED, 1, config, len, out, out_len))
			return refuse(s, BP_E_INTERNAL);
		s->state = BP_DONE;
		return 0;
	}
	if (!version || len > BP_CONFIG_V2_MAX ||
	    (s->refreshed && version == s->held && len))
		return refuse(s, BP_E_INTERNAL);
	if (provisioned_v2(s, version, config, len, out, out_len)) {
		/* none of it goes: the ERROR is over what the device has */
		s->w.t_len = t_len;
		s->w.n_sent = 0;
		s->state = BP_FAILED;
		return -1;
	}
	s->state = BP_WAIT_FINISHED;
	return 0;
}

/**
 * bp_finished - take FINISHED: the device holds what the session gave it
 * @s: the session, after version 2's PROVISIONED and CONFIG messages
 * @msg: FINISHED
 * @len: its length
 *
 * Returns 0, or -1 with the refusal in @s->w.error.
 */
int bp_finished(struct bp_session *s, const uint8_t *msg, size_t len)
{
	size_t body_len;

	if (s->state != BP_WAIT_FINISHED)
		return refuse(s, BP_E_UNEXPECTED);
	if (unframe(s, BP_FINISHED, msg, len, &body_len, true))
		return -1;
	if (body_len)
		return refuse(s, BP_E_MALFORMED);
	if (bp_wire_add(&s->w, msg, BP_HEADER))
		return -1;
	s->state = BP_DONE;
	return 0;
}

/* ERROR's body at @out + BP_HEADER; returns its length. */
static size_t error_body(uint8_t code, const char *text, uint8_t *out)
{
	size_t n = text ? strlen(text) : 0;

	if (n > BP_ERROR_TEXT_MAX)
		n = BP_ERROR_TEXT_MAX;
	out[BP_HEADER] = code;
	out[BP_HEADER + 1] = n;
	memcpy(out + BP_HEADER + 2, text, n);
	return 2 + n;
}

/**
 * bp_error_build - the ERROR that tells the device why the server stops
 * @s: the session
 * @code: why
 * @text: for the device's logs, no secret and no PIN; may be NULL
 * @out: ERROR, BP_MSG_MAX bytes
 * @out_len: its length
 *
 * Returns 0 or -1.
 */
int bp_error_build(struct bp_session *s, uint8_t code, const char *text,
		   uint8_t *out, size_t *out_len)
{
	s->state = BP_FAILED;
	return bp_wire_frame(&s->w, BP_ERROR, out, error_body(code, text, out),
			     out_len);
}

/**
 * bp_error_unsessioned - the ERROR for a connection turned away before it
 *	has a session: version 1, its trailer a hash
 * @code: why
 * @text: as for bp_error_build()
 * @out: ERROR, BP_MSG_MAX bytes
 * @out_len: its length
 *
 * Returns 0 or -1.
 */
int bp_error_unsessioned(uint8_t code, const char *text, uint8_t *out,
			 size_t *out_len)
{
	struct bp_bytes m = { out, BP_HEADER };

	m.len += error_body(code, text, out);
	out[0] = BP_VERSION;
	out[1] = BP_ERROR;
	bp_put16(out + 2, m.len - BP_HEADER);
	*out_len = m.len + BP_TRAILER;
	return bp_sha256(&m, 1, out + m.len);
}

/**
 * bp_error_parse - take the device's ERROR
 * @s: the session
 * @msg: ERROR
 * @len: its length
 * @code: its code
 * @text: its text, printable ASCII, other bytes replaced by '?'
 *
 * After version 1's PROVISIONED, an ERROR is the device refusing it, sent
 * over the transcript before PROVISIONED (section 9), and checked so.
 * Otherwise it may refuse any of the messages the server sent since it
 * last received one, and be MACed over the transcript without it and
 * what followed (section 2).
 *
 * Returns 0, or -1 if it is not a valid ERROR.  Either way the session is
 * over.
 */
int bp_error_parse(struct bp_session *s, const uint8_t *msg, size_t len,
		   uint8_t *code, char text[BP_ERROR_TEXT_MAX + 1])
{
	const uint8_t *b = msg + BP_HEADER;
	size_t body_len, i, t_len = s->w.t_len;
	unsigned int k = s->w.n_sent;
	int err;

	/* a device refusing PROVISIONED never took it into its transcript */
	if (s->state == BP_DONE && s->w.version == 1)
		s->w.t_len = s->w.t_sent;
	err = unframe(s, BP_ERROR, msg, len, &body_len, true);
	/* nor any other message of ours that it refused, nor what followed */
	while (err && s->state != BP_DONE && k-- &&
	       s->w.error == BP_E_INTEGRITY) {
		s->w.t_len = s->w.sent[k];
		err = unframe(s, BP_ERROR, msg, len, &body_len, true);
	}
	s->w.t_len = t_len;

	if (!err && (body_len < 2 || !b[0] || b[1] > BP_ERROR_TEXT_MAX ||
		     body_len != 2u + b[1]))
		err = refuse(s, BP_E_MALFORMED);
	s->state = BP_FAILED;
	if (err)
		return -1;
	*code = b[0];
	for (i = 0; i < b[1]; i++)
		text[i] = b[2 + i] >= 0x20 && b[2 + i] < 0x7f ? b[2 + i] : '?';
	text[i] = 0;
	return 0;
}
