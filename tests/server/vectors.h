/* SPDX-License-Identifier: GPL-2.0 */
/* Documentation/protocol-vectors.txt and the test PKI, for the server's tests. */
#ifndef BTI_TEST_VECTORS_H
#define BTI_TEST_VECTORS_H

#include "proto.h"

#define TV_MSGS		10
#define TV_SESSIONS	8

struct tv_msg {
	char name[16];
	uint8_t *bytes;
	size_t len;
};

struct tv_session {
	int suite, kind;
	bool reprovision;
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

int tv_load(const char *top, struct tv_session *s, int max);
int tv_voice(const char *top, struct tv_voice *v);
void tv_voice_free(struct tv_voice *v);
void tv_free(struct tv_session *s, int n);
int tv_identity(const char *top, struct bp_identity *id);
void tv_identity_free(struct bp_identity *id);
void tv_fixed(const char *name, uint8_t *out, size_t len);
struct bp_draws tv_draws(void);

#endif
