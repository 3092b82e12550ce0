/* SPDX-License-Identifier: GPL-2.0 */
#ifndef BTIPROVD_PROTO_H
#define BTIPROVD_PROTO_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "crypto.h"
#include "wire.h"

/* protocol.rst, section 8; a CONFIG's piece, section 4 */
#define BP_CONFIG_MAX		900
#define BP_CONFIG_V2_MAX	65536
#define BP_CONFIG_PIECE		16384
#define BP_ERROR_TEXT_MAX	200
#define BP_CHAIN_MAX		4
#define BP_CERT_MAX		4096
#define BP_DEVICE_CHAIN_MAX	8192
/* PROVISIONED and the CONFIG messages of the longest configuration */
#define BP_PROVISIONED_OUT	(5 * (BP_HEADER + BP_TRAILER + 2 + BP_GCM_TAG) + \
				 12 + BP_CONFIG_V2_MAX)

enum bp_msg {
	BP_REQUEST = 1,
	BP_SERVER_HELLO,
	BP_KEY_TRANSPORT,
	BP_KEY_CONFIRM,
	BP_AUTH_RESULT,
	BP_USER_KEY,
	BP_PROVISIONED,
	BP_ATTESTATION,
	BP_REFRESH,
	BP_CONFIG,
	BP_FINISHED,
	BP_ERROR = 15,
};

/* KEY_TRANSPORT's purpose, version 2 */
enum bp_purpose {
	BP_PROVISIONING = 1,
	BP_REFRESHING,
};

/* Documentation/protocol.rst, section 4 */
enum bp_error {
	BP_E_VERSION = 1,
	BP_E_SUITE,
	BP_E_UNEXPECTED,
	BP_E_MALFORMED,
	BP_E_INTEGRITY,
	BP_E_CERTIFICATE,
	BP_E_CONFIRM,
	BP_E_BUSY,
	BP_E_LOCKED,
	BP_E_TIMEOUT,
	BP_E_INTERNAL,
	BP_E_ATTESTATION,
	BP_E_REVOKED,
	BP_E_UNKNOWN,
};

/*
 * A version 2 session waits for ATTESTATION after KEY_TRANSPORT, and is
 * then CONFIRMING until the caller sends KEY_CONFIRM, as its policy takes
 * the device's attestation; a refresh then waits for REFRESH, and both
 * wait for FINISHED after PROVISIONED.
 */
enum bp_state {
	BP_IDLE,
	BP_WAIT_TRANSPORT,
	BP_IVR,
	BP_WAIT_USER_KEY,
	BP_DONE,
	BP_FAILED,
	BP_WAIT_ATTESTATION,
	BP_CONFIRMING,
	BP_WAIT_REFRESH,
	BP_WAIT_FINISHED,
};

/**
 * struct bp_identity - what the server proves itself with, per suite
 * @key: the leaf certificate's private key: P-256 for suite 1, RSA for 2
 * @chain: SERVER_HELLO's chain field, each certificate len16(DER)
 * @chain_len: its length; 0 for a suite the server does not offer
 */
struct bp_identity {
	EVP_PKEY *key[3];
	uint8_t *chain[3];
	size_t chain_len[3];
};

/* A session's random draws; fixed only by known-answer tests. */
struct bp_draws {
	uint8_t server_nonce[32];
	uint8_t ephemeral[BP_P256_SCALAR];
};

struct bp_voice {
	uint8_t family;
	uint8_t addr[16];
	uint16_t port;
	uint32_t device_ssrc;
	uint32_t server_ssrc;
};

/**
 * struct bp_bound - the key a subscriber's device was bound to before
 * @kind: 1 symmetric, 2 public
 * @key: the symmetric key (32) or the device's public key (65)
 */
struct bp_bound {
	uint8_t kind;
	uint8_t key[BP_P256_POINT];
};

