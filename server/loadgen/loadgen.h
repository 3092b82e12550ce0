/* SPDX-License-Identifier: GPL-2.0 */
#ifndef BTIPROV_LOADGEN_H
#define BTIPROV_LOADGEN_H

#include <netinet/in.h>
#include <stdbool.h>
#include <stdint.h>

#include <srtp2/srtp.h>

#include "proto.h"

/**
 * struct lg_voice - a simulated device's end of the voice channel
 * @to: the server's voice address
 * @to_len: its length
 * @out: SRTP to the server
 * @ssrc: what this end sends with
 * @seq: the next sequence number
 * @ts: the next timestamp
 * @script: what the subscriber does, 160 ms a character: a key, or '.'
 *	for a pause; silence once it has played
 * @loop: play @script over and over
 * @frame: frames of @script sent
 * @keyed_ns: when the last key of @script was released, 0 until then
 * @loss: the percentage of packets the network loses on the way
 * @rng: the draws of that loss
 */
struct lg_voice {
	struct sockaddr_storage to;
	socklen_t to_len;
	srtp_t out;
	uint32_t ssrc;
	uint16_t seq;
	uint32_t ts;
	const char *script;
	bool loop;
	uint64_t frame;
	int64_t keyed_ns;
	int loss;
	unsigned int rng;
};

int lg_voice_init(void);
int lg_voice_open(struct lg_voice *v, const uint8_t key[16],
		  const uint8_t salt[12], const struct bp_voice *bv);
void lg_voice_close(struct lg_voice *v);
void lg_voice_say(struct lg_voice *v, const char *script, bool loop);
void lg_voice_send(struct lg_voice *v, int64_t now_ns);
void lg_voice_flush(void);
int64_t lg_now(void);

#endif
