/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _BTI_DEVICE_H
#define _BTI_DEVICE_H

#include <crypto/sha2.h>
#include <uapi/linux/bti.h>

#include "crypto/gcm.h"
#include "crypto/hpke.h"

/**
 * struct bti_device_info - what anyone may know of the device
 * @state: provisioning state
 * @public_key: the identity key, SEC1 uncompressed
 * @id: SHA-256 of @public_key
 * @user_key_kind: the kind of the bound user key, 0 if none
 * @user_key_id: its fingerprint
 */
struct bti_device_info {
	enum bti_device_state state;
	u8 public_key[BTI_P256_POINT];
	u8 id[SHA256_DIGEST_SIZE];
	u8 user_key_kind;
	u8 user_key_id[SHA256_DIGEST_SIZE];
};

#define BTI_USER_KEY		32

/**
 * struct bti_device_proof - the key a provisioned device proves itself with
 * @kind: the bound user key's kind
 * @key: the symmetric user key, or the identity's private key
 */
struct bti_device_proof {
	u8 kind;
	u8 key[BTI_USER_KEY];
};

/*
 * A sealed blob: magic "BTIK", version 2, state, user key kind, a zero
 * byte, the generation (64 bits, big-endian), nonce, the public key, then
 * the private key and the symmetric user key (zeroes unless that is the
 * kind) sealed with AES-256-GCM under the sealing key, everything before
 * them as associated data.  Version 1 had no generation; it imports as
 * generation 0.
 */
#define BTI_BLOB_GENERATION	8
#define BTI_BLOB_HEADER		(4 + 1 + 1 + 1 + 1 + BTI_BLOB_GENERATION + \
				 BTI_GCM_NONCE)
#define BTI_BLOB_AAD		(BTI_BLOB_HEADER + BTI_P256_POINT)
#define BTI_BLOB_SECRET		(BTI_P256_SCALAR + BTI_USER_KEY)
#define BTI_BLOB_LEN		(BTI_BLOB_AAD + BTI_BLOB_SECRET + BTI_GCM_TAG)

int bti_device_export(u8 blob[BTI_BLOB_LEN]);
int bti_device_import(const u8 *blob, size_t len);

int bti_device_init(void);
void bti_device_exit(void);
void bti_device_get_info(struct bti_device_info *info);
bool bti_device_session_begin(u8 id[SHA256_DIGEST_SIZE]);
void bti_device_proof(struct bti_device_proof *re);
void bti_device_session_end(u8 kind, const u8 *user_key);

#endif /* _BTI_DEVICE_H */