/**
 * struct bp_session - the server's side of one session: provisioning,
 *	or version 2's refresh
 * @state: what it waits for
 * @w: the transcript and trailers; w.error is the last refusal's
 * @min_version: the lowest version this server speaks: BP_VERSION unless
 *	the caller raises it, as a server that requires attestation does
 * @max_version: the highest version this server speaks, at most
 *	BP_VERSION_MAX; BP_VERSION unless the caller raises it
 * @purpose: version 2's KEY_TRANSPORT purpose; provisioning in version 1
 * @suite: the chosen suite
 * @kind: the user key kind the device asked for
 * @reprovision: the device named itself by @device_id
 * @device_nonce: from REQUEST
 * @device_id: from REQUEST, zeroes for a new device
 * @draws: the server's draws
 * @ephemeral: the server's ephemeral key of SERVER_HELLO
 * @session_key: from KEY_TRANSPORT
 * @key_nonce: from KEY_TRANSPORT
 * @audio_key: the SRTP master key, from KEY_TRANSPORT
 * @audio_salt: its salt
 * @k: the key schedule
 * @user_key: from USER_KEY
 * @user_key_len: 32 or 65
 * @chain: ATTESTATION's certificates, each len16(DER), leaf first
 * @chain_len: their length, 0 for an unattested device
 * @identity: the leaf's key, if @chain_len and it is a P-256 key
 * @proven: ATTESTATION's proof verified under @identity; what follows
 *	from it, or from its failing, is the caller's policy
 * @held: REFRESH's configuration version
 * @refreshed: REFRESH's proof verified
 */
struct bp_session {
	enum bp_state state;
	struct bp_wire w;
	uint8_t min_version;
	uint8_t max_version;
	uint8_t purpose;
	uint8_t suite;
	uint8_t kind;
	bool reprovision;
	uint8_t device_nonce[32];
	uint8_t device_id[32];
	struct bp_draws draws;
	EVP_PKEY *ephemeral;
	uint8_t session_key[32];
	uint8_t key_nonce[32];
	uint8_t audio_key[16];
	uint8_t audio_salt[12];
	struct bp_keys k;
	uint8_t user_key[BP_P256_POINT];
	size_t user_key_len;
	uint8_t *chain;
	size_t chain_len;
	uint8_t identity[BP_P256_POINT];
	bool proven;
	uint64_t held;
	bool refreshed;
};

int bp_session_init(struct bp_session *s, const struct bp_draws *fixed);
void bp_session_free(struct bp_session *s);
int bp_peek(const uint8_t *msg, size_t len, size_t *need);
int bp_request(struct bp_session *s, const struct bp_identity *id,
	       const uint8_t *msg, size_t len, uint8_t *out, size_t *out_len);
int bp_key_transport(struct bp_session *s, const struct bp_identity *id,
		     const uint8_t *msg, size_t len, const struct bp_voice *v,
		     uint8_t *out, size_t *out_len);
int bp_attestation(struct bp_session *s, const uint8_t *msg, size_t len);
int bp_key_confirm(struct bp_session *s, const struct bp_voice *v,
		   uint8_t *out, size_t *out_len);
int bp_auth_result(struct bp_session *s, uint8_t result, uint8_t attempts,
		   uint8_t *out, size_t *out_len);
int bp_user_key(struct bp_session *s, const uint8_t *msg, size_t len,
		const struct bp_bound *bound);
int bp_refresh(struct bp_session *s, const uint8_t *msg, size_t len,
	       const struct bp_bound *bound);
int bp_provisioned(struct bp_session *s, uint64_t version,
		   const uint8_t *config, size_t len, uint8_t *out,
		   size_t *out_len);
int bp_finished(struct bp_session *s, const uint8_t *msg, size_t len);
int bp_error_build(struct bp_session *s, uint8_t code, const char *text,
		   uint8_t *out, size_t *out_len);
int bp_error_unsessioned(uint8_t code, const char *text, uint8_t *out,
			 size_t *out_len);
int bp_error_parse(struct bp_session *s, const uint8_t *msg, size_t len,
		   uint8_t *code, char text[BP_ERROR_TEXT_MAX + 1]);

#endif
