// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit: HKDF against RFC 5869 and HPKE against RFC 9180, byte for byte;
 * RSA-OAEP-SHA256 against an independent encoding and through the kernel's
 * raw RSA with a test private key.  It links against bti.ko
 * (EXPORT_SYMBOL_IF_KUNIT), which is loaded first.
 */
#include <crypto/akcipher.h>
#include <crypto/sha2.h>
#include <kunit/test.h>
#include <linux/scatterlist.h>

#include <bti/compat.h>

#include "../../driver/core/crypto/hkdf.h"
#include "../../driver/core/crypto/p256.h"
#include "../../driver/core/crypto/tfms.h"
#include "../../driver/core/kat.h"
#include "rsa_test_key.h"

/* Byte strings compared, and shown when they differ (up to 64 bytes). */
#define EXPECT_BYTES(test, got, want, n, fmt, ...)			\
	do {								\
		int __n = min_t(size_t, n, 64);				\
		if (memcmp(got, want, n))				\
			KUNIT_FAIL(test, fmt ": got %*phN, want %*phN",	\
				   ##__VA_ARGS__, __n, got, __n, want);	\
	} while (0)

struct hkdf_case {
	const char *name;
	u8 ikm[80], salt[80], info[80];
	size_t ikm_len, salt_len, info_len, okm_len;
	u8 prk[32];
	u8 okm[82];
};

static void fill(u8 *p, u8 from, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		p[i] = from + i;
}

/* RFC 5869 A.1 to A.3, the SHA-256 cases; their inputs are counting bytes. */
static void hkdf_cases(struct hkdf_case *c)
{
	static const u8 prk[3][32] = {
		{ 0x07, 0x77, 0x09, 0x36, 0x2c, 0x2e, 0x32, 0xdf, 0x0d, 0xdc,
		  0x3f, 0x0d, 0xc4, 0x7b, 0xba, 0x63, 0x90, 0xb6, 0xc7, 0x3b,
		  0xb5, 0x0f, 0x9c, 0x31, 0x22, 0xec, 0x84, 0x4a, 0xd7, 0xc2,
		  0xb3, 0xe5 },
		{ 0x06, 0xa6, 0xb8, 0x8c, 0x58, 0x53, 0x36, 0x1a, 0x06, 0x10,
		  0x4c, 0x9c, 0xeb, 0x35, 0xb4, 0x5c, 0xef, 0x76, 0x00, 0x14,
		  0x90, 0x46, 0x71, 0x01, 0x4a, 0x19, 0x3f, 0x40, 0xc1, 0x5f,
		  0xc2, 0x44 },
		{ 0x19, 0xef, 0x24, 0xa3, 0x2c, 0x71, 0x7b, 0x16, 0x7f, 0x33,
		  0xa9, 0x1d, 0x6f, 0x64, 0x8b, 0xdf, 0x96, 0x59, 0x67, 0x76,
		  0xaf, 0xdb, 0x63, 0x77, 0xac, 0x43, 0x4c, 0x1c, 0x29, 0x3c,
		  0xcb, 0x04 },
	};
	static const u8 okm[3][82] = {
		{ 0x3c, 0xb2, 0x5f, 0x25, 0xfa, 0xac, 0xd5, 0x7a, 0x90, 0x43,
		  0x4f, 0x64, 0xd0, 0x36, 0x2f, 0x2a, 0x2d, 0x2d, 0x0a, 0x90,
		  0xcf, 0x1a, 0x5a, 0x4c, 0x5d, 0xb0, 0x2d, 0x56, 0xec, 0xc4,
		  0xc5, 0xbf, 0x34, 0x00, 0x72, 0x08, 0xd5, 0xb8, 0x87, 0x18,
		  0x58, 0x65 },
		{ 0xb1, 0x1e, 0x39, 0x8d, 0xc8, 0x03, 0x27, 0xa1, 0xc8, 0xe7,
		  0xf7, 0x8c, 0x59, 0x6a, 0x49, 0x34, 0x4f, 0x01, 0x2e, 0xda,
		  0x2d, 0x4e, 0xfa, 0xd8, 0xa0, 0x50, 0xcc, 0x4c, 0x19, 0xaf,
		  0xa9, 0x7c, 0x59, 0x04, 0x5a, 0x99, 0xca, 0xc7, 0x82, 0x72,
		  0x71, 0xcb, 0x41, 0xc6, 0x5e, 0x59, 0x0e, 0x09, 0xda, 0x32,
		  0x75, 0x60, 0x0c, 0x2f, 0x09, 0xb8, 0x36, 0x77, 0x93, 0xa9,
		  0xac, 0xa3, 0xdb, 0x71, 0xcc, 0x30, 0xc5, 0x81, 0x79, 0xec,
		  0x3e, 0x87, 0xc1, 0x4c, 0x01, 0xd5, 0xc1, 0xf3, 0x43, 0x4f,
		  0x1d, 0x87 },
		{ 0x8d, 0xa4, 0xe7, 0x75, 0xa5, 0x63, 0xc1, 0x8f, 0x71, 0x5f,
		  0x80, 0x2a, 0x06, 0x3c, 0x5a, 0x31, 0xb8, 0xa1, 0x1f, 0x5c,
		  0x5e, 0xe1, 0x87, 0x9e, 0xc3, 0x45, 0x4e, 0x5f, 0x3c, 0x73,
		  0x8d, 0x2d, 0x9d, 0x20, 0x13, 0x95, 0xfa, 0xa4, 0xb6, 0x1a,
		  0x96, 0xc8 },
	};
	unsigned int i;

	memset(c, 0, 3 * sizeof(*c));
	c[0].name = "A.1";
	memset(c[0].ikm, 0x0b, 22);
	c[0].ikm_len = 22;
	fill(c[0].salt, 0x00, 13);
	c[0].salt_len = 13;
	fill(c[0].info, 0xf0, 10);
	c[0].info_len = 10;
	c[0].okm_len = 42;

	c[1].name = "A.2";
	fill(c[1].ikm, 0x00, 80);
	c[1].ikm_len = 80;
	fill(c[1].salt, 0x60, 80);
	c[1].salt_len = 80;
	fill(c[1].info, 0xb0, 80);
	c[1].info_len = 80;
	c[1].okm_len = 82;

	c[2].name = "A.3";
	memset(c[2].ikm, 0x0b, 22);
	c[2].ikm_len = 22;
	c[2].okm_len = 42;

	for (i = 0; i < 3; i++) {
		memcpy(c[i].prk, prk[i], sizeof(prk[i]));
		memcpy(c[i].okm, okm[i], c[i].okm_len);
	}
}

static void hkdf_rfc5869(struct kunit *test)
{
	struct crypto_shash *hmac = ((struct bti_tfms *)test->priv)->hmac;
	struct hkdf_case *c = kunit_kzalloc(test, 3 * sizeof(*c), GFP_KERNEL);
	u8 prk[32], okm[82];
	unsigned int i;

	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, c);
	hkdf_cases(c);
	for (i = 0; i < 3; i++) {
		/* in two pieces, to check that pieces concatenate */
		struct bti_bytes ikm[] = {
			{ c[i].ikm, 5 }, { c[i].ikm + 5, c[i].ikm_len - 5 },
		};
		struct bti_bytes info[] = {
			{ c[i].info, c[i].info_len / 2 },
			{ c[i].info + c[i].info_len / 2,
			  c[i].info_len - c[i].info_len / 2 },
		};

		KUNIT_ASSERT_EQ(test, bti_hkdf_extract(hmac, c[i].salt,
						       c[i].salt_len, ikm, 2,
						       prk), 0);
		EXPECT_BYTES(test, prk, c[i].prk, 32, "RFC 5869 %s PRK",
				       c[i].name);
		KUNIT_ASSERT_EQ(test, bti_hkdf_expand(hmac, prk, info, 2, okm,
						      c[i].okm_len), 0);
		EXPECT_BYTES(test, okm, c[i].okm, c[i].okm_len,
				       "RFC 5869 %s OKM", c[i].name);
	}
	KUNIT_EXPECT_EQ(test, bti_hkdf_expand(hmac, prk, NULL, 0, okm,
					      255 * 32 + 1), -EINVAL);
}

