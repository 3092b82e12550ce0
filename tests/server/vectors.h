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

int tv_load(const char *top, struct tv_session *s, int max);
void tv_free(struct tv_session *s, int n);
int tv_identity(const char *top, struct bp_identity *id);
void tv_identity_free(struct bp_identity *id);
void tv_fixed(const char *name, uint8_t *out, size_t len);
struct bp_draws tv_draws(void);

#endif
