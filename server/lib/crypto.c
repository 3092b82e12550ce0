// SPDX-License-Identifier: GPL-2.0
/*
 * The primitives the protocol is built of, on OpenSSL 3: SHA-256, HMAC,
 * HKDF, AES-GCM and P-256.  Everything returns 0 or -1; secrets on the
 * stack are cleansed before return.
 *
 * The algorithms are fetched from OpenSSL's providers once, for every
 * thread (a fetch looks the name up under a lock, each time), and HMAC's
 * context is set up once and copied for each use.  (OpenSSL 3.0 cannot
 * copy HKDF's.)
 */
#include <pthread.h>
#include <stdbool.h>
#include <string.h>

#include <openssl/bn.h>
#include <openssl/core_names.h>
#include <openssl/crypto.h>
#include <openssl/ec.h>
#include <openssl/kdf.h>
#include <openssl/param_build.h>
#include <openssl/pem.h>

#include "crypto.h"

static struct {
	EVP_MD *sha256;
	EVP_CIPHER *gcm128, *gcm256;
	EVP_MAC_CTX *hmac;
	EVP_KDF *hkdf;
} alg;

static pthread_once_t fetched = PTHREAD_ONCE_INIT;

static void fetch(void)
{
	OSSL_PARAM hmac[] = {
		OSSL_PARAM_construct_utf8_string(OSSL_MAC_PARAM_DIGEST,
						 "SHA256", 0),
		OSSL_PARAM_construct_end(),
	};
	EVP_MAC *mac = EVP_MAC_fetch(NULL, "HMAC", NULL);

	alg.sha256 = EVP_MD_fetch(NULL, "SHA256", NULL);
	alg.gcm128 = EVP_CIPHER_fetch(NULL, "AES-128-GCM", NULL);
	alg.gcm256 = EVP_CIPHER_fetch(NULL, "AES-256-GCM", NULL);
	alg.hmac = mac ? EVP_MAC_CTX_new(mac) : NULL;
	if (alg.hmac && !EVP_MAC_CTX_set_params(alg.hmac, hmac)) {
		EVP_MAC_CTX_free(alg.hmac);
		alg.hmac = NULL;
	}
	/* the context holds its own reference */
	EVP_MAC_free(mac);
	alg.hkdf = EVP_KDF_fetch(NULL, "HKDF", NULL);
}

/* Whether every algorithm was found: a broken OpenSSL fails each call. */
static bool fetch_once(void)
{
	pthread_once(&fetched, fetch);
	return alg.sha256 && alg.gcm128 && alg.gcm256 && alg.hmac && alg.hkdf;
}

int bp_sha256(const struct bp_bytes *in, unsigned int n, uint8_t out[BP_SHA256])
{
	EVP_MD_CTX *ctx = fetch_once() ? EVP_MD_CTX_new() : NULL;
	int ok = ctx && EVP_DigestInit_ex(ctx, alg.sha256, NULL);
	unsigned int i;

	for (i = 0; ok && i < n; i++)
		ok = EVP_DigestUpdate(ctx, in[i].p, in[i].len);
	ok = ok && EVP_DigestFinal_ex(ctx, out, NULL);
	EVP_MD_CTX_free(ctx);
	return ok ? 0 : -1;
}

int bp_hmac(const uint8_t *key, size_t key_len, const struct bp_bytes *in,
	    unsigned int n, uint8_t out[BP_SHA256])
{
	EVP_MAC_CTX *ctx = fetch_once() ? EVP_MAC_CTX_dup(alg.hmac) : NULL;
	int ok = ctx && EVP_MAC_init(ctx, key, key_len, NULL);
	size_t len = 0;
	unsigned int i;

	for (i = 0; ok && i < n; i++)
		ok = EVP_MAC_update(ctx, in[i].p, in[i].len);
	ok = ok && EVP_MAC_final(ctx, out, &len, BP_SHA256) && len == BP_SHA256;
	EVP_MAC_CTX_free(ctx);
	return ok ? 0 : -1;
}