static void hpke_encap(struct kunit *test)
{
	const struct bti_hpke_kat *v = &bti_hpke_kat;
	u8 enc[BTI_P256_POINT], shared[BTI_HPKE_SECRET];

	KUNIT_ASSERT_EQ(test, bti_hpke_encap(test->priv, v->pkr, v->ske, enc, shared), 0);
	EXPECT_BYTES(test, enc, v->enc, sizeof(enc), "enc");
	EXPECT_BYTES(test, shared, v->shared, sizeof(shared), "shared secret");
}

static void hpke_key_schedule(struct kunit *test)
{
	const struct bti_tfms *t = test->priv;
	u8 key[BTI_HPKE_KEY_MAX], nonce[BTI_HPKE_NONCE], exp[BTI_HPKE_SECRET];
	const struct bti_hpke_kat *v = &bti_hpke_kat;
	const struct bti_hpke_kat_suite *s;
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(v->suite); i++) {
		s = &v->suite[i];
		KUNIT_ASSERT_EQ(test, bti_hpke_key_schedule(t->hmac, s->aead,
							    v->shared, v->info,
							    sizeof(v->info),
							    key, nonce, exp), 0);
		EXPECT_BYTES(test, key, s->key, s->aead->nk, "suite %u key", i);
		EXPECT_BYTES(test, nonce, s->nonce, sizeof(nonce),
			     "suite %u nonce", i);
		EXPECT_BYTES(test, exp, s->exporter, sizeof(exp),
			     "suite %u exporter secret", i);
	}
}

