// SPDX-License-Identifier: GPL-2.0
/*
 * A virtual SPI controller with the emulated ProSLIC on chip select 0.  The
 * real bti_si3210 driver binds to it by modalias and reads its PCM
 * timeslot, converter settings and line profile from the device's
 * properties, as it would from a device tree.  The controller hands the chip the bytes the
 * wire would, garbled if the clock mode or rate is not one the chip takes.
 */
#include <linux/delay.h>
#include <linux/moduleparam.h>
#include <linux/property.h>
#include <linux/spi/spi.h>

#include "sim.h"

#define BTI_SIM_TIMESLOT	3
#define BTI_SIM_SPI_HZ		4000000
#define PROSLIC_SPI_MAX_HZ	16000000	/* SCLK cycle >= 62 ns, DS Table 10 */

/*
 * The board's converter, as its designer would give it from the inductor
 * and transistor: 100 uH and a bipolar transistor, for which the Silicon
 * Labs design spreadsheet gives DCN 202 and DCTOF 12 (the OpenUSBFXS
 * board's figures): 202 x 61.035 ns and (12 + 4) x 61.035 ns.
 */
#define BTI_SIM_DCDC_PERIOD_NS	12329
#define BTI_SIM_DCDC_OFF_NS	977

static char *line_profile = "";
module_param(line_profile, charp, 0444);
MODULE_PARM_DESC(line_profile,
		 "The board's silabs,line-profile, as its device tree would name it (default: none)");

static struct property_entry bti_sim_slic_props[] = {
	PROPERTY_ENTRY_U32("silabs,pcm-timeslot", BTI_SIM_TIMESLOT),
	PROPERTY_ENTRY_U32("silabs,dcdc-pwm-period-ns", BTI_SIM_DCDC_PERIOD_NS),
	PROPERTY_ENTRY_U32("silabs,dcdc-off-time-ns", BTI_SIM_DCDC_OFF_NS),
	{ },	/* silabs,line-profile, if the board names one */
	{ }
};

static const struct software_node bti_sim_slic_node = {
	.name = "slic",
	.properties = bti_sim_slic_props,
};

/* The chip samples on the rising edge with the clock idle high: mode 3. */
static bool bti_sim_spi_garbled(struct spi_device *spi, struct spi_transfer *t)
{
	return (spi->mode & (SPI_CPOL | SPI_CPHA)) != (SPI_CPOL | SPI_CPHA) ||
	       (t->speed_hz ?: spi->max_speed_hz) > PROSLIC_SPI_MAX_HZ;
}

static int bti_sim_spi_transfer(struct spi_controller *ctlr,
				struct spi_message *msg)
{
	struct bti_sim *sim = *(struct bti_sim **)spi_controller_get_devdata(ctlr);
	unsigned int stall = READ_ONCE(sim->spi_stall_ms);
	struct spi_transfer *t;
	u64 now;

	if (stall)
		msleep(stall);
	now = ktime_get_ns();
	spin_lock_bh(&sim->lock);
	list_for_each_entry(t, &msg->transfers, transfer_list) {
		proslic_spi_bytes(&sim->chip, now, t->tx_buf, t->rx_buf, t->len,
				  bti_sim_spi_garbled(msg->spi, t));
		msg->actual_length += t->len;
	}
	spin_unlock_bh(&sim->lock);

	msg->status = 0;
	spi_finalize_current_message(ctlr);
	return 0;
}

int bti_sim_spi_add(struct bti_sim *sim)
{
	struct spi_board_info slic = {
		.max_speed_hz = BTI_SIM_SPI_HZ,
		.mode = SPI_MODE_3,
		.swnode = &bti_sim_slic_node,
		.irq = sim->irq,
	};
	struct spi_controller *ctlr;
	char name[32];
	int err;

	strscpy(slic.modalias, sim->chip.part == PROSLIC_SI3215 ? "si3215" :
			       "si3210", sizeof(slic.modalias));
	bti_sim_slic_props[3] = *line_profile ?
		PROPERTY_ENTRY_STRING("silabs,line-profile", line_profile) :
		(struct property_entry){ };
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
	/* the chip's RESET line, named for the device about to be made */
	snprintf(name, sizeof(name), "spi%u.0", ctlr->bus_num);
	err = bti_sim_reset_add(sim, name);
	if (err)
		goto err_ctlr;
	sim->spi = spi_new_device(ctlr, &slic);
	if (!sim->spi) {
		err = -ENODEV;
		goto err_reset;
	}
	return 0;

err_reset:
	bti_sim_reset_remove(sim);
err_ctlr:
	spi_unregister_controller(ctlr);
	return err;
}

void bti_sim_spi_remove(struct bti_sim *sim)
{
	/* unbinds the chip driver first, while transfers still work */
	spi_unregister_controller(sim->ctlr);
	bti_sim_reset_remove(sim);
}
