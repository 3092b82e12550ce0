// SPDX-License-Identifier: GPL-2.0
/*
 * bti_si3210: Silicon Labs Si3210/Si3215 ProSLIC on SPI.
 *
 * An access is a control byte (bit 7 set to read), then the data byte;
 * the datasheet recommends chip select high between the two, so that a
 * framing error is resynchronised at the next byte.  regmap's SPI bus
 * would hold chip select across both, so this driver gives regmap its own
 * two-frame accessors.  Probe resets, identifies and brings the chip up
 * (bringup.c), then registers the line with the bti core; a watch then
 * looks after the line's power alarms and the chip's own resets.
 */
#include <linux/delay.h>
#include <linux/gpio/consumer.h>
#include <linux/interrupt.h>
#include <linux/module.h>
#include <linux/mod_devicetable.h>
#include <linux/property.h>
#include <linux/spi/spi.h>

#include "si3210.h"
#include "si3210_regs.h"

static unsigned int poll_ms = 10;
module_param(poll_ms, uint, 0444);
MODULE_PARM_DESC(poll_ms,
		 "Poll interval when the chip has no interrupt line, ms (default 10)");

static bool dtmf_decoder = true;
module_param(dtmf_decoder, bool, 0444);
MODULE_PARM_DESC(dtmf_decoder,
		 "Take digits from the Si3210's own DTMF decoder (default) rather than the core's detector; the Si3215 has no decoder");

/*
 * How often the chip is checked for a reset of its own; how long a line
 * opened by a power alarm stays open; and, as DAHDI's wctdm does, how
 * many alarms in a row are let go before the line stays open, one of
 * which is forgiven every ten seconds.  A restore that failed is tried
 * again every ten seconds.
 */
#define SI3210_WATCH_MS		250
#define SI3210_ALARM_HOLD_MS	1000
#define SI3210_ALARM_MAX	10
#define SI3210_ALARM_FORGIVE_MS	10000
#define SI3210_RESTORE_RETRY_MS	10000

/* After RESET rises, the chip's PLL locks to PCLK: 150 ms (Arcturus) */
#define SI3210_RESET_WAIT_MS	150

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
	int err = 0;

	/* a line opened on a power alarm, or down, stays so for a while */
	mutex_lock(&chip->lock);
	if (!chip->alarm_since && !chip->down)
		err = si3210_set_feed(chip, lf);
	mutex_unlock(&chip->lock);
	return err;
}

static const struct bti_port_ops si3210_port_ops = {
	.set_linefeed = si3210_port_set_linefeed,
};

/* The chip opened the line itself (AOPN); keep it open, and say why. */
static void si3210_power_alarm(struct si3210 *chip, u8 alarm)
{
	mutex_lock(&chip->lock);
	chip->alarm_since = ktime_get();
	chip->alarms++;
	si3210_set_feed(chip, BTI_LINEFEED_OPEN);
	mutex_unlock(&chip->lock);
	dev_warn_ratelimited(chip->dev, "power alarm on transistor Q%lu: line opened\n",
			     __ffs(alarm) - 1);
	bti_port_report_alarm(chip->port, BTI_ALARM_POWER);
}

static int si3210_serve(struct si3210 *chip)
{
	struct si3210_events ev;
	int err = si3210_service(chip, &ev);

	if (err) {
		dev_warn_ratelimited(chip->dev, "status read failed: %d\n", err);
		return err;
	}
	if (ev.alarm)
		si3210_power_alarm(chip, ev.alarm);
	if (ev.hook_seen)
		bti_port_report_hook(chip->port, ev.offhook);
	if (ev.digit)
		bti_port_report_digit(chip->port, ev.digit);
	return 0;
}

static irqreturn_t si3210_irq(int irq, void *data)
{
	/* a status left unread would hold INT low: say it was not served */
	return si3210_serve(data) ? IRQ_NONE : IRQ_HANDLED;
}

static void si3210_poll(struct work_struct *work)
{
	struct si3210 *chip = container_of(work, struct si3210, poll.work);

	si3210_serve(chip);
	schedule_delayed_work(&chip->poll, msecs_to_jiffies(max(poll_ms, 1U)));
}

/*
 * A chip that reset itself is brought up again, with the calibration made
 * at probe; one that will not come up is tried again later, the line down
 * meanwhile.
 */
static void si3210_restore(struct si3210 *chip, bool was_reset)
{
	int err;

	if (was_reset) {
		dev_warn(chip->dev, "the chip reset itself: restoring the line\n");
		bti_port_report_alarm(chip->port, BTI_ALARM_CHIP_RESET);
	}
	mutex_lock(&chip->lock);
	chip->alarm_since = 0;
	chip->alarms = 0;
	err = si3210_bringup(chip, false);
	chip->down = err != 0;
	chip->retry_at = ktime_add_ms(ktime_get(), SI3210_RESTORE_RETRY_MS);
	mutex_unlock(&chip->lock);
	if (err)
		dev_err(chip->dev, "restoring the line failed (%d): trying again in %u s\n",
			err, SI3210_RESTORE_RETRY_MS / 1000);
	else
		bti_port_resync(chip->port);
}

