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

/* Decap: the KEM's shared secret from enc and the recipient's key. */
static int decap(EVP_PKEY *skr, const uint8_t enc[BP_P256_POINT],
		 uint8_t shared[BP_SHA256])
{
	struct bp_bytes suite = { kem_suite, sizeof(kem_suite) };
	uint8_t dh[BP_P256_SCALAR], pkrm[BP_P256_POINT], prk[BP_SHA256];
	uint8_t ctx[2 * BP_P256_POINT];
	struct bp_bytes ikm = { dh, sizeof(dh) }, info = { ctx, sizeof(ctx) };
	int err;

	err = bp_p256_dh(skr, enc, dh) || bp_p256_public(skr, pkrm);
	memcpy(ctx, enc, BP_P256_POINT);
	memcpy(ctx + BP_P256_POINT, pkrm, BP_P256_POINT);
	err = err || labeled_extract(NULL, 0, &suite, "eae_prk", &ikm, prk) ||
	      labeled_expand(prk, &suite, "shared_secret", &info, shared,
			     BP_SHA256);
	OPENSSL_cleanse(dh, sizeof(dh));
	OPENSSL_cleanse(prk, sizeof(prk));
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
	struct bp_bytes suite = { hpke_suite, sizeof(hpke_suite) };
	struct bp_bytes none = { "", 0 };
	uint8_t shared[BP_SHA256], secret[BP_SHA256], key[32];
	uint8_t nonce[BP_GCM_NONCE], ctx[1 + 2 * BP_SHA256], info_buf[512];
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
	err = decap(skr, enc, shared) ||
	      labeled_extract(NULL, 0, &suite, "psk_id_hash", &none, ctx + 1) ||
	      labeled_extract(NULL, 0, &suite, "info_hash", &all,
			      ctx + 1 + BP_SHA256) ||
	      labeled_extract(shared, sizeof(shared), &suite, "secret", &none,
			      secret) ||
	      labeled_expand(secret, &suite, "key", &c, key, sizeof(key)) ||
	      labeled_expand(secret, &suite, "base_nonce", &c, nonce,
			     sizeof(nonce)) ||
	      bp_gcm_open(key, sizeof(key), nonce, NULL, 0, ct, ct_len, pt);
	OPENSSL_cleanse(shared, sizeof(shared));
	OPENSSL_cleanse(secret, sizeof(secret));
	OPENSSL_cleanse(key, sizeof(key));
	return err ? -1 : 0;
}
