// SPDX-License-Identifier: GPL-2.0
/*
 * Ringing cadence: which part of the on/off pattern the line is in.
 */
#include <kunit/visibility.h>
#include <linux/errno.h>
#include <linux/string.h>

#include "line.h"

#define BTI_CADENCE_MIN_MS	50
#define BTI_CADENCE_MAX_MS	10000

/**
 * bti_cadence_init - set the pattern
 * @c: the cadence
 * @ms: durations in ms, ring first, alternating ring and silence
 * @steps: how many; an even number from 2 to BTI_CADENCE_MAX
 *
 * Return: 0, or -EINVAL for a pattern no telephone could follow.
 */
int bti_cadence_init(struct bti_cadence *c, const u32 *ms, unsigned int steps)
{
	unsigned int i;

	if (steps < 2 || steps > BTI_CADENCE_MAX || steps % 2)
		return -EINVAL;
	for (i = 0; i < steps; i++)
		if (ms[i] < BTI_CADENCE_MIN_MS || ms[i] > BTI_CADENCE_MAX_MS)
			return -EINVAL;
	memcpy(c->ms, ms, steps * sizeof(*ms));
	c->steps = steps;
	c->step = 0;
	c->step_end = 0;
	return 0;
}
EXPORT_SYMBOL_IF_KUNIT(bti_cadence_init);

void bti_cadence_start(struct bti_cadence *c, ktime_t now)
{
	c->step = 0;
	c->step_end = ktime_add_ms(now, c->ms[0]);
}
EXPORT_SYMBOL_IF_KUNIT(bti_cadence_start);

/**
 * bti_cadence_update - advance the cadence to @now
 * @c: the cadence
 * @now: current time
 * @deadline: set to the end of the current step
 *
 * Steps that a late timer missed entirely are skipped, so the pattern stays
 * locked to when ringing started.
 *
 * Return: true if ringing voltage belongs on the line at @now.
 */
bool bti_cadence_update(struct bti_cadence *c, ktime_t now, ktime_t *deadline)
{
	while (now >= c->step_end) {
		c->step = (c->step + 1) % c->steps;
		c->step_end = ktime_add_ms(c->step_end, c->ms[c->step]);
	}
	*deadline = c->step_end;
	return c->step % 2 == 0;
}
EXPORT_SYMBOL_IF_KUNIT(bti_cadence_update);
