// SPDX-License-Identifier: GPL-2.0
/*
 * HKDF-SHA256 (RFC 5869) on the crypto API's hmac(sha256), which 6.1 does
 * not wrap.  Inputs come in pieces, so that HPKE's labelled inputs need no
 * buffer of their own.
 */
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
	SHASH_DESC_ON_STACK(desc, hmac);
	int err;

	if (!salt_len) {
		salt = zeroes;
		salt_len = sizeof(zeroes);
	}
	desc->tfm = hmac;
	err = crypto_shash_setkey(hmac, salt, salt_len);
	err = err ?: crypto_shash_init(desc);
	err = err ?: bti_hmac_pieces(desc, ikm, n);
	err = err ?: crypto_shash_final(desc, prk);
	shash_desc_zero(desc);
	return err;
}

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
