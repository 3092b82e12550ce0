// SPDX-License-Identifier: GPL-2.0
/*
 * From reset to a powered line, in the order of Silicon Labs' AN35 as its
 * ProSLIC API codes it: the line set up with the converter off, the
 * indirect registers with the filters flushed, the DC-DC converter started
 * slow and the battery, the board's converter settings and the
 * converter's calibration, the line's calibrations, the filters,
 * interrupts, and PCM last.  Documentation/driver.rst walks through each
 * step and why.
 */
#include <linux/bitfield.h>
#include <linux/delay.h>
#include <linux/device.h>
#include <linux/errno.h>
#include <linux/math.h>

#include "si3210.h"
#include "si3210_regs.h"

#define SI3210_VBAT_WAIT_US	500000	/* DAHDI's wctdm: HZ / 2 */
#define SI3210_DCN_SLOW		0xff	/* the API starts the converter slow, */
#define SI3210_DCTOF_SLOW	0x12	/* "to prevent voltage runaway" */
#define SI3210_DCDC_SETTLE_MS	30	/* the API, before DCCAL */
#define SI3210_FOREIGN_MAX	0x11	/* TIP or RING sense: 6.4 V (the API) */
#define SI3210_BALANCE_WAIT_MS	250	/* the API, forward active */
#define SI3210_VBAT_MARGIN_MV	6000	/* the API waits for VBATH - 6 V */
#define SI3210_VBAT_SENSE_UV	376000	/* registers 80 to 82, 0.376 V a step */
#define SI3210_CAL_WAIT_US	800000	/* the API; the DS: at most 600 ms */
#define SI3210_DCCAL_WAIT_US	1000000	/* the API */
#define SI3210_DCCAL_MIN	2	/* a result outside 2..13 is suspect */
#define SI3210_DCCAL_MAX	13	/* (AN35, as DAHDI's wctdm checks it) */
#define SI3210_DCCAL_DEFAULT	0x08	/* and then its reset value is used */

#define SI3210_FILTER_FLUSH	0x8000	/* AN35 step 9 */

/* The filters held flushed while the battery and calibration settle */
static const enum si3210_ireg si3210_filters[] = {
	SI3210_IR_NCLR, SI3210_IR_NRTP, SI3210_IR_NQ12, SI3210_IR_NQ34,
	SI3210_IR_NQ56,
};

/**
 * si3210_set_converter - the board's DC-DC converter settings
 * @chip: the chip
 * @period_ns: the PWM period
 * @off_ns: the minimum off time
 *
 * In cycles of the chip's 16.384 MHz clock (61.035 ns, DS registers 92
 * and 93): the period 0xc0 to 0xff, the range for the bipolar converter
 * of the parts bti drives (0x40 to 0x7f is the M parts' MOSFET range);
 * the off time 4 to 35 cycles.  Each refusal says which value is wrong.
 *
 * Return: 0 or -EINVAL.
 */
int si3210_set_converter(struct si3210 *chip, u32 period_ns, u32 off_ns)
{
	u64 dcn = DIV_ROUND_CLOSEST_ULL((u64)period_ns * 16384, 1000000);
	u64 off = DIV_ROUND_CLOSEST_ULL((u64)off_ns * 16384, 1000000);

	if (dcn < 0xc0 || dcn > 0xff) {
		dev_err(chip->dev, "DC-DC period %u ns is outside the bipolar converter's 11719-15564 ns\n",
			period_ns);
		return -EINVAL;
	}
	if (off < 4 || off > 35) {
		dev_err(chip->dev, "DC-DC off time %u ns is outside the chip's 244-2136 ns\n",
			off_ns);
		return -EINVAL;
	}
	chip->dcn = dcn;
	chip->dctof = off - 4;
	return 0;
}

/**
 * si3210_power_down - open the line and stop the converter
 * @chip: the chip
 *
 * What the chip is after reset, and what it is left as when bti lets go
 * of it or a bring-up fails: no voltage on the line.
 */
void si3210_power_down(struct si3210 *chip)
{
	regmap_write(chip->map, SI3210_REG_LINEFEED, SI3210_LF_OPEN);
	regmap_write(chip->map, SI3210_REG_POWERDOWN1, SI3210_PD_DCDC);
}

