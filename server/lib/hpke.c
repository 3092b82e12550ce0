// SPDX-License-Identifier: GPL-2.0
/*
 * RFC 9180 base mode, the receiver's side, for bti's suite 1:
 * DHKEM(P-256, HKDF-SHA256), HKDF-SHA256, AES-256-GCM, empty AAD, one
 * message.  OpenSSL 3.0 has no HPKE of its own.
 */
#include <string.h>

#include <openssl/crypto.h>

#include "hpke.h"

static const uint8_t kem_suite[] = { 'K', 'E', 'M', 0x00, 0x10 };
static const uint8_t hpke_suite[] = {
	'H', 'P', 'K', 'E', 0x00, 0x10, 0x00, 0x01, 0x00, 0x02,
};
static const char version[] = "HPKE-v1";

static int labeled_extract(const uint8_t *salt, size_t salt_len,
			   const struct bp_bytes *suite, const char *label,
			   const struct bp_bytes *ikm, uint8_t prk[BP_SHA256])
{
	struct bp_bytes in[] = {
		{ version, sizeof(version) - 1 }, *suite,
		{ label, strlen(label) }, *ikm,
	};

	return bp_hkdf_extract(salt, salt_len, in, 4, prk);
}

static int labeled_expand(const uint8_t prk[BP_SHA256],
			  const struct bp_bytes *suite, const char *label,
			  const struct bp_bytes *info, uint8_t *out,
			  size_t len)
{
	uint8_t l[2] = { len >> 8, len & 0xff };
	struct bp_bytes in[] = {
		{ l, 2 }, { version, sizeof(version) - 1 }, *suite,
		{ label, strlen(label) }, *info,
	};

	return bp_hkdf_expand(prk, in, 5, out, len);
}

/* ExtractAndExpand: the KEM's shared secret from the DH result. */
static int shared_secret(const uint8_t dh[BP_P256_SCALAR],
			 const uint8_t enc[BP_P256_POINT],
			 const uint8_t pkrm[BP_P256_POINT],
			 uint8_t shared[BP_SHA256])
{
	struct bp_bytes suite = { kem_suite, sizeof(kem_suite) };
	struct bp_bytes ikm = { dh, BP_P256_SCALAR };
	uint8_t ctx[2 * BP_P256_POINT], prk[BP_SHA256];
	struct bp_bytes info = { ctx, sizeof(ctx) };
	int err;

	memcpy(ctx, enc, BP_P256_POINT);
	memcpy(ctx + BP_P256_POINT, pkrm, BP_P256_POINT);
	err = labeled_extract(NULL, 0, &suite, "eae_prk", &ikm, prk) ||
	      labeled_expand(prk, &suite, "shared_secret", &info, shared,
			     BP_SHA256);
	OPENSSL_cleanse(prk, sizeof(prk));
	return err ? -1 : 0;
}

/* The base-mode key schedule: the AEAD key and nonce. */
static int key_schedule(const uint8_t shared[BP_SHA256],
			const struct bp_bytes *info, unsigned int n_info,
			uint8_t key[32], uint8_t nonce[BP_GCM_NONCE])
{
	struct bp_bytes suite = { hpke_suite, sizeof(hpke_suite) };
	struct bp_bytes none = { "", 0 };
	uint8_t secret[BP_SHA256], ctx[1 + 2 * BP_SHA256], info_buf[512];
	struct bp_bytes c = { ctx, sizeof(ctx) }, all = { info_buf, 0 };
	unsigned int i;
	int err;

	for (i = 0; i < n_info; i++) {
		if (all.len + info[i].len > sizeof(info_buf))
			return -1;
		memcpy(info_buf + all.len, info[i].p, info[i].len);
		all.len += info[i].len;
	}
	ctx[0] = 0;	/* mode_base */
	err = labeled_extract(NULL, 0, &suite, "psk_id_hash", &none, ctx + 1) ||
	      labeled_extract(NULL, 0, &suite, "info_hash", &all,
			      ctx + 1 + BP_SHA256) ||
	      labeled_extract(shared, BP_SHA256, &suite, "secret", &none,
			      secret) ||
	      labeled_expand(secret, &suite, "key", &c, key, 32) ||
	      labeled_expand(secret, &suite, "base_nonce", &c, nonce,
			     BP_GCM_NONCE);
	OPENSSL_cleanse(secret, sizeof(secret));
	return err ? -1 : 0;
}

/**
 * bp_hpke_open - open a single-shot HPKE base-mode message
 * @skr: the recipient's P-256 key
 * @enc: the sender's encapsulated key
 * @info: the info string, in parts
 * @n_info: how many
 * @ct: the ciphertext and tag
 * @ct_len: its length
 * @pt: the plaintext, @ct_len - 16 bytes
 *
 * Returns 0, or -1 if it does not open.
 */
int bp_hpke_open(EVP_PKEY *skr, const uint8_t enc[BP_P256_POINT],
		 const struct bp_bytes *info, unsigned int n_info,
		 const uint8_t *ct, size_t ct_len, uint8_t *pt)
{
	uint8_t dh[BP_P256_SCALAR], pkrm[BP_P256_POINT], shared[BP_SHA256];
	uint8_t key[32], nonce[BP_GCM_NONCE];
	int err;

	err = bp_p256_dh(skr, enc, dh) || bp_p256_public(skr, pkrm) ||
	      shared_secret(dh, enc, pkrm, shared) ||
	      key_schedule(shared, info, n_info, key, nonce) ||
	      bp_gcm_open(key, sizeof(key), nonce, NULL, 0, ct, ct_len, pt);
	OPENSSL_cleanse(dh, sizeof(dh));
	OPENSSL_cleanse(shared, sizeof(shared));
	OPENSSL_cleanse(key, sizeof(key));
	return err ? -1 : 0;
}

/**
 * bp_hpke_seal - seal a single-shot HPKE base-mode message
 * @pkr: the recipient's P-256 public key
 * @ske: the sender's ephemeral key; NULL draws one
 * @info: the info string, in parts
 * @n_info: how many
 * @pt: the plaintext
 * @len: its length
 * @enc: the encapsulated key
 * @ct: the ciphertext and tag, @len + 16 bytes
 *
 * Returns 0 or -1.
 */
int bp_hpke_seal(EVP_PKEY *pkr, EVP_PKEY *ske, const struct bp_bytes *info,
		 unsigned int n_info, const uint8_t *pt, size_t len,
		 uint8_t enc[BP_P256_POINT], uint8_t *ct)
{
	uint8_t dh[BP_P256_SCALAR], pkrm[BP_P256_POINT], shared[BP_SHA256];
	uint8_t key[32], nonce[BP_GCM_NONCE];
	EVP_PKEY *e = ske ? ske : bp_p256_generate();
	int err;

	err = !e || bp_p256_public(e, enc) || bp_p256_public(pkr, pkrm) ||
	      bp_p256_dh(e, pkrm, dh) ||
	      shared_secret(dh, enc, pkrm, shared) ||
	      key_schedule(shared, info, n_info, key, nonce) ||
	      bp_gcm_seal(key, sizeof(key), nonce, NULL, 0, pt, len, ct);
	if (!ske)
		EVP_PKEY_free(e);
	OPENSSL_cleanse(dh, sizeof(dh));
	OPENSSL_cleanse(shared, sizeof(shared));
	OPENSSL_cleanse(key, sizeof(key));
	return err ? -1 : 0;
}
