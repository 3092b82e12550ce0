// SPDX-License-Identifier: GPL-2.0
/*
 * voice-cost [CHANNELS]: what one voice packet costs the server at the
 * least, as the reference for the channel count: libsrtp2's srtp_unprotect
 * and spandsp's DTMF receiver (through the server's keypad) on 20 ms frames
 * of keyed digits, timed over many packets taken in turn from CHANNELS
 * channels (1).  Prints nanoseconds a packet.
 */
#define _GNU_SOURCE
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <spandsp.h>

#include "srtp.h"
#include "keypad.h"

#define FRAME	160
#define PKT	(12 + FRAME + 16)
#define PACKETS	50000

static double now(void)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return t.tv_sec + t.tv_nsec / 1e9;
}

int main(int argc, char **argv)
{
	static uint8_t pkts[PACKETS][PKT];
	static const uint8_t key[16] = { 1 }, salt[12] = { 2 };
	int channels = argc > 1 ? atoi(argv[1]) : 1;
	int16_t pcm[FRAME];
	dtmf_tx_state_t *tx = dtmf_tx_init(NULL);
	struct bp_keypad pad;
	srtp_t held, out, *in = calloc(channels, sizeof(*in));
	int i, j, len, n;
	double t0, t;

	if (!tx || !in || channels < 1 || bp_srtp_start(&held) ||
	    bp_keypad_init(&pad) || bp_srtp_session(&out, key, salt, 7))
		return 1;
	for (i = 0; i < channels; i++)
		if (bp_srtp_session(&in[i], key, salt, 7))
			return 1;
	/* what the load generator keys: "1234*", over and over */
	for (i = 0; i < PACKETS; i++) {
		n = dtmf_tx(tx, pcm, FRAME);
		if (n < FRAME) {
			dtmf_tx_put(tx, "1234*", -1);
			n += dtmf_tx(tx, pcm + n, FRAME - n);
		}
		for (j = 0; j < FRAME; j++)
			pkts[i][12 + j] = linear_to_ulaw(j < n ? pcm[j] : 0);
		/* each channel's packets in order: its own window moves on */
		bp_rtp_header(pkts[i], i, i * FRAME, 7);
		len = 12 + FRAME;
		if (srtp_protect(out, pkts[i], &len) || len != PKT)
			return 1;
	}
	t0 = now();
	for (i = 0; i < PACKETS; i++) {
		len = PKT;
		if (srtp_unprotect(in[i % channels], pkts[i], &len))
			return 1;
		if (bp_keypad_hear(&pad, pkts[i] + 12, len - 12))
			bp_keypad_clear(&pad);
	}
	t = now() - t0;
	/* the receiver heard keys: the audio was what it is meant to be */
	if (!pad.len && !pad.ended)
		return 1;
	printf("%.0f\n", t / PACKETS * 1e9);
	for (i = 0; i < channels; i++)
		srtp_dealloc(in[i]);
	free(in);
	srtp_dealloc(out);
	bp_keypad_free(&pad);
	bp_srtp_stop(held);
	return 0;
}
