// SPDX-License-Identifier: GPL-2.0
/*
 * libsrtp2's AES-128 in counter mode (RFC 3711, 4.1.1, "AES-CM") on
 * OpenSSL, for its key derivation (RFC 3711, 4.3.3).
 *
 * The voice channel's packets use AES-GCM (srtp_gcm.c), but libsrtp2
 * derives each stream's keys with AES-CM whatever the packets use.  On
 * Debian's build that is NSS, which imports a key and builds a context
 * for every label: about a tenth of a handshake's CPU
 * (performance.rst, "Handshakes").  Put in its place the same way as
 * the AES-GCM, it passes RFC 3711's known answers and the replaced
 * cipher's before libsrtp2 takes it.
 */
#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <srtp2/cipher.h>

#include "srtp.h"

#define CM_KEY		16
#define CM_SALT		14
#define CM_BLOCK	16
/*
 * AES-CM counts in the IV's last 16 bits (RFC 3711, 4.1.1); OpenSSL's
 * counter runs over all 128.  They agree while the 16 bits do not wrap:
 * no more is given out after one IV.
 */
#define CM_BLOCKS	0x10000

/* libsrtp2's cipher and its state in one allocation, as srtp_gcm.c's */
struct cm {
	srtp_cipher_t cipher;
	EVP_CIPHER_CTX *ctx;
	uint8_t offset[CM_BLOCK];	/* the salt, then two zero octets */
	size_t left;			/* bytes before the counter wraps */
};

static EVP_CIPHER *aes_128_ctr;

static const srtp_cipher_type_t cm_128;

static srtp_err_status_t cm_alloc(srtp_cipher_pointer_t *cp, int key_len,
				  int tag_len)
{
	struct cm *m;

	(void)tag_len;
	if (key_len != CM_KEY + CM_SALT)
		return srtp_err_status_bad_param;
	m = calloc(1, sizeof(*m));
	if (!m)
		return srtp_err_status_alloc_fail;
	m->ctx = EVP_CIPHER_CTX_new();
	if (!m->ctx) {
		free(m);
		return srtp_err_status_alloc_fail;
	}
	m->cipher.type = &cm_128;
	m->cipher.state = m;
	m->cipher.key_len = key_len;
	m->cipher.algorithm = SRTP_AES_ICM_128;
	*cp = &m->cipher;
	return srtp_err_status_ok;
}

static srtp_err_status_t cm_dealloc(srtp_cipher_pointer_t c)
{
	struct cm *m = c->state;

	EVP_CIPHER_CTX_free(m->ctx);
	OPENSSL_cleanse(m, sizeof(*m));
	free(m);
	return srtp_err_status_ok;
}

/* @key: the key, then the salt */
static srtp_err_status_t cm_init(void *state, const uint8_t *key)
{
	struct cm *m = state;

	memset(m->offset, 0, sizeof(m->offset));
	memcpy(m->offset, key + CM_KEY, CM_SALT);
	m->left = 0;
	return EVP_CipherInit_ex2(m->ctx, aes_128_ctr, key, NULL, 1, NULL) ?
	       srtp_err_status_ok : srtp_err_status_init_fail;
}

/* The counter's start: @iv XORed with the salt (RFC 3711, 4.1.1). */
/* cppcheck-suppress constParameter ; libsrtp2's set_iv type is not const */
static srtp_err_status_t cm_set_iv(void *state, uint8_t *iv,
				   srtp_cipher_direction_t dir)
{
	struct cm *m = state;
	uint8_t counter[CM_BLOCK];
	unsigned int i;
	int ok;

	(void)dir;
	for (i = 0; i < CM_BLOCK; i++)
		counter[i] = m->offset[i] ^ iv[i];
	m->left = (CM_BLOCKS - (counter[14] << 8 | counter[15])) * CM_BLOCK;
	ok = EVP_CipherInit_ex2(m->ctx, NULL, NULL, counter, 1, NULL);
	OPENSSL_cleanse(counter, sizeof(counter));
	return ok ? srtp_err_status_ok : srtp_err_status_init_fail;
}

/* The keystream XORed into @buf; decryption is the same. */
static srtp_err_status_t cm_encrypt(void *state, uint8_t *buf,
				    unsigned int *len)
{
	struct cm *m = state;
	int out;

	if (*len > m->left || *len > INT_MAX)
		return srtp_err_status_terminus;
	m->left -= *len;
	return EVP_CipherUpdate(m->ctx, buf, &out, buf, (int)*len) ?
	       srtp_err_status_ok : srtp_err_status_cipher_fail;
}

/*
 * RFC 3711, appendix B.2: the keystream's first three blocks, for the
 * key and salt given there and a zero IV.
 */
static const uint8_t rfc3711_key[CM_KEY + CM_SALT] = {
	0x2b, 0x7e, 0x15, 0x16, 0x28, 0xae, 0xd2, 0xa6,
	0xab, 0xf7, 0x15, 0x88, 0x09, 0xcf, 0x4f, 0x3c,
	0xf0, 0xf1, 0xf2, 0xf3, 0xf4, 0xf5, 0xf6, 0xf7,
	0xf8, 0xf9, 0xfa, 0xfb, 0xfc, 0xfd,
};

static uint8_t rfc3711_iv[CM_BLOCK];

static const uint8_t rfc3711_zeros[3 * CM_BLOCK];

static const uint8_t rfc3711_keystream[3 * CM_BLOCK] = {
	0xe0, 0x3e, 0xad, 0x09, 0x35, 0xc9, 0x5e, 0x80,
	0xe1, 0x66, 0xb1, 0x6d, 0xd9, 0x2b, 0x4e, 0xb4,
	0xd2, 0x35, 0x13, 0x16, 0x2b, 0x02, 0xd0, 0xf7,
	0x2a, 0x43, 0xa2, 0xfe, 0x4a, 0x5f, 0x97, 0xab,
	0x41, 0xe9, 0x5b, 0x3b, 0xb0, 0xa2, 0xe8, 0xdd,
	0x47, 0x79, 0x01, 0xe4, 0xfc, 0xa8, 0x94, 0xc0,
};

static const srtp_cipher_test_case_t rfc3711_case = {
	.key_length_octets = sizeof(rfc3711_key),
	.key = rfc3711_key,
	.idx = rfc3711_iv,
	.plaintext_length_octets = sizeof(rfc3711_zeros),
	.plaintext = rfc3711_zeros,
	.ciphertext_length_octets = sizeof(rfc3711_keystream),
	.ciphertext = rfc3711_keystream,
};

static const srtp_cipher_type_t cm_128 = {
	.alloc = cm_alloc,
	.dealloc = cm_dealloc,
	.init = cm_init,
	.encrypt = cm_encrypt,
	.decrypt = cm_encrypt,
	.set_iv = cm_set_iv,
	.description = "AES-128 counter mode on OpenSSL (btiprovd)",
	.test_data = &rfc3711_case,
	.id = SRTP_AES_ICM_128,
};

/**
 * bp_srtp_icm_install - AES-128 counter mode on OpenSSL for libsrtp2's key
 *	derivation
 *
 * Once, after srtp_init() and before any other thread uses libsrtp2.
 * Sessions created before keep the keys they derived.
 *
 * Returns 0 or -1.
 */
int bp_srtp_icm_install(void)
{
	if (!aes_128_ctr)
		aes_128_ctr = EVP_CIPHER_fetch(NULL, "AES-128-CTR", NULL);
	return aes_128_ctr &&
	       srtp_replace_cipher_type(&cm_128,
					SRTP_AES_ICM_128) == srtp_err_status_ok ?
	       0 : -1;
}