static void hpke_seal(struct kunit *test)
{
	const struct bti_hpke_kat *v = &bti_hpke_kat;
	u8 enc[BTI_P256_POINT], ct[sizeof(v->suite[0].ct)];
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(v->suite); i++) {
		KUNIT_ASSERT_EQ(test, bti_hpke_seal(test->priv,
						    v->suite[i].aead, v->pkr,
						    v->info, sizeof(v->info),
						    v->aad, sizeof(v->aad),
						    v->pt, sizeof(v->pt), enc,
						    ct, v->ske), 0);
		EXPECT_BYTES(test, enc, v->enc, sizeof(enc), "suite %u enc", i);
		EXPECT_BYTES(test, ct, v->suite[i].ct, sizeof(ct),
			     "suite %u ciphertext", i);
	}
}

/* Without a given ephemeral key, each seal draws its own. */
static void hpke_fresh_ephemeral(struct kunit *test)
{
	const struct bti_hpke_kat *v = &bti_hpke_kat;
	const struct bti_hpke_aead *aead = &bti_hpke_aes256gcm;
	u8 enc1[BTI_P256_POINT], enc2[BTI_P256_POINT];
	u8 ct1[sizeof(v->suite[0].ct)], ct2[sizeof(v->suite[0].ct)];

	KUNIT_ASSERT_EQ(test, bti_hpke_seal(test->priv, aead, v->pkr, v->info,
					    sizeof(v->info), v->aad,
					    sizeof(v->aad), v->pt,
					    sizeof(v->pt), enc1, ct1, NULL), 0);
	KUNIT_ASSERT_EQ(test, bti_hpke_seal(test->priv, aead, v->pkr, v->info,
					    sizeof(v->info), v->aad,
					    sizeof(v->aad), v->pt,
					    sizeof(v->pt), enc2, ct2, NULL), 0);
	KUNIT_EXPECT_EQ(test, enc1[0], 0x04);
	KUNIT_EXPECT_NE(test, memcmp(enc1, enc2, sizeof(enc1)), 0);
	KUNIT_EXPECT_NE(test, memcmp(ct1, ct2, sizeof(ct1)), 0);
	KUNIT_EXPECT_NE(test, memcmp(enc1, v->enc, sizeof(enc1)), 0);
}

