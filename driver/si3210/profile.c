// SPDX-License-Identifier: GPL-2.0
/*
 * A country line profile in the ProSLIC's registers: its ringing through
 * ring.c, its two-wire impedance as register 10's TISS code, and its
 * levels as the digital gains DACG (to the telephone) and ADCG (from it).
 */
#include <linux/device.h>
#include <linux/errno.h>
#include <linux/kernel.h>

#include "si3210.h"

#define TISS_NONE	0xff

/*
 * TISS per impedance and part, from the Si3215 datasheet's register 10,
 * which "adds China and Japan impedances" to the Si3210's: codes 010 and
 * 111 differ between the parts, and the Si3210's meanings for them are
 * not published where bti could read them, so it uses neither.  010, 600
 * ohm + 1 uF, also needs the board's RZREF of 12 kohm and 100 nF C3 and
 * C4.  Neither part has 370 + (620 || 310 nF): 100 is nearest, its return
 * loss against it at least 16.9 dB from 300 to 3400 Hz, where 000's is
 * 12.2 dB.
 */
static const u8 si3210_tiss[][2] = {
	/*				  Si3210     Si3215 */
	[BTI_Z_600R]		    = { 0x0,       0x0 },
	[BTI_Z_600R_1UF]	    = { TISS_NONE, 0x2 },
	[BTI_Z_270R_750R_150NF]	    = { 0x4,       0x4 },
	[BTI_Z_220R_820R_120NF]	    = { 0x5,       0x5 },
	[BTI_Z_220R_820R_115NF]	    = { 0x6,       0x6 },
	[BTI_Z_370R_620R_310NF]	    = { 0x4,       0x4 },
};

/* 10^(1/200) and 10^(-1/200) in Q30: a tenth of a dB up and down */
#define TENTH_DB_UP	1086175168LL
#define TENTH_DB_DOWN	1061450803LL
#define UNITY		0x4000	/* DACG and ADCG: gain 1 (DS Table 38) */
#define GAIN_MAX	0x7ff0	/* +6 dB; the field is bits 15:4 */

/* DACG or ADCG for a gain in tenths of a dB, 0 if out of range */
static u16 si3210_gain(s32 ddb)
{
	s64 g = BIT_ULL(30);	/* the gain, in Q30 */
	s32 n;

	/* beyond the field's +6 dB, or below -60 dB where it rounds to 0 */
	if (ddb > 60 || ddb < -600)
		return 0;
	for (n = 0; n < abs(ddb); n++)
		g = (g * (ddb > 0 ? TENTH_DB_UP : TENTH_DB_DOWN)) >> 30;
	g = (g * UNITY + BIT_ULL(29)) >> 30;
	g = (g + 8) & ~0xfLL;	/* the field's step is 16 */
	return g > 0 && g <= GAIN_MAX ? g : 0;
}

/**
 * si3210_profile_set - set the line up for a country
 * @chip: the chip
 * @profile: from bti_line_profile_choose()
 *
 * Fills in what the bring-up writes: the ringing signal, the impedance
 * and the gains.  The receive gain is the profile's output level; the
 * send gain makes its input level 0 dBm0, at the chip's 0 dBr.
 *
 * Return: 0, or -EOPNOTSUPP with a message for a profile the part cannot
 * serve.
 */
int si3210_profile_set(struct si3210 *chip,
		       const struct bti_line_profile *profile)
{
	struct si3210_ring ring = {
		.hz = profile->ring_hz,
		/* rms * sqrt(2) */
		.peak_mv = DIV_ROUND_CLOSEST_ULL((u64)profile->ring_mv_rms *
						 1414214, 1000000),
	};
	u8 tiss = si3210_tiss[profile->impedance][chip->part ==
						  SI3210_PART_SI3215];
	u16 receive = si3210_gain(profile->receive_ddbr);
	u16 send = si3210_gain(-profile->send_ddbr);

	if (tiss == TISS_NONE) {
		dev_err(chip->dev, "line profile %s: the %s cannot present its impedance\n",
			profile->name, si3210_part_name(chip));
		return -EOPNOTSUPP;
	}
	if (!receive || !send || si3210_ring_set(chip, &ring)) {
		dev_err(chip->dev, "line profile %s: its ringing or levels are beyond the %s\n",
			profile->name, si3210_part_name(chip));
		return -EOPNOTSUPP;
	}
	chip->profile = profile;
	chip->tiss = tiss;
	chip->ival[SI3210_IR_DACG] = receive;
	chip->ival[SI3210_IR_ADCG] = send;
	return 0;
}
