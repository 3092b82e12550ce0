/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The seam between a PCM highway (the TDM bus that carries SLIC audio)
 * and the bti port core.
 *
 * A highway calls bti_highway_tick() once per millisecond of audio: eight
 * 125 us frames, each holding one mu-law byte per timeslot.  The core routes
 * each timeslot to the port that the chip driver registered on it.  A board
 * port is one small file: register the SoC's TDM controller here and call
 * bti_highway_tick() when its DMA completes, from softirq or process
 * context.  A dmaengine completion callback runs in a tasklet and may call
 * it directly; a controller that learns of completion in its own hard
 * interrupt handler returns IRQ_WAKE_THREAD and ticks from the threaded
 * handler.  The tick publishes events and queues work under BH-safe locks,
 * so it refuses, with an error logged, to run in hard interrupt context.
 */
#ifndef _BTI_HIGHWAY_H
#define _BTI_HIGHWAY_H

#include <linux/types.h>

#define BTI_TICK_SAMPLES	8	/* 8 kHz, one tick per millisecond */
#define BTI_HIGHWAY_MAX_SLOTS	32

struct bti_highway;

/**
 * struct bti_highway - a PCM highway registered with the core
 * @name: for logs
 * @slots: timeslots per 125 us frame, at most %BTI_HIGHWAY_MAX_SLOTS
 *
 * The highway clocks ticks from registration until it unregisters; it
 * stops its clock before bti_highway_unregister(), so that no tick is in
 * flight when that returns.
 */
struct bti_highway {
	const char *name;
	unsigned int slots;
};

int bti_highway_register(struct bti_highway *hw);
void bti_highway_unregister(struct bti_highway *hw);
void bti_highway_tick(struct bti_highway *hw,
		      const u8 rx[BTI_TICK_SAMPLES][BTI_HIGHWAY_MAX_SLOTS],
		      u8 tx[BTI_TICK_SAMPLES][BTI_HIGHWAY_MAX_SLOTS]);

#endif /* _BTI_HIGHWAY_H */