int bp_hkdf_extract(const uint8_t *salt, size_t salt_len,
		    const struct bp_bytes *ikm, unsigned int n,
		    uint8_t prk[BP_SHA256])
{
	static const uint8_t zero[BP_SHA256];

	/* RFC 5869: an absent salt is HashLen zeroes */
	if (!salt_len)
		return bp_hmac(zero, sizeof(zero), ikm, n, prk);
	return bp_hmac(salt, salt_len, ikm, n, prk);
}

int bp_hkdf_expand(const uint8_t prk[BP_SHA256], const struct bp_bytes *info,
		   unsigned int n, uint8_t *out, size_t len)
{
	uint8_t *buf, *p;
	size_t total = 0;
	unsigned int i;
	int ok;
	EVP_KDF_CTX *ctx = fetch_once() ? EVP_KDF_CTX_new(alg.hkdf) : NULL;
	int mode = EVP_KDF_HKDF_MODE_EXPAND_ONLY;

	for (i = 0; i < n; i++)
		total += info[i].len;
	buf = p = OPENSSL_malloc(total + 1);
	for (i = 0; buf && i < n; i++) {
		memcpy(p, info[i].p, info[i].len);
		p += info[i].len;
	}
	{
		OSSL_PARAM params[] = {
			OSSL_PARAM_construct_int(OSSL_KDF_PARAM_MODE, &mode),
			OSSL_PARAM_construct_utf8_string(OSSL_KDF_PARAM_DIGEST,
							 "SHA256", 0),
			OSSL_PARAM_construct_octet_string(OSSL_KDF_PARAM_KEY,
							  (void *)prk, BP_SHA256),
			OSSL_PARAM_construct_octet_string(OSSL_KDF_PARAM_INFO,
							  buf, total),
			OSSL_PARAM_construct_end(),
		};

		ok = buf && ctx && EVP_KDF_derive(ctx, out, len, params);
	}
	OPENSSL_free(buf);
	EVP_KDF_CTX_free(ctx);
	return ok ? 0 : -1;
}

static const EVP_CIPHER *bp_gcm(size_t key_len)
{
	if (!fetch_once())
		return NULL;
	return key_len == 16 ? alg.gcm128 : key_len == 32 ? alg.gcm256 : NULL;
}

/* @out: @len bytes of ciphertext, then the tag */
int bp_gcm_seal(const uint8_t *key, size_t key_len,
		const uint8_t nonce[BP_GCM_NONCE], const uint8_t *aad,
		size_t aad_len, const uint8_t *in, size_t len, uint8_t *out)
{
	EVP_CIPHER_CTX *ctx = EVP_CIPHER_CTX_new();
	int n, ok = ctx && bp_gcm(key_len) &&
		    EVP_EncryptInit_ex(ctx, bp_gcm(key_len), NULL, key, nonce) &&
		    (!aad_len || EVP_EncryptUpdate(ctx, NULL, &n, aad, aad_len)) &&
		    EVP_EncryptUpdate(ctx, out, &n, in, len) &&
		    EVP_EncryptFinal_ex(ctx, out + n, &n) &&
		    EVP_CIPHER_CTX_ctrl(ctx, EVP_CTRL_GCM_GET_TAG, BP_GCM_TAG,
					out + len);

	EVP_CIPHER_CTX_free(ctx);
	return ok ? 0 : -1;
}

