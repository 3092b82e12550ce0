// SPDX-License-Identifier: GPL-2.0
/*
 * bti_sim: simulated telephony hardware.  Loading it is plugging in a board
 * with one ProSLIC on SPI, its RESET pin on a GPIO, a PCM highway and a
 * telephone on the line.
 */
#include <linux/debugfs.h>
#include <linux/device.h>
#include <linux/module.h>
#include <linux/slab.h>
#include <linux/string.h>

#include "sim.h"

struct bti_sim *bti_sim;

static bool irq = true;
module_param(irq, bool, 0444);
MODULE_PARM_DESC(irq, "Wire the chip's INT pin (default) or leave the driver to poll");

static char *part = "si3215";
module_param(part, charp, 0444);
MODULE_PARM_DESC(part, "The chip on the board: si3215 (default, no DTMF decoder) or si3210");

/* Revisions as shipped: Si3210-E and Si3215-C (their ordering codes) */
static unsigned int revision;
module_param(revision, uint, 0444);
MODULE_PARM_DESC(revision, "The chip's revision, 1 for A (default: E for the Si3210, C for the Si3215)");

static void bti_sim_free(struct bti_sim *sim)
{
	bti_sim_phone_free(&sim->phone);
	kfree(sim);
}

static int __init bti_sim_init(void)
{
	struct bti_sim *sim;
	int err;

	if (!sysfs_streq(part, "si3210") && !sysfs_streq(part, "si3215"))
		return -EINVAL;
	if (revision > 15)
		return -EINVAL;
	sim = kzalloc(sizeof(*sim), GFP_KERNEL);
	if (!sim)
		return -ENOMEM;
	spin_lock_init(&sim->lock);
	if (sysfs_streq(part, "si3215"))
		proslic_init(&sim->chip, PROSLIC_SI3215, revision ?: 3);
	else
		proslic_init(&sim->chip, PROSLIC_SI3210, revision ?: 5);
	err = bti_sim_phone_init(&sim->phone);
	if (err)
		goto err_free;
	bti_sim = sim;
	if (irq) {
		err = bti_sim_irq_init(sim);
		if (err)
			goto err_free;
	}

	sim->root = root_device_register("bti_sim");
	if (IS_ERR(sim->root)) {
		err = PTR_ERR(sim->root);
		goto err_irq;
	}
	err = bti_sim_highway_start(sim);
	if (err)
		goto err_root;
	err = bti_sim_spi_add(sim);
	if (err)
		goto err_highway;
	err = bti_sim_configfs_init();
	if (err)
		goto err_spi;
	bti_sim_trace_init(sim);
	return 0;

err_spi:
	bti_sim_spi_remove(sim);
err_highway:
	bti_sim_highway_stop(sim);
err_root:
	root_device_unregister(sim->root);
err_irq:
	if (sim->irq)
		bti_sim_irq_exit(sim);
err_free:
	bti_sim_free(sim);
	return err;
}

static void __exit bti_sim_exit(void)
{
	debugfs_remove_recursive(bti_sim->debugfs);
	bti_sim_configfs_exit();
	bti_sim_spi_remove(bti_sim);
	bti_sim_highway_stop(bti_sim);
	root_device_unregister(bti_sim->root);
	if (bti_sim->irq)
		bti_sim_irq_exit(bti_sim);
	bti_sim_free(bti_sim);
}

module_init(bti_sim_init);
module_exit(bti_sim_exit);
MODULE_DESCRIPTION("bti: simulated SLIC, PCM highway and telephone");
MODULE_LICENSE("GPL");
