// SPDX-License-Identifier: GPL-2.0
/*
 * The device: its identity key pair, its user key and its provisioning
 * state.
 *
 * The identity is a P-256 key pair made here when the module loads; its
 * private half stays in this file's memory and is wiped when the module
 * goes.  Only the public half and its fingerprint are ever handed out.
 * The user key is what a finished provisioning session bound to the
 * subscriber: a symmetric key the session drew, or the identity key.
 */
#include <crypto/algapi.h>
#include <linux/minmax.h>
#include <linux/mutex.h>
#include <linux/random.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <linux/timekeeping.h>

#include <bti/compat.h>

#include "crypto/p256.h"
#include "crypto/tfms.h"
#include "device.h"
#include "seal.h"

struct bti_device {
	struct mutex lock;	/* all of it */
	enum bti_device_state state;	/* unprovisioned or provisioned */
	unsigned int sessions;		/* provisioning sessions running */
	u64 generation;			/* of the keys: see bti_device_export() */
	bool settled;			/* keys imported or bound since loading */
	u8 user_key_kind;		/* 0 while unprovisioned */
	u8 user_key[BTI_USER_KEY];	/* for BTI_USER_KEY_KIND_SYMMETRIC */
	u8 private_key[BTI_P256_SCALAR];
	u8 public_key[BTI_P256_POINT];
	u8 id[SHA256_DIGEST_SIZE];
};

static struct bti_device *bti_device;

static int bti_device_generate(struct bti_device *dev)
{
	struct crypto_kpp *ecdh;
	int err;

	do {
		get_random_bytes(dev->private_key, BTI_P256_SCALAR);
	} while (!bti_p256_scalar_valid(dev->private_key));
	ecdh = bti_tfms_ecdh();
	if (IS_ERR(ecdh))
		return PTR_ERR(ecdh);
	err = bti_p256_public(ecdh, dev->private_key, dev->public_key);
	crypto_free_kpp(ecdh);
	if (!err)
		sha256(dev->public_key, BTI_P256_POINT, dev->id);
	return err;
}

int bti_device_init(void)
{
	struct bti_device *dev = kzalloc(sizeof(*dev), GFP_KERNEL);
	int err;

	if (!dev)
		return -ENOMEM;
	mutex_init(&dev->lock);
	dev->state = BTI_DEVICE_STATE_UNPROVISIONED;
	err = bti_device_generate(dev);
	if (err) {
		kfree_sensitive(dev);
		return err;
	}
	bti_device = dev;
	return 0;
}

void bti_device_exit(void)
{
	mutex_destroy(&bti_device->lock);
	kfree_sensitive(bti_device);
	bti_device = NULL;
}

/* Lock held. */
static void bti_device_user_key_id(const struct bti_device *dev, u8 *id)
{
	static const char label[] = "bti v1 user key id";
	u8 msg[sizeof(label) - 1 + sizeof(dev->user_key)];

	if (dev->user_key_kind != BTI_USER_KEY_KIND_SYMMETRIC) {
		memcpy(id, dev->id, SHA256_DIGEST_SIZE);
		return;
	}
	/* one call: the incremental SHA-256 API changed type in 6.17 */
	memcpy(msg, label, sizeof(label) - 1);
	memcpy(msg + sizeof(label) - 1, dev->user_key, sizeof(dev->user_key));
	sha256(msg, sizeof(msg), id);
	memzero_explicit(msg, sizeof(msg));
}

void bti_device_get_info(struct bti_device_info *info)
{
	mutex_lock(&bti_device->lock);
	info->state = bti_device->sessions ? BTI_DEVICE_STATE_PROVISIONING :
					     bti_device->state;
	memcpy(info->public_key, bti_device->public_key, BTI_P256_POINT);
	memcpy(info->id, bti_device->id, sizeof(info->id));
	info->user_key_kind = bti_device->user_key_kind;
	bti_device_user_key_id(bti_device, info->user_key_id);
	mutex_unlock(&bti_device->lock);
}

/**
 * bti_device_session_begin - a provisioning session starts
 * @id: for the session's REQUEST, the id the server knows the device by:
 *	its bound key's (protocol.rst, section 7)
 *
 * Key import waits until every session has ended.
 *
 * Return: whether the device is provisioned, and must prove it.
 */
bool bti_device_session_begin(u8 id[SHA256_DIGEST_SIZE])
{
	struct bti_device *dev = bti_device;
	bool provisioned;

	mutex_lock(&dev->lock);
	dev->sessions++;
	provisioned = dev->state == BTI_DEVICE_STATE_PROVISIONED;
	bti_device_user_key_id(dev, id);
	mutex_unlock(&dev->lock);
	return provisioned;
}