/*
 * A line opened on a power alarm is powered again once it has been open a
 * while, unless alarms came too many too fast.
 */
static void si3210_recover(struct si3210 *chip)
{
	ktime_t now = ktime_get();
	bool resync = false;

	mutex_lock(&chip->lock);
	if (chip->alarms &&
	    ktime_after(now, ktime_add_ms(chip->forgiven_at,
					  SI3210_ALARM_FORGIVE_MS))) {
		chip->alarms--;
		chip->forgiven_at = now;
	}
	if (chip->alarm_since &&
	    ktime_after(now, ktime_add_ms(chip->alarm_since,
					  SI3210_ALARM_HOLD_MS))) {
		resync = chip->alarms < SI3210_ALARM_MAX;
		if (resync)
			chip->alarm_since = 0;
		else if (!chip->gave_up)
			dev_err(chip->dev, "%u power alarms: the line stays open until they stop\n",
				chip->alarms);
		chip->gave_up = !resync;
	}
	mutex_unlock(&chip->lock);
	if (!resync)
		return;
	dev_info(chip->dev, "powering the line again after its power alarm\n");
	bti_port_resync(chip->port);
}

static void si3210_watch(struct work_struct *work)
{
	struct si3210 *chip = container_of(work, struct si3210, watch.work);
	int reset = si3210_was_reset(chip);

	if (reset > 0)
		si3210_restore(chip, true);
	else if (chip->down && ktime_after(ktime_get(), chip->retry_at))
		si3210_restore(chip, false);
	else if (!reset)
		si3210_recover(chip);
	schedule_delayed_work(&chip->watch, msecs_to_jiffies(SI3210_WATCH_MS));
}

static int si3210_reset(struct si3210 *chip)
{
	struct gpio_desc *reset;

	reset = devm_gpiod_get_optional(chip->dev, "reset", GPIOD_OUT_HIGH);
	if (IS_ERR(reset))
		return dev_err_probe(chip->dev, PTR_ERR(reset), "reset GPIO\n");
	if (!reset)
		return 0;
	usleep_range(1000, 2000);	/* at least 100 ns (DS Table 9) */
	gpiod_set_value_cansleep(reset, 0);
	msleep(SI3210_RESET_WAIT_MS);
	chip->reset_pin = true;
	return 0;
}

/**
 * si3210_read_profile - set the line up for the board's country
 * @chip: the chip
 *
 * The device's ``silabs,line-profile``, unless bti's ``line_profile``
 * chooses for every line; North America without either.
 *
 * Return: 0, or -EINVAL or -EOPNOTSUPP with a message.
 */
static int si3210_read_profile(struct si3210 *chip)
{
	const struct bti_line_profile *profile;
	const char *name = NULL;
	int err;

	err = device_property_read_string(chip->dev, "silabs,line-profile",
					  &name);
	if (err && err != -EINVAL) {	/* -EINVAL: there is none */
		dev_err(chip->dev, "silabs,line-profile is not a string\n");
		return err;
	}
	profile = bti_line_profile_choose(name);
	if (!profile) {
		dev_err(chip->dev, "no line profile %s: silabs,line-profile must be us, gb, de, fr, jp or au\n",
			name);
		return -EINVAL;
	}
	return si3210_profile_set(chip, profile);
}

/*
 * The converter's period and off time come from the board's inductor and
 * transistor: there is no default, since a wrong one can burn them.
 */
static int si3210_read_converter(struct si3210 *chip)
{
	static const char *const props[] = {
		"silabs,dcdc-pwm-period-ns", "silabs,dcdc-off-time-ns",
	};
	u32 ns[2];
	unsigned int i;

	for (i = 0; i < 2; i++) {
		if (device_property_read_u32(chip->dev, props[i], &ns[i])) {
			dev_err(chip->dev, "%s is missing: the DC-DC converter's settings depend on the board, so the line stays powered down\n",
				props[i]);
			return -EINVAL;
		}
	}
	return si3210_set_converter(chip, ns[0], ns[1]);
}

/* The part the device tree or the device ID names, or -1 for any. */
static int si3210_expected_part(struct spi_device *spi)
{
	const struct spi_device_id *id = spi_get_device_id(spi);
	const void *data = device_get_match_data(&spi->dev);

	if (data)
		return (uintptr_t)data - 1;
	return id ? id->driver_data - 1 : -1;
}

