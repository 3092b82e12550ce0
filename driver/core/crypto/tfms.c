// SPDX-License-Identifier: GPL-2.0
/*
 * The transforms of a session: allocating one looks the algorithm up and
 * may load a module, work for once per session, not once per message.
 */
#include <kunit/visibility.h>

#include "gcm.h"
#include "tfms.h"

/*
 * A transform of its own is for a long-term key, which must not stay on
 * a session's transform: freeing it at once wipes the key.
 */

/**
 * bti_tfms_hmac - an HMAC-SHA256 transform of its own
 *
 * Return: the transform, or an ERR_PTR().
 */
struct crypto_shash *bti_tfms_hmac(void)
{
	return crypto_alloc_shash("hmac(sha256)", 0, 0);
}
EXPORT_SYMBOL_IF_KUNIT(bti_tfms_hmac);

/**
 * bti_tfms_ecdh - a P-256 ECDH transform of its own
 *
 * Return: the transform, or an ERR_PTR().
 */
struct crypto_kpp *bti_tfms_ecdh(void)
{
	return crypto_alloc_kpp("ecdh-nist-p256", 0, 0);
}
EXPORT_SYMBOL_IF_KUNIT(bti_tfms_ecdh);

/**
 * bti_tfms_alloc - allocate the transforms every session uses
 * @t: zeroed by the caller; bti_tfms_free() undoes a partial allocation
 *
 * Return: 0 or a negative errno.
 */
int bti_tfms_alloc(struct bti_tfms *t)
{
	struct crypto_shash *hmac;
	struct crypto_aead *gcm;
	struct crypto_kpp *ecdh;

	hmac = bti_tfms_hmac();
	if (IS_ERR(hmac))
		return PTR_ERR(hmac);
	t->hmac = hmac;
	gcm = crypto_alloc_aead("gcm(aes)", 0, 0);
	if (IS_ERR(gcm))
		return PTR_ERR(gcm);
	t->gcm = gcm;
	ecdh = bti_tfms_ecdh();
	if (IS_ERR(ecdh))
		return PTR_ERR(ecdh);
	t->ecdh = ecdh;
	return crypto_aead_setauthsize(gcm, BTI_GCM_TAG);
}
EXPORT_SYMBOL_IF_KUNIT(bti_tfms_alloc);

/**
 * bti_tfms_alloc_rsa - add the RSA transform, for suite 2
 * @t: the session's transforms
 *
 * Return: 0 or a negative errno.
 */
int bti_tfms_alloc_rsa(struct bti_tfms *t)
{
	struct crypto_akcipher *rsa;

	if (t->rsa)
		return 0;
	rsa = crypto_alloc_akcipher("rsa", 0, 0);
	if (IS_ERR(rsa))
		return PTR_ERR(rsa);
	t->rsa = rsa;
	return 0;
}
EXPORT_SYMBOL_IF_KUNIT(bti_tfms_alloc_rsa);

/**
 * bti_tfms_free - free the transforms, and the keys last set on them
 * @t: the transforms; any of them may be NULL
 */
void bti_tfms_free(struct bti_tfms *t)
{
	/* each free wipes the transform's context, where its key is */
	crypto_free_shash(t->hmac);
	crypto_free_aead(t->gcm);
	crypto_free_kpp(t->ecdh);
	crypto_free_akcipher(t->rsa);
	memset(t, 0, sizeof(*t));
}
EXPORT_SYMBOL_IF_KUNIT(bti_tfms_free);
