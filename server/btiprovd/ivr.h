/* SPDX-License-Identifier: GPL-2.0 */
#ifndef BTIPROVD_IVR_H
#define BTIPROVD_IVR_H

#include <stdbool.h>
#include <stddef.h>
#include <netinet/in.h>
#include <stdint.h>
#include <sys/queue.h>
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
 * @device_ssrc: what the device sends with, which tells its packets apart
 * @next_seq: the device's next sequence number
 * @peer_len: the length of @peer; 0 until it is known
 * @heard: the device's authentic frames
 * @late: how many of them were taken more than a frame time after they
 *	arrived: the server falling behind
 * @concealed: frames lost on the way and stood in for
 * @refused: authentic packets that were not one 20 ms frame of PCMU
 * @air: in the voice port's list of channels playing a prompt
 * @out: SRTP to the device
 * @server_ssrc: what this end sends with
 * @seq: the next sequence number
 * @ts: the timestamp at the port's tick 0; it moves on with the ticks
 * @talk_tick: the tick after the last that sent a frame: a frame sent on
 *	any other starts a talkspurt, and is marked
 * @play: the prompt playing, or NULL for silence
 * @pos: how far into it
 * @pad: the keypad ear
 * @peer: the device's address, learned from its first authentic packet
 * @here: the address that packet was sent to, IPv4 mapped into IPv6,
 *	which prompts are sent from where the port is bound to every
 *	address; unspecified (::) if not known
 *
 * What each packet from the device touches comes first, then what each
 * frame of a prompt does: thousands of channels do not fit in a CPU's
 * caches, and a packet costs the lines of its channel it reads.
 */
struct bp_ivr {
	struct bp_ivr *next;
	srtp_t in;
	uint32_t device_ssrc;
	uint16_t next_seq;
	socklen_t peer_len;
	uint64_t heard, late, concealed, refused;
	LIST_ENTRY(bp_ivr) air;
	srtp_t out;
	uint32_t server_ssrc;
	uint16_t seq;
	uint32_t ts;
	uint64_t talk_tick;
	const struct bp_prompt *play;
	size_t pos;
	struct bp_keypad pad;
	struct sockaddr_storage peer;
	struct in6_addr here;
};

int bp_ivr_open(struct bp_ivr *ivr);
int bp_ivr_key(struct bp_ivr *ivr, const uint8_t key[16],
	       const uint8_t salt[12], uint32_t device_ssrc,
	       uint32_t server_ssrc);
void bp_ivr_close(struct bp_ivr *ivr);
void bp_ivr_play(struct bp_ivr *ivr, const struct bp_prompt *p);
bool bp_ivr_playing(const struct bp_ivr *ivr);
size_t bp_ivr_tick(struct bp_ivr *ivr, uint64_t tick,
		   uint8_t pkt[BP_FRAME_PKT]);
void bp_ivr_prefetch(const struct bp_ivr *ivr);
bool bp_ivr_hear(struct bp_ivr *ivr, uint8_t *pkt, int len,
		 const struct sockaddr_storage *from, socklen_t from_len,
		 bool late);

#endif