/**
 * bti_device_proof - the key a provisioned device proves itself with
 * @re: the bound key's kind and a copy of the key, which the caller wipes
 */
void bti_device_proof(struct bti_device_proof *re)
{
	struct bti_device *dev = bti_device;

	mutex_lock(&dev->lock);
	re->kind = dev->user_key_kind;
	if (re->kind == BTI_USER_KEY_KIND_SYMMETRIC)
		memcpy(re->key, dev->user_key, sizeof(re->key));
	else
		memcpy(re->key, dev->private_key, sizeof(re->key));
	mutex_unlock(&dev->lock);
}

/**
 * bti_device_session_end - a provisioning session ends
 * @kind: the kind of user key the server bound, or 0 if it bound none
 * @user_key: the symmetric key it bound, for BTI_USER_KEY_KIND_SYMMETRIC
 */
void bti_device_session_end(u8 kind, const u8 *user_key)
{
	struct bti_device *dev = bti_device;

	mutex_lock(&dev->lock);
	dev->sessions--;
	if (kind) {
		/* the clock, where it runs, outranks blobs of earlier loads */
		dev->generation = max_t(u64, dev->generation + 1,
					ktime_get_real_seconds());
		dev->settled = true;
		dev->state = BTI_DEVICE_STATE_PROVISIONED;
		dev->user_key_kind = kind;
		if (kind == BTI_USER_KEY_KIND_SYMMETRIC)
			memcpy(dev->user_key, user_key, sizeof(dev->user_key));
		else
			memzero_explicit(dev->user_key, sizeof(dev->user_key));
	}
	mutex_unlock(&dev->lock);
}

static const u8 bti_blob_magic[4] = "BTIK";
#define BTI_BLOB_VERSION	2

/**
 * bti_device_export - seal the device's keys for storage outside the kernel
 * @blob: the sealed blob
 *
 * The blob carries the keys' generation under the seal's authentication.
 * Each binding of a user key advances it, to the wall clock's seconds
 * where that is ahead, so that a binding outranks blobs from earlier
 * loads of the module.  bti_device_import() refuses a blob older than the
 * keys it would replace, so a device cannot be rolled back to a binding
 * it has moved on from while the module stays loaded.  Across a reload
 * only storage the attacker cannot rewrite, or a hardware counter, can
 * tell (Documentation/driver.rst).
 *
 * Return: 0, -ENOKEY without a sealing key, or another negative errno.
 */
int bti_device_export(u8 blob[BTI_BLOB_LEN])
{
	u8 key[BTI_SEAL_KEY], secret[BTI_BLOB_SECRET];
	u8 *nonce = blob + 8 + BTI_BLOB_GENERATION;
	struct bti_tfms t = { };
	int err;

	err = bti_tfms_alloc(&t);
	err = err ?: bti_seal_key(t.hmac, key);
	if (err) {
		bti_tfms_free(&t);
		return err;
	}
	memcpy(blob, bti_blob_magic, sizeof(bti_blob_magic));
	blob[4] = BTI_BLOB_VERSION;
	blob[7] = 0;
	get_random_bytes(nonce, BTI_GCM_NONCE);
	mutex_lock(&bti_device->lock);
	blob[5] = bti_device->state;
	blob[6] = bti_device->user_key_kind;
	put_unaligned_be64(bti_device->generation, blob + 8);
	memcpy(blob + BTI_BLOB_HEADER, bti_device->public_key, BTI_P256_POINT);
	memcpy(secret, bti_device->private_key, BTI_P256_SCALAR);
	memcpy(secret + BTI_P256_SCALAR, bti_device->user_key, BTI_USER_KEY);
	mutex_unlock(&bti_device->lock);
	err = bti_gcm_seal(t.gcm, key, sizeof(key), nonce, blob, BTI_BLOB_AAD,
			   secret, sizeof(secret), blob + BTI_BLOB_AAD);
	bti_tfms_free(&t);
	memzero_explicit(secret, sizeof(secret));
	memzero_explicit(key, sizeof(key));
	return err;
}

/**
 * struct bti_blob - where a blob's parts are, by its version
 * @generation: of its keys; 0 for version 1
 * @nonce: its GCM nonce
 * @public_key: the identity's public key, the last of the associated data
 * @sealed: the sealed secrets and their tag
 * @aad_len: the associated data's length
 */
struct bti_blob {
	u64 generation;
	const u8 *nonce;
	const u8 *public_key;
	const u8 *sealed;
	size_t aad_len;
};

