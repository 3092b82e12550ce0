// SPDX-License-Identifier: GPL-2.0
/*
 * The sealing key: a key in the caller's keyrings, named by the
 * sealing_key module parameter as TYPE:DESCRIPTION, of type logon, trusted
 * or encrypted.  bti never uses its payload directly: it derives an
 * AES-256 key from it with HKDF, so that the payload is used for sealing
 * bti's blobs and nothing else.
 */
#include <keys/encrypted-type.h>
#include <keys/trusted-type.h>
#include <keys/user-type.h>
#include <linux/key.h>
#include <linux/module.h>
#include <linux/string.h>

#include "hkdf.h"
#include "seal.h"

#define BTI_SEAL_MIN_PAYLOAD	16

char *bti_sealing_key = "logon:bti:seal";
module_param_named(sealing_key, bti_sealing_key, charp, 0444);
MODULE_PARM_DESC(sealing_key,
		 "Keyring key that seals exported keys, TYPE:DESCRIPTION, TYPE one of logon, trusted, encrypted (default logon:bti:seal)");

/* The key's secret bytes; the key's semaphore is held. */
static int bti_seal_payload(struct key *key, const u8 **p, size_t *len)
{
	if (key->type == &key_type_logon) {
		const struct user_key_payload *up = user_key_payload_locked(key);

		if (!up)
			return -EKEYREVOKED;
		*p = up->data;
		*len = up->datalen;
	} else if (key->type == &key_type_encrypted) {
		const struct encrypted_key_payload *ep;

		ep = dereference_key_locked(key);
		if (!ep)
			return -EKEYREVOKED;
		*p = ep->decrypted_data;
		*len = ep->decrypted_datalen;
	} else {
		const struct trusted_key_payload *tp;

		tp = dereference_key_locked(key);
		if (!tp)
			return -EKEYREVOKED;
		*p = tp->key;
		*len = tp->key_len;
	}
	return *len < BTI_SEAL_MIN_PAYLOAD ? -EKEYREJECTED : 0;
}

static int bti_seal_derive(struct key *key, u8 out[BTI_SEAL_KEY])
{
	static const char salt[] = "bti v1 seal";
	struct crypto_shash *hmac;
	struct bti_bytes ikm, info = { "bti v1 sealing key", 18 };
	u8 prk[BTI_HKDF_LEN];
	int err;

	hmac = crypto_alloc_shash("hmac(sha256)", 0, 0);
	if (IS_ERR(hmac))
		return PTR_ERR(hmac);
	down_read(&key->sem);
	err = key_validate(key);
	err = err ?: bti_seal_payload(key, (const u8 **)&ikm.p, &ikm.len);
	err = err ?: bti_hkdf_extract(hmac, salt, sizeof(salt) - 1, &ikm, 1,
				      prk);
	up_read(&key->sem);
	err = err ?: bti_hkdf_expand(hmac, prk, &info, 1, out, BTI_SEAL_KEY);
	memzero_explicit(prk, sizeof(prk));
	crypto_free_shash(hmac);
	return err;
}

/**
 * bti_seal_key - the AES-256 key that seals blobs, from the keyring
 * @key: the derived key
 *
 * Looks the sealing key up in the calling task's keyrings.
 *
 * Return: 0; -EINVAL if the parameter names no supported type; -ENOKEY
 * if no such key is found; -EKEYREJECTED if its payload is too short to
 * seal with; or another negative errno.
 */
int bti_seal_key(u8 key[BTI_SEAL_KEY])
{
	struct key_type *trusted = NULL, *type;
	const char *desc = strchr(bti_sealing_key, ':');
	struct key *k;
	int err;

	if (!desc)
		return -EINVAL;
	if (!strncmp(bti_sealing_key, "logon:", 6)) {
		type = &key_type_logon;
	} else if (!strncmp(bti_sealing_key, "encrypted:", 10)) {
		type = &key_type_encrypted;
	} else if (!strncmp(bti_sealing_key, "trusted:", 8)) {
		/* only if the kernel has trusted keys, and not a dependency */
		trusted = symbol_get(key_type_trusted);
		if (!trusted)
			return -ENOKEY;
		type = trusted;
	} else {
		return -EINVAL;
	}

	k = request_key(type, desc + 1, NULL);
	if (IS_ERR(k)) {
		err = PTR_ERR(k);
		if (err == -ENOKEY || err == -EKEYREVOKED ||
		    err == -EKEYEXPIRED)
			err = -ENOKEY;
	} else {
		err = bti_seal_derive(k, key);
		key_put(k);
	}
	if (trusted)
		symbol_put(key_type_trusted);
	return err;
}
