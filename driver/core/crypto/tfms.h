/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _BTI_TFMS_H
#define _BTI_TFMS_H

#include <crypto/aead.h>
#include <crypto/akcipher.h>
#include <crypto/hash.h>
#include <crypto/kpp.h>

/**
 * struct bti_tfms - the crypto API transforms one session or one key
 *	operation uses, allocated once for it and keyed per call
 * @hmac: hmac(sha256)
 * @gcm: gcm(aes), with a 16-byte tag
 * @ecdh: ecdh-nist-p256
 * @rsa: rsa, only once a server has chosen suite 2; else NULL
 *
 * Calls that share one are serialised by its owner.
 */
struct bti_tfms {
	struct crypto_shash *hmac;
	struct crypto_aead *gcm;
	struct crypto_kpp *ecdh;
	struct crypto_akcipher *rsa;
};

struct crypto_shash *bti_tfms_hmac(void);
struct crypto_kpp *bti_tfms_ecdh(void);
int bti_tfms_alloc(struct bti_tfms *t);
int bti_tfms_alloc_rsa(struct bti_tfms *t);
void bti_tfms_free(struct bti_tfms *t);

#endif /* _BTI_TFMS_H */
