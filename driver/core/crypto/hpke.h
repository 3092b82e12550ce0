/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _BTI_HPKE_H
#define _BTI_HPKE_H

#include <crypto/hash.h>
#include <linux/types.h>

struct bti_tfms;

#define BTI_P256_POINT		65	/* 0x04 | x | y, SEC1 uncompressed */
#define BTI_P256_SCALAR		32
#define BTI_HPKE_SECRET		32
#define BTI_HPKE_NONCE		12
#define BTI_HPKE_TAG		16
#define BTI_HPKE_KEY_MAX	32

/**
 * struct bti_hpke_aead - an HPKE AEAD: its RFC 9180 id and key length
 * @id: the AEAD identifier
 * @nk: key length in bytes
 */
struct bti_hpke_aead {
	u16 id;
	unsigned int nk;
};

extern const struct bti_hpke_aead bti_hpke_aes128gcm;
extern const struct bti_hpke_aead bti_hpke_aes256gcm;

int bti_hpke_encap(const struct bti_tfms *t, const u8 pkr[BTI_P256_POINT],
		   const u8 *ske, u8 enc[BTI_P256_POINT],
		   u8 shared[BTI_HPKE_SECRET]);
int bti_hpke_key_schedule(struct crypto_shash *hmac,
			  const struct bti_hpke_aead *aead,
			  const u8 shared[BTI_HPKE_SECRET], const u8 *info,
			  size_t info_len, u8 *key, u8 nonce[BTI_HPKE_NONCE],
			  u8 exporter[BTI_HPKE_SECRET]);
int bti_hpke_seal(const struct bti_tfms *t, const struct bti_hpke_aead *aead,
		  const u8 pkr[BTI_P256_POINT], const u8 *info, size_t info_len,
		  const u8 *aad, size_t aad_len, const u8 *pt, size_t pt_len,
		  u8 enc[BTI_P256_POINT], u8 *ct, const u8 *ske);

#endif /* _BTI_HPKE_H */
