/* SPDX-License-Identifier: GPL-2.0 */
/*
 * DTMF detection on a port's uplink audio, for chips without a decoder.
 * Free of locks and timers: the caller feeds it samples.
 */
#ifndef _BTI_DTMF_H
#define _BTI_DTMF_H

#include <linux/types.h>

#define BTI_DTMF_HOP		40	/* samples between looks: 5 ms */
#define BTI_DTMF_HISTORY	256	/* a power of two, the longest window or more */

/**
 * struct bti_dtmf - detector state
 * @hist: the latest samples, 16-bit linear, indexed by @pos modulo size
 * @pos: where the next sample goes in @hist, modulo its size
 * @fill: samples taken since reset, up to the longest window
 * @since_look: samples taken since the last look
 * @candidate: the digit the latest looks saw, 0 for none
 * @hits: consecutive looks that saw @candidate
 * @digit: the digit reported and still held, 0 for none
 * @misses: consecutive looks since one last saw @digit
 */
struct bti_dtmf {
	s16 hist[BTI_DTMF_HISTORY];
	unsigned int pos;
	unsigned int fill;
	unsigned int since_look;
	char candidate;
	unsigned int hits;
	char digit;
	unsigned int misses;
};

void bti_dtmf_reset(struct bti_dtmf *d);
char bti_dtmf_frame(struct bti_dtmf *d, const u8 *ulaw, unsigned int n);

#endif /* _BTI_DTMF_H */
