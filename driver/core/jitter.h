/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _BTI_JITTER_H
#define _BTI_JITTER_H

#include <linux/types.h>

#include "frame.h"

#define BTI_JITTER_SLOTS	16
/* frames held before playout starts: 60 ms against reordering and jitter */
#define BTI_JITTER_DEPTH	3

/**
 * struct bti_jitter - received frames in index order, played at 1 ms ticks
 * @frame: the frames, by index modulo %BTI_JITTER_SLOTS
 * @index: which packet index each slot holds
 * @filled: bit n set if slot n holds a frame not yet played
 * @started: a frame has arrived
 * @playing: playout runs; false while it buffers
 * @play: the index of the frame playing, or to play next
 * @offset: samples of it played
 * @late: frames that came after their time, dropped
 * @lost: frames whose time came without them
 */
struct bti_jitter {
	u8 frame[BTI_JITTER_SLOTS][BTI_FRAME_SAMPLES];
	u64 index[BTI_JITTER_SLOTS];
	unsigned long filled;
	bool started;
	bool playing;
	u64 play;
	unsigned int offset;
	u64 late;
	u64 lost;
};

int bti_jitter_put(struct bti_jitter *j, u64 index, const u8 *frame);
void bti_jitter_get(struct bti_jitter *j, u8 tick[BTI_TICK_SAMPLES]);

#endif /* _BTI_JITTER_H */
