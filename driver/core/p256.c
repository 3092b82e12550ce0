// SPDX-License-Identifier: GPL-2.0
/*
 * P-256 keys on the crypto API's ecdh-nist-p256, which, like SEC1, takes
 * and gives scalars and coordinates big-endian.
 */
#include <crypto/ecdh.h>
#include <crypto/kpp.h>
#include <linux/scatterlist.h>
#include <linux/slab.h>
#include <linux/string.h>

#include "p256.h"

/* The order of the P-256 group: a private key is in [1, n - 1]. */
static const u8 p256_n[BTI_P256_SCALAR] = {
	0xff, 0xff, 0xff, 0xff, 0x00, 0x00, 0x00, 0x00,
	0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
	0xbc, 0xe6, 0xfa, 0xad, 0xa7, 0x17, 0x9e, 0x84,
	0xf3, 0xb9, 0xca, 0xc2, 0xfc, 0x63, 0x25, 0x51,
};

/**
 * bti_p256_scalar_valid - is @k, big-endian, a P-256 private key
 * @k: the candidate
 *
 * Return: true for 1 <= @k < n.
 */
bool bti_p256_scalar_valid(const u8 k[BTI_P256_SCALAR])
{
	static const u8 zero[BTI_P256_SCALAR];

	return memcmp(k, zero, BTI_P256_SCALAR) &&
	       memcmp(k, p256_n, BTI_P256_SCALAR) < 0;
}

/**
 * bti_p256_public - the public key of a private one, by the kernel's ECDH
 * @priv: the private key, big-endian
 * @pub: its public key, SEC1 uncompressed
 *
 * Return: 0 or a negative errno.
 */
int bti_p256_public(const u8 priv[BTI_P256_SCALAR], u8 pub[BTI_P256_POINT])
{
	struct ecdh p = { .key_size = BTI_P256_SCALAR };
	struct kpp_request *req = NULL;
	struct crypto_kpp *tfm;
	DECLARE_CRYPTO_WAIT(wait);
	struct scatterlist out;
	u8 *buf;
	int err;

	tfm = crypto_alloc_kpp("ecdh-nist-p256", 0, 0);
	if (IS_ERR(tfm))
		return PTR_ERR(tfm);
	/* the encoded secret, then the point, off the stack for sg */
	buf = kzalloc(crypto_ecdh_key_len(&p) + 2 * BTI_P256_SCALAR,
		      GFP_KERNEL);
	err = buf ? 0 : -ENOMEM;
	if (!err) {
		p.key = (char *)priv;
		err = crypto_ecdh_encode_key(buf, crypto_ecdh_key_len(&p), &p);
	}
	err = err ?: crypto_kpp_set_secret(tfm, buf, crypto_ecdh_key_len(&p));
	if (!err) {
		req = kpp_request_alloc(tfm, GFP_KERNEL);
		err = req ? 0 : -ENOMEM;
	}
	if (!err) {
		sg_init_one(&out, buf + crypto_ecdh_key_len(&p),
			    2 * BTI_P256_SCALAR);
		kpp_request_set_callback(req, CRYPTO_TFM_REQ_MAY_SLEEP,
					 crypto_req_done, &wait);
		kpp_request_set_input(req, NULL, 0);
		kpp_request_set_output(req, &out, 2 * BTI_P256_SCALAR);
		err = crypto_wait_req(crypto_kpp_generate_public_key(req),
				      &wait);
	}
	if (!err) {
		pub[0] = 0x04;
		memcpy(pub + 1, buf + crypto_ecdh_key_len(&p),
		       2 * BTI_P256_SCALAR);
	}
	kpp_request_free(req);
	kfree_sensitive(buf);
	crypto_free_kpp(tfm);
	return err;
}
