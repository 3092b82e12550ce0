// SPDX-License-Identifier: GPL-2.0
/*
 * Hook switch debounce and flash detection.
 *
 * Loop current bounces when a handset is lifted, and a hook flash is a
 * deliberate short break, so a raw change only counts once it has held for
 * the debounce window.  A break that ends before flash_max is a flash; one
 * that outlasts it is a hang-up, reported the moment it could no longer be a
 * flash.
 */
#include <kunit/visibility.h>

#include "line.h"

void bti_hook_init(struct bti_hook_fsm *h, ktime_t debounce, ktime_t flash_max)
{
	h->debounce = debounce;
	h->flash_max = flash_max;
	h->offhook = false;
	h->raw_off = false;
	h->raw_since = 0;
}
EXPORT_SYMBOL_IF_KUNIT(bti_hook_init);

/**
 * bti_hook_update - feed a raw sample, or just the time, to the debouncer
 * @h: the state
 * @raw_off: raw loop closure now
 * @now: current time
 * @deadline: set to when the state must be re-evaluated, or BTI_NO_DEADLINE
 *
 * Return: the debounced change that happened at @now, if any.
 */
enum bti_hook_change bti_hook_update(struct bti_hook_fsm *h, bool raw_off,
				     ktime_t now, ktime_t *deadline)
{
	enum bti_hook_change change = BTI_HOOK_NONE;
	ktime_t hold;

	if (raw_off != h->raw_off) {
		if (raw_off && h->offhook &&
		    ktime_sub(now, h->raw_since) >= h->debounce)
			change = BTI_HOOK_FLASHED;
		h->raw_off = raw_off;
		h->raw_since = now;
	}

	*deadline = BTI_NO_DEADLINE;
	if (h->raw_off == h->offhook)
		return change;

	hold = h->offhook ? h->flash_max : h->debounce;
	if (ktime_sub(now, h->raw_since) < hold) {
		*deadline = ktime_add(h->raw_since, hold);
		return change;
	}
	h->offhook = h->raw_off;
	return h->offhook ? BTI_HOOK_WENT_OFF : BTI_HOOK_WENT_ON;
}
EXPORT_SYMBOL_IF_KUNIT(bti_hook_update);