static int si3210_setup_line(struct si3210 *chip)
{
	const struct reg_sequence seq[] = {
		/* digital loopback is on after reset (AN35 step 10) */
		{ SI3210_REG_LOOPBACK, 0 },
		{ SI3210_REG_ZSYNTH, SI3210_ZSYNTH_ON | chip->tiss },
		{ SI3210_REG_ENHANCE, 0xeb },
		/*
		 * Speed-up, active on ring trip and on loop closure, open on
		 * a power alarm; never to the low battery by the chip's own
		 * choice, which can turn Q7 on and burn it (DAHDI's wctdm).
		 */
		{ SI3210_REG_AUTO, SI3210_AUTO_SPEEDUP | SI3210_AUTO_ORD |
				   SI3210_AUTO_OLD | SI3210_AUTO_OPEN },
		{ SI3210_REG_BATTERY_FEED, SI3210_BATFEED_TRACK },
		{ SI3210_REG_LOOP_LIMIT, 0 },		/* 20 mA */
		{ SI3210_REG_VOC, SI3210_VOC_MV / 1500 },	/* on hook */
		{ SI3210_REG_VCM, 0x02 },		/* 3 V */
		{ SI3210_REG_VBATH, chip->vbath },	/* for the ringing */
		{ SI3210_REG_LOOP_DEBOUNCE, 0x0a },	/* 12.5 ms */
		{ SI3210_REG_RTRIP_DEBOUNCE, chip->rtdi },
		{ SI3210_REG_RING_OSC_CTL,
		  chip->ring.offset_mv ? SI3210_RING_OFFSET : 0 },
	};

	return regmap_multi_reg_write(chip->map, seq, ARRAY_SIZE(seq));
}

/* Writes the indirect registers with the filters flushed. */
static int si3210_iregs_flushed(struct si3210 *chip)
{
	u16 keep[ARRAY_SIZE(si3210_filters)];
	unsigned int i;
	int err;

	for (i = 0; i < ARRAY_SIZE(si3210_filters); i++) {
		keep[i] = chip->ival[si3210_filters[i]];
		chip->ival[si3210_filters[i]] = SI3210_FILTER_FLUSH;
	}
	err = si3210_iregs_write(chip);
	for (i = 0; i < ARRAY_SIZE(si3210_filters); i++)
		chip->ival[si3210_filters[i]] = keep[i];
	return err;
}

static int si3210_filters_write(struct si3210 *chip)
{
	unsigned int i;
	int err = 0;

	for (i = 0; i < ARRAY_SIZE(si3210_filters) && !err; i++)
		err = si3210_indirect_write(chip, si3210_filters[i],
					    chip->ival[si3210_filters[i]]);
	return err;
}

/* The DC-DC converter's peak current monitor, once the converter runs */
static int si3210_calibrate_dcdc(struct si3210 *chip)
{
	unsigned int reg, peak;
	int err;

	err = regmap_write(chip->map, SI3210_REG_DCDC_DELAY,
			   SI3210_DCDC_CAL | chip->dctof);
	err = err ?: regmap_read_poll_timeout(chip->map, SI3210_REG_DCDC_DELAY,
					      reg, !(reg & SI3210_DCDC_CAL),
					      10000, SI3210_DCCAL_WAIT_US);
	err = err ?: regmap_read(chip->map, SI3210_REG_DCDC_PEAK, &peak);
	if (err || (peak >= SI3210_DCCAL_MIN && peak <= SI3210_DCCAL_MAX))
		return err;
	dev_warn(chip->dev, "DC-DC calibration gave %u, outside %u..%u: using %u\n",
		 peak, SI3210_DCCAL_MIN, SI3210_DCCAL_MAX,
		 SI3210_DCCAL_DEFAULT);
	return regmap_write(chip->map, SI3210_REG_DCDC_PEAK,
			    SI3210_DCCAL_DEFAULT);
}

/* A calibration that does not end is tried once more. */
static int si3210_retry(struct si3210 *chip, int (*step)(struct si3210 *),
			const char *what)
{
	int err = step(chip);

	if (err != -ETIMEDOUT)
		return err;
	dev_warn(chip->dev, "%s did not end: trying again\n", what);
	err = step(chip);
	if (err == -ETIMEDOUT)
		dev_err(chip->dev, "%s did not end, twice: the line stays down\n",
			what);
	return err;
}

/* Nothing but the chip may drive the line when it powers it (the API). */
static int si3210_check_foreign(struct si3210 *chip)
{
	unsigned int tip, ring;
	int err;

	err = regmap_read(chip->map, SI3210_REG_TIP_SENSE, &tip);
	err = err ?: regmap_read(chip->map, SI3210_REG_RING_SENSE, &ring);
	if (err || (tip <= SI3210_FOREIGN_MAX && ring <= SI3210_FOREIGN_MAX))
		return err;
	dev_err(chip->dev, "a foreign voltage is on the line (tip %u mV, ring %u mV): the line stays down\n",
		tip * SI3210_VBAT_SENSE_UV / 1000,
		ring * SI3210_VBAT_SENSE_UV / 1000);
	return -EIO;
}

