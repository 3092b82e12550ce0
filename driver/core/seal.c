// SPDX-License-Identifier: GPL-2.0
/*
 * The sealing key: a trusted or encrypted key (or, asked for by name, a
 * logon key) in bti's own keyring, which only root may fill, named by the
 * sealing_key module parameter.  bti never uses its payload directly: it
 * derives an AES-256 key from it with HKDF, so that the payload is used
 * for sealing bti's blobs and nothing else.
 */
#include <keys/encrypted-type.h>
#include <keys/trusted-type.h>
#include <keys/user-type.h>
#include <linux/key.h>
#include <linux/cred.h>
#include <linux/module.h>
#include <linux/string.h>

#include "crypto/hkdf.h"
#include "seal.h"

#define BTI_SEAL_MIN_PAYLOAD	16

char *bti_sealing_key = "bti:seal";
module_param_named(sealing_key, bti_sealing_key, charp, 0444);
MODULE_PARM_DESC(sealing_key,
		 "Key in the .bti keyring that seals exported keys: a trusted or else an encrypted key of this description, or TYPE:DESCRIPTION to name the type, logon included (default bti:seal)");

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

static int bti_seal_derive(struct crypto_shash *hmac, struct key *key,
			   u8 out[BTI_SEAL_KEY])
{
	static const char salt[] = "bti v1 seal";
	struct bti_bytes ikm, info = { "bti v1 sealing key", 18 };
	u8 prk[BTI_HKDF_LEN];
	int err;

	down_read(&key->sem);
	err = key_validate(key);
	err = err ?: bti_seal_payload(key, (const u8 **)&ikm.p, &ikm.len);
	err = err ?: bti_hkdf_extract(hmac, salt, sizeof(salt) - 1, &ikm, 1,
				      prk);
	up_read(&key->sem);
	err = err ?: bti_hkdf_expand(hmac, prk, &info, 1, out, BTI_SEAL_KEY);
	memzero_explicit(prk, sizeof(prk));
	return err;
}

/* Only root may put keys here: see bti_seal_init(). */
static struct key *bti_seal_keyring;

/**
 * bti_seal_init - make the keyring the sealing key is taken from
 *
 * The keyring ".bti" belongs to root, and nobody else may search, read
 * or add to it: a task that may export keys (CAP_NET_ADMIN) but is not
 * root cannot plant a sealing key of its own there.  Root adds the key
 * after the module loads (Documentation/driver.rst).
 *
 * Return: 0 or a negative errno.
 */
int bti_seal_init(void)
{
	struct key *ring;

	ring = keyring_alloc(".bti", GLOBAL_ROOT_UID, GLOBAL_ROOT_GID,
			     current_cred(), KEY_POS_SEARCH | KEY_USR_VIEW |
			     KEY_USR_READ | KEY_USR_WRITE | KEY_USR_SEARCH |
			     KEY_USR_SETATTR, KEY_ALLOC_NOT_IN_QUOTA, NULL,
			     NULL);
	if (IS_ERR(ring))
		return PTR_ERR(ring);
	bti_seal_keyring = ring;
	return 0;
}

/* Nothing of the keyring outlives the module, wherever root linked it. */
void bti_seal_exit(void)
{
	keyring_clear(bti_seal_keyring);
	key_put(bti_seal_keyring);
	bti_seal_keyring = NULL;
}

/*
 * A sealing key is root's and no one else's: owned by root, and no
 * permission for its group or others beyond seeing that it exists.
 */
static int bti_seal_key_private(struct key *k)
{
	const key_perm_t others = (KEY_GRP_ALL | KEY_OTH_ALL) &
				  ~(KEY_GRP_VIEW | KEY_OTH_VIEW);

	if (!uid_eq(k->uid, GLOBAL_ROOT_UID) || (k->perm & others)) {
		pr_warn_ratelimited("bti: sealing key %d refused: it must be root's, with no permission for group or others\n",
				    key_serial(k));
		return -EKEYREJECTED;
	}
	return 0;
}

/* The key of @type named @desc in the keyring, or an ERR_PTR(). */
static struct key *bti_seal_find(struct key_type *type, const char *desc)
{
	key_ref_t ref = keyring_search(make_key_ref(bti_seal_keyring, true),
				       type, desc, false);
	struct key *k;
	int err;

	if (IS_ERR(ref)) {
		err = PTR_ERR(ref);
		if (err == -EAGAIN || err == -EKEYREVOKED ||
		    err == -EKEYEXPIRED)
			err = -ENOKEY;
		/* bti uses the key as its possessor: it must allow that */
		if (err == -EACCES) {
			pr_warn_ratelimited("bti: sealing key %s refused: it must let its possessor search for it\n",
					    desc);
			err = -EKEYREJECTED;
		}
		return ERR_PTR(err);
	}
	k = key_ref_to_ptr(ref);
	err = bti_seal_key_private(k);
	if (err) {
		key_put(k);
		return ERR_PTR(err);
	}
	return k;
}

/* Derive from the key of @type named @desc, if there is one. */
static int bti_seal_derive_from(struct crypto_shash *hmac,
				struct key_type *type, const char *desc,
				u8 key[BTI_SEAL_KEY])
{
	struct key *k = bti_seal_find(type, desc);
	int err;

	if (IS_ERR(k))
		return PTR_ERR(k);
	err = bti_seal_derive(hmac, k, key);
	key_put(k);
	return err;
}

/* A trusted key, if the kernel has them: not a dependency of bti.ko. */
static int bti_seal_trusted(struct crypto_shash *hmac, const char *desc,
			    u8 key[BTI_SEAL_KEY])
{
	struct key_type *trusted = symbol_get(key_type_trusted);
	int err;

	if (!trusted)
		return -ENOKEY;
	err = bti_seal_derive_from(hmac, trusted, desc, key);
	symbol_put(key_type_trusted);
	return err;
}

/**
 * bti_seal_key - the AES-256 key that seals blobs, from the ".bti" keyring
 * @hmac: an hmac(sha256) transform, keyed here
 * @key: the derived key
 *
 * The sealing_key parameter names the key.  A bare description takes a
 * trusted key of that name, or else an encrypted one: the kernel made
 * their bytes, and userspace never holds them in clear.  A logon key,
 * whose bytes userspace chose, is taken only when the parameter asks for
 * one by type, and with a warning.
 *
 * Return: 0; -ENOKEY if no such key is in the keyring; -EKEYREJECTED if
 * it is not root's alone, or its payload is too short to seal with; or
 * another negative errno.
 */
int bti_seal_key(struct crypto_shash *hmac, u8 key[BTI_SEAL_KEY])
{
	const char *name = bti_sealing_key;
	int err;

	if (str_has_prefix(name, "logon:")) {
		pr_warn_once("bti: the sealing key is a logon key, whose bytes userspace chose; prefer a trusted or encrypted key\n");
		return bti_seal_derive_from(hmac, &key_type_logon, name + 6,
					    key);
	}
	if (str_has_prefix(name, "encrypted:"))
		return bti_seal_derive_from(hmac, &key_type_encrypted,
					    name + 10, key);
	if (str_has_prefix(name, "trusted:"))
		return bti_seal_trusted(hmac, name + 8, key);
	err = bti_seal_trusted(hmac, name, key);
	if (err == -ENOKEY)
		err = bti_seal_derive_from(hmac, &key_type_encrypted, name,
					   key);
	return err;
}
