/* SPDX-License-Identifier: GPL-2.0 */
/* Documentation/protocol-vectors.txt and the test PKI, for the server's tests. */
#ifndef BTI_TEST_VECTORS_H
#define BTI_TEST_VECTORS_H

#include "proto.h"

#define TV_MSGS		14
#define TV_SESSIONS	10

/* A message, or a long one's length and SHA-256 alone (@bytes NULL). */
struct tv_msg {
	char name[16];
	uint8_t *bytes;
	size_t len;
	uint8_t sha[32];
};

/**
 * struct tv_session - a session of the vectors, and what its title says
 * @version: 1 or 2
 * @suite: 1 or 2
 * @kind: the user key's kind; a refresh's bound key's
 * @reprovision: the device names a binding: it re-provisions or refreshes
 * @refresh: version 2's refresh
 * @attested: the device sends the test PKI's chain
 * @long_config: the configuration of two pieces
 * @refused: the ERROR the server answers ATTESTATION with, or 0
 * @keys: the key schedule
 * @m: the messages
 * @n: how many
 */
struct tv_session {
	int version, suite, kind;
	bool reprovision, refresh, attested, long_config;
	int refused;
	uint8_t keys[5][32];
	struct tv_msg m[TV_MSGS];
	int n;
};

/*
 * The voice channel: frame[] holds the device's RTP and SRTP frames, then
 * the server's, each named as the file names it ("SRTP (device)").
 */
#define TV_VOICE_FRAMES	4

struct tv_voice {
	uint8_t master_key[16], master_salt[12];
	struct tv_msg frame[TV_VOICE_FRAMES];
	int n;
};

int tv_load(const char *top, struct tv_session *s, int max, bool after_voice);
int tv_voice(const char *top, struct tv_voice *v);
void tv_voice_free(struct tv_voice *v);
void tv_free(struct tv_session *s, int n);
int tv_identity(const char *top, struct bp_identity *id);
void tv_identity_free(struct bp_identity *id);
int tv_device_chain(const char *top, uint8_t *out, size_t *len);
size_t tv_device_msg(const struct bp_session *s, uint8_t type,
		     const uint8_t *body, size_t body_len, uint8_t *m);
size_t tv_attestation(const struct bp_session *s, const uint8_t *plain,
		      size_t len, uint8_t *m);
void tv_fixed(const char *name, uint8_t *out, size_t len);
struct bp_draws tv_draws(void);
struct bp_bound tv_bound(const struct tv_session *v);

#endif
