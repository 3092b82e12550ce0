/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _BTI_HKDF_H
#define _BTI_HKDF_H

#include <crypto/hash.h>
#include <crypto/sha2.h>

#define BTI_HKDF_LEN	SHA256_DIGEST_SIZE

/* A piece of a message that HKDF reads as one concatenation. */
struct bti_bytes {
	const void *p;
	size_t len;
};

int bti_hmac(struct crypto_shash *hmac, const u8 *key, size_t key_len,
	     const struct bti_bytes *in, unsigned int n,
	     u8 out[SHA256_DIGEST_SIZE]);
int bti_hkdf_extract(struct crypto_shash *hmac, const u8 *salt,
		     size_t salt_len, const struct bti_bytes *ikm,
		     unsigned int n, u8 prk[BTI_HKDF_LEN]);
int bti_hkdf_expand(struct crypto_shash *hmac, const u8 prk[BTI_HKDF_LEN],
		    const struct bti_bytes *info, unsigned int n, u8 *okm,
		    size_t len);

#endif /* _BTI_HKDF_H */