/* A server key that is not a point on P-256 is refused. */
static void hpke_bad_public_key(struct kunit *test)
{
	const struct bti_hpke_kat *v = &bti_hpke_kat;
	u8 pkr[BTI_P256_POINT], enc[BTI_P256_POINT], shared[BTI_HPKE_SECRET];

	memcpy(pkr, v->pkr, sizeof(pkr));
	pkr[BTI_P256_POINT - 1] ^= 1;
	KUNIT_EXPECT_EQ(test, bti_hpke_encap(test->priv, pkr, NULL, enc, shared), -EINVAL);
	memcpy(pkr, v->pkr, sizeof(pkr));
	pkr[0] = 0x02;	/* compressed points are not accepted */
	KUNIT_EXPECT_EQ(test, bti_hpke_encap(test->priv, pkr, NULL, enc, shared), -EINVAL);
	memset(pkr + 1, 0, BTI_P256_POINT - 1);
	pkr[0] = 0x04;	/* the point at infinity */
	KUNIT_EXPECT_EQ(test, bti_hpke_encap(test->priv, pkr, NULL, enc, shared), -EINVAL);
}

/* The suite's transforms, RSA's added when a case needs it. */
static struct crypto_akcipher *rsa_tfm(struct kunit *test)
{
	struct bti_tfms *t = test->priv;

	KUNIT_ASSERT_EQ(test, bti_tfms_alloc_rsa(t), 0);
	return t->rsa;
}

static void oaep_encoding(struct kunit *test)
{
	const struct bti_oaep_kat *v = &bti_oaep_kat;
	u8 *em = kunit_kzalloc(test, sizeof(v->em), GFP_KERNEL);

	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, em);
	KUNIT_ASSERT_EQ(test, bti_oaep_encode(v->msg, sizeof(v->msg),
					      v->label, sizeof(v->label),
					      v->seed, em, sizeof(v->em)), 0);
	EXPECT_BYTES(test, em, v->em, sizeof(v->em), "EM");
	/* the longest message that fits, and one byte more */
	KUNIT_EXPECT_EQ(test, bti_oaep_encode(v->em, 256 - 66, NULL, 0,
					      v->seed, em, 256), 0);
	KUNIT_EXPECT_EQ(test, bti_oaep_encode(v->em, 256 - 65, NULL, 0,
					      v->seed, em, 256), -EMSGSIZE);
}

static void oaep_known_answer(struct kunit *test)
{
	const struct bti_oaep_kat *v = &bti_oaep_kat;
	u8 *ct = kunit_kzalloc(test, BTI_RSA_MAX_BYTES, GFP_KERNEL);
	size_t ct_len = 0;
	struct crypto_akcipher *rsa = rsa_tfm(test);

	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, ct);
	KUNIT_ASSERT_EQ(test, bti_rsa_oaep_wrap(rsa, v->pub, sizeof(v->pub), v->msg,
						sizeof(v->msg), v->label,
						sizeof(v->label), v->seed, ct,
						&ct_len), 0);
	KUNIT_ASSERT_EQ(test, ct_len, sizeof(v->ct));
	EXPECT_BYTES(test, ct, v->ct, ct_len, "ciphertext");
}

/* dst ^= MGF1-SHA256(seed, len), RFC 8017 B.2.1, written again here */
static void mgf1_xor(const u8 *seed, size_t seed_len, u8 *dst, size_t len)
{
	u8 *in = kmalloc(seed_len + 4, GFP_KERNEL), t[SHA256_DIGEST_SIZE];
	u32 c;
	size_t i;

	if (WARN_ON(!in))
		return;
	memcpy(in, seed, seed_len);
	for (c = 0; c * SHA256_DIGEST_SIZE < len; c++) {
		put_unaligned_be32(c, in + seed_len);
		sha256(in, seed_len + 4, t);
		for (i = 0; i < SHA256_DIGEST_SIZE &&
			    c * SHA256_DIGEST_SIZE + i < len; i++)
			dst[c * SHA256_DIGEST_SIZE + i] ^= t[i];
	}
	kfree(in);
}

