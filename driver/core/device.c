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
