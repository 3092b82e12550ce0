/* SPDX-License-Identifier: GPL-2.0 */
#ifndef BTIPROVD_WIRE_H
#define BTIPROVD_WIRE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "crypto.h"

/*
 * What both ends of a session share on the wire (Documentation/
 * protocol.rst, sections 2 and 6): framing, the transcript, trailers, the
 * key schedule.  One end's view of it.
 */
/* the version a session starts in, and the highest this end speaks */
#define BP_VERSION		1
#define BP_VERSION_MAX		2
#define BP_HEADER		4
#define BP_TRAILER		32
/* body_len's limits (protocol.rst, section 8) */
#define BP_HELLO_MAX		16384
#define BP_ATTESTATION_MAX	8244
#define BP_CONFIG_BODY_MAX	16402
#define BP_BODY_MAX		1024
#define BP_MSG_MAX		(BP_HEADER + BP_CONFIG_BODY_MAX + BP_TRAILER)
/* the longest message a version 1 device sends: any but SERVER_HELLO */
#define BP_DEVICE_MSG_MAX	(BP_HEADER + BP_BODY_MAX + BP_TRAILER)
/* a version 2 session's: SERVER_HELLO, ATTESTATION, four CONFIGs, and
 * at most eight other messages */
#define BP_TRANSCRIPT_MAX	(BP_HEADER * 14 + BP_HELLO_MAX + \
				 BP_ATTESTATION_MAX + 4 * BP_CONFIG_BODY_MAX + \
				 8 * BP_BODY_MAX)
/* the most messages one end sends in a row: PROVISIONED and four CONFIGs */
#define BP_SENT_MAX		5

struct bp_keys {
	uint8_t mac_ds[32];
	uint8_t mac_sd[32];
	uint8_t enc_ds[32];
	uint8_t enc_sd[32];
	uint8_t confirm[32];
};

/**
 * struct bp_wire - one end's transcript and trailer keys
 * @t: the transcript, allocated with its first message and grown with it
 * @t_len: its length
 * @t_cap: the room @t has
 * @t_sent: where in it the message this end sent last starts
 * @t_sent_end: and where it ends
 * @sent: where each message this end sent since it last received one
 *	starts, for the peer's ERROR that refuses one (protocol.rst, 2)
 * @n_sent: how many
 * @send: the MAC key of what this end sends; NULL before keys: hashes
 * @recv: the MAC key of what it receives
 * @error: the protocol error of the last refusal
 * @version: the version this end's headers carry
 */
struct bp_wire {
	uint8_t *t;
	size_t t_len, t_cap;
	size_t t_sent, t_sent_end;
	size_t sent[BP_SENT_MAX];
	unsigned int n_sent;
	const uint8_t *send;
	const uint8_t *recv;
	uint8_t error;
	uint8_t version;
};

static inline uint16_t bp_be16(const uint8_t *p)
{
	return p[0] << 8 | p[1];
}

static inline void bp_put16(uint8_t *p, size_t v)
{
	p[0] = v >> 8;
	p[1] = v & 0xff;
}

static inline void bp_put32(uint8_t *p, uint32_t v)
{
	bp_put16(p, v >> 16);
	bp_put16(p + 2, v & 0xffff);
}

int bp_wire_init(struct bp_wire *w);
void bp_wire_free(struct bp_wire *w);
int bp_wire_refuse(struct bp_wire *w, uint8_t code);
int bp_wire_th(const struct bp_wire *w, uint8_t out[BP_SHA256]);
int bp_wire_add(struct bp_wire *w, const uint8_t *msg, size_t len);
void bp_wire_unsend(struct bp_wire *w);
int bp_wire_frame(struct bp_wire *w, uint8_t type, uint8_t *out,
		  size_t body_len, size_t *len);
int bp_wire_unframe(struct bp_wire *w, uint8_t type, const uint8_t *msg,
		    size_t len, size_t body_max, bool any_version,
		    size_t *body_len);
int bp_wire_trailer_ok(struct bp_wire *w, const uint8_t *msg, size_t len);
int bp_key_schedule(const uint8_t session_key[32],
		    const uint8_t device_nonce[32],
		    const uint8_t server_nonce[32],
		    const uint8_t key_nonce[32], const uint8_t th2[BP_SHA256],
		    struct bp_keys *k);
int bp_key_id(uint8_t kind, const uint8_t *key, uint8_t id[BP_SHA256]);

#endif