/* RSADP with the test private key, then EME-OAEP decoding (RFC 8017 7.1.2). */
static int oaep_unwrap(const u8 *ct, size_t k, const u8 *label,
		       size_t label_len, u8 *msg, size_t *msg_len)
{
	struct crypto_akcipher *rsa = crypto_alloc_akcipher("rsa", 0, 0);
	u8 *em = kmalloc(k, GFP_KERNEL), *in = kmemdup(ct, k, GFP_KERNEL);
	u8 lhash[SHA256_DIGEST_SIZE], *db = em + 1 + 32;
	struct akcipher_request *req = NULL;
	struct scatterlist src, dst;
	DECLARE_CRYPTO_WAIT(wait);
	size_t i, db_len = k - 33;
	int err = 0;

	if (IS_ERR(rsa) || !em || !in)
		err = -ENOMEM;
	err = err ?: crypto_akcipher_set_priv_key(rsa, rsa_test_priv,
						  sizeof(rsa_test_priv));
	if (!err) {
		req = akcipher_request_alloc(rsa, GFP_KERNEL);
		err = req ? 0 : -ENOMEM;
	}
	if (!err) {
		sg_init_one(&src, in, k);
		sg_init_one(&dst, em, k);
		akcipher_request_set_callback(req, CRYPTO_TFM_REQ_MAY_SLEEP,
					      crypto_req_done, &wait);
		akcipher_request_set_crypt(req, &src, &dst, k, k);
		err = crypto_wait_req(crypto_akcipher_decrypt(req), &wait);
	}
	if (!err) {
		mgf1_xor(db, db_len, em + 1, 32);
		mgf1_xor(em + 1, 32, db, db_len);
		sha256(label, label_len, lhash);
	}
	if (!err && (em[0] || memcmp(db, lhash, sizeof(lhash))))
		err = -EBADMSG;
	for (i = sizeof(lhash); !err && i < db_len && !db[i]; i++)
		;
	if (!err && (i == db_len || db[i] != 0x01))
		err = -EBADMSG;
	if (!err) {
		*msg_len = db_len - i - 1;
		memcpy(msg, db + i + 1, *msg_len);
	}
	akcipher_request_free(req);
	kfree(em);
	kfree(in);
	if (!IS_ERR(rsa))
		crypto_free_akcipher(rsa);
	return err;
}

static void oaep_round_trip(struct kunit *test)
{
	const struct bti_oaep_kat *v = &bti_oaep_kat;
	u8 *ct1 = kunit_kzalloc(test, BTI_RSA_MAX_BYTES, GFP_KERNEL);
	u8 *ct2 = kunit_kzalloc(test, BTI_RSA_MAX_BYTES, GFP_KERNEL);
	size_t len1, len2, msg_len = 0;
	u8 msg[64];
	struct crypto_akcipher *rsa = rsa_tfm(test);

	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, ct1);
	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, ct2);
	KUNIT_ASSERT_EQ(test, bti_rsa_oaep_wrap(rsa, v->pub, sizeof(v->pub), v->msg,
						sizeof(v->msg), v->label,
						sizeof(v->label), NULL, ct1,
						&len1), 0);
	KUNIT_ASSERT_EQ(test, bti_rsa_oaep_wrap(rsa, v->pub, sizeof(v->pub), v->msg,
						sizeof(v->msg), v->label,
						sizeof(v->label), NULL, ct2,
						&len2), 0);
	KUNIT_EXPECT_NE(test, memcmp(ct1, ct2, len1), 0);
	KUNIT_ASSERT_EQ(test, oaep_unwrap(ct1, len1, v->label, sizeof(v->label),
					  msg, &msg_len), 0);
	KUNIT_ASSERT_EQ(test, msg_len, sizeof(v->msg));
	EXPECT_BYTES(test, msg, v->msg, msg_len, "unwrapped");
	/* the label binds: another label does not decode */
	KUNIT_EXPECT_EQ(test, oaep_unwrap(ct1, len1, "other", 5, msg, &msg_len),
			-EBADMSG);
	/* nor does a flipped bit */
	ct2[len2 / 2] ^= 0x10;
	KUNIT_EXPECT_EQ(test, oaep_unwrap(ct2, len2, v->label, sizeof(v->label),
					  msg, &msg_len), -EBADMSG);
}

