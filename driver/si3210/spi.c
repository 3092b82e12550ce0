// SPDX-License-Identifier: GPL-2.0
/*
 * bti_si3210: Silicon Labs Si3210/Si3215 ProSLIC on SPI.
 *
 * The chip takes one byte per chip-select frame: an address byte (bit 7 set
 * to read), chip select high, then the data byte.  regmap's SPI bus would
 * hold chip select across both, so this driver gives regmap its own
 * two-frame accessors.
 */
#include <linux/delay.h>
#include <linux/gpio/consumer.h>
#include <linux/interrupt.h>
#include <linux/module.h>
#include <linux/mod_devicetable.h>
#include <linux/property.h>
#include <linux/spi/spi.h>
#include <linux/workqueue.h>

#include "si3210.h"
#include "si3210_regs.h"

static unsigned int poll_ms = 10;
module_param(poll_ms, uint, 0444);
MODULE_PARM_DESC(poll_ms,
		 "Poll interval when the chip has no interrupt line, ms (default 10)");

struct si3210 {
	struct spi_device *spi;
	struct regmap *map;
	struct bti_port *port;
	struct delayed_work poll;
	bool polled;
	/* SPI buffers must be DMA-safe; regmap's lock serialises their use. */
	u8 buf[2] ____cacheline_aligned;
};

static int si3210_spi_xfer(struct si3210 *chip, u8 addr, u8 *data, bool read)
{
	struct spi_transfer xfer[2] = {
		{
			.tx_buf = &chip->buf[0],
			.len = 1,
			.cs_change = 1,
			.cs_change_delay = { 1, SPI_DELAY_UNIT_USECS },
		},
		{ .len = 1 },
	};
	int err;

	chip->buf[0] = addr | (read ? SI3210_SPI_READ : 0);
	chip->buf[1] = *data;
	if (read)
		xfer[1].rx_buf = &chip->buf[1];
	else
		xfer[1].tx_buf = &chip->buf[1];
	err = spi_sync_transfer(chip->spi, xfer, ARRAY_SIZE(xfer));
	*data = chip->buf[1];
	return err;
}

static int si3210_reg_read(void *ctx, unsigned int reg, unsigned int *val)
{
	u8 data = 0;
	int err = si3210_spi_xfer(ctx, reg, &data, true);

	*val = data;
	return err;
}

static int si3210_reg_write(void *ctx, unsigned int reg, unsigned int val)
{
	u8 data = val;

	return si3210_spi_xfer(ctx, reg, &data, false);
}

static const struct regmap_config si3210_regmap = {
	.reg_bits = 8,
	.val_bits = 8,
	.max_register = SI3210_MAX_REG,
	.reg_read = si3210_reg_read,
	.reg_write = si3210_reg_write,
	.cache_type = REGCACHE_NONE,
};

static int si3210_port_set_linefeed(struct bti_port *port, enum bti_linefeed lf)
{
	struct si3210 *chip = bti_port_priv(port);

	return si3210_set_feed(chip->map, lf);
}

static const struct bti_port_ops si3210_port_ops = {
	.set_linefeed = si3210_port_set_linefeed,
};

static void si3210_serve(struct si3210 *chip)
{
	struct si3210_events ev;
	int err = si3210_service(chip->map, &ev);

	if (err) {
		dev_warn_ratelimited(&chip->spi->dev, "status read failed: %d\n",
				     err);
		return;
	}
	if (ev.hook_seen)
		bti_port_report_hook(chip->port, ev.offhook);
	if (ev.digit)
		bti_port_report_digit(chip->port, ev.digit);
}

static irqreturn_t si3210_irq(int irq, void *data)
{
	si3210_serve(data);
	return IRQ_HANDLED;
}

static void si3210_poll(struct work_struct *work)
{
	struct si3210 *chip = container_of(work, struct si3210, poll.work);

	si3210_serve(chip);
	schedule_delayed_work(&chip->poll, msecs_to_jiffies(poll_ms));
}

