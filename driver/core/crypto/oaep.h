/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _BTI_OAEP_H
#define _BTI_OAEP_H

#include <crypto/akcipher.h>
#include <linux/types.h>

#define BTI_RSA_MIN_BYTES	256	/* 2048 bits */
#define BTI_RSA_MAX_BYTES	512	/* 4096 bits */
#define BTI_OAEP_SEED		32	/* SHA-256 */

int bti_oaep_encode(const u8 *msg, size_t msg_len, const u8 *label,
		    size_t label_len, const u8 seed[BTI_OAEP_SEED], u8 *em,
		    size_t k);
int bti_rsa_oaep_wrap(struct crypto_akcipher *rsa, const u8 *pub,
		      size_t pub_len, const u8 *msg, size_t msg_len,
		      const u8 *label, size_t label_len, const u8 *seed, u8 *ct,
		      size_t *ct_len);

#endif /* _BTI_OAEP_H */