/* @in: @len bytes, the last BP_GCM_TAG of them the tag; -1 if it fails */
int bp_gcm_open(const uint8_t *key, size_t key_len,
		const uint8_t nonce[BP_GCM_NONCE], const uint8_t *aad,
		size_t aad_len, const uint8_t *in, size_t len, uint8_t *out)
{
	EVP_CIPHER_CTX *ctx;
	int n, ok;

	if (len < BP_GCM_TAG)
		return -1;
	len -= BP_GCM_TAG;
	ctx = EVP_CIPHER_CTX_new();
	ok = ctx && bp_gcm(key_len) &&
	     EVP_DecryptInit_ex(ctx, bp_gcm(key_len), NULL, key, nonce) &&
	     (!aad_len || EVP_DecryptUpdate(ctx, NULL, &n, aad, aad_len)) &&
	     EVP_DecryptUpdate(ctx, out, &n, in, len) &&
	     EVP_CIPHER_CTX_ctrl(ctx, EVP_CTRL_GCM_SET_TAG, BP_GCM_TAG,
				 (void *)(in + len)) &&
	     EVP_DecryptFinal_ex(ctx, out + n, &n);
	EVP_CIPHER_CTX_free(ctx);
	if (!ok)
		OPENSSL_cleanse(out, len);
	return ok ? 0 : -1;
}

/* A P-256 key pair from its private scalar; the public point computed. */
EVP_PKEY *bp_p256_key(const uint8_t sk[BP_P256_SCALAR])
{
	EC_GROUP *group = EC_GROUP_new_by_curve_name(NID_X9_62_prime256v1);
	BIGNUM *d = BN_secure_new();
	EC_POINT *q = group ? EC_POINT_new(group) : NULL;
	OSSL_PARAM_BLD *bld = OSSL_PARAM_BLD_new();
	EVP_PKEY_CTX *ctx = EVP_PKEY_CTX_new_from_name(NULL, "EC", NULL);
	uint8_t pub[BP_P256_POINT];
	OSSL_PARAM *params = NULL;
	EVP_PKEY *key = NULL;

	if (d && q && bld && ctx && BN_bin2bn(sk, BP_P256_SCALAR, d) &&
	    EC_POINT_mul(group, q, d, NULL, NULL, NULL) &&
	    EC_POINT_point2oct(group, q, POINT_CONVERSION_UNCOMPRESSED, pub,
			       sizeof(pub), NULL) == sizeof(pub) &&
	    OSSL_PARAM_BLD_push_utf8_string(bld, OSSL_PKEY_PARAM_GROUP_NAME,
					    "prime256v1", 0) &&
	    OSSL_PARAM_BLD_push_BN(bld, OSSL_PKEY_PARAM_PRIV_KEY, d) &&
	    OSSL_PARAM_BLD_push_octet_string(bld, OSSL_PKEY_PARAM_PUB_KEY, pub,
					     sizeof(pub)) &&
	    (params = OSSL_PARAM_BLD_to_param(bld)) &&
	    EVP_PKEY_fromdata_init(ctx) > 0 &&
	    EVP_PKEY_fromdata(ctx, &key, EVP_PKEY_KEYPAIR, params) <= 0)
		key = NULL;
	OSSL_PARAM_free(params);
	OSSL_PARAM_BLD_free(bld);
	EVP_PKEY_CTX_free(ctx);
	EC_POINT_free(q);
	BN_clear_free(d);
	EC_GROUP_free(group);
	return key;
}

/*
 * P-256's parameters, built once for every key: naming the curve builds
 * the group afresh each time, about a tenth of a handshake's CPU (once for
 * the ephemeral key, once for the peer's point).
 */
static EVP_PKEY *p256;

static void p256_build(void)
{
	EVP_PKEY_CTX *ctx = EVP_PKEY_CTX_new_from_name(NULL, "EC", NULL);

	if (ctx && EVP_PKEY_paramgen_init(ctx) > 0 &&
	    EVP_PKEY_CTX_set_group_name(ctx, "P-256") > 0)
		EVP_PKEY_paramgen(ctx, &p256);
	EVP_PKEY_CTX_free(ctx);
}

static EVP_PKEY *p256_group(void)
{
	static pthread_once_t once = PTHREAD_ONCE_INIT;

	pthread_once(&once, p256_build);
	return p256;
}

