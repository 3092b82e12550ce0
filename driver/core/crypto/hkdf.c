// SPDX-License-Identifier: GPL-2.0
/*
 * HMAC-SHA256 and HKDF-SHA256 (RFC 5869) on the crypto API's hmac(sha256).
 * No kernel bti supports exports an HKDF: 6.1 and 6.12 predate
 * crypto/hkdf.c (6.14), and 7.x no longer has it.  Inputs come in pieces,
 * so that HPKE's labelled inputs need no buffer of their own.
 */
#include <kunit/visibility.h>
#include <linux/string.h>

#include "hkdf.h"

static int bti_hmac_pieces(struct shash_desc *desc, const struct bti_bytes *b,
			   unsigned int n)
{
	unsigned int i;
	int err = 0;

	for (i = 0; i < n && !err; i++)
		err = crypto_shash_update(desc, b[i].p, b[i].len);
	return err;
}

/**
 * bti_hmac - HMAC-SHA256 of a message in pieces
 * @hmac: an hmac(sha256) transform, keyed here
 * @key: the key
 * @key_len: its length
 * @in: the message, in pieces
 * @n: how many pieces
 * @out: the MAC
 *
 * Return: 0 or a negative errno.
 */
int bti_hmac(struct crypto_shash *hmac, const u8 *key, size_t key_len,
	     const struct bti_bytes *in, unsigned int n,
	     u8 out[SHA256_DIGEST_SIZE])
{
	SHASH_DESC_ON_STACK(desc, hmac);
	int err;

	desc->tfm = hmac;
	err = crypto_shash_setkey(hmac, key, key_len);
	err = err ?: crypto_shash_init(desc);
	err = err ?: bti_hmac_pieces(desc, in, n);
	err = err ?: crypto_shash_final(desc, out);
	shash_desc_zero(desc);
	return err;
}
EXPORT_SYMBOL_IF_KUNIT(bti_hmac);

/**
 * bti_hkdf_extract - PRK = HMAC-SHA256(salt, ikm)
 * @hmac: an hmac(sha256) transform, keyed here
 * @salt: the salt; none means HashLen zeroes, as RFC 5869 says
 * @salt_len: its length
 * @ikm: the input keying material, in pieces
 * @n: how many pieces
 * @prk: the result
 *
 * Return: 0 or a negative errno.
 */
int bti_hkdf_extract(struct crypto_shash *hmac, const u8 *salt,
		     size_t salt_len, const struct bti_bytes *ikm,
		     unsigned int n, u8 prk[BTI_HKDF_LEN])
{
	static const u8 zeroes[BTI_HKDF_LEN];

	if (!salt_len)
		return bti_hmac(hmac, zeroes, sizeof(zeroes), ikm, n, prk);
	return bti_hmac(hmac, salt, salt_len, ikm, n, prk);
}
EXPORT_SYMBOL_IF_KUNIT(bti_hkdf_extract);

/**
 * bti_hkdf_expand - OKM = T(1) | T(2) | ... truncated to @len
 * @hmac: an hmac(sha256) transform, keyed here
 * @prk: from bti_hkdf_extract()
 * @info: the context, in pieces
 * @n: how many pieces
 * @okm: the output
 * @len: its length, at most 255 * BTI_HKDF_LEN
 *
 * Return: 0 or a negative errno.
 */
int bti_hkdf_expand(struct crypto_shash *hmac, const u8 prk[BTI_HKDF_LEN],
		    const struct bti_bytes *info, unsigned int n, u8 *okm,
		    size_t len)
{
	SHASH_DESC_ON_STACK(desc, hmac);
	u8 t[BTI_HKDF_LEN];
	u8 counter;
	size_t done;
	int err;

	if (len > 255 * BTI_HKDF_LEN)
		return -EINVAL;
	desc->tfm = hmac;
	err = crypto_shash_setkey(hmac, prk, BTI_HKDF_LEN);
	for (done = 0, counter = 1; !err && done < len; counter++) {
		err = crypto_shash_init(desc);
		if (!err && done)
			err = crypto_shash_update(desc, t, sizeof(t));
		err = err ?: bti_hmac_pieces(desc, info, n);
		err = err ?: crypto_shash_finup(desc, &counter, 1, t);
		if (err)
			break;
		memcpy(okm + done, t, min(len - done, sizeof(t)));
		done += min(len - done, sizeof(t));
	}
	memzero_explicit(t, sizeof(t));
	shash_desc_zero(desc);
	return err;
}
EXPORT_SYMBOL_IF_KUNIT(bti_hkdf_expand);
