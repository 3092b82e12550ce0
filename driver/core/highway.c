// SPDX-License-Identifier: GPL-2.0
/*
 * The PCM highway: routes each timeslot of a 1 ms tick to its port.
 *
 * One highway per system in this version; ports claim timeslots whether or
 * not the highway has registered yet, so chip and highway may probe in
 * either order.
 */
#include <linux/hardirq.h>
#include <linux/irqflags.h>
#include <linux/module.h>
#include <linux/printk.h>

#include <bti/highway.h>

#include "bti_core.h"

static DEFINE_SPINLOCK(bti_slot_lock);
static struct bti_port *bti_slots[BTI_HIGHWAY_MAX_SLOTS];
static struct bti_highway *bti_highway;

int bti_highway_attach(struct bti_port *port)
{
	unsigned int slot = port->info.timeslot;
	int err = 0;

	if (slot >= BTI_HIGHWAY_MAX_SLOTS)
		return -EINVAL;
	spin_lock_bh(&bti_slot_lock);
	if (bti_slots[slot])
		err = -EBUSY;
	else
		bti_slots[slot] = port;
	spin_unlock_bh(&bti_slot_lock);
	return err;
}

void bti_highway_detach(struct bti_port *port)
{
	spin_lock_bh(&bti_slot_lock);
	bti_slots[port->info.timeslot] = NULL;
	spin_unlock_bh(&bti_slot_lock);
}

/**
 * bti_highway_register - make a highway the source of audio ticks
 * @hw: the highway; must stay valid until bti_highway_unregister()
 *
 * Return: 0, -EINVAL for more slots than the core routes, or -EBUSY if a
 * highway is already registered.
 */
int bti_highway_register(struct bti_highway *hw)
{
	int err = 0;

	if (!hw->slots || hw->slots > BTI_HIGHWAY_MAX_SLOTS)
		return -EINVAL;
	spin_lock_bh(&bti_slot_lock);
	if (bti_highway)
		err = -EBUSY;
	else
		bti_highway = hw;
	spin_unlock_bh(&bti_slot_lock);
	if (!err)
		pr_info("bti: highway %s, %u timeslots\n", hw->name, hw->slots);
	return err;
}
EXPORT_SYMBOL_GPL(bti_highway_register);

/**
 * bti_highway_unregister - stop taking ticks from a highway
 * @hw: as registered
 */
void bti_highway_unregister(struct bti_highway *hw)
{
	spin_lock_bh(&bti_slot_lock);
	if (bti_highway == hw)
		bti_highway = NULL;
	spin_unlock_bh(&bti_slot_lock);
}
EXPORT_SYMBOL_GPL(bti_highway_unregister);

/**
 * bti_highway_tick - one millisecond of audio in both directions
 * @hw: the highway
 * @rx: eight frames of samples the chips sent, by timeslot
 * @tx: filled with eight frames for the chips to play, by timeslot
 *
 * A tick from hard interrupt context, or with interrupts off, is refused,
 * logged once, and plays silence: the port core publishes events and
 * queues work under BH-safe locks, which are not safe there.
 *
 * Context: softirq (a dmaengine completion callback, which runs in a
 * tasklet), or process context (a threaded interrupt handler).
 */
void bti_highway_tick(struct bti_highway *hw,
		      const u8 rx[BTI_TICK_SAMPLES][BTI_HIGHWAY_MAX_SLOTS],
		      u8 tx[BTI_TICK_SAMPLES][BTI_HIGHWAY_MAX_SLOTS])
{
	u8 up[BTI_TICK_SAMPLES], down[BTI_TICK_SAMPLES];
	unsigned int slot, i;

	memset(tx, 0xff, BTI_TICK_SAMPLES * BTI_HIGHWAY_MAX_SLOTS);
	if (in_hardirq() || irqs_disabled()) {
		pr_err_once("bti: highway %s ticked with interrupts off, which the tick refuses: see bti/highway.h\n",
			    hw->name);
		return;
	}
	spin_lock_bh(&bti_slot_lock);
	if (hw != bti_highway)
		goto out;
	for (slot = 0; slot < hw->slots; slot++) {
		struct bti_port *port = bti_slots[slot];

		if (!port)
			continue;
		for (i = 0; i < BTI_TICK_SAMPLES; i++)
			up[i] = rx[i][slot];
		bti_port_uplink(port, up);
		bti_port_downlink(port, down);
		for (i = 0; i < BTI_TICK_SAMPLES; i++)
			tx[i][slot] = down[i];
	}
out:
	spin_unlock_bh(&bti_slot_lock);
}
EXPORT_SYMBOL_GPL(bti_highway_tick);
