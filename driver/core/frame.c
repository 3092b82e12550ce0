// SPDX-License-Identifier: GPL-2.0
/*
 * Grouping of 1 ms highway ticks into 20 ms frames, the packet time of the
 * voice channel.
 */
#include <kunit/visibility.h>
#include <linux/string.h>

#include "frame.h"

/**
 * bti_frame_push - append one tick
 * @f: the frame being filled
 * @tick: eight samples
 *
 * Return: true when @f now holds a whole frame.  The caller consumes it
 * before the next push, which starts a new frame.
 */
bool bti_frame_push(struct bti_frame *f, const u8 tick[BTI_TICK_SAMPLES])
{
	if (f->fill == BTI_FRAME_SAMPLES)
		f->fill = 0;
	memcpy(f->samples + f->fill, tick, BTI_TICK_SAMPLES);
	f->fill += BTI_TICK_SAMPLES;
	return f->fill == BTI_FRAME_SAMPLES;
}
EXPORT_SYMBOL_IF_KUNIT(bti_frame_push);
