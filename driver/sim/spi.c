// SPDX-License-Identifier: GPL-2.0
/*
 * A virtual SPI controller with the emulated Si3215 on chip select 0.  The
 * real bti_si3210 driver binds to it by modalias and reads its PCM timeslot
 * from the device's properties, as it would from a device tree.
 */
#include <linux/property.h>
#include <linux/spi/spi.h>

#include "sim.h"

#define BTI_SIM_TIMESLOT	3

static const struct property_entry bti_sim_slic_props[] = {
	PROPERTY_ENTRY_U32("silabs,pcm-timeslot", BTI_SIM_TIMESLOT),
	{ }
};

static const struct software_node bti_sim_slic_node = {
	.name = "si3215",
	.properties = bti_sim_slic_props,
};

static int bti_sim_spi_transfer(struct spi_controller *ctlr,
				struct spi_message *msg)
{
	struct bti_sim *sim = *(struct bti_sim **)spi_controller_get_devdata(ctlr);
	struct spi_transfer *t;
	unsigned int i;

	spin_lock_bh(&sim->lock);
	list_for_each_entry(t, &msg->transfers, transfer_list) {
		const u8 *tx = t->tx_buf;
		u8 *rx = t->rx_buf;

		for (i = 0; i < t->len; i++) {
			u8 out = si3215_model_spi_byte(&sim->chip,
						       tx ? tx[i] : 0);
			if (rx)
				rx[i] = out;
		}
		msg->actual_length += t->len;
	}
	si3215_model_spi_end(&sim->chip);
	spin_unlock_bh(&sim->lock);

	msg->status = 0;
	spi_finalize_current_message(ctlr);
	return 0;
}

int bti_sim_spi_add(struct bti_sim *sim)
{
	struct spi_board_info slic = {
		.modalias = "si3215",
		.max_speed_hz = 4000000,
		.mode = SPI_MODE_3,
		.swnode = &bti_sim_slic_node,
		.irq = sim->irq,
	};
	struct spi_controller *ctlr;
	int err;

	/*
	 * Held by the root device, which drops it as it goes: whether
	 * spi_unregister_controller() drops the last reference of a controller
	 * allocated otherwise changed after 6.12 (7.2 leaves it to the
	 * caller); for one devres holds, every kernel agrees.
	 */
	ctlr = devm_spi_alloc_host(sim->root, sizeof(sim));
	if (!ctlr)
		return -ENOMEM;
	*(struct bti_sim **)spi_controller_get_devdata(ctlr) = sim;
	ctlr->bus_num = -1;
	ctlr->num_chipselect = 1;
	ctlr->mode_bits = SPI_CPOL | SPI_CPHA;
	ctlr->bits_per_word_mask = SPI_BPW_MASK(8);
	ctlr->transfer_one_message = bti_sim_spi_transfer;
	err = spi_register_controller(ctlr);
	if (err)
		return err;
	sim->ctlr = ctlr;
	if (!spi_new_device(ctlr, &slic)) {
		spi_unregister_controller(ctlr);
		return -ENODEV;
	}
	return 0;
}

void bti_sim_spi_remove(struct bti_sim *sim)
{
	/* unbinds the chip driver first, while transfers still work */
	spi_unregister_controller(sim->ctlr);
}