static int si3210_start_events(struct si3210 *chip)
{
	struct spi_device *spi = chip->spi;
	int err = 0;

	if (spi->irq > 0) {
		err = request_threaded_irq(spi->irq, NULL, si3210_irq,
					   IRQF_ONESHOT, dev_name(&spi->dev),
					   chip);
	} else {
		chip->polled = true;
		INIT_DELAYED_WORK(&chip->poll, si3210_poll);
		schedule_delayed_work(&chip->poll, 0);
	}
	if (err)
		return err;
	INIT_DELAYED_WORK(&chip->watch, si3210_watch);
	schedule_delayed_work(&chip->watch, msecs_to_jiffies(SI3210_WATCH_MS));
	return 0;
}

static void si3210_stop_events(struct si3210 *chip)
{
	cancel_delayed_work_sync(&chip->watch);
	if (chip->polled)
		cancel_delayed_work_sync(&chip->poll);
	else
		free_irq(chip->spi->irq, chip);
}

static int si3210_probe(struct spi_device *spi)
{
	struct device *dev = &spi->dev;
	struct bti_port_info info = { .ops = &si3210_port_ops };
	struct si3210 *chip;
	int err;

	chip = devm_kzalloc(dev, sizeof(*chip), GFP_KERNEL);
	if (!chip)
		return -ENOMEM;
	chip->spi = spi;
	chip->dev = dev;
	mutex_init(&chip->lock);
	chip->map = devm_regmap_init(dev, NULL, chip, &si3210_regmap);
	if (IS_ERR(chip->map))
		return dev_err_probe(dev, PTR_ERR(chip->map), "regmap\n");

	err = si3210_reset(chip);
	err = err ?: si3210_identify(chip, si3210_expected_part(spi));
	if (err)
		return err;
	/* from here on, a chip found running is left powered down */
	device_property_read_u32(dev, "silabs,pcm-timeslot", &chip->timeslot);
	chip->use_decoder = chip->part == SI3210_PART_SI3210 && dtmf_decoder;
	si3210_iregs_init(chip);
	/* each of these says what is wrong with the board's settings */
	err = si3210_read_converter(chip);
	err = err ?: si3210_read_profile(chip);
	if (!err) {
		err = si3210_bringup(chip, true);
		if (err)
			dev_err_probe(dev, err, "bring-up\n");
	}
	if (err) {
		si3210_power_down(chip);
		return err;
	}

	info.chip = si3210_part_name(chip);
	info.revision = chip->rev;
	info.timeslot = chip->timeslot;
	info.decodes_dtmf = chip->use_decoder;
	info.profile = chip->profile;
	info.priv = chip;
	chip->port = bti_port_register(dev, &info);
	if (IS_ERR(chip->port)) {
		si3210_power_down(chip);
		return dev_err_probe(dev, PTR_ERR(chip->port), "port\n");
	}
	err = si3210_start_events(chip);
	if (err) {
		bti_port_unregister(chip->port);
		si3210_power_down(chip);
		return dev_err_probe(dev, err, "interrupt\n");
	}
	spi_set_drvdata(spi, chip);
	dev_info(dev, "%s revision %c, %s, line powered\n", info.chip,
		 'A' - 1 + chip->rev, chip->polled ? "polled" : "interrupt driven");
	return 0;
}

static void si3210_remove(struct spi_device *spi)
{
	struct si3210 *chip = spi_get_drvdata(spi);

	si3210_stop_events(chip);
	bti_port_unregister(chip->port);
	si3210_power_down(chip);
}

/* No voltage on the line across a reboot or kexec. */
static void si3210_shutdown(struct spi_device *spi)
{
	struct si3210 *chip = spi_get_drvdata(spi);

	if (!chip)
		return;
	si3210_stop_events(chip);
	si3210_power_down(chip);
}

/* driver_data: the part plus one, so that 0 names none */
static const struct spi_device_id si3210_spi_ids[] = {
	{ "si3210", SI3210_PART_SI3210 + 1 },
	{ "si3215", SI3210_PART_SI3215 + 1 },
	{ }
};
MODULE_DEVICE_TABLE(spi, si3210_spi_ids);

static const struct of_device_id si3210_of_ids[] = {
	{ .compatible = "silabs,si3210", .data = (void *)(SI3210_PART_SI3210 + 1) },
	{ .compatible = "silabs,si3215", .data = (void *)(SI3210_PART_SI3215 + 1) },
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
	.shutdown = si3210_shutdown,
	.id_table = si3210_spi_ids,
};
module_spi_driver(si3210_driver);

MODULE_DESCRIPTION("bti: Silicon Labs Si3210/Si3215 ProSLIC");
MODULE_LICENSE("GPL");