static int bti_blob_parse(const u8 *blob, size_t len, struct bti_blob *b)
{
	size_t gen_len;
	bool provisioned;

	if (len < 8 || (blob[4] != 1 && blob[4] != BTI_BLOB_VERSION))
		return -EINVAL;
	gen_len = blob[4] == 1 ? 0 : BTI_BLOB_GENERATION;
	provisioned = blob[5] == BTI_DEVICE_STATE_PROVISIONED;
	if (len != BTI_BLOB_LEN - BTI_BLOB_GENERATION + gen_len ||
	    memcmp(blob, bti_blob_magic, sizeof(bti_blob_magic)) ||
	    !(provisioned || blob[5] == BTI_DEVICE_STATE_UNPROVISIONED) ||
	    (provisioned ? blob[6] != BTI_USER_KEY_KIND_SYMMETRIC &&
			   blob[6] != BTI_USER_KEY_KIND_PUBLIC : blob[6]) ||
	    blob[7])
		return -EINVAL;
	b->generation = gen_len ? get_unaligned_be64(blob + 8) : 0;
	b->nonce = blob + 8 + gen_len;
	b->public_key = b->nonce + BTI_GCM_NONCE;
	b->aad_len = b->public_key + BTI_P256_POINT - blob;
	b->sealed = blob + b->aad_len;
	return b->public_key[0] == 0x04 ? 0 : -EINVAL;
}

/* Lock held.  Whether the blob holds just the keys loaded now. */
static bool bti_device_holds(const struct bti_device *dev, const u8 *blob,
			     const struct bti_blob *b, const u8 *secret)
{
	return dev->state == blob[5] && dev->user_key_kind == blob[6] &&
	       !memcmp(dev->public_key, b->public_key, BTI_P256_POINT) &&
	       !crypto_memneq(dev->private_key, secret, BTI_P256_SCALAR) &&
	       !crypto_memneq(dev->user_key, secret + BTI_P256_SCALAR,
			      BTI_USER_KEY);
}

/*
 * Lock held.  Take the blob's keys, unless that would roll them back: an
 * older generation never loads, and once this load has keys of its own
 * (imported or bound), the same generation loads only as the same keys.
 */
static int bti_device_load(struct bti_device *dev, const u8 *blob,
			   const struct bti_blob *b, const u8 *secret)
{
	if (dev->sessions)
		return -EBUSY;
	if (b->generation < dev->generation ||
	    (dev->settled && b->generation == dev->generation &&
	     !bti_device_holds(dev, blob, b, secret)))
		return -ESTALE;
	dev->generation = b->generation;
	dev->settled = true;
	dev->state = blob[5];
	dev->user_key_kind = blob[6];
	memcpy(dev->private_key, secret, BTI_P256_SCALAR);
	memcpy(dev->user_key, secret + BTI_P256_SCALAR, BTI_USER_KEY);
	memcpy(dev->public_key, b->public_key, BTI_P256_POINT);
	sha256(dev->public_key, BTI_P256_POINT, dev->id);
	return 0;
}

/**
 * bti_device_import - take the device's keys back from a sealed blob
 * @blob: from bti_device_export(), on this device
 * @len: its length
 *
 * Nothing changes unless every check passes.
 *
 * Return: 0; -EINVAL for something that is not a bti blob; -ENOKEY
 * without a sealing key; -EKEYREJECTED for a sealing key that is not
 * root's alone; -EBADMSG for a blob that does not open under it
 * (tampered, or sealed on another device) or whose keys do not match;
 * -ESTALE for a blob of an older generation than the keys loaded, or of
 * the same one with other keys once this load has keys of its own; -EBUSY
 * while a provisioning session runs.
 */
int bti_device_import(const u8 *blob, size_t len)
{
	u8 key[BTI_SEAL_KEY], secret[BTI_BLOB_SECRET], pub[BTI_P256_POINT];
	struct bti_tfms t = { };
	struct bti_blob b;
	int err;

	err = bti_blob_parse(blob, len, &b);
	err = err ?: bti_tfms_alloc(&t);
	err = err ?: bti_seal_key(t.hmac, key);
	err = err ?: bti_gcm_open(t.gcm, key, sizeof(key), b.nonce, blob,
				  b.aad_len, b.sealed,
				  sizeof(secret) + BTI_GCM_TAG, secret);
	if (!err && !bti_p256_scalar_valid(secret))
		err = -EBADMSG;
	err = err ?: bti_p256_public(t.ecdh, secret, pub);
	bti_tfms_free(&t);
	if (!err && memcmp(pub, b.public_key, sizeof(pub)))
		err = -EBADMSG;
	if (!err) {
		mutex_lock(&bti_device->lock);
		err = bti_device_load(bti_device, blob, &b, secret);
		mutex_unlock(&bti_device->lock);
	}
	memzero_explicit(secret, sizeof(secret));
	memzero_explicit(key, sizeof(key));
	return err;
}