/*
 * The converter runs, slow at first, once power-down releases it; the
 * battery it makes must reach VBATH.  Then the board's own period and off
 * time, and the calibration of its peak current monitor, which needs the
 * converter running (DS register 93).
 */
static int si3210_converter_on(struct si3210 *chip)
{
	unsigned int want_mv = chip->vbath * 1500 - SI3210_VBAT_MARGIN_MV;
	unsigned int want = want_mv * 1000 / SI3210_VBAT_SENSE_UV, vbat = 0;
	int err;

	err = si3210_check_foreign(chip);
	err = err ?: regmap_write(chip->map, SI3210_REG_DCDC_DELAY,
				  SI3210_DCTOF_SLOW);
	err = err ?: regmap_write(chip->map, SI3210_REG_DCDC_PERIOD,
				  SI3210_DCN_SLOW);
	err = err ?: regmap_write(chip->map, SI3210_REG_POWERDOWN1, 0);
	if (err)
		return err;
	err = regmap_read_poll_timeout(chip->map, SI3210_REG_VBAT_SENSE, vbat,
				       vbat >= want, 10000, SI3210_VBAT_WAIT_US);
	if (err == -ETIMEDOUT)
		dev_err(chip->dev,
			"the battery is at %u mV after %u ms, short of %u mV: the DC-DC converter does not run; check PCLK, silabs,dcdc-* and its supply\n",
			vbat * SI3210_VBAT_SENSE_UV / 1000,
			SI3210_VBAT_WAIT_US / 1000, want_mv);
	err = err ?: regmap_write(chip->map, SI3210_REG_DCDC_PERIOD, chip->dcn);
	err = err ?: regmap_write(chip->map, SI3210_REG_DCDC_DELAY, chip->dctof);
	if (err)
		return err;
	msleep(SI3210_DCDC_SETTLE_MS);
	return si3210_retry(chip, si3210_calibrate_dcdc, "DC-DC calibration");
}

/* Calibration: in the on-hook, open state, interrupts off (AN35 14-15) */
static int si3210_calibrate_line(struct si3210 *chip)
{
	const struct reg_sequence seq[] = {
		{ SI3210_REG_IRQ_MASK1, 0 },
		{ SI3210_REG_IRQ_MASK2, 0 },
		{ SI3210_REG_IRQ_MASK3, 0 },
		{ SI3210_REG_LINEFEED, SI3210_LF_OPEN },
		/* the monitor ADCs and the audio DAC and ADC offsets */
		{ SI3210_REG_CAL2, 0x1e },
		/* and the differential and common-mode DACs and ILIM */
		{ SI3210_REG_CAL1, SI3210_CAL1_START | 0x07 },
	};
	unsigned int cal;
	int err = regmap_multi_reg_write(chip->map, seq, ARRAY_SIZE(seq));

	return err ?: regmap_read_poll_timeout(chip->map, SI3210_REG_CAL1, cal,
					       !cal, 10000, SI3210_CAL_WAIT_US);
}

/*
 * The longitudinal balance (AN35 steps 17 to 19): the line briefly
 * forward active to see that the telephone is on hook, for a telephone
 * off hook would spoil it; then open, and CALCM.
 */
static int si3210_calibrate_balance_once(struct si3210 *chip)
{
	unsigned int loop, cal, st3;
	int err;

	err = regmap_write(chip->map, SI3210_REG_LINEFEED,
			   SI3210_LF_FORWARD_ACTIVE);
	if (err)
		return err;
	msleep(SI3210_BALANCE_WAIT_MS);
	err = regmap_read(chip->map, SI3210_REG_LOOP, &loop);
	err = err ?: regmap_write(chip->map, SI3210_REG_LINEFEED,
				  SI3210_LF_OPEN);
	if (err)
		return err;
	if (loop & SI3210_LOOP_CLOSED) {
		dev_warn(chip->dev, "the telephone is off hook: longitudinal balance not calibrated\n");
		return 0;
	}
	err = regmap_write(chip->map, SI3210_REG_IRQ_MASK3,
			   chip->part == SI3210_PART_SI3210 ? SI3210_IRQ3_CM_BAL : 0);
	err = err ?: regmap_write(chip->map, SI3210_REG_CAL2, SI3210_CAL2_CM);
	err = err ?: regmap_write(chip->map, SI3210_REG_CAL1, SI3210_CAL1_START);
	err = err ?: regmap_read_poll_timeout(chip->map, SI3210_REG_CAL1, cal,
					      !cal, 10000, SI3210_CAL_WAIT_US);
	err = err ?: regmap_read(chip->map, SI3210_REG_IRQ_STATUS3, &st3);
	if (!err && (st3 & SI3210_IRQ3_CM_BAL))
		dev_warn(chip->dev, "longitudinal balance calibration failed\n");
	return err ?: regmap_write(chip->map, SI3210_REG_IRQ_MASK3, 0);
}

