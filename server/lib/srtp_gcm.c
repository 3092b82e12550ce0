// SPDX-License-Identifier: GPL-2.0
/*
 * libsrtp2's AEAD_AES_128_GCM on OpenSSL.
 *
 * Debian builds libsrtp2 on NSS, whose one-shot AES-GCM looks each
 * packet's key up among every key NSS holds: a packet costs more the more
 * calls are open (performance.rst, "SRTP backends").  libsrtp2 lets an
 * application put its own cipher in place of one of its own
 * (srtp_replace_cipher_type()), and runs the replaced cipher's known
 * answers against the new one before it takes it.  libsrtp2 keeps the
 * rest of SRTP: key derivation, the rollover counter, the replay window
 * and the packet's layout.
 */
#include <limits.h>
#include <stdlib.h>

#include <openssl/evp.h>
#include <srtp2/cipher.h>

#include "srtp.h"

#define GCM_KEY		16
#define GCM_SALT	12
#define GCM_IV		12
#define GCM_TAG		16
#define GCM_TAG_8	8	/* RFC 7714, section 14.2: the _8 profiles */

/*
 * libsrtp2's cipher and its state in one allocation: a packet reads both,
 * and with thousands of channels each line read is likely a cache miss.
 */
struct gcm {
	srtp_cipher_t cipher;
	EVP_CIPHER_CTX *ctx;
	unsigned int tag_len;
};

static EVP_CIPHER *aes_128_gcm;

static const srtp_cipher_type_t gcm_128;

static srtp_err_status_t gcm_alloc(srtp_cipher_pointer_t *cp, int key_len,
				   int tag_len)
{
	struct gcm *g;

	/* libsrtp2 passes the key with its salt, which it applies itself */
	if (key_len != GCM_KEY + GCM_SALT ||
	    (tag_len != GCM_TAG && tag_len != GCM_TAG_8))
		return srtp_err_status_bad_param;
	g = calloc(1, sizeof(*g));
	if (!g)
		return srtp_err_status_alloc_fail;
	g->ctx = EVP_CIPHER_CTX_new();
	if (!g->ctx) {
		free(g);
		return srtp_err_status_alloc_fail;
	}
	g->tag_len = tag_len;
	g->cipher.type = &gcm_128;
	g->cipher.state = g;
	g->cipher.key_len = key_len;
	g->cipher.algorithm = SRTP_AES_GCM_128;
	*cp = &g->cipher;
	return srtp_err_status_ok;
}

static srtp_err_status_t gcm_dealloc(srtp_cipher_pointer_t c)
{
	struct gcm *g = c->state;

	/* the context's key schedule is cleansed as it is freed */
	EVP_CIPHER_CTX_free(g->ctx);
	free(g);
	return srtp_err_status_ok;
}

static srtp_err_status_t gcm_init(void *state, const uint8_t *key)
{
	struct gcm *g = state;

	return EVP_CipherInit_ex2(g->ctx, aes_128_gcm, key, NULL, 1, NULL) ?
	       srtp_err_status_ok : srtp_err_status_init_fail;
}

/* The whole IV, salt already in it (RFC 7714, section 8.1). */
static srtp_err_status_t gcm_set_iv(void *state, uint8_t *iv,
				    srtp_cipher_direction_t dir)
{
	struct gcm *g = state;

	if (dir != srtp_direction_encrypt && dir != srtp_direction_decrypt)
		return srtp_err_status_bad_param;
	return EVP_CipherInit_ex2(g->ctx, NULL, NULL, iv,
				  dir == srtp_direction_encrypt, NULL) ?
	       srtp_err_status_ok : srtp_err_status_init_fail;
}

static srtp_err_status_t gcm_set_aad(void *state, const uint8_t *aad,
				     uint32_t len)
{
	struct gcm *g = state;
	int out;

	return len <= INT_MAX &&
	       EVP_CipherUpdate(g->ctx, NULL, &out, aad, (int)len) ?
	       srtp_err_status_ok : srtp_err_status_algo_fail;
}

static srtp_err_status_t gcm_encrypt(void *state, uint8_t *buf,
				     unsigned int *len)
{
	struct gcm *g = state;
	int out;

	return *len <= INT_MAX &&
	       EVP_CipherUpdate(g->ctx, buf, &out, buf, (int)*len) ?
	       srtp_err_status_ok : srtp_err_status_algo_fail;
}

/* After encrypt: the tag, which ends the packet. */
static srtp_err_status_t gcm_get_tag(void *state, uint8_t *tag,
				     uint32_t *len)
{
	struct gcm *g = state;
	int out;

	if (EVP_CipherFinal_ex(g->ctx, NULL, &out) <= 0 ||
	    EVP_CIPHER_CTX_ctrl(g->ctx, EVP_CTRL_AEAD_GET_TAG, g->tag_len,
				tag) <= 0)
		return srtp_err_status_algo_fail;
	*len = g->tag_len;
	return srtp_err_status_ok;
}

