/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Line state machines, free of timers and locks so that they can be tested
 * with synthetic time: the caller feeds them the time and arms an hrtimer
 * for the deadline they return.
 */
#ifndef _BTI_LINE_H
#define _BTI_LINE_H

#include <linux/ktime.h>
#include <linux/types.h>

#include <bti/profile.h>

#define BTI_NO_DEADLINE		KTIME_MAX

enum bti_hook_change {
	BTI_HOOK_NONE,
	BTI_HOOK_WENT_OFF,
	BTI_HOOK_WENT_ON,
	BTI_HOOK_FLASHED,
};

/**
 * struct bti_hook_fsm - debounced hook state
 * @debounce: how long loop closure must hold before it counts
 * @flash_max: an on-hook break up to this long is a flash, longer a hang-up
 * @offhook: the debounced state
 * @raw_off: the last raw loop-closure sample
 * @raw_since: when @raw_off last changed
 */
struct bti_hook_fsm {
	ktime_t debounce;
	ktime_t flash_max;
	bool offhook;
	bool raw_off;
	ktime_t raw_since;
};

void bti_hook_init(struct bti_hook_fsm *h, ktime_t debounce,
		   ktime_t flash_max);
enum bti_hook_change bti_hook_update(struct bti_hook_fsm *h, bool raw_off,
				     ktime_t now, ktime_t *deadline);

/**
 * struct bti_cadence - ringing cadence: on, off, on, off... in ms
 * @ms: the steps; even indices ring, odd indices are silent
 * @steps: number of steps in @ms
 * @step: current step
 * @step_end: when @step ends
 */
struct bti_cadence {
	u32 ms[BTI_CADENCE_MAX];
	unsigned int steps;
	unsigned int step;
	ktime_t step_end;
};

int bti_cadence_init(struct bti_cadence *c, const u32 *ms,
		     unsigned int steps);
void bti_cadence_start(struct bti_cadence *c, ktime_t now);
bool bti_cadence_update(struct bti_cadence *c, ktime_t now,
			ktime_t *deadline);

#endif /* _BTI_LINE_H */
