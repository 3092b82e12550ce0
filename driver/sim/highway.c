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

/*
 * One ms of the chip's codec: the telephone's sound goes up its timeslot
 * while loop current carries it, or, with a loopback on, what the chip
 * received the ms before; what comes down reaches the earpiece.
 */
static void bti_sim_tick(struct bti_sim *sim)
{
	u8 rx[BTI_TICK_SAMPLES][BTI_HIGHWAY_MAX_SLOTS];
	u8 tx[BTI_TICK_SAMPLES][BTI_HIGHWAY_MAX_SLOTS];
	u8 mouth[BTI_TICK_SAMPLES], ear[BTI_TICK_SAMPLES];
	u64 now = ktime_to_ns(ktime_add_ms(sim->epoch, sim->ticks));
	bool irq, talk, loopback;
	int up, down;
	unsigned int i;

	memset(rx, 0xff, sizeof(rx));
	spin_lock(&sim->lock);
	proslic_advance(&sim->chip, now);
	bti_sim_phone_mouth(&sim->phone, &sim->chip, now, mouth);
	up = proslic_pcm_slot(&sim->chip, true);
	down = proslic_pcm_slot(&sim->chip, false);
	talk = proslic_loop_current(&sim->chip);
	loopback = proslic_loopback(&sim->chip);
	irq = sim->irq && proslic_int(&sim->chip, now);
	if (up >= 0 && up < BTI_SIM_SLOTS)
		for (i = 0; i < BTI_TICK_SAMPLES; i++)
			rx[i][up] = loopback ? sim->looped[i] :
				    talk ? mouth[i] : 0xff;
	spin_unlock(&sim->lock);

	bti_sim_irq_sample(sim, irq);
	bti_highway_tick(&sim->hw, rx, tx);

	for (i = 0; i < BTI_TICK_SAMPLES; i++)
		ear[i] = down >= 0 && down < BTI_SIM_SLOTS ? tx[i][down] : 0xff;
	spin_lock(&sim->lock);
	memcpy(sim->looped, ear, sizeof(ear));
	if (talk)
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