static int si3210_reset(struct device *dev)
{
	struct gpio_desc *reset;

	reset = devm_gpiod_get_optional(dev, "reset", GPIOD_OUT_HIGH);
	if (IS_ERR(reset))
		return dev_err_probe(dev, PTR_ERR(reset), "reset GPIO\n");
	if (reset) {
		usleep_range(1000, 2000);
		gpiod_set_value_cansleep(reset, 0);
		usleep_range(1000, 2000);
	}
	return 0;
}

static int si3210_start_events(struct si3210 *chip)
{
	struct spi_device *spi = chip->spi;

	if (spi->irq > 0)
		return request_threaded_irq(spi->irq, NULL, si3210_irq,
					    IRQF_ONESHOT, dev_name(&spi->dev),
					    chip);
	chip->polled = true;
	INIT_DELAYED_WORK(&chip->poll, si3210_poll);
	schedule_delayed_work(&chip->poll, 0);
	return 0;
}

static void si3210_stop_events(struct si3210 *chip)
{
	if (chip->polled)
		cancel_delayed_work_sync(&chip->poll);
	else
		free_irq(chip->spi->irq, chip);
}

static int si3210_probe(struct spi_device *spi)
{
	const struct spi_device_id *id = spi_get_device_id(spi);
	struct device *dev = &spi->dev;
	struct bti_port_info info = { .ops = &si3210_port_ops };
	unsigned int part, rev, timeslot = 0;
	struct si3210 *chip;
	int err;

	chip = devm_kzalloc(dev, sizeof(*chip), GFP_KERNEL);
	if (!chip)
		return -ENOMEM;
	chip->spi = spi;
	chip->map = devm_regmap_init(dev, NULL, chip, &si3210_regmap);
	if (IS_ERR(chip->map))
		return dev_err_probe(dev, PTR_ERR(chip->map), "regmap\n");

	err = si3210_reset(dev);
	if (err)
		return err;
	err = si3210_identify(chip->map, &part, &rev);
	if (err)
		return dev_err_probe(dev, err, "no ProSLIC answers on SPI\n");
	device_property_read_u32(dev, "silabs,pcm-timeslot", &timeslot);
	err = si3210_setup(chip->map, timeslot);
	if (err)
		return dev_err_probe(dev, err, "chip setup\n");

	/* bound by driver_override, a device may match no entry */
	info.chip = id ? id->name : "si3210";
	info.timeslot = timeslot;
	info.priv = chip;
	chip->port = bti_port_register(dev, &info);
	if (IS_ERR(chip->port))
		return dev_err_probe(dev, PTR_ERR(chip->port), "port\n");
	err = si3210_start_events(chip);
	if (err) {
		bti_port_unregister(chip->port);
		return dev_err_probe(dev, err, "interrupt\n");
	}
	spi_set_drvdata(spi, chip);
	dev_info(dev, "%s revision %u, %s\n", info.chip, rev,
		 chip->polled ? "polled" : "interrupt driven");
	return 0;
}

static void si3210_remove(struct spi_device *spi)
{
	struct si3210 *chip = spi_get_drvdata(spi);

	si3210_stop_events(chip);
	bti_port_unregister(chip->port);
	si3210_set_feed(chip->map, BTI_LINEFEED_OPEN);
}

static const struct spi_device_id si3210_spi_ids[] = {
	{ "si3210" },
	{ "si3215" },
	{ }
};
MODULE_DEVICE_TABLE(spi, si3210_spi_ids);

static const struct of_device_id si3210_of_ids[] = {
	{ .compatible = "silabs,si3210" },
	{ .compatible = "silabs,si3215" },
	{ }
};
MODULE_DEVICE_TABLE(of, si3210_of_ids);

static struct spi_driver si3210_driver = {
	.driver = {
		.name = "bti_si3210",
		.of_match_table = si3210_of_ids,
	},
	.probe = si3210_probe,
	.remove = si3210_remove,
	.id_table = si3210_spi_ids,
};
module_spi_driver(si3210_driver);

MODULE_DESCRIPTION("bti: Silicon Labs Si3210/Si3215 ProSLIC");
MODULE_LICENSE("GPL");
