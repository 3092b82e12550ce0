// SPDX-License-Identifier: GPL-2.0
/*
 * AES-GCM on linear buffers, over the crypto API's gcm(aes).  lib/crypto's
 * AES-GCM would do, but 6.1 lacks it.
 */
#include <kunit/visibility.h>
#include <linux/scatterlist.h>
#include <linux/slab.h>
#include <linux/string.h>

#include "gcm.h"

/* aad | in -> aad | out, in place in a buffer of their own */
static int bti_gcm_crypt(struct crypto_aead *tfm, bool enc, const u8 *key,
			 unsigned int key_len,
			 const u8 nonce[BTI_GCM_NONCE], const u8 *aad,
			 size_t aad_len, const u8 *in, size_t in_len, u8 *out)
{
	size_t out_len = enc ? in_len + BTI_GCM_TAG : in_len - BTI_GCM_TAG;
	size_t len = aad_len + max(in_len, out_len);
	struct aead_request *req = NULL;
	DECLARE_CRYPTO_WAIT(wait);
	struct scatterlist sg;
	u8 iv[BTI_GCM_NONCE];
	u8 *buf;
	int err;

	if (!enc && in_len < BTI_GCM_TAG)
		return -EBADMSG;
	buf = kmalloc(len, GFP_KERNEL);
	err = buf ? 0 : -ENOMEM;
	err = err ?: crypto_aead_setkey(tfm, key, key_len);
	if (!err) {
		req = aead_request_alloc(tfm, GFP_KERNEL);
		err = req ? 0 : -ENOMEM;
	}
	if (!err) {
		memcpy(buf, aad, aad_len);
		memcpy(buf + aad_len, in, in_len);
		memcpy(iv, nonce, sizeof(iv));
		sg_init_one(&sg, buf, len);
		aead_request_set_callback(req, CRYPTO_TFM_REQ_MAY_SLEEP,
					  crypto_req_done, &wait);
		aead_request_set_ad(req, aad_len);
		aead_request_set_crypt(req, &sg, &sg, in_len, iv);
		err = crypto_wait_req(enc ? crypto_aead_encrypt(req) :
					    crypto_aead_decrypt(req), &wait);
	}
	if (!err)
		memcpy(out, buf + aad_len, out_len);
	aead_request_free(req);
	kfree_sensitive(buf);
	return err;
}

/**
 * bti_gcm_seal - AES-GCM encryption
 * @tfm: from bti_tfms_alloc(), keyed here
 * @key: the key
 * @key_len: 16 or 32
 * @nonce: the nonce
 * @aad: associated data
 * @aad_len: its length
 * @pt: the plaintext
 * @pt_len: its length
 * @ct: the ciphertext and tag, @pt_len + BTI_GCM_TAG bytes
 *
 * Return: 0 or a negative errno.
 */
int bti_gcm_seal(struct crypto_aead *tfm, const u8 *key, unsigned int key_len,
		 const u8 nonce[BTI_GCM_NONCE], const u8 *aad, size_t aad_len,
		 const u8 *pt, size_t pt_len, u8 *ct)
{
	return bti_gcm_crypt(tfm, true, key, key_len, nonce, aad, aad_len, pt,
			     pt_len, ct);
}
EXPORT_SYMBOL_IF_KUNIT(bti_gcm_seal);

/**
 * bti_gcm_open - AES-GCM decryption
 * @tfm: from bti_tfms_alloc(), keyed here
 * @key: the key
 * @key_len: 16 or 32
 * @nonce: the nonce
 * @aad: associated data
 * @aad_len: its length
 * @ct: the ciphertext and tag
 * @ct_len: its length
 * @pt: the plaintext, @ct_len - BTI_GCM_TAG bytes; untouched on failure
 *
 * Return: 0, -EBADMSG if the tag does not verify, or a negative errno.
 */
int bti_gcm_open(struct crypto_aead *tfm, const u8 *key, unsigned int key_len,
		 const u8 nonce[BTI_GCM_NONCE], const u8 *aad, size_t aad_len,
		 const u8 *ct, size_t ct_len, u8 *pt)
{
	return bti_gcm_crypt(tfm, false, key, key_len, nonce, aad, aad_len, ct,
			     ct_len, pt);
}
EXPORT_SYMBOL_IF_KUNIT(bti_gcm_open);
