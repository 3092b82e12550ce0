/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The frames voice-cost.c and srtp-libre.c seal and open: PACKETS frames
 * of 160 mu-law samples keying what the load generator keys, "1234*", over
 * and over.
 */
#ifndef BTI_BENCH_KEYED_H
#define BTI_BENCH_KEYED_H

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

#endif
