/* SPDX-License-Identifier: GPL-2.0 */
#ifndef BTIPROVD_DEVICE_H
#define BTIPROVD_DEVICE_H

#include <openssl/x509.h>

#include "proto.h"

/* What a device session draws at random; fixed only by known-answer tests. */
struct bp_dev_draws {
	uint8_t device_nonce[32];
	uint8_t key_nonce[32];
	uint8_t kek[32];
	uint8_t session_key[32];
	uint8_t audio_key[16];
	uint8_t audio_salt[12];
	uint8_t hpke_ske[32];
	uint8_t user_key[32];
};

enum bp_dev_stage {
	BP_DEV_NEW,
	BP_DEV_REQUESTED,
	BP_DEV_HELLO,
	BP_DEV_KEYED,
	BP_DEV_CONFIRMED,
	BP_DEV_AUTHORIZED,
	BP_DEV_USER_KEY_SENT,
	BP_DEV_DONE,
	BP_DEV_ATTESTED,
	BP_DEV_REFRESH_SENT,
	BP_DEV_CONFIG,
	BP_DEV_CONFIGURED,
};

/**
 * struct bp_dev - the device's side of one session, on OpenSSL: the
 *	load generator's device, apart from the kernel's implementation
 * @stage: the last message sent or taken
 * @w: transcript and trailers
 * @kind: the user key kind asked for
 * @suites: the suites offered, a bit each (bit 0: suite 1)
 * @suite: the server's choice
 * @fixed: @d came from a test
 * @d: the draws
 * @server_nonce: from SERVER_HELLO
 * @ephemeral: from SERVER_HELLO
 * @server_key: the leaf certificate's key
 * @k: the key schedule
 * @max_version: the highest version offered: BP_VERSION unless the
 *	caller raises it to BP_VERSION_MAX
 * @purpose: version 2's: provisioning, or a refresh, which offers only 2
 * @held: the configuration version a refresh says it holds
 * @config_version: version 2's PROVISIONED: the configuration's version
 * @config_len: and its length, which CONFIG messages bring
 * @config_have: how much of it they have brought
 */
struct bp_dev {
	enum bp_dev_stage stage;
	struct bp_wire w;
	uint8_t kind;
	uint8_t suites;
	uint8_t suite;
	bool fixed;
	struct bp_dev_draws d;
	uint8_t server_nonce[32];
	uint8_t ephemeral[BP_P256_POINT];
	EVP_PKEY *server_key;
	struct bp_keys k;
	uint8_t max_version;
	uint8_t purpose;
	uint64_t held;
	uint64_t config_version;
	size_t config_len, config_have;
};

/**
 * struct bp_dev_trust - what a device validates the server's chain against
 * @store: the operator CA
 * @host: the name the leaf must carry, or NULL
 * @good: the last chain that passed, as SERVER_HELLO carried it
 * @good_len: its length
 * @good_key: its leaf's key
 */
struct bp_dev_trust {
	X509_STORE *store;
	const char *host;
	uint8_t *good;
	size_t good_len;
	EVP_PKEY *good_key;
};

void bp_dev_trust_clear(struct bp_dev_trust *trust);
int bp_dev_init(struct bp_dev *dev, uint8_t kind,
		const struct bp_dev_draws *fixed);
void bp_dev_free(struct bp_dev *dev);
int bp_dev_request(struct bp_dev *dev, const uint8_t *device_id, uint8_t *out,
		   size_t *len);
int bp_dev_hello(struct bp_dev *dev, const uint8_t *msg, size_t len,
		 struct bp_dev_trust *trust);
int bp_dev_key_transport(struct bp_dev *dev, uint8_t *out, size_t *len);
int bp_dev_confirm(struct bp_dev *dev, const uint8_t *msg, size_t len,
		   struct bp_voice *v);
int bp_dev_auth(struct bp_dev *dev, const uint8_t *msg, size_t len,
		uint8_t *result, uint8_t *attempts);
int bp_dev_user_key(struct bp_dev *dev, const uint8_t *user_key,
		    size_t key_len, const struct bp_bound *re,
		    EVP_PKEY *identity, uint8_t *out, size_t *len);
int bp_dev_provisioned(struct bp_dev *dev, const uint8_t *msg, size_t len,
		       uint8_t *config, size_t *config_len);
int bp_dev_attestation(struct bp_dev *dev, const uint8_t *chain,
		       size_t chain_len, EVP_PKEY *identity, uint8_t *out,
		       size_t *len);
int bp_dev_refresh(struct bp_dev *dev, uint64_t held,
		   const struct bp_bound *re, EVP_PKEY *identity, uint8_t *out,
		   size_t *len);
int bp_dev_config(struct bp_dev *dev, const uint8_t *msg, size_t len,
		  uint8_t *config);
int bp_dev_finished(struct bp_dev *dev, uint8_t *out, size_t *len);
int bp_dev_error(struct bp_dev *dev, const uint8_t *msg, size_t len,
		 uint8_t *code);

#endif
