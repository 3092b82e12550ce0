// SPDX-License-Identifier: GPL-2.0
/*
 * Indirect registers: the window through direct registers 28 to 31, and
 * the table of what bti writes there, one row a register with its number
 * on each part.
 *
 * The datasheet says indirect registers are undefined after reset, so
 * every one bti relies on is written, and read back.  Values are Silicon
 * Labs' recommended initial values as its ProSLIC API and AN35 give them
 * (the independent drivers in DAHDI, Xorcom's and Arcturus' use the
 * same), except where noted.
 */
#include <linux/device.h>
#include <linux/errno.h>

#include "si3210.h"
#include "si3210_regs.h"

#define NONE	0xff	/* the part does not have the register */

/**
 * struct si3210_ireg_row - one indirect register
 * @name: the datasheet's
 * @addr: its number on the Si3210 and on the Si3215 (DS Table 34)
 * @init: the value bti writes unless the bring-up computes one
 */
struct si3210_ireg_row {
	const char *name;
	u8 addr[SI3210_NPARTS];
	u16 init;
};

#define ROW(_ir, _name, _a3210, _a3215, _init)				\
	[SI3210_IR_##_ir] = { _name, { _a3210, _a3215 }, _init }

static const struct si3210_ireg_row si3210_iregs[SI3210_IR_COUNT] = {
	ROW(DTMF_ROW0,		"DTMF row 0 peak",	0,  NONE, 0x55c2),
	ROW(DTMF_ROW1,		"DTMF row 1 peak",	1,  NONE, 0x51e6),
	ROW(DTMF_ROW2,		"DTMF row 2 peak",	2,  NONE, 0x4b85),
	ROW(DTMF_ROW3,		"DTMF row 3 peak",	3,  NONE, 0x4937),
	ROW(DTMF_COL,		"DTMF column peak",	4,  NONE, 0x3333),
	ROW(DTMF_FWD_TWIST,	"DTMF forward twist",	5,  NONE, 0x0202),
	ROW(DTMF_RVS_TWIST,	"DTMF reverse twist",	6,  NONE, 0x0202),
	ROW(DTMF_ROW_RATIO,	"DTMF row ratio",	7,  NONE, 0x0198),
	ROW(DTMF_COL_RATIO,	"DTMF column ratio",	8,  NONE, 0x0198),
	ROW(DTMF_ROW_2ND,	"DTMF row 2nd harmonic", 9, NONE, 0x0611),
	ROW(DTMF_COL_2ND,	"DTMF column 2nd harmonic", 10, NONE, 0x0202),
	ROW(DTMF_PWR_MIN,	"DTMF power minimum",	11, NONE, 0x00e5),
	ROW(DTMF_OT_LIM,	"DTMF on time limit",	12, NONE, 0x0a1c),
	/* tone generators, idle: 350 and 440 Hz at the Si3210's 8 kHz */
	ROW(OSC1,		"OSC1",			13, 0,    0x7b30),
	ROW(OSC1X,		"OSC1X",		14, 1,    0x0063),
	ROW(OSC1Y,		"OSC1Y",		15, 2,    0x0000),
	ROW(OSC2,		"OSC2",			16, 3,    0x7870),
	ROW(OSC2X,		"OSC2X",		17, 4,    0x007d),
	ROW(OSC2Y,		"OSC2Y",		18, 5,    0x0000),
	/* the ringing oscillator: ring.c sets these from Hz and volts */
	ROW(ROFF,		"ROFF",			19, 6,    0x0000),
	ROW(RCO,		"RCO",			20, 7,    0x0000),
	ROW(RNGX,		"RNGX",			21, 8,    0x0000),
	ROW(RNGY,		"RNGY",			22, 9,    0x0000),
	/* digital gains: 0x4000 is unity (DS Table 38) */
	ROW(DACG,		"DACG",			26, 13,   0x4000),
	ROW(ADCG,		"ADCG",			27, 14,   0x4000),
	ROW(LCRT,		"LCRT",			28, 15,   0x1000),
	ROW(RPTP,		"RPTP",			29, 16,   0x3600),
	ROW(CML,		"CML",			30, 17,   0x1000),
	ROW(CMH,		"CMH",			31, 18,   0x0080),
	ROW(PPT12,		"PPT12",		32, 19,   0x07c0),
	ROW(PPT34,		"PPT34",		33, 20,   0x2600),
	ROW(PPT56,		"PPT56",		34, 21,   0x1b80),
	ROW(NCLR,		"NCLR",			35, 22,   0x8000),
	ROW(NRTP,		"NRTP",			36, 23,   0x0320),
	ROW(NQ12,		"NQ12",			37, 24,   0x008c),
	ROW(NQ34,		"NQ34",			38, 25,   0x0100),
	ROW(NQ56,		"NQ56",			39, 26,   0x0010),
	/* the Si3215 datasheet recommends 0 (p.105); the API has 0x0200 */
	ROW(VCMR,		"VCMR",			40, 27,   0x0000),
	ROW(VMIND,		"VMIND",		41, 64,   0x0c00),
	ROW(LCRTL,		"LCRTL",		43, 66,   0x0e00),
};

bool si3210_ireg_exists(const struct si3210 *chip, enum si3210_ireg ir)
{
	return si3210_iregs[ir].addr[chip->part] != NONE;
}

/* An access is served at the next 16 kHz update (DS p.101): 62.5 us */
static int si3210_indirect_wait(struct si3210 *chip)
{
	unsigned int ias;

	return regmap_read_poll_timeout(chip->map, SI3210_REG_IAS, ias,
					!(ias & SI3210_IAS_BUSY), 20, 2000);
}

/**
 * si3210_indirect_write - write an indirect register
 * @chip: the chip
 * @ir: which
 * @val: value
 *
 * Data first, then the address, which makes the access a write.
 *
 * Return: 0, -EOPNOTSUPP if the part lacks @ir, or a negative errno.
 */
int si3210_indirect_write(struct si3210 *chip, enum si3210_ireg ir, u16 val)
{
	u8 addr = si3210_iregs[ir].addr[chip->part];
	int err;

	if (addr == NONE)
		return -EOPNOTSUPP;
	err = si3210_indirect_wait(chip);
	err = err ?: regmap_write(chip->map, SI3210_REG_IDA_LO, val & 0xff);
	err = err ?: regmap_write(chip->map, SI3210_REG_IDA_HI, val >> 8);
	return err ?: regmap_write(chip->map, SI3210_REG_IAA, addr);
}

/**
 * si3210_indirect_read - read an indirect register
 * @chip: the chip
 * @ir: which
 * @val: the value read
 *
 * The address alone makes the access a read; the data registers hold the
 * value once the access status clears.
 *
 * Return: 0, -EOPNOTSUPP if the part lacks @ir, or a negative errno.
 */
int si3210_indirect_read(struct si3210 *chip, enum si3210_ireg ir, u16 *val)
{
	u8 addr = si3210_iregs[ir].addr[chip->part];
	unsigned int lo, hi;
	int err;

	if (addr == NONE)
		return -EOPNOTSUPP;
	err = si3210_indirect_wait(chip);
	err = err ?: regmap_write(chip->map, SI3210_REG_IAA, addr);
	err = err ?: si3210_indirect_wait(chip);
	err = err ?: regmap_read(chip->map, SI3210_REG_IDA_LO, &lo);
	err = err ?: regmap_read(chip->map, SI3210_REG_IDA_HI, &hi);
	if (!err)
		*val = (hi << 8) | lo;
	return err;
}

/* Sets what each indirect register must hold to the table's values. */
void si3210_iregs_init(struct si3210 *chip)
{
	unsigned int ir;

	for (ir = 0; ir < SI3210_IR_COUNT; ir++)
		chip->ival[ir] = si3210_iregs[ir].init;
}

/* Writes every register the part has with what it must hold. */
int si3210_iregs_write(struct si3210 *chip)
{
	unsigned int ir;
	int err;

	for (ir = 0; ir < SI3210_IR_COUNT; ir++) {
		if (!si3210_ireg_exists(chip, ir))
			continue;
		err = si3210_indirect_write(chip, ir, chip->ival[ir]);
		if (err)
			return err;
	}
	return 0;
}

/* Reads every register back: a chip that does not keep them is not right. */
int si3210_iregs_verify(struct si3210 *chip)
{
	unsigned int ir;
	u16 val;
	int err;

	for (ir = 0; ir < SI3210_IR_COUNT; ir++) {
		if (!si3210_ireg_exists(chip, ir))
			continue;
		err = si3210_indirect_read(chip, ir, &val);
		if (err)
			return err;
		if (val != chip->ival[ir]) {
			dev_err(chip->dev,
				"indirect register %s (%u) reads 0x%04x, not the 0x%04x written\n",
				si3210_iregs[ir].name,
				si3210_iregs[ir].addr[chip->part], val,
				chip->ival[ir]);
			return -EIO;
		}
	}
	return 0;
}
