/* SPDX-License-Identifier: GPL-2.0 */
#ifndef BTIPROVD_IVR_H
#define BTIPROVD_IVR_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/socket.h>

#include "keypad.h"
#include "srtp.h"

struct bp_prompt {
	uint8_t *audio;
	size_t len;
};

/**
 * struct bp_ivr - the server's end of a voice channel; its packets go
 *	through the loop's voice port (voice.c)
 * @next: in the voice port's table of channels
 * @in: SRTP from the device
 * @out: SRTP to the device
 * @device_ssrc: what the device sends with, which tells its packets apart
 * @server_ssrc: what this end sends with
 * @seq: the next sequence number
 * @ts: the next timestamp
 * @play: the prompt playing, or NULL for silence
 * @pos: how far into it
 * @pad: the keypad ear
 * @talking: the last tick sent a frame; the next after a pause is marked
 * @peer: the device's address, learned from its first authentic packet
 * @peer_len: its length; 0 until then
 * @heard: the device's authentic frames
 * @late: how many of them were taken more than a frame time after they
 *	arrived: the server falling behind
 * @refused: authentic packets that were not one 20 ms frame of PCMU
 * @next_seq: the device's next sequence number
 * @concealed: frames lost on the way and stood in for
 */
struct bp_ivr {
	struct bp_ivr *next;
	srtp_t in, out;
	uint32_t device_ssrc, server_ssrc;
	uint16_t seq;
	uint32_t ts;
	const struct bp_prompt *play;
	size_t pos;
	struct bp_keypad pad;
	bool talking;
	struct sockaddr_storage peer;
	socklen_t peer_len;
	uint64_t heard, late, refused;
	uint16_t next_seq;
	uint64_t concealed;
};

int bp_ivr_open(struct bp_ivr *ivr);
int bp_ivr_key(struct bp_ivr *ivr, const uint8_t key[16],
	       const uint8_t salt[12], uint32_t device_ssrc,
	       uint32_t server_ssrc);
void bp_ivr_close(struct bp_ivr *ivr);
void bp_ivr_play(struct bp_ivr *ivr, const struct bp_prompt *p);
bool bp_ivr_playing(const struct bp_ivr *ivr);
size_t bp_ivr_tick(struct bp_ivr *ivr, uint8_t pkt[BP_FRAME_PKT]);
bool bp_ivr_hear(struct bp_ivr *ivr, uint8_t *pkt, int len,
		 const struct sockaddr_storage *from, socklen_t from_len,
		 bool late);

#endif
