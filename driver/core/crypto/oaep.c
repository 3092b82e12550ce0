// SPDX-License-Identifier: GPL-2.0
/*
 * RSA-OAEP with SHA-256 and MGF1-SHA256 (RFC 8017 7.1.1), encryption only:
 * the hashing on lib/crypto's SHA-256, the modular exponentiation on the
 * crypto API's raw "rsa", as 6.1 has no OAEP template.
 */
#include <crypto/akcipher.h>
#include <crypto/sha2.h>
#include <kunit/visibility.h>
#include <linux/random.h>
#include <linux/scatterlist.h>
#include <linux/slab.h>
#include <linux/string.h>

#include <bti/compat.h>

#include "oaep.h"

/* dst ^= MGF1-SHA256(seed, len) */
static void bti_mgf1_xor(const u8 *seed, size_t seed_len, u8 *dst,
			 size_t len)
{
	struct sha256_ctx ctx;
	u8 t[SHA256_DIGEST_SIZE];
	__be32 counter;
	size_t done, i, n;

	for (done = 0; done < len; done += n) {
		counter = cpu_to_be32(done / SHA256_DIGEST_SIZE);
		sha256_init(&ctx);
		sha256_update(&ctx, seed, seed_len);
		sha256_update(&ctx, (u8 *)&counter, sizeof(counter));
		sha256_final(&ctx, t);
		n = min_t(size_t, len - done, SHA256_DIGEST_SIZE);
		for (i = 0; i < n; i++)
			dst[done + i] ^= t[i];
	}
	/* the seed masks the message: nothing of it stays on the stack */
	memzero_explicit(&ctx, sizeof(ctx));
	memzero_explicit(t, sizeof(t));
}

/**
 * bti_oaep_encode - EME-OAEP encoding
 * @msg: the message
 * @msg_len: its length, at most @k - 66
 * @label: the label
 * @label_len: its length
 * @seed: 32 random bytes
 * @em: the encoded message, @k bytes
 * @k: the modulus length in bytes
 *
 * Return: 0, or -EMSGSIZE if @msg does not fit.
 */
int bti_oaep_encode(const u8 *msg, size_t msg_len, const u8 *label,
		    size_t label_len, const u8 seed[BTI_OAEP_SEED], u8 *em,
		    size_t k)
{
	const size_t hlen = SHA256_DIGEST_SIZE;
	u8 *mseed = em + 1, *db = em + 1 + hlen;
	size_t db_len = k - hlen - 1;

	if (k < 2 * hlen + 2 || msg_len > k - 2 * hlen - 2)
		return -EMSGSIZE;
	memset(em, 0, k);
	sha256(label, label_len, db);
	db[db_len - msg_len - 1] = 0x01;
	memcpy(db + db_len - msg_len, msg, msg_len);
	memcpy(mseed, seed, hlen);
	bti_mgf1_xor(seed, hlen, db, db_len);
	bti_mgf1_xor(db, db_len, mseed, hlen);
	return 0;
}
EXPORT_SYMBOL_IF_KUNIT(bti_oaep_encode);

static int bti_rsa_public(struct crypto_akcipher *tfm, u8 *em, u8 *ct,
			  size_t k)
{
	struct akcipher_request *req;
	struct scatterlist src, dst;
	DECLARE_CRYPTO_WAIT(wait);
	int err;

	req = akcipher_request_alloc(tfm, GFP_KERNEL);
	if (!req)
		return -ENOMEM;
	sg_init_one(&src, em, k);
	sg_init_one(&dst, ct, k);
	akcipher_request_set_callback(req, CRYPTO_TFM_REQ_MAY_SLEEP,
				      crypto_req_done, &wait);
	akcipher_request_set_crypt(req, &src, &dst, k, k);
	err = crypto_wait_req(crypto_akcipher_encrypt(req), &wait);
	akcipher_request_free(req);
	return err;
}

/**
 * bti_rsa_oaep_wrap - RSAES-OAEP-ENCRYPT with SHA-256
 * @rsa: an rsa transform, keyed here with @pub
 * @pub: the recipient's RSAPublicKey, DER (PKCS #1)
 * @pub_len: its length
 * @msg: the message
 * @msg_len: its length
 * @label: the label
 * @label_len: its length
 * @seed: NULL, except in known-answer tests: the seed to use
 * @ct: the ciphertext, BTI_RSA_MAX_BYTES at most
 * @ct_len: its length, the modulus length
 *
 * Return: 0, -EINVAL for a key that does not parse or is not 2048 to 4096
 * bits, or another negative errno.
 */
int bti_rsa_oaep_wrap(struct crypto_akcipher *rsa, const u8 *pub,
		      size_t pub_len, const u8 *msg, size_t msg_len,
		      const u8 *label, size_t label_len, const u8 *seed, u8 *ct,
		      size_t *ct_len)
{
	u8 *em = NULL, *out = NULL;
	u8 rnd[BTI_OAEP_SEED];
	unsigned int k = 0;
	int err = 0;

	/* whatever the ASN.1 decoder says, the caller gave no RSA key */
	if (crypto_akcipher_set_pub_key(rsa, pub, pub_len))
		err = -EINVAL;
	if (!err) {
		k = crypto_akcipher_maxsize(rsa);
		if (k < BTI_RSA_MIN_BYTES || k > BTI_RSA_MAX_BYTES)
			err = -EINVAL;
	}
	if (!err) {
		em = kmalloc(k, GFP_KERNEL);
		out = kmalloc(k, GFP_KERNEL);
		if (!em || !out)
			err = -ENOMEM;
	}
	if (!err && !seed) {
		get_random_bytes(rnd, sizeof(rnd));
		seed = rnd;
	}
	err = err ?: bti_oaep_encode(msg, msg_len, label, label_len, seed, em,
				     k);
	err = err ?: bti_rsa_public(rsa, em, out, k);
	if (!err) {
		memcpy(ct, out, k);
		*ct_len = k;
	}
	memzero_explicit(rnd, sizeof(rnd));
	kfree_sensitive(em);
	kfree(out);
	return err;
}
EXPORT_SYMBOL_IF_KUNIT(bti_rsa_oaep_wrap);
