// SPDX-License-Identifier: GPL-2.0
/*
 * Si3210/Si3215 register programming, independent of the bus.
 */
#include <linux/bitfield.h>
#include <linux/delay.h>
#include <linux/errno.h>
#include <linux/string.h>

#include "si3210.h"
#include "si3210_regs.h"

/* DTMF decoder codes, as the MT8870 family numbers them: 0 is 'D'. */
static const char si3210_digits[16] = "D1234567890*#ABC";

static const struct {
	u8 reg;
	u16 val;
} si3210_ring_osc[] = {
	{ SI3210_IREG_RING_OSC, 0x7ef0 },
	{ SI3210_IREG_RING_X, 0x0160 },
	{ SI3210_IREG_RING_Y, 0x0000 },
};

static int si3210_indirect_wait(struct regmap *map)
{
	unsigned int busy;

	return regmap_read_poll_timeout(map, SI3210_REG_IAS, busy, !busy,
					10, 10000);
}

/**
 * si3210_indirect_write - write an indirect register
 * @map: the chip
 * @reg: indirect address
 * @val: value
 *
 * Data first, then the address, which starts the write.
 *
 * Return: 0 or a negative errno.
 */
int si3210_indirect_write(struct regmap *map, u8 reg, u16 val)
{
	int err = si3210_indirect_wait(map);

	err = err ?: regmap_write(map, SI3210_REG_IDA_LO, val & 0xff);
	err = err ?: regmap_write(map, SI3210_REG_IDA_HI, val >> 8);
	return err ?: regmap_write(map, SI3210_REG_IAA, reg);
}

/**
 * si3210_indirect_read - read an indirect register
 * @map: the chip
 * @reg: indirect address
 * @val: the value read
 *
 * The address alone starts a read; the data registers hold the value once
 * the access status clears.
 *
 * Return: 0 or a negative errno.
 */
int si3210_indirect_read(struct regmap *map, u8 reg, u16 *val)
{
	unsigned int lo, hi;
	int err = si3210_indirect_wait(map);

	err = err ?: regmap_write(map, SI3210_REG_IAA, reg);
	err = err ?: si3210_indirect_wait(map);
	err = err ?: regmap_read(map, SI3210_REG_IDA_LO, &lo);
	err = err ?: regmap_read(map, SI3210_REG_IDA_HI, &hi);
	if (!err)
		*val = (hi << 8) | lo;
	return err;
}

/*
 * All zeroes or all ones is a bus with no chip on it, not an ID.
 */
int si3210_identify(struct regmap *map, unsigned int *part, unsigned int *rev)
{
	unsigned int id;
	int err = regmap_read(map, SI3210_REG_ID, &id);

	if (err)
		return err;
	if (id == 0x00 || id == 0xff)
		return -ENODEV;
	*part = FIELD_GET(SI3210_ID_PART, id);
	*rev = FIELD_GET(SI3210_ID_REV, id);
	return 0;
}

static int si3210_setup_pcm(struct regmap *map, unsigned int timeslot)
{
	unsigned int start = timeslot * 8;	/* in bit clocks */
	int err;

	err = regmap_write(map, SI3210_REG_PCM_TXS_LO, start & 0xff);
	err = err ?: regmap_write(map, SI3210_REG_PCM_TXS_HI, start >> 8);
	err = err ?: regmap_write(map, SI3210_REG_PCM_RXS_LO, start & 0xff);
	err = err ?: regmap_write(map, SI3210_REG_PCM_RXS_HI, start >> 8);
	return err ?: regmap_write(map, SI3210_REG_PCM_MODE, SI3210_PCM_ENABLE |
				   FIELD_PREP(SI3210_PCM_FORMAT,
					      SI3210_PCM_MULAW));
}

static int si3210_setup_ring(struct regmap *map)
{
	unsigned int i;
	u16 back;
	int err;

	for (i = 0; i < ARRAY_SIZE(si3210_ring_osc); i++) {
		err = si3210_indirect_write(map, si3210_ring_osc[i].reg,
					    si3210_ring_osc[i].val);
		err = err ?: si3210_indirect_read(map, si3210_ring_osc[i].reg,
						  &back);
		if (err)
			return err;
		/* a chip that does not keep what it is told is not there */
		if (back != si3210_ring_osc[i].val)
			return -EIO;
	}
	return 0;
}

/**
 * si3210_setup - bring a chip from reset to a line that can ring and talk
 * @map: the chip
 * @timeslot: PCM highway timeslot for both directions
 *
 * Return: 0 or a negative errno.
 */
int si3210_setup(struct regmap *map, unsigned int timeslot)
{
	int err;

	if (timeslot * 8 > 0x3ff)
		return -ERANGE;
	err = si3210_setup_pcm(map, timeslot);
	err = err ?: si3210_setup_ring(map);
	/* drop whatever was pending before we owned the chip */
	err = err ?: regmap_write(map, SI3210_REG_IRQ_STATUS1, 0xff);
	err = err ?: regmap_write(map, SI3210_REG_IRQ_STATUS2, 0xff);
	err = err ?: regmap_write(map, SI3210_REG_IRQ_STATUS3, 0xff);
	err = err ?: regmap_write(map, SI3210_REG_IRQ_MASK1, 0);
	err = err ?: regmap_write(map, SI3210_REG_IRQ_MASK2,
				  SI3210_IRQ2_LOOP | SI3210_IRQ2_RING_TRIP);
	return err ?: regmap_write(map, SI3210_REG_IRQ_MASK3, SI3210_IRQ3_DTMF);
}

int si3210_set_feed(struct regmap *map, enum bti_linefeed lf)
{
	/* The chip's line feed codes are the ones the uapi enum lists. */
	return regmap_update_bits(map, SI3210_REG_LINEFEED, SI3210_LINEFEED_SET,
				  FIELD_PREP(SI3210_LINEFEED_SET, lf));
}

/**
 * si3210_service - acknowledge the chip's interrupts and read what they say
 * @map: the chip
 * @ev: filled with what was found
 *
 * Serves both the interrupt thread and the poll.  Loop closure is read
 * whenever a loop or ring-trip interrupt is pending; the core debounces it.
 *
 * Return: 0 or a negative errno.
 */
int si3210_service(struct regmap *map, struct si3210_events *ev)
{
	unsigned int st2, st3, loop, dtmf;
	int err;

	memset(ev, 0, sizeof(*ev));
	err = regmap_read(map, SI3210_REG_IRQ_STATUS2, &st2);
	err = err ?: regmap_read(map, SI3210_REG_IRQ_STATUS3, &st3);
	err = err ?: regmap_write(map, SI3210_REG_IRQ_STATUS2, st2);
	err = err ?: regmap_write(map, SI3210_REG_IRQ_STATUS3, st3);
	if (err)
		return err;

	if (st2 & (SI3210_IRQ2_LOOP | SI3210_IRQ2_RING_TRIP)) {
		err = regmap_read(map, SI3210_REG_LOOP, &loop);
		if (err)
			return err;
		ev->hook_seen = true;
		ev->offhook = loop & (SI3210_LOOP_CLOSED |
				      SI3210_LOOP_RING_TRIP);
	}
	if (st3 & SI3210_IRQ3_DTMF) {
		err = regmap_read(map, SI3210_REG_DTMF, &dtmf);
		if (err)
			return err;
		if (dtmf & SI3210_DTMF_VALID)
			ev->digit = si3210_digits[FIELD_GET(SI3210_DTMF_DIGIT,
							    dtmf)];
	}
	return 0;
}
