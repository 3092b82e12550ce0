// SPDX-License-Identifier: GPL-2.0
/*
 * Which chip answers, and whether bti can drive it.
 *
 * Register 0 holds the part (PNI, bits 5:4) and the revision (RNI, bits
 * 3:0, 1 for A); register 1's bit 7 (PNI2) tells the Si3215 family from
 * the Si3210's, and in the Si3215 family register 6 (PNI, bits 7:5)
 * tells the Si3215 from the Si3216 (Si3215 DS, registers 0, 1 and 6).
 * Before anything is written, registers known by their reset values
 * prove the bus carries what the chip says (AN35 step 8).
 */
#include <linux/bitfield.h>
#include <linux/device.h>
#include <linux/errno.h>

#include "si3210.h"
#include "si3210_regs.h"

/*
 * DAHDI's wctdm refuses revision A and writes register 108 as its
 * "Revision C optimization"; the API raises VCM for B and earlier.  bti
 * writes 108 and carries no such workaround, so it asks for C.
 */
#define SI3210_REV_MIN	3

static const char * const si3210_part_names[SI3210_NPARTS] = {
	[SI3210_PART_SI3210] = "si3210",
	[SI3210_PART_SI3215] = "si3215",
};

static int si3210_expect(struct si3210 *chip, unsigned int reg, u8 want)
{
	unsigned int val;
	int err = regmap_read(chip->map, reg, &val);

	if (err)
		return err;
	if (val != want) {
		dev_err(chip->dev,
			"register %u reads 0x%02x, not its reset value 0x%02x: check the SPI wiring and mode\n",
			reg, val, want);
		return -EIO;
	}
	return 0;
}

static int si3210_read_part(struct si3210 *chip, unsigned int id)
{
	unsigned int pcm, pni;
	int err;

	/* PNI 01, 10 and 11 are the Si3211, Si3212 and the M parts */
	if (FIELD_GET(SI3210_ID_PART, id)) {
		dev_err(chip->dev, "unknown ProSLIC: ID register 0x%02x is no Si3210 or Si3215\n",
			id);
		return -ENODEV;
	}
	err = regmap_read(chip->map, SI3210_REG_PCM_MODE, &pcm);
	if (err)
		return err;
	if (!(pcm & SI3210_PCM_SI3215)) {
		chip->part = SI3210_PART_SI3210;
		return 0;
	}
	err = regmap_read(chip->map, SI3210_REG_PNI, &pni);
	if (err)
		return err;
	if (FIELD_GET(SI3210_PNI_PART, pni)) {
		dev_err(chip->dev, "unknown ProSLIC: an Si3215 family part with PNI %lu is no Si3215\n",
			FIELD_GET(SI3210_PNI_PART, pni));
		return -ENODEV;
	}
	chip->part = SI3210_PART_SI3215;
	return 0;
}

/**
 * si3210_identify - find out which chip answers, and refuse what bti cannot
 *	drive
 * @chip: the chip; @part and @rev are filled in
 * @expected: the part the device tree names, or -1 for any
 *
 * Each refusal says why in one line.
 *
 * Return: 0, -ENODEV for no chip or an unknown one, -EINVAL for one other
 * than @expected or too old, -EIO for a bus that garbles.
 */
int si3210_identify(struct si3210 *chip, int expected)
{
	unsigned int id;
	int err = regmap_read(chip->map, SI3210_REG_ID, &id);

	if (err)
		return err;
	/* an empty socket reads all zeroes or all ones (DAHDI's wctdm) */
	if (!FIELD_GET(SI3210_ID_REV, id) || FIELD_GET(SI3210_ID_REV, id) == 0xf) {
		dev_err(chip->dev, "no ProSLIC answers on SPI: ID register reads 0x%02x\n",
			id);
		return -ENODEV;
	}
	err = si3210_read_part(chip, id);
	if (err)
		return err;
	chip->rev = FIELD_GET(SI3210_ID_REV, id);
	if (expected >= 0 && expected != chip->part) {
		dev_err(chip->dev, "the device tree names an %s, but an %s answers\n",
			si3210_part_names[expected], si3210_part_names[chip->part]);
		return -EINVAL;
	}
	if (chip->rev < SI3210_REV_MIN) {
		dev_err(chip->dev, "%s revision %c is too old: bti needs %c or later\n",
			si3210_part_names[chip->part], 'A' - 1 + chip->rev,
			'A' - 1 + SI3210_REV_MIN);
		return -EINVAL;
	}
	/* bti never writes the hybrid register; the others only after reset */
	err = si3210_expect(chip, SI3210_REG_HYBRID, 0x33);
	if (!err && chip->reset_pin)
		err = si3210_expect(chip, SI3210_REG_LOOPBACK, 0x02);
	if (!err && chip->reset_pin)
		err = si3210_expect(chip, SI3210_REG_LINEFEED, 0x00);
	return err;
}

/* The part's name, as userspace sees it ("si3215"). */
const char *si3210_part_name(const struct si3210 *chip)
{
	return si3210_part_names[chip->part];
}
