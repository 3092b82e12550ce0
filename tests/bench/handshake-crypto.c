// SPDX-License-Identifier: GPL-2.0
/*
 * handshake-crypto SUITE KEY CHAIN...: the reference for btiprovd's
 * handshakes, their own cryptography alone in a tight loop on OpenSSL
 * (through server/lib's calls to it), as the server does it for one
 * handshake up to KEY_CONFIRM (protocol.rst, sections 4 and 10):
 *   - its ephemeral P-256 key, drawn and encoded;
 *   - its share of the KEM: HPKE's open of wrapped_kek with the identity
 *     key KEY (suite 1), or RSA-OAEP's decryption (suite 2);
 *   - the AEAD open of the sealed session keys;
 *   - the key schedule;
 *   - the transcript: a hash as each of SERVER_HELLO and KEY_TRANSPORT
 *     is taken, KEY_TRANSPORT's trailer MAC checked, KEY_CONFIRM's MAC
 *     and its trailer, over messages of their real lengths (SERVER_HELLO
 *     carries the certificates CHAIN...).
 * Prints handshakes per second of CPU time.
 */
#define _GNU_SOURCE
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <openssl/pem.h>
#include <openssl/rsa.h>
#include <openssl/x509.h>

#include "hpke.h"
#include "wire.h"

#define KEYS		(32 + 16 + 12 + 32)	/* protocol.rst, 4: sealed keys */
#define REQUEST		(BP_HEADER + 68 + BP_SHA256)
#define HELLO		(BP_HEADER + 100 + BP_SHA256)	/* and the chain */
#define TRANSPORT	(BP_HEADER + 2 + KEYS + BP_GCM_TAG + BP_SHA256)

static uint8_t transcript[16384], wrapped[512], sealed[KEYS + BP_GCM_TAG];
static size_t wrapped_len, chain_len;
static const uint8_t nonce[BP_GCM_NONCE];
/* wrapped_kek's info: its label and th2 (a fixed one: the cost is alike) */
static const uint8_t th2[BP_SHA256];
static const struct bp_bytes kek_info[] = {
	{ "bti v1 kek", 10 }, { th2, BP_SHA256 },
};

static double cpu(void)
{
	struct timespec t;

	clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t);
	return t.tv_sec + t.tv_nsec / 1e9;
}

static EVP_PKEY *read_key(const char *path)
{
	FILE *f = fopen(path, "r");
	EVP_PKEY *k = f ? PEM_read_PrivateKey(f, NULL, NULL, NULL) : NULL;

	if (f)
		fclose(f);
	return k;
}

/* the DER length of every certificate in @path */
static int add_chain(const char *path)
{
	FILE *f = fopen(path, "r");
	X509 *x;
	int n;

	if (!f)
		return -1;
	while ((x = PEM_read_X509(f, NULL, NULL, NULL))) {
		n = i2d_X509(x, NULL);
		X509_free(x);
		if (n <= 0)
			break;
		chain_len += n;
	}
	fclose(f);
	return 0;
}

static int rsa_oaep(EVP_PKEY *key, int decrypt, const uint8_t *in,
		    size_t in_len, uint8_t *out, size_t *out_len)
{
	EVP_PKEY_CTX *ctx = EVP_PKEY_CTX_new(key, NULL);
	int ok = ctx && (decrypt ? EVP_PKEY_decrypt_init(ctx) :
			 EVP_PKEY_encrypt_init(ctx)) > 0 &&
		 EVP_PKEY_CTX_set_rsa_padding(ctx, RSA_PKCS1_OAEP_PADDING) > 0 &&
		 EVP_PKEY_CTX_set_rsa_oaep_md(ctx, EVP_sha256()) > 0 &&
		 EVP_PKEY_CTX_set_rsa_mgf1_md(ctx, EVP_sha256()) > 0 &&
		 (decrypt ? EVP_PKEY_decrypt(ctx, out, out_len, in, in_len) :
		  EVP_PKEY_encrypt(ctx, out, out_len, in, in_len)) > 0;

	EVP_PKEY_CTX_free(ctx);
	return ok ? 0 : -1;
}

/* what the device sends: the KEK wrapped to @key, the keys sealed */
static int device(int suite, EVP_PKEY *key)
{
	uint8_t kek[32] = { 3 }, keys[KEYS] = { 4 };
	EVP_PKEY *e = bp_p256_generate();

	wrapped_len = sizeof(wrapped);
	if (suite == 1) {
		wrapped_len = BP_P256_POINT + 32 + BP_GCM_TAG;
		if (!e || bp_hpke_seal(key, e, kek_info, 2, kek, 32, wrapped,
				       wrapped + BP_P256_POINT))
			return -1;
	} else if (rsa_oaep(key, 0, kek, 32, wrapped, &wrapped_len)) {
		return -1;
	}
	EVP_PKEY_free(e);
	return bp_gcm_seal(kek, 32, nonce, transcript, 16, keys, KEYS, sealed);
}

static int handshake(int suite, EVP_PKEY *key)
{
	uint8_t pub[BP_P256_POINT], kek[512], keys[KEYS], th[BP_SHA256];
	uint8_t mac[BP_SHA256];
	size_t len = REQUEST + HELLO + chain_len;
	struct bp_bytes t = { transcript, len }, info = { th, BP_SHA256 };
	size_t kek_len = sizeof(kek);
	struct bp_keys k;
	EVP_PKEY *e = bp_p256_generate();
	int err;

	err = !e || bp_p256_public(e, pub) || bp_sha256(&t, 1, th);
	t.len += TRANSPORT;
	err = err || bp_sha256(&t, 1, th) ||
	      (suite == 1 ?
	       bp_hpke_open(key, wrapped, kek_info, 2, wrapped + BP_P256_POINT,
			    wrapped_len - BP_P256_POINT, kek) :
	       rsa_oaep(key, 1, wrapped, wrapped_len, kek, &kek_len)) ||
	      bp_gcm_open(kek, 32, nonce, transcript, 16, sealed,
			  sizeof(sealed), keys) ||
	      bp_key_schedule(keys, keys, keys, keys, th, &k) ||
	      bp_hmac(k.mac_ds, 32, &t, 1, mac) ||
	      bp_sha256(&t, 1, th) ||
	      bp_hmac(k.confirm, 32, &info, 1, mac);
	t.len += BP_HEADER + 43 + 16 + BP_SHA256;
	err = err || bp_hmac(k.mac_sd, 32, &t, 1, mac);
	EVP_PKEY_free(e);
	return err ? -1 : 0;
}

int main(int argc, char **argv)
{
	int suite = argc > 2 ? atoi(argv[1]) : 0, i, n = 0;
	EVP_PKEY *key = argc > 2 ? read_key(argv[2]) : NULL;
	double t0;

	for (i = 3; i < argc; i++)
		if (add_chain(argv[i]))
			return 1;
	if ((suite != 1 && suite != 2) || !key || !chain_len ||
	    REQUEST + HELLO + chain_len + TRANSPORT + 128 > sizeof(transcript) ||
	    device(suite, key))
		return 1;
	t0 = cpu();
	while (cpu() - t0 < 2) {
		for (i = 0; i < 50; i++, n++)
			if (handshake(suite, key))
				return 1;
	}
	printf("%.0f\n", n / (cpu() - t0));
	EVP_PKEY_free(key);
	return 0;
}