/*
 * @len covers the tag at its end; it comes back without it.  The
 * plaintext is written before the tag is checked, as libsrtp2's own
 * OpenSSL build does: on srtp_err_status_auth_fail srtp_unprotect() fails
 * and its caller drops the packet unheard.
 */
static srtp_err_status_t gcm_decrypt(void *state, uint8_t *buf,
				     unsigned int *len)
{
	struct gcm *g = state;
	unsigned int n;
	int out;

	if (*len < g->tag_len || *len > INT_MAX)
		return srtp_err_status_bad_param;
	n = *len - g->tag_len;
	if (EVP_CIPHER_CTX_ctrl(g->ctx, EVP_CTRL_AEAD_SET_TAG, g->tag_len,
				buf + n) <= 0 ||
	    !EVP_CipherUpdate(g->ctx, buf, &out, buf, (int)n))
		return srtp_err_status_algo_fail;
	if (EVP_CipherFinal_ex(g->ctx, NULL, &out) <= 0)
		return srtp_err_status_auth_fail;
	*len = n;
	return srtp_err_status_ok;
}

/*
 * RFC 7714, section 16.1.1: an RTP packet sealed with AEAD_AES_128_GCM.
 * The key is followed by the salt, as libsrtp2 gives both; the IV is the
 * salt XORed with the SSRC, ROC and SEQ of the header (section 8.1).
 */
static const uint8_t rfc7714_key[GCM_KEY + GCM_SALT] = {
	0x00, 0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0x07,
	0x08, 0x09, 0x0a, 0x0b, 0x0c, 0x0d, 0x0e, 0x0f,
	'Q', 'u', 'i', 'd', ' ', 'p', 'r', 'o', ' ', 'q', 'u', 'o',
};

static uint8_t rfc7714_iv[GCM_IV] = {
	0x51, 0x75, 0x3c, 0x65, 0x80, 0xc2, 0x72, 0x6f,
	0x20, 0x71, 0x84, 0x14,
};

static const uint8_t rfc7714_header[BP_RTP_HEADER] = {
	0x80, 0x40, 0xf1, 0x7b, 0x80, 0x41, 0xf8, 0xd3,
	0x55, 0x01, 0xa0, 0xb2,
};

static const uint8_t rfc7714_plain[] = "Gallia est omnis divisa in partes tres";

static const uint8_t rfc7714_sealed[sizeof(rfc7714_plain) - 1 + GCM_TAG] = {
	0xf2, 0x4d, 0xe3, 0xa3, 0xfb, 0x34, 0xde, 0x6c,
	0xac, 0xba, 0x86, 0x1c, 0x9d, 0x7e, 0x4b, 0xca,
	0xbe, 0x63, 0x3b, 0xd5, 0x0d, 0x29, 0x4e, 0x6f,
	0x42, 0xa5, 0xf4, 0x7a, 0x51, 0xc7, 0xd1, 0x9b,
	0x36, 0xde, 0x3a, 0xdf, 0x88, 0x33, 0x89, 0x9d,
	0x7f, 0x27, 0xbe, 0xb1, 0x6a, 0x91, 0x52, 0xcf,
	0x76, 0x5e, 0xe4, 0x39, 0x0c, 0xce,
};

static const srtp_cipher_test_case_t rfc7714_case = {
	.key_length_octets = sizeof(rfc7714_key),
	.key = rfc7714_key,
	.idx = rfc7714_iv,
	.plaintext_length_octets = sizeof(rfc7714_plain) - 1,
	.plaintext = rfc7714_plain,
	.ciphertext_length_octets = sizeof(rfc7714_sealed),
	.ciphertext = rfc7714_sealed,
	.aad_length_octets = sizeof(rfc7714_header),
	.aad = rfc7714_header,
	.tag_length_octets = GCM_TAG,
};

static const srtp_cipher_type_t gcm_128 = {
	.alloc = gcm_alloc,
	.dealloc = gcm_dealloc,
	.init = gcm_init,
	.set_aad = gcm_set_aad,
	.encrypt = gcm_encrypt,
	.decrypt = gcm_decrypt,
	.set_iv = gcm_set_iv,
	.get_tag = gcm_get_tag,
	.description = "AES-128 GCM on OpenSSL (btiprovd)",
	.test_data = &rfc7714_case,
	.id = SRTP_AES_GCM_128,
};

/**
 * bp_srtp_gcm_install - AEAD_AES_128_GCM on OpenSSL for libsrtp2's sessions
 *
 * Once, after srtp_init() and before any other thread uses libsrtp2.
 * Sessions created before keep the cipher they had.  libsrtp2 takes the
 * cipher only once it gives RFC 7714's answer and the known answers of
 * the cipher it replaces.
 *
 * Returns 0 or -1.
 */
int bp_srtp_gcm_install(void)
{
	if (!aes_128_gcm)
		aes_128_gcm = EVP_CIPHER_fetch(NULL, "AES-128-GCM", NULL);
	return aes_128_gcm &&
	       srtp_replace_cipher_type(&gcm_128,
					SRTP_AES_GCM_128) == srtp_err_status_ok ?
	       0 : -1;
}
