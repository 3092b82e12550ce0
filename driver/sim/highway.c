// SPDX-License-Identifier: GPL-2.0
/*
 * The simulated PCM highway, clocked by an hrtimer that catches up to wall
 * time: a late expiry runs every tick it missed, so the audio clock keeps
 * 8 kHz on average however the timer is served.
 */
#include <linux/string.h>

#include <bti/compat.h>
#include "sim.h"

#define BTI_SIM_SLOTS		8
#define BTI_SIM_CATCHUP_MAX	200	/* ms; past this, skip rather than race */

static void bti_sim_tick(struct bti_sim *sim)
{
	u8 rx[BTI_TICK_SAMPLES][BTI_HIGHWAY_MAX_SLOTS];
	u8 tx[BTI_TICK_SAMPLES][BTI_HIGHWAY_MAX_SLOTS];
	u8 mouth[BTI_TICK_SAMPLES], ear[BTI_TICK_SAMPLES];
	bool irq;
	int up, down;
	unsigned int i;

	memset(rx, 0xff, sizeof(rx));
	spin_lock(&sim->lock);
	bti_sim_phone_mouth(&sim->phone, &sim->chip, mouth);
	up = si3215_model_pcm_slot(&sim->chip, true);
	down = si3215_model_pcm_slot(&sim->chip, false);
	irq = sim->irq && si3215_model_int(&sim->chip);
	spin_unlock(&sim->lock);

	bti_sim_irq_sample(sim, irq);

	if (up >= 0 && up < BTI_SIM_SLOTS)
		for (i = 0; i < BTI_TICK_SAMPLES; i++)
			rx[i][up] = mouth[i];
	bti_highway_tick(&sim->hw, rx, tx);
	if (down < 0 || down >= BTI_SIM_SLOTS)
		return;
	for (i = 0; i < BTI_TICK_SAMPLES; i++)
		ear[i] = tx[i][down];
	spin_lock(&sim->lock);
	bti_sim_phone_ear(&sim->phone, ear);
	spin_unlock(&sim->lock);
}

static enum hrtimer_restart bti_sim_clock(struct hrtimer *t)
{
	struct bti_sim *sim = container_of(t, struct bti_sim, clock);
	u64 due = ktime_ms_delta(ktime_get(), sim->epoch);

	if (due > sim->ticks + BTI_SIM_CATCHUP_MAX)
		sim->ticks = due - 1;
	while (sim->ticks < due) {
		bti_sim_tick(sim);
		sim->ticks++;
	}
	hrtimer_set_expires(t, ktime_add_ms(sim->epoch, sim->ticks + 1));
	return HRTIMER_RESTART;
}

int bti_sim_highway_start(struct bti_sim *sim)
{
	int err;

	sim->hw.name = "bti_sim";
	sim->hw.slots = BTI_SIM_SLOTS;
	err = bti_highway_register(&sim->hw);
	if (err)
		return err;
	hrtimer_setup(&sim->clock, bti_sim_clock, CLOCK_MONOTONIC,
		      HRTIMER_MODE_ABS_SOFT);
	sim->epoch = ktime_get();
	sim->ticks = 0;
	hrtimer_start(&sim->clock, ktime_add_ms(sim->epoch, 1),
		      HRTIMER_MODE_ABS_SOFT);
	return 0;
}

void bti_sim_highway_stop(struct bti_sim *sim)
{
	hrtimer_cancel(&sim->clock);
	bti_highway_unregister(&sim->hw);
}
