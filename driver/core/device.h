/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _BTI_DEVICE_H
#define _BTI_DEVICE_H

#include <crypto/sha2.h>
#include <uapi/linux/bti.h>

#include "gcm.h"
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

/*
 * A sealed blob: magic "BTIK", version, state, two zero bytes, nonce,
 * the public key, and the private key sealed with AES-256-GCM under the
 * sealing key, everything before it as associated data.
 */
#define BTI_BLOB_HEADER		(4 + 1 + 1 + 2 + BTI_GCM_NONCE)
#define BTI_BLOB_AAD		(BTI_BLOB_HEADER + BTI_P256_POINT)
#define BTI_BLOB_LEN		(BTI_BLOB_AAD + BTI_P256_SCALAR + BTI_GCM_TAG)

int bti_device_export(u8 blob[BTI_BLOB_LEN]);
int bti_device_import(const u8 *blob, size_t len);

int bti_device_init(void);
void bti_device_exit(void);
void bti_device_get_info(struct bti_device_info *info);

#endif /* _BTI_DEVICE_H */
