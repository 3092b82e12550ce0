/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _BTI_GCM_H
#define _BTI_GCM_H

#include <crypto/aead.h>
#include <linux/types.h>

#define BTI_GCM_NONCE	12
#define BTI_GCM_TAG	16

int bti_gcm_seal(struct crypto_aead *tfm, const u8 *key, unsigned int key_len,
		 const u8 nonce[BTI_GCM_NONCE], const u8 *aad, size_t aad_len,
		 const u8 *pt, size_t pt_len, u8 *ct);
int bti_gcm_open(struct crypto_aead *tfm, const u8 *key, unsigned int key_len,
		 const u8 nonce[BTI_GCM_NONCE], const u8 *aad, size_t aad_len,
		 const u8 *ct, size_t ct_len, u8 *pt);

#endif /* _BTI_GCM_H */
