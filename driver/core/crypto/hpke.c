// SPDX-License-Identifier: GPL-2.0
/*
 * HPKE (RFC 9180), base mode, sender side: DHKEM(P-256, HKDF-SHA256) and
 * HKDF-SHA256, sealing one message, on the crypto API's ecdh-nist-p256,
 * hmac(sha256) and gcm(aes).
 */
#include <kunit/visibility.h>
#include <linux/random.h>
#include <linux/string.h>

#include <bti/compat.h>

#include "gcm.h"
#include "hkdf.h"
#include "hpke.h"
#include "p256.h"
#include "tfms.h"

#define DHKEM_P256_HKDF_SHA256	0x0010
#define HKDF_SHA256		0x0001

const struct bti_hpke_aead bti_hpke_aes128gcm = { .id = 0x0001, .nk = 16 };
EXPORT_SYMBOL_IF_KUNIT(bti_hpke_aes128gcm);
const struct bti_hpke_aead bti_hpke_aes256gcm = { .id = 0x0002, .nk = 32 };
EXPORT_SYMBOL_IF_KUNIT(bti_hpke_aes256gcm);

/* An ID of the KEM alone, or of the whole suite, as labels prefix them. */
struct bti_suite_id {
	u8 b[10];
	size_t len;
};

static void bti_kem_suite(struct bti_suite_id *s)
{
	memcpy(s->b, "KEM", 3);
	put_unaligned_be16(DHKEM_P256_HKDF_SHA256, s->b + 3);
	s->len = 5;
}

static void bti_hpke_suite(struct bti_suite_id *s,
			   const struct bti_hpke_aead *aead)
{
	memcpy(s->b, "HPKE", 4);
	put_unaligned_be16(DHKEM_P256_HKDF_SHA256, s->b + 4);
	put_unaligned_be16(HKDF_SHA256, s->b + 6);
	put_unaligned_be16(aead->id, s->b + 8);
	s->len = 10;
}

static int bti_labeled_extract(struct crypto_shash *hmac,
			       const struct bti_suite_id *s, const u8 *salt,
			       size_t salt_len, const char *label,
			       const void *ikm, size_t ikm_len,
			       u8 prk[BTI_HKDF_LEN])
{
	const struct bti_bytes in[] = {
		{ "HPKE-v1", 7 }, { s->b, s->len },
		{ label, strlen(label) }, { ikm, ikm_len },
	};

	return bti_hkdf_extract(hmac, salt, salt_len, in, ARRAY_SIZE(in), prk);
}

static int bti_labeled_expand(struct crypto_shash *hmac,
			      const struct bti_suite_id *s,
			      const u8 prk[BTI_HKDF_LEN], const char *label,
			      const void *info, size_t info_len, u8 *out,
			      size_t len)
{
	__be16 l = cpu_to_be16(len);
	const struct bti_bytes in[] = {
		{ &l, 2 }, { "HPKE-v1", 7 }, { s->b, s->len },
		{ label, strlen(label) }, { info, info_len },
	};

	return bti_hkdf_expand(hmac, prk, in, ARRAY_SIZE(in), out, len);
}

/* skE (random unless given), pkE = skE * G, dh = x(skE * pkR) */
static int bti_dh(struct crypto_kpp *ecdh, const u8 pkr[BTI_P256_POINT],
		  const u8 *ske, u8 enc[BTI_P256_POINT], u8 dh[BTI_P256_SCALAR])
{
	u8 drawn[BTI_P256_SCALAR];
	int err;

	if (!ske) {
		do {
			get_random_bytes(drawn, sizeof(drawn));
		} while (!bti_p256_scalar_valid(drawn));
		ske = drawn;
	}
	err = bti_p256_public(ecdh, ske, enc);
	err = err ?: bti_p256_dh(ecdh, ske, pkr, dh);
	memzero_explicit(drawn, sizeof(drawn));
	return err;
}

/**
 * bti_hpke_encap - DHKEM(P-256, HKDF-SHA256) Encap
 * @t: the transforms: ecdh and hmac
 * @pkr: the recipient's public key, SEC1 uncompressed
 * @ske: the ephemeral private key, big-endian; NULL draws one, as every
 *	caller but a known-answer test must
 * @enc: the encapsulated key
 * @shared: the KEM's shared secret
 *
 * Return: 0, -EINVAL for a public key not on the curve, or another
 * negative errno.
 */
