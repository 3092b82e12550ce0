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
#include <linux/mutex.h>
#include <linux/random.h>
#include <linux/slab.h>
#include <linux/string.h>

#include "device.h"
#include "p256.h"
#include "seal.h"

struct bti_device {
	struct mutex lock;	/* all of it */
	enum bti_device_state state;	/* unprovisioned or provisioned */
	unsigned int sessions;		/* provisioning sessions running */
	u8 user_key_kind;		/* 0 while unprovisioned */
	u8 user_key[BTI_USER_KEY];	/* for BTI_USER_KEY_KIND_SYMMETRIC */
	u8 private_key[BTI_P256_SCALAR];
	u8 public_key[BTI_P256_POINT];
	u8 id[SHA256_DIGEST_SIZE];
};

static struct bti_device *bti_device;

static int bti_device_generate(struct bti_device *dev)
{
	int err;

	do {
		get_random_bytes(dev->private_key, BTI_P256_SCALAR);
	} while (!bti_p256_scalar_valid(dev->private_key));
	err = bti_p256_public(dev->private_key, dev->public_key);
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
#define BTI_BLOB_VERSION	1

/**
 * bti_device_export - seal the device's keys for storage outside the kernel
 * @blob: the sealed blob
 *
 * Return: 0, -ENOKEY without a sealing key, or another negative errno.
 */
int bti_device_export(u8 blob[BTI_BLOB_LEN])
{
	u8 key[BTI_SEAL_KEY], secret[BTI_BLOB_SECRET];
	int err = bti_seal_key(key);

	if (err)
		return err;
	memcpy(blob, bti_blob_magic, sizeof(bti_blob_magic));
	blob[4] = BTI_BLOB_VERSION;
	blob[7] = 0;
	get_random_bytes(blob + 8, BTI_GCM_NONCE);
	mutex_lock(&bti_device->lock);
	blob[5] = bti_device->state;
	blob[6] = bti_device->user_key_kind;
	memcpy(blob + BTI_BLOB_HEADER, bti_device->public_key, BTI_P256_POINT);
	memcpy(secret, bti_device->private_key, BTI_P256_SCALAR);
	memcpy(secret + BTI_P256_SCALAR, bti_device->user_key, BTI_USER_KEY);
	mutex_unlock(&bti_device->lock);
	err = bti_gcm_seal(key, sizeof(key), blob + 8, blob, BTI_BLOB_AAD,
			   secret, sizeof(secret), blob + BTI_BLOB_AAD);
	memzero_explicit(secret, sizeof(secret));
	memzero_explicit(key, sizeof(key));
	return err;
}

static bool bti_blob_header_ok(const u8 *blob, size_t len)
{
	bool provisioned = blob[5] == BTI_DEVICE_STATE_PROVISIONED;

	return len == BTI_BLOB_LEN &&
	       !memcmp(blob, bti_blob_magic, sizeof(bti_blob_magic)) &&
	       blob[4] == BTI_BLOB_VERSION &&
	       (provisioned || blob[5] == BTI_DEVICE_STATE_UNPROVISIONED) &&
	       (provisioned ? blob[6] == BTI_USER_KEY_KIND_SYMMETRIC ||
			      blob[6] == BTI_USER_KEY_KIND_PUBLIC : !blob[6]) &&
	       !blob[7] && blob[BTI_BLOB_HEADER] == 0x04;
}

/**
 * bti_device_import - take the device's keys back from a sealed blob
 * @blob: from bti_device_export(), on this device
 * @len: its length
 *
 * Nothing changes unless every check passes.
 *
 * Return: 0; -EINVAL for something that is not a bti blob; -ENOKEY
 * without a sealing key; -EBADMSG for a blob that does not open under it
 * (tampered, or sealed on another device) or whose keys do not match;
 * -EBUSY while a provisioning session runs.
 */
int bti_device_import(const u8 *blob, size_t len)
{
	u8 key[BTI_SEAL_KEY], secret[BTI_BLOB_SECRET], pub[BTI_P256_POINT];
	const u8 *priv = secret, *user_key = secret + BTI_P256_SCALAR;
	int err;

	if (!bti_blob_header_ok(blob, len))
		return -EINVAL;
	err = bti_seal_key(key);
	err = err ?: bti_gcm_open(key, sizeof(key), blob + 8, blob,
				  BTI_BLOB_AAD, blob + BTI_BLOB_AAD,
				  sizeof(secret) + BTI_GCM_TAG, secret);
	if (!err && !bti_p256_scalar_valid(priv))
		err = -EBADMSG;
	err = err ?: bti_p256_public(priv, pub);
	if (!err && memcmp(pub, blob + BTI_BLOB_HEADER, sizeof(pub)))
		err = -EBADMSG;
	if (!err) {
		mutex_lock(&bti_device->lock);
		if (bti_device->sessions) {
			err = -EBUSY;
		} else {
			bti_device->state = blob[5];
			bti_device->user_key_kind = blob[6];
			memcpy(bti_device->user_key, user_key, BTI_USER_KEY);
			memcpy(bti_device->private_key, priv, BTI_P256_SCALAR);
			memcpy(bti_device->public_key, pub, sizeof(pub));
			sha256(pub, sizeof(pub), bti_device->id);
		}
		mutex_unlock(&bti_device->lock);
	}
	memzero_explicit(secret, sizeof(secret));
	memzero_explicit(key, sizeof(key));
	return err;
}
