// SPDX-License-Identifier: GPL-2.0
/*
 * srtp-libre CHANNELS: voice-cost.c's measure on libre's SRTP (Debian's
 * libre, whose AES-GCM is OpenSSL's): the same packets, keys and order.
 * Prints "libre NS HEX", HEX the first packet as libre sealed it, for the
 * caller to hold against libsrtp2's: the two do the same work only if
 * they seal alike.  A program of its own, as libre's srtp_ names are
 * libsrtp2's too.
 */
#define _GNU_SOURCE
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <re_types.h>
#include <re_mem.h>
#include <re_mbuf.h>
#include <re_srtp.h>

#include "keyed.h"

#define PKT	(12 + FRAME + 16)

static uint8_t sealed[PACKETS][PKT];

/* voice-cost.c's frame(): RTP version 2, PCMU, SSRC 7 */
static void frame(uint8_t *p, int i)
{
	p[0] = 0x80;
	p[1] = 0;
	p[2] = i >> 8;
	p[3] = i & 0xff;
	p[4] = (i * 160) >> 24;
	p[5] = ((i * 160) >> 16) & 0xff;
	p[6] = ((i * 160) >> 8) & 0xff;
	p[7] = (i * 160) & 0xff;
	p[8] = 0;
	p[9] = 0;
	p[10] = 0;
	p[11] = 7;
	memcpy(p + 12, audio[i], FRAME);
}

static int run(struct mbuf *mb, struct srtp *s, uint8_t *p, size_t len,
	       bool seal)
{
	mbuf_rewind(mb);
	if (mbuf_write_mem(mb, p, len))
		return -1;
	mbuf_set_pos(mb, 0);
	if (seal ? srtp_encrypt(s, mb) : srtp_decrypt(s, mb))
		return -1;
	if (mb->end != (seal ? PKT : PKT - 16))
		return -1;
	memcpy(p, mb->buf, mb->end);
	return 0;
}

int main(int argc, char **argv)
{
	/* voice-cost.c's master key and salt */
	uint8_t master[28] = { 1 }, pkt[PKT];
	int channels = argc > 1 ? atoi(argv[1]) : 1;
	struct srtp *out, **in = calloc(channels, sizeof(*in));
	struct mbuf *mb = mbuf_alloc(PKT);
	double t;
	int i;

	master[16] = 2;
	if (channels < 1 || !in || !mb || key_digits() ||
	    srtp_alloc(&out, SRTP_AES_128_GCM, master, sizeof(master), 0))
		return 1;
	for (i = 0; i < channels; i++)
		if (srtp_alloc(&in[i], SRTP_AES_128_GCM, master, sizeof(master),
			       0))
			return 1;
	for (i = 0; i < PACKETS; i++) {
		frame(sealed[i], i);
		if (run(mb, out, sealed[i], PKT - 16, true))
			return 1;
	}
	t = now();
	for (i = 0; i < PACKETS; i++) {
		memcpy(pkt, sealed[i], PKT);
		if (run(mb, in[i % channels], pkt, PKT, false))
			return 1;
	}
	t = now() - t;
	report("libre", t, sealed[0], PKT);
	for (i = 0; i < channels; i++)
		mem_deref(in[i]);
	mem_deref(out);
	mem_deref(mb);
	free(in);
	return 0;
}
