// SPDX-License-Identifier: GPL-2.0
/*
 * The running line: the line feed, and what the chip's interrupts and
 * status say about hook, digits, power alarms and resets.
 */
#include <linux/bitfield.h>
#include <linux/string.h>

#include "si3210.h"
#include "si3210_regs.h"

/* The Si3210's DTMF decoder codes (DS register 24): 0 is 'D' */
static const char si3210_digits[16] = "D1234567890*#ABC";

/* The chip's code (DS register 64, LF) for each feed the core asks for */
static const u8 si3210_feeds[] = {
	[BTI_LINEFEED_OPEN] = SI3210_LF_OPEN,
	[BTI_LINEFEED_FORWARD_ACTIVE] = SI3210_LF_FORWARD_ACTIVE,
	[BTI_LINEFEED_FORWARD_OHT] = SI3210_LF_FORWARD_OHT,
	[BTI_LINEFEED_TIP_OPEN] = SI3210_LF_TIP_OPEN,
	[BTI_LINEFEED_RINGING] = SI3210_LF_RINGING,
	[BTI_LINEFEED_REVERSE_ACTIVE] = SI3210_LF_REVERSE_ACTIVE,
	[BTI_LINEFEED_REVERSE_OHT] = SI3210_LF_REVERSE_OHT,
	[BTI_LINEFEED_RING_OPEN] = SI3210_LF_RING_OPEN,
};

int si3210_set_feed(struct si3210 *chip, enum bti_linefeed lf)
{
	if (lf >= ARRAY_SIZE(si3210_feeds))
		return -EINVAL;
	return regmap_update_bits(chip->map, SI3210_REG_LINEFEED,
				  SI3210_LINEFEED_SET,
				  FIELD_PREP(SI3210_LINEFEED_SET,
					     si3210_feeds[lf]));
}

/**
 * si3210_service - acknowledge the chip's interrupts and read what they say
 * @chip: the chip
 * @ev: filled with what was found
 *
 * Serves both the interrupt thread and the poll.  Loop closure is read
 * whenever a loop or ring-trip interrupt is pending; the core debounces
 * it.  Digits are read only from a decoder the chip has and bti uses.
 *
 * Return: 0 or a negative errno.
 */
int si3210_service(struct si3210 *chip, struct si3210_events *ev)
{
	unsigned int st2, st3, loop, dtmf;
	int err;

	memset(ev, 0, sizeof(*ev));
	err = regmap_read(chip->map, SI3210_REG_IRQ_STATUS2, &st2);
	err = err ?: regmap_read(chip->map, SI3210_REG_IRQ_STATUS3, &st3);
	err = err ?: regmap_write(chip->map, SI3210_REG_IRQ_STATUS2, st2);
	err = err ?: regmap_write(chip->map, SI3210_REG_IRQ_STATUS3, st3);
	if (err)
		return err;

	ev->alarm = st2 & SI3210_IRQ2_POWER_ALARM;
	if (st2 & (SI3210_IRQ2_LOOP | SI3210_IRQ2_RING_TRIP)) {
		err = regmap_read(chip->map, SI3210_REG_LOOP, &loop);
		if (err)
			return err;
		ev->hook_seen = true;
		ev->offhook = loop & (SI3210_LOOP_CLOSED |
				      SI3210_LOOP_RING_TRIP);
	}
	if (chip->use_decoder && (st3 & SI3210_IRQ3_DTMF)) {
		err = regmap_read(chip->map, SI3210_REG_DTMF, &dtmf);
		if (err)
			return err;
		if (dtmf & SI3210_DTMF_VALID)
			ev->digit = si3210_digits[FIELD_GET(SI3210_DTMF_DIGIT,
							    dtmf)];
	}
	return 0;
}

/**
 * si3210_was_reset - whether the chip went back to its reset state
 * @chip: the chip
 *
 * An ESD hit or a brown-out resets the chip without a word; its digital
 * loopback, which the bring-up turns off, reads its reset value 0x02
 * again (DAHDI's wctdm checks the same register), while the hybrid
 * register, which bti never writes, shows the bus still answers.
 *
 * Return: 1 if it was, 0 if not, or a negative errno.
 */
int si3210_was_reset(struct si3210 *chip)
{
	unsigned int loopback, hybrid;
	int err = regmap_read(chip->map, SI3210_REG_LOOPBACK, &loopback);

	err = err ?: regmap_read(chip->map, SI3210_REG_HYBRID, &hybrid);
	return err ?: loopback == 0x02 && hybrid == 0x33;
}
