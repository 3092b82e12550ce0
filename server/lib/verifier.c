// SPDX-License-Identifier: GPL-2.0
/*
 * PIN verifiers: "scrypt:LOG2N:R:P:SALT:HASH", salt and hash in hex, from
 * OpenSSL's scrypt.  A PIN is only ever stored as one of these.
 */
#include <stdio.h>
#include <string.h>

#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/rand.h>

#include "verifier.h"

#define SALT	16
#define HASH	32
#define R	8U
#define P	1U

static int scrypt(const char *pin, const unsigned char *salt,
		  unsigned int cost, unsigned int r, unsigned int p,
		  unsigned char hash[HASH])
{
	uint64_t n = (uint64_t)1 << cost;

	if (cost < 10 || cost > 20 || r != R || p != P)
		return -1;
	return EVP_PBE_scrypt(pin, strlen(pin), salt, SALT, n, r, p,
			      256 * n * r * p, hash, HASH) == 1 ? 0 : -1;
}

static void to_hex(const unsigned char *b, size_t n, char *out)
{
	size_t i;

	for (i = 0; i < n; i++)
		sprintf(out + 2 * i, "%02x", b[i]);
}

static int from_hex(const char *s, unsigned char *b, size_t n)
{
	size_t i;
	unsigned int v;

	for (i = 0; i < n; i++) {
		if (sscanf(s + 2 * i, "%2x", &v) != 1)
			return -1;
		b[i] = v;
	}
	return s[2 * n] == 0 || s[2 * n] == ':' ? 0 : -1;
}

/**
 * bp_verifier_make - a salted verifier for @pin
 * @pin: the PIN, digits only
 * @cost: log2 of scrypt's N; BP_VERIFIER_COST in service
 * @out: the verifier
 *
 * Returns 0, or -1 for a PIN that is not 4 to 12 digits or a failure.
 */
int bp_verifier_make(const char *pin, unsigned int cost,
		     char out[BP_VERIFIER_MAX])
{
	unsigned char salt[SALT], hash[HASH];
	char hs[2 * SALT + 1], hh[2 * HASH + 1];
	size_t len = strlen(pin);
	int err;

	if (len < 4 || len > 12 || strspn(pin, "0123456789") != len)
		return -1;
	if (RAND_bytes(salt, SALT) != 1)
		return -1;
	err = scrypt(pin, salt, cost, R, P, hash);
	to_hex(salt, SALT, hs);
	to_hex(hash, HASH, hh);
	OPENSSL_cleanse(hash, sizeof(hash));
	if (err)
		return -1;
	snprintf(out, BP_VERIFIER_MAX, "scrypt:%u:%u:%u:%s:%s", cost, R, P, hs,
		 hh);
	return 0;
}

/**
 * bp_verifier_check - whether @pin matches @verifier
 * @verifier: from bp_verifier_make()
 * @pin: the PIN keyed
 * @match: the answer
 *
 * Returns 0, or -1 for a verifier that cannot be read.
 */
int bp_verifier_check(const char *verifier, const char *pin, bool *match)
{
	unsigned char salt[SALT], want[HASH], hash[HASH];
	unsigned int cost, r, p;
	int off = 0;

	*match = false;
	if (sscanf(verifier, "scrypt:%u:%u:%u:%n", &cost, &r, &p, &off) != 3 ||
	    !off || strlen(verifier) != (size_t)off + 2 * SALT + 1 + 2 * HASH ||
	    from_hex(verifier + off, salt, SALT) ||
	    from_hex(verifier + off + 2 * SALT + 1, want, HASH) ||
	    scrypt(pin, salt, cost, r, p, hash))
		return -1;
	*match = CRYPTO_memcmp(hash, want, HASH) == 0;
	OPENSSL_cleanse(hash, sizeof(hash));
	return 0;
}
