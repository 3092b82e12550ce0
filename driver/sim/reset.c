// SPDX-License-Identifier: GPL-2.0
/*
 * The chip's RESET pin, wired to a GPIO controller of one output line,
 * which the board names as the chip's "reset" GPIO, as a device tree's
 * reset-gpios would.  Low holds the chip in reset (DS: RESET is active
 * low); rising releases it with every register at its reset value.
 */
#include <linux/device.h>
#include <linux/gpio/driver.h>
#include <linux/gpio/machine.h>
#include <linux/slab.h>

#include <bti/compat.h>
#include "sim.h"

#define BTI_SIM_RESET_LABEL	"bti_sim-reset"

static BTI_GPIO_SET_RET bti_sim_reset_set(struct gpio_chip *gc,
					  unsigned int offset, int value)
{
	struct bti_sim *sim = gpiochip_get_data(gc);

	spin_lock_bh(&sim->lock);
	proslic_set_reset_pin(&sim->chip, !value, ktime_get_ns());
	spin_unlock_bh(&sim->lock);
	return BTI_GPIO_SET_DONE;
}

static int bti_sim_reset_get(struct gpio_chip *gc, unsigned int offset)
{
	struct bti_sim *sim = gpiochip_get_data(gc);

	return !READ_ONCE(sim->chip.in_reset);
}

static int bti_sim_reset_output(struct gpio_chip *gc, unsigned int offset,
				int value)
{
	bti_sim_reset_set(gc, offset, value);
	return 0;
}

static int bti_sim_reset_direction(struct gpio_chip *gc, unsigned int offset)
{
	return GPIO_LINE_DIRECTION_OUT;
}

int bti_sim_reset_add(struct bti_sim *sim, const char *spi_name)
{
	struct gpiod_lookup_table *lookup;
	struct gpio_chip *gc;
	int err;

	gc = devm_kzalloc(sim->root, sizeof(*gc), GFP_KERNEL);
	lookup = kzalloc(struct_size(lookup, table, 2), GFP_KERNEL);
	if (!gc || !lookup) {
		kfree(lookup);
		return -ENOMEM;
	}
	gc->label = BTI_SIM_RESET_LABEL;
	gc->parent = sim->root;
	/* no owner: the chip driver holds the line, yet the board may go */
	gc->base = -1;
	gc->ngpio = 1;
	gc->can_sleep = true;
	gc->set = bti_sim_reset_set;
	gc->get = bti_sim_reset_get;
	gc->direction_output = bti_sim_reset_output;
	gc->get_direction = bti_sim_reset_direction;
	err = devm_gpiochip_add_data(sim->root, gc, sim);
	if (err) {
		kfree(lookup);
		return err;
	}
	lookup->dev_id = kstrdup(spi_name, GFP_KERNEL);
	if (!lookup->dev_id) {
		kfree(lookup);
		return -ENOMEM;
	}
	lookup->table[0].key = BTI_SIM_RESET_LABEL;
	lookup->table[0].con_id = "reset";
	lookup->table[0].flags = GPIO_ACTIVE_LOW;
	gpiod_add_lookup_table(lookup);
	sim->reset_gpio = gc;
	sim->reset_lookup = lookup;
	return 0;
}

void bti_sim_reset_remove(struct bti_sim *sim)
{
	if (!sim->reset_lookup)
		return;
	gpiod_remove_lookup_table(sim->reset_lookup);
	kfree(sim->reset_lookup->dev_id);
	kfree(sim->reset_lookup);
	sim->reset_lookup = NULL;
}