static void oaep_refuses_keys(struct kunit *test)
{
	const struct bti_oaep_kat *v = &bti_oaep_kat;
	u8 *ct = kunit_kzalloc(test, BTI_RSA_MAX_BYTES, GFP_KERNEL);
	u8 junk[sizeof(v->pub)];
	size_t len;
	struct crypto_akcipher *rsa = rsa_tfm(test);

	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, ct);
	KUNIT_EXPECT_EQ(test, bti_rsa_oaep_wrap(rsa, rsa_1024_pub,
						sizeof(rsa_1024_pub), v->msg,
						sizeof(v->msg), NULL, 0, NULL,
						ct, &len), -EINVAL);
	memcpy(junk, v->pub, sizeof(junk));
	junk[1] ^= 0x40;	/* a DER length that lies */
	KUNIT_EXPECT_EQ(test, bti_rsa_oaep_wrap(rsa, junk, sizeof(junk), v->msg,
						sizeof(v->msg), NULL, 0, NULL,
						ct, &len), -EINVAL);
	KUNIT_EXPECT_EQ(test, bti_rsa_oaep_wrap(rsa, v->pub, 10, v->msg,
						sizeof(v->msg), NULL, 0, NULL,
						ct, &len), -EINVAL);
}

/* the order of the P-256 group (FIPS 186-4 D.1.2.3, n) */
static const u8 p256_n[BTI_P256_SCALAR] = {
	0xff, 0xff, 0xff, 0xff, 0x00, 0x00, 0x00, 0x00,
	0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
	0xbc, 0xe6, 0xfa, 0xad, 0xa7, 0x17, 0x9e, 0x84,
	0xf3, 0xb9, 0xca, 0xc2, 0xfc, 0x63, 0x25, 0x51,
};

static void p256_scalar_range(struct kunit *test)
{
	u8 k[BTI_P256_SCALAR] = { };

	KUNIT_EXPECT_FALSE(test, bti_p256_scalar_valid(k));
	k[BTI_P256_SCALAR - 1] = 1;
	KUNIT_EXPECT_TRUE(test, bti_p256_scalar_valid(k));
	memcpy(k, p256_n, sizeof(k));
	KUNIT_EXPECT_FALSE(test, bti_p256_scalar_valid(k));
	k[BTI_P256_SCALAR - 1]--;
	KUNIT_EXPECT_TRUE(test, bti_p256_scalar_valid(k));
	memset(k, 0xff, sizeof(k));
	KUNIT_EXPECT_FALSE(test, bti_p256_scalar_valid(k));
}

/* RFC 9180 A.3.1's skEm gives its pkEm. */
static void p256_public_key(struct kunit *test)
{
	const struct bti_tfms *t = test->priv;
	const struct bti_hpke_kat *v = &bti_hpke_kat;
	u8 pub[BTI_P256_POINT];

	KUNIT_ASSERT_EQ(test, bti_p256_public(t->ecdh, v->ske, pub), 0);
	EXPECT_BYTES(test, pub, v->enc, sizeof(pub), "public key");
}

static struct kunit_case bti_crypto_cases[] = {
	KUNIT_CASE(hkdf_rfc5869),
	KUNIT_CASE(hpke_encap),
	KUNIT_CASE(hpke_key_schedule),
	KUNIT_CASE(hpke_seal),
	KUNIT_CASE(hpke_fresh_ephemeral),
	KUNIT_CASE(hpke_bad_public_key),
	KUNIT_CASE(oaep_encoding),
	KUNIT_CASE(oaep_known_answer),
	KUNIT_CASE(oaep_round_trip),
	KUNIT_CASE(oaep_refuses_keys),
	KUNIT_CASE(p256_scalar_range),
	KUNIT_CASE(p256_public_key),
	{ }
};

static int crypto_init(struct kunit *test)
{
	struct bti_tfms *t = kunit_kzalloc(test, sizeof(*t), GFP_KERNEL);

	if (!t)
		return -ENOMEM;
	test->priv = t;
	return bti_tfms_alloc(t);
}

static void crypto_exit(struct kunit *test)
{
	if (test->priv)
		bti_tfms_free(test->priv);
}

static struct kunit_suite bti_crypto_suite = {
	.name = "bti_crypto",
	.init = crypto_init,
	.exit = crypto_exit,
	.test_cases = bti_crypto_cases,
};
kunit_test_suite(bti_crypto_suite);

BTI_KUNIT_IMPORT_NS;
MODULE_DESCRIPTION("KUnit tests for bti's HKDF, HPKE and RSA-OAEP");
MODULE_LICENSE("GPL");
