/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _BTI_DEVICE_H
#define _BTI_DEVICE_H

#include <crypto/sha2.h>
#include <uapi/linux/bti.h>

#include "hpke.h"

/**
 * struct bti_device_info - what anyone may know of the device
 * @state: provisioning state
 * @public_key: the identity key, SEC1 uncompressed
 * @id: SHA-256 of @public_key
 */
struct bti_device_info {
	enum bti_device_state state;
	u8 public_key[BTI_P256_POINT];
	u8 id[SHA256_DIGEST_SIZE];
};

int bti_device_init(void);
void bti_device_exit(void);
void bti_device_get_info(struct bti_device_info *info);

#endif /* _BTI_DEVICE_H */
