/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What voice-cost.c and srtp-libre.c share: the frames they seal and
 * open, PACKETS frames of 160 mu-law samples keying what the load
 * generator keys, "1234*", over and over; their clock; and their report.
 */
#ifndef BTI_BENCH_KEYED_H
#define BTI_BENCH_KEYED_H

#include <stdio.h>
#include <time.h>

#include <spandsp.h>

#define PACKETS	50000
#define FRAME	160

static uint8_t audio[PACKETS][FRAME];

static int key_digits(void)
{
	dtmf_tx_state_t *tx = dtmf_tx_init(NULL);
	int16_t pcm[FRAME];
	int i, j, n;

	if (!tx)
		return -1;
	for (i = 0; i < PACKETS; i++) {
		n = dtmf_tx(tx, pcm, FRAME);
		if (n < FRAME) {
			dtmf_tx_put(tx, "1234*", -1);
			n += dtmf_tx(tx, pcm + n, FRAME - n);
		}
		for (j = 0; j < FRAME; j++)
			audio[i][j] = linear_to_ulaw(j < n ? pcm[j] : 0);
	}
	dtmf_tx_free(tx);
	return 0;
}

static double now(void)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return t.tv_sec + t.tv_nsec / 1e9;
}

/* "NAME NS HEX": @secs over PACKETS, and the first packet as sealed */
static void report(const char *name, double secs, const uint8_t *pkt,
		   size_t len)
{
	size_t i;

	printf("%s %.0f ", name, secs / PACKETS * 1e9);
	for (i = 0; i < len; i++)
		printf("%02x", pkt[i]);
	printf("\n");
}

#endif
