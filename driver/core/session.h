/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _BTI_SESSION_H
#define _BTI_SESSION_H

#include <crypto/sha2.h>
#include <linux/types.h>
#include <uapi/linux/bti.h>

#include "crypto/hpke.h"
#include "crypto/oaep.h"
#include "crypto/tfms.h"

#define BTI_PROTO_VERSION	1
#define BTI_MSG_HEADER		4
#define BTI_MSG_TRAILER		SHA256_DIGEST_SIZE
#define BTI_HELLO_MAX		16384
#define BTI_BODY_MAX		1024
#define BTI_TRANSCRIPT_MAX	(BTI_HELLO_MAX + 8 * BTI_BODY_MAX)
#define BTI_MSG_MAX		(BTI_MSG_HEADER + BTI_HELLO_MAX + BTI_MSG_TRAILER)
#define BTI_ERROR_TEXT_MAX	200
#define BTI_REQUEST_LEN		(BTI_MSG_HEADER + 68 + BTI_MSG_TRAILER)
/* a DER RSAPublicKey: the modulus, the exponent and their framing */
#define BTI_SERVER_KEY_MAX	(BTI_RSA_MAX_BYTES + 32)

enum bti_msg_type {
	BTI_MSG_REQUEST = 1,
	BTI_MSG_SERVER_HELLO,
	BTI_MSG_KEY_TRANSPORT,
	BTI_MSG_KEY_CONFIRM,
	BTI_MSG_AUTH_RESULT,
	BTI_MSG_USER_KEY,
	BTI_MSG_PROVISIONED,
	BTI_MSG_ERROR = 15,
};

enum bti_stage {
	BTI_STAGE_NEW,
	BTI_STAGE_REQUESTED,
	BTI_STAGE_HELLO,
	BTI_STAGE_KEYED,
	BTI_STAGE_CONFIRMED,
	BTI_STAGE_AUTHORIZED,
	BTI_STAGE_USER_KEY_SENT,
	BTI_STAGE_DONE,
};

#define BTI_CONFIG_MAX		900

/* What a session draws at random; given only by known-answer tests. */
struct bti_session_draws {
	u8 device_nonce[32];
	u8 key_nonce[32];
	u8 kek[32];
	u8 session_key[32];
	u8 audio_key[16];
	u8 audio_salt[12];
	u8 hpke_ske[32];
	u8 oaep_seed[32];
	u8 user_key[32];
};

struct bti_session_keys {
	u8 mac_ds[32];
	u8 mac_sd[32];
	u8 enc_ds[32];
	u8 enc_sd[32];
	u8 confirm[32];
};

/**
 * struct bti_voice - where key confirmation says the voice channel goes
 * @family: 4 or 6
 * @addr: the server's address, 4 or 16 bytes
 * @port: its UDP port
 * @device_ssrc: the SSRC the device sends with
 * @server_ssrc: the SSRC the server sends with
 */
struct bti_voice {
	u8 family;
	u8 addr[16];
	u16 port;
	u32 device_ssrc;
	u32 server_ssrc;
};

/**
 * struct bti_reprovision - what proves an already provisioned device
 * @kind: the kind of the key the server has bound: 1 symmetric, 2 public
 * @key: the bound symmetric key, or the device's private key, 32 bytes
 */
struct bti_reprovision {
	u8 kind;
	const u8 *key;
};

/**
 * struct bti_session - the device side of one provisioning session
 * @kind: user key kind, 1 symmetric or 2 public
 * @stage: the last message sent or accepted
 * @error: the protocol error of the last refusal, 0 if none
 * @suite: the suite the server chose, 0 before SERVER_HELLO
 * @fixed: @d came from a known-answer test, not the RNG
 * @d: the session's random draws
 * @server_nonce: from SERVER_HELLO
 * @server_ephemeral: from SERVER_HELLO, for re-provisioning proofs
 * @server_key: the KEK transport key: a P-256 point or an RSAPublicKey
 * @server_key_len: its length
 * @k: the keys of the key schedule, from BTI_STAGE_KEYED on
 * @voice: where KEY_CONFIRM said the voice channel goes; the channel goes
 *	nowhere else
 * @t: the transcript
 * @t_len: its length
 * @t_sent: where in it the message this end sent last starts, for the
 *	server's ERROR that refuses it (protocol.rst, section 2)
 * @t_sent_end: and where it ends
 * @tfm: the session's transforms
 */
struct bti_session {
	u8 kind;
	enum bti_stage stage;
	enum bti_error error;
	u8 suite;
	bool fixed;
	struct bti_session_draws d;
	u8 server_nonce[32];
	u8 server_ephemeral[BTI_P256_POINT];
	u8 server_key[BTI_SERVER_KEY_MAX];
	size_t server_key_len;
	struct bti_session_keys k;
	struct bti_voice voice;
	u8 *t;
	size_t t_len;
	size_t t_sent, t_sent_end;
	struct bti_tfms tfm;
};

int bti_session_init(struct bti_session *s, u8 kind,
		     const struct bti_session_draws *fixed);
void bti_session_destroy(struct bti_session *s);
int bti_session_request(struct bti_session *s, const u8 *device_id,
			u8 *out, size_t *len);
int bti_session_hello(struct bti_session *s, const u8 *msg, size_t len,
		      const u8 *server_key, size_t key_len);
int bti_session_key_transport(struct bti_session *s, u8 *out, size_t *len);
int bti_session_confirm(struct bti_session *s, const u8 *msg, size_t len);
int bti_session_auth(struct bti_session *s, const u8 *msg, size_t len,
		     u8 *result, u8 *attempts_left);
int bti_session_user_key(struct bti_session *s, const u8 *user_key,
			 size_t key_len, const struct bti_reprovision *re,
			 u8 *out, size_t *len);
int bti_session_error(struct bti_session *s, enum bti_error code, u8 *out,
		      size_t *len);
int bti_session_peer_error(struct bti_session *s, const u8 *msg, size_t len,
			   u8 *code, char text[BTI_ERROR_TEXT_MAX + 1]);
int bti_session_provisioned(struct bti_session *s, const u8 *msg, size_t len,
			    u8 *config, size_t *config_len);

#endif /* _BTI_SESSION_H */
