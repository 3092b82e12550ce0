/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _BTI_FRAME_H
#define _BTI_FRAME_H

#include <linux/types.h>

#include <bti/highway.h>

#define BTI_FRAME_MS		20
#define BTI_FRAME_SAMPLES	(BTI_FRAME_MS * BTI_TICK_SAMPLES)

/**
 * struct bti_frame - 20 ms of G.711 mu-law audio gathered from 1 ms ticks
 * @samples: the audio
 * @fill: samples gathered so far
 */
struct bti_frame {
	u8 samples[BTI_FRAME_SAMPLES];
	unsigned int fill;
};

bool bti_frame_push(struct bti_frame *f, const u8 tick[BTI_TICK_SAMPLES]);

#endif /* _BTI_FRAME_H */