static int si3210_calibrate(struct si3210 *chip)
{
	int err;

	err = si3210_retry(chip, si3210_calibrate_line, "calibration");
	err = err ?: si3210_retry(chip, si3210_calibrate_balance_once,
				  "balance calibration");
	err = err ?: regmap_bulk_read(chip->map, SI3210_REG_CAL_RESULT,
				      chip->cal, SI3210_NCAL - 1);
	return err ?: regmap_bulk_read(chip->map, SI3210_REG_DCDC_PEAK,
				       &chip->cal[SI3210_NCAL - 1], 1);
}

/* After a chip reset, the results of the calibration at probe stand. */
static int si3210_restore_calibration(struct si3210 *chip)
{
	int err = regmap_bulk_write(chip->map, SI3210_REG_CAL_RESULT, chip->cal,
				    SI3210_NCAL - 1);

	return err ?: regmap_write(chip->map, SI3210_REG_DCDC_PEAK,
				   chip->cal[SI3210_NCAL - 1]);
}

static int si3210_setup_interrupts(struct si3210 *chip)
{
	const struct reg_sequence seq[] = {
		/* drop whatever was pending before the line was up */
		{ SI3210_REG_IRQ_STATUS1, 0xff },
		{ SI3210_REG_IRQ_STATUS2, 0xff },
		{ SI3210_REG_IRQ_STATUS3, 0xff },
		{ SI3210_REG_IRQ_MASK1, 0 },
		{ SI3210_REG_IRQ_MASK2, SI3210_IRQ2_LOOP |
					SI3210_IRQ2_RING_TRIP |
					SI3210_IRQ2_POWER_ALARM },
		{ SI3210_REG_IRQ_MASK3, chip->use_decoder ? SI3210_IRQ3_DTMF : 0 },
	};

	return regmap_multi_reg_write(chip->map, seq, ARRAY_SIZE(seq));
}

/* 8-bit mu-law in the chip's timeslot, both ways, counted in PCLKs */
static int si3210_setup_pcm(struct si3210 *chip)
{
	unsigned int start = chip->timeslot * 8;
	const struct reg_sequence seq[] = {
		{ SI3210_REG_PCM_TXS_LO, start & 0xff },
		{ SI3210_REG_PCM_TXS_HI, start >> 8 },
		{ SI3210_REG_PCM_RXS_LO, start & 0xff },
		{ SI3210_REG_PCM_RXS_HI, start >> 8 },
		{ SI3210_REG_PCM_MODE, SI3210_PCM_ENABLE |
				       FIELD_PREP(SI3210_PCM_FORMAT,
						  SI3210_PCM_MULAW) },
	};

	return regmap_multi_reg_write(chip->map, seq, ARRAY_SIZE(seq));
}

/**
 * si3210_bringup - bring an identified chip to a powered, calibrated line
 * @chip: the chip, with its converter settings, ring and timeslot
 * @calibrate: calibrate, as at probe; else restore the results saved then,
 *	as after the chip reset by itself
 *
 * The line is left open, ready for the core to set its feed.  On failure
 * it is left powered down, and the reason has been logged.
 *
 * Return: 0 or a negative errno.
 */
int si3210_bringup(struct si3210 *chip, bool calibrate)
{
	int err;

	if (chip->timeslot * 8 > SI3210_PCM_START_MAX)
		return -ERANGE;
	si3210_power_down(chip);
	err = si3210_setup_line(chip);
	err = err ?: si3210_iregs_flushed(chip);
	err = err ?: si3210_converter_on(chip);
	if (!err)
		err = calibrate ? si3210_calibrate(chip) :
				  si3210_restore_calibration(chip);
	err = err ?: si3210_filters_write(chip);
	err = err ?: si3210_iregs_verify(chip);
	err = err ?: si3210_setup_interrupts(chip);
	err = err ?: si3210_setup_pcm(chip);
	if (err)
		si3210_power_down(chip);
	return err;
}
