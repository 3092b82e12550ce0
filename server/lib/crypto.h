/* SPDX-License-Identifier: GPL-2.0 */
#ifndef BTIPROVD_CRYPTO_H
#define BTIPROVD_CRYPTO_H

#include <stddef.h>
#include <stdint.h>

#include <openssl/evp.h>

#define BP_SHA256	32
#define BP_P256_POINT	65
#define BP_P256_SCALAR	32
#define BP_GCM_TAG	16
#define BP_GCM_NONCE	12

/* A piece of a message that is hashed or MACed in parts. */
struct bp_bytes {
	const void *p;
	size_t len;
};

int bp_sha256(const struct bp_bytes *in, unsigned int n, uint8_t out[BP_SHA256]);
int bp_hmac(const uint8_t *key, size_t key_len, const struct bp_bytes *in,
	    unsigned int n, uint8_t out[BP_SHA256]);
int bp_hkdf_extract(const uint8_t *salt, size_t salt_len,
		    const struct bp_bytes *ikm, unsigned int n,
		    uint8_t prk[BP_SHA256]);
int bp_hkdf_expand(const uint8_t prk[BP_SHA256], const struct bp_bytes *info,
		   unsigned int n, uint8_t *out, size_t len);
int bp_gcm_seal(const uint8_t *key, size_t key_len,
		const uint8_t nonce[BP_GCM_NONCE], const uint8_t *aad,
		size_t aad_len, const uint8_t *in, size_t len, uint8_t *out);
int bp_gcm_open(const uint8_t *key, size_t key_len,
		const uint8_t nonce[BP_GCM_NONCE], const uint8_t *aad,
		size_t aad_len, const uint8_t *in, size_t len, uint8_t *out);
EVP_PKEY *bp_p256_key(const uint8_t sk[BP_P256_SCALAR]);
EVP_PKEY *bp_p256_generate(void);
int bp_p256_public(EVP_PKEY *key, uint8_t pub[BP_P256_POINT]);
int bp_p256_check(const uint8_t pt[BP_P256_POINT]);
int bp_p256_dh(EVP_PKEY *key, const uint8_t peer[BP_P256_POINT],
	       uint8_t secret[BP_P256_SCALAR]);
int bp_memneq(const void *a, const void *b, size_t len);
int bp_pem_chain(const char *file, uint8_t *out, size_t max, size_t *len);

#endif
