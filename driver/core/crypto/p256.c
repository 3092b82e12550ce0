// SPDX-License-Identifier: GPL-2.0
/*
 * P-256 keys on the crypto API's ecdh-nist-p256, which, like SEC1, takes
 * and gives scalars and coordinates big-endian.
 */
#include <crypto/ecdh.h>
#include <crypto/kpp.h>
#include <kunit/visibility.h>
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
EXPORT_SYMBOL_IF_KUNIT(bti_p256_scalar_valid);

/*
 * Set @priv on an ecdh-nist-p256 transform and run it: with @peer, the
 * shared x-coordinate into @out (32 bytes); without, the public point
 * x | y (64 bytes).
 */
static int bti_p256_run(struct crypto_kpp *tfm, const u8 priv[BTI_P256_SCALAR],
			const u8 *peer, u8 *out, unsigned int out_len)
{
	struct ecdh p = { .key_size = BTI_P256_SCALAR };
	unsigned int klen = crypto_ecdh_key_len(&p);
	struct kpp_request *req = NULL;
	struct scatterlist in, sgout;
	DECLARE_CRYPTO_WAIT(wait);
	u8 *buf;
	int err;

	/* the encoded secret, the peer's x | y and the output, off the stack */
	buf = kzalloc(klen + 2 * BTI_P256_SCALAR + out_len, GFP_KERNEL);
	err = buf ? 0 : -ENOMEM;
	if (!err) {
		p.key = (char *)priv;
		err = crypto_ecdh_encode_key(buf, klen, &p);
	}
	err = err ?: crypto_kpp_set_secret(tfm, buf, klen);
	if (!err) {
		req = kpp_request_alloc(tfm, GFP_KERNEL);
		err = req ? 0 : -ENOMEM;
	}
	if (!err) {
		u8 *pt = buf + klen, *o = pt + 2 * BTI_P256_SCALAR;

		sg_init_one(&sgout, o, out_len);
		kpp_request_set_callback(req, CRYPTO_TFM_REQ_MAY_SLEEP,
					 crypto_req_done, &wait);
		kpp_request_set_output(req, &sgout, out_len);
		if (peer) {
			memcpy(pt, peer + 1, 2 * BTI_P256_SCALAR);
			sg_init_one(&in, pt, 2 * BTI_P256_SCALAR);
			kpp_request_set_input(req, &in, 2 * BTI_P256_SCALAR);
			err = crypto_kpp_compute_shared_secret(req);
		} else {
			kpp_request_set_input(req, NULL, 0);
			err = crypto_kpp_generate_public_key(req);
		}
		err = crypto_wait_req(err, &wait);
		if (!err)
			memcpy(out, o, out_len);
	}
	kpp_request_free(req);
	kfree_sensitive(buf);
	return err;
}

/**
 * bti_p256_public - the public key of a private one, by the kernel's ECDH
 * @tfm: an ecdh-nist-p256 transform, keyed here
 * @priv: the private key, big-endian
 * @pub: its public key, SEC1 uncompressed
 *
 * Return: 0 or a negative errno.
 */
int bti_p256_public(struct crypto_kpp *tfm, const u8 priv[BTI_P256_SCALAR],
		    u8 pub[BTI_P256_POINT])
{
	pub[0] = 0x04;
	return bti_p256_run(tfm, priv, NULL, pub + 1, 2 * BTI_P256_SCALAR);
}
EXPORT_SYMBOL_IF_KUNIT(bti_p256_public);

/**
 * bti_p256_dh - the x-coordinate of @priv times @pub
 * @tfm: an ecdh-nist-p256 transform, keyed here
 * @priv: a private key, big-endian
 * @pub: a public key, SEC1 uncompressed; not on the curve gives -EINVAL
 * @x: the shared secret
 *
 * Return: 0 or a negative errno.
 */
int bti_p256_dh(struct crypto_kpp *tfm, const u8 priv[BTI_P256_SCALAR],
		const u8 pub[BTI_P256_POINT], u8 x[BTI_P256_SCALAR])
{
	if (pub[0] != 0x04)
		return -EINVAL;
	return bti_p256_run(tfm, priv, pub, x, BTI_P256_SCALAR);
}
EXPORT_SYMBOL_IF_KUNIT(bti_p256_dh);
