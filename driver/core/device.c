// SPDX-License-Identifier: GPL-2.0
/*
 * The device: its identity key pair and its provisioning state.
 *
 * The identity is a P-256 key pair made here when the module loads; its
 * private half stays in this file's memory and is wiped when the module
 * goes.  Only the public half and its fingerprint are ever handed out.
 */
#include <linux/mutex.h>
#include <linux/random.h>
#include <linux/slab.h>
#include <linux/string.h>

#include "device.h"
#include "p256.h"
#include "seal.h"

struct bti_device {
	struct mutex lock;	/* state and keys */
	enum bti_device_state state;
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

void bti_device_get_info(struct bti_device_info *info)
{
	mutex_lock(&bti_device->lock);
	info->state = bti_device->state;
	memcpy(info->public_key, bti_device->public_key, BTI_P256_POINT);
	memcpy(info->id, bti_device->id, sizeof(info->id));
	mutex_unlock(&bti_device->lock);
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
	u8 key[BTI_SEAL_KEY];
	int err = bti_seal_key(key);

	if (err)
		return err;
	memcpy(blob, bti_blob_magic, sizeof(bti_blob_magic));
	blob[4] = BTI_BLOB_VERSION;
	blob[6] = 0;
	blob[7] = 0;
	get_random_bytes(blob + 8, BTI_GCM_NONCE);
	mutex_lock(&bti_device->lock);
	blob[5] = bti_device->state;
	memcpy(blob + BTI_BLOB_HEADER, bti_device->public_key, BTI_P256_POINT);
	err = bti_gcm_seal(key, sizeof(key), blob + 8, blob, BTI_BLOB_AAD,
			   bti_device->private_key, BTI_P256_SCALAR,
			   blob + BTI_BLOB_AAD);
	mutex_unlock(&bti_device->lock);
	memzero_explicit(key, sizeof(key));
	return err;
}

static bool bti_blob_header_ok(const u8 *blob, size_t len)
{
	return len == BTI_BLOB_LEN &&
	       !memcmp(blob, bti_blob_magic, sizeof(bti_blob_magic)) &&
	       blob[4] == BTI_BLOB_VERSION &&
	       blob[5] <= BTI_DEVICE_STATE_PROVISIONED &&
	       blob[5] != BTI_DEVICE_STATE_PROVISIONING &&
	       !blob[6] && !blob[7] && blob[BTI_BLOB_HEADER] == 0x04;
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
	u8 key[BTI_SEAL_KEY], priv[BTI_P256_SCALAR], pub[BTI_P256_POINT];
	int err;

	if (!bti_blob_header_ok(blob, len))
		return -EINVAL;
	err = bti_seal_key(key);
	err = err ?: bti_gcm_open(key, sizeof(key), blob + 8, blob,
				  BTI_BLOB_AAD, blob + BTI_BLOB_AAD,
				  BTI_P256_SCALAR + BTI_GCM_TAG, priv);
	if (!err && !bti_p256_scalar_valid(priv))
		err = -EBADMSG;
	err = err ?: bti_p256_public(priv, pub);
	if (!err && memcmp(pub, blob + BTI_BLOB_HEADER, sizeof(pub)))
		err = -EBADMSG;
	if (!err) {
		mutex_lock(&bti_device->lock);
		if (bti_device->state == BTI_DEVICE_STATE_PROVISIONING) {
			err = -EBUSY;
		} else {
			bti_device->state = blob[5];
			memcpy(bti_device->private_key, priv, sizeof(priv));
			memcpy(bti_device->public_key, pub, sizeof(pub));
			sha256(pub, sizeof(pub), bti_device->id);
		}
		mutex_unlock(&bti_device->lock);
	}
	memzero_explicit(priv, sizeof(priv));
	memzero_explicit(key, sizeof(key));
	return err;
}