EVP_PKEY *bp_p256_generate(void)
{
	EVP_PKEY_CTX *ctx = p256_group() ?
			    EVP_PKEY_CTX_new_from_pkey(NULL, p256, NULL) : NULL;
	EVP_PKEY *key = NULL;

	if (!ctx || EVP_PKEY_keygen_init(ctx) <= 0 ||
	    EVP_PKEY_keygen(ctx, &key) <= 0)
		key = NULL;
	EVP_PKEY_CTX_free(ctx);
	return key;
}

int bp_p256_public(EVP_PKEY *key, uint8_t pub[BP_P256_POINT])
{
	size_t len = 0;

	return EVP_PKEY_get_octet_string_param(key, OSSL_PKEY_PARAM_PUB_KEY,
					       pub, BP_P256_POINT, &len) &&
	       len == BP_P256_POINT ? 0 : -1;
}

/*
 * @pt as a public key.  Decoding an uncompressed point checks that it is
 * on the curve (or fails), and P-256's group has prime order, so
 * OpenSSL's full check of a peer, another scalar multiplication, would
 * add nothing.
 */
static EVP_PKEY *p256_point(const uint8_t pt[BP_P256_POINT])
{
	EVP_PKEY *pk = p256_group() ? EVP_PKEY_new() : NULL;

	if (pk && (EVP_PKEY_copy_parameters(pk, p256) <= 0 ||
		   EVP_PKEY_set1_encoded_public_key(pk, pt,
						    BP_P256_POINT) <= 0)) {
		EVP_PKEY_free(pk);
		pk = NULL;
	}
	return pk;
}

/* 0 if @pt is a point on P-256, -1 if not */
int bp_p256_check(const uint8_t pt[BP_P256_POINT])
{
	EVP_PKEY *pk = p256_point(pt);

	EVP_PKEY_free(pk);
	return pk ? 0 : -1;
}

int bp_p256_dh(EVP_PKEY *key, const uint8_t peer[BP_P256_POINT],
	       uint8_t secret[BP_P256_SCALAR])
{
	EVP_PKEY *pk = p256_point(peer);
	EVP_PKEY_CTX *ctx = NULL;
	size_t len = BP_P256_SCALAR;
	int ok = pk && (ctx = EVP_PKEY_CTX_new(key, NULL)) &&
		 EVP_PKEY_derive_init(ctx) > 0 &&
		 EVP_PKEY_derive_set_peer_ex(ctx, pk, 0) > 0 &&
		 EVP_PKEY_derive(ctx, secret, &len) > 0 &&
		 len == BP_P256_SCALAR;

	EVP_PKEY_CTX_free(ctx);
	EVP_PKEY_free(pk);
	return ok ? 0 : -1;
}

int bp_memneq(const void *a, const void *b, size_t len)
{
	return CRYPTO_memcmp(a, b, len) != 0;
}

/**
 * bp_pem_chain - a PEM file's certificates as the protocol carries a
 *	chain: each certificate len16(DER), in the file's order
 * @file: the PEM file
 * @out: the chain
 * @max: how many bytes of @out it may take
 * @len: how many it took
 *
 * Returns -1 if the file does not open, else how many certificates it
 * left out, for want of room or of an encoding.
 */
int bp_pem_chain(const char *file, uint8_t *out, size_t max, size_t *len)
{
	FILE *f = fopen(file, "r");
	int n, left = 0;
	uint8_t *p;
	X509 *x;

	*len = 0;
	if (!f)
		return -1;
	while ((x = PEM_read_X509(f, NULL, NULL, NULL))) {
		p = out + *len + 2;
		n = i2d_X509(x, NULL);
		if (n > 0 && *len + 2 + n <= max && i2d_X509(x, &p) == n) {
			out[*len] = n >> 8;
			out[*len + 1] = n & 0xff;
			*len += 2 + n;
		} else {
			left++;
		}
		X509_free(x);
	}
	fclose(f);
	return left;
}
