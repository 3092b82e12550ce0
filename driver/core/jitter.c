// SPDX-License-Identifier: GPL-2.0
/*
 * The jitter buffer of the voice channel's downlink: frames arrive by
 * packet index, in any order, and leave for the earpiece 8 samples a tick.
 * Playout waits until %BTI_JITTER_DEPTH frames are in, then runs at the
 * highway's pace; a frame missing at its time is silence and counts lost,
 * one arriving after it counts late.  Callers serialise.
 */
#include <kunit/visibility.h>
#include <linux/bitops.h>
#include <linux/string.h>

#include "jitter.h"

#define BTI_MULAW_SILENCE	0xff

static unsigned int bti_jitter_slot(u64 index)
{
	return index % BTI_JITTER_SLOTS;
}

static bool bti_jitter_has(const struct bti_jitter *j, u64 index)
{
	unsigned int slot = bti_jitter_slot(index);

	return test_bit(slot, &j->filled) && j->index[slot] == index;
}

/*
 * Start playout at the first %BTI_JITTER_DEPTH frames in a row; the frames
 * it skips to get there are lost.
 */
static bool bti_jitter_start(struct bti_jitter *j)
{
	unsigned int n, run = 0;
	u64 first;

	for (n = 0; n < BTI_JITTER_SLOTS; n++) {
		run = bti_jitter_has(j, j->play + n) ? run + 1 : 0;
		if (run == BTI_JITTER_DEPTH) {
			first = j->play + n + 1 - BTI_JITTER_DEPTH;
			j->lost += first - j->play;
			j->play = first;
			return true;
		}
	}
	return false;
}

/**
 * bti_jitter_put - a frame arrived
 * @j: the buffer
 * @index: its packet index
 * @frame: %BTI_FRAME_SAMPLES of mu-law
 *
 * Return: 0, or -ETIME for a frame whose time has passed (counted late).
 */
int bti_jitter_put(struct bti_jitter *j, u64 index, const u8 *frame)
{
	unsigned int slot = bti_jitter_slot(index);

	if (!j->started) {
		j->started = true;
		j->play = index;
	}
	if (index < j->play || (index == j->play && j->offset)) {
		j->late++;
		return -ETIME;
	}
	if (index >= j->play + BTI_JITTER_SLOTS) {
		/* far ahead: what lies between will not come in time */
		j->lost += index - (BTI_JITTER_DEPTH - 1) - j->play;
		j->play = index - (BTI_JITTER_DEPTH - 1);
		j->offset = 0;
		j->filled = 0;
		j->playing = false;
	}
	memcpy(j->frame[slot], frame, BTI_FRAME_SAMPLES);
	j->index[slot] = index;
	set_bit(slot, &j->filled);
	return 0;
}
EXPORT_SYMBOL_IF_KUNIT(bti_jitter_put);

/* Whether any frame after @play is in: a gap, not an underrun. */
static bool bti_jitter_later(const struct bti_jitter *j)
{
	unsigned int n;

	for (n = 1; n < BTI_JITTER_SLOTS; n++)
		if (bti_jitter_has(j, j->play + n))
			return true;
	return false;
}

/**
 * bti_jitter_get - the next 8 samples for the earpiece
 * @j: the buffer
 * @tick: filled with audio, or silence
 */
void bti_jitter_get(struct bti_jitter *j, u8 tick[BTI_TICK_SAMPLES])
{
	unsigned int slot;

	if (!j->playing)
		j->playing = bti_jitter_start(j);
	slot = bti_jitter_slot(j->play);
	if (!j->playing) {
		memset(tick, BTI_MULAW_SILENCE, BTI_TICK_SAMPLES);
		return;
	}
	if (bti_jitter_has(j, j->play)) {
		memcpy(tick, j->frame[slot] + j->offset, BTI_TICK_SAMPLES);
	} else {
		memset(tick, BTI_MULAW_SILENCE, BTI_TICK_SAMPLES);
		if (!j->offset && !bti_jitter_later(j)) {
			/* underrun: buffer again rather than count a loss */
			j->playing = false;
			return;
		}
		if (!j->offset)
			j->lost++;
	}
	j->offset += BTI_TICK_SAMPLES;
	if (j->offset == BTI_FRAME_SAMPLES) {
		clear_bit(slot, &j->filled);
		j->offset = 0;
		j->play++;
	}
}
EXPORT_SYMBOL_IF_KUNIT(bti_jitter_get);