int bti_hpke_encap(const struct bti_tfms *t, const u8 pkr[BTI_P256_POINT],
		   const u8 *ske, u8 enc[BTI_P256_POINT],
		   u8 shared[BTI_HPKE_SECRET])
{
	u8 dh[BTI_P256_SCALAR], kem_context[2 * BTI_P256_POINT];
	u8 prk[BTI_HKDF_LEN];
	struct bti_suite_id s;
	int err;

	if (pkr[0] != 0x04)
		return -EINVAL;
	err = bti_dh(t->ecdh, pkr, ske, enc, dh);
	if (err)
		return err;
	bti_kem_suite(&s);
	memcpy(kem_context, enc, BTI_P256_POINT);
	memcpy(kem_context + BTI_P256_POINT, pkr, BTI_P256_POINT);
	err = bti_labeled_extract(t->hmac, &s, NULL, 0, "eae_prk", dh,
				  sizeof(dh), prk);
	err = err ?: bti_labeled_expand(t->hmac, &s, prk, "shared_secret",
					kem_context, sizeof(kem_context),
					shared, BTI_HPKE_SECRET);
	memzero_explicit(dh, sizeof(dh));
	memzero_explicit(prk, sizeof(prk));
	return err;
}
EXPORT_SYMBOL_IF_KUNIT(bti_hpke_encap);

/**
 * bti_hpke_key_schedule - KeySchedule in base mode: no PSK
 * @hmac: an hmac(sha256) transform, keyed here
 * @aead: the suite's AEAD
 * @shared: from bti_hpke_encap()
 * @info: the application's context
 * @info_len: its length
 * @key: the AEAD key, @aead->nk bytes
 * @nonce: the base nonce
 * @exporter: the exporter secret
 *
 * Return: 0 or a negative errno.
 */
int bti_hpke_key_schedule(struct crypto_shash *hmac,
			  const struct bti_hpke_aead *aead,
			  const u8 shared[BTI_HPKE_SECRET], const u8 *info,
			  size_t info_len, u8 *key, u8 nonce[BTI_HPKE_NONCE],
			  u8 exporter[BTI_HPKE_SECRET])
{
	u8 ctx[1 + 2 * BTI_HKDF_LEN], secret[BTI_HKDF_LEN];
	struct bti_suite_id s;
	int err;

	bti_hpke_suite(&s, aead);
	ctx[0] = 0;	/* mode_base */
	err = bti_labeled_extract(hmac, &s, NULL, 0, "psk_id_hash", NULL, 0,
				  ctx + 1);
	err = err ?: bti_labeled_extract(hmac, &s, NULL, 0, "info_hash", info,
					 info_len, ctx + 1 + BTI_HKDF_LEN);
	err = err ?: bti_labeled_extract(hmac, &s, shared, BTI_HPKE_SECRET,
					 "secret", NULL, 0, secret);
	err = err ?: bti_labeled_expand(hmac, &s, secret, "key", ctx,
					sizeof(ctx), key, aead->nk);
	err = err ?: bti_labeled_expand(hmac, &s, secret, "base_nonce", ctx,
					sizeof(ctx), nonce, BTI_HPKE_NONCE);
	err = err ?: bti_labeled_expand(hmac, &s, secret, "exp", ctx,
					sizeof(ctx), exporter, BTI_HPKE_SECRET);
	memzero_explicit(secret, sizeof(secret));
	return err;
}
EXPORT_SYMBOL_IF_KUNIT(bti_hpke_key_schedule);

/**
 * bti_hpke_seal - SealBase: encrypt one message to a public key
 * @t: the transforms: ecdh, hmac and gcm
 * @aead: the suite's AEAD
 * @pkr: the recipient's public key, SEC1 uncompressed
 * @info: the application's context
 * @info_len: its length
 * @aad: associated data
 * @aad_len: its length
 * @pt: the plaintext
 * @pt_len: its length
 * @enc: the encapsulated key
 * @ct: the ciphertext and tag, @pt_len + BTI_HPKE_TAG bytes
 * @ske: NULL, except in known-answer tests: see bti_hpke_encap()
 *
 * Return: 0 or a negative errno.  No secret is left on the stack either
 * way; the ephemeral key and the AEAD key stay on @t's transforms until
 * they are freed, which wipes them.
 */
int bti_hpke_seal(const struct bti_tfms *t, const struct bti_hpke_aead *aead,
		  const u8 pkr[BTI_P256_POINT], const u8 *info, size_t info_len,
		  const u8 *aad, size_t aad_len, const u8 *pt, size_t pt_len,
		  u8 enc[BTI_P256_POINT], u8 *ct, const u8 *ske)
{
	u8 shared[BTI_HPKE_SECRET], key[BTI_HPKE_KEY_MAX];
	u8 nonce[BTI_HPKE_NONCE], exporter[BTI_HPKE_SECRET];
	int err;

	err = bti_hpke_encap(t, pkr, ske, enc, shared);
	err = err ?: bti_hpke_key_schedule(t->hmac, aead, shared, info,
					   info_len, key, nonce, exporter);
	err = err ?: bti_gcm_seal(t->gcm, key, aead->nk, nonce, aad, aad_len, pt,
				  pt_len, ct);
	memzero_explicit(shared, sizeof(shared));
	memzero_explicit(key, sizeof(key));
	memzero_explicit(exporter, sizeof(exporter));
	return err;
}
EXPORT_SYMBOL_IF_KUNIT(bti_hpke_seal);
