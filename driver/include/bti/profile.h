/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Country line profiles: what a telephone line looks like in a country,
 * in physical units.  The core keeps the table and rings with a profile's
 * cadence; a chip driver turns its ringing, impedance and levels into
 * registers.
 */
#ifndef _BTI_PROFILE_H
#define _BTI_PROFILE_H

#include <linux/types.h>

#define BTI_CADENCE_MAX		8

/**
 * enum bti_impedance - two-wire AC impedances, as R1 + (R2 || C)
 * @BTI_Z_600R: 600 ohm
 * @BTI_Z_600R_1UF: 600 ohm + 1 uF
 * @BTI_Z_270R_750R_150NF: 270 + (750 || 150 nF), ETSI's (TBR 21)
 * @BTI_Z_220R_820R_120NF: 220 + (820 || 120 nF)
 * @BTI_Z_220R_820R_115NF: 220 + (820 || 115 nF)
 * @BTI_Z_370R_620R_310NF: 370 + (620 || 310 nF)
 */
enum bti_impedance {
	BTI_Z_600R,
	BTI_Z_600R_1UF,
	BTI_Z_270R_750R_150NF,
	BTI_Z_220R_820R_120NF,
	BTI_Z_220R_820R_115NF,
	BTI_Z_370R_620R_310NF,
};

/**
 * struct bti_line_profile - a country's line
 * @name: its ISO 3166 code in lower case ("gb"), as users choose it
 * @ring_hz: ringing frequency
 * @ring_mv_rms: ringing amplitude, tip to ring, rms
 * @cadence_ms: ringing cadence, ring first, then silence, alternately
 * @cadence_steps: how many steps @cadence_ms has
 * @impedance: the two-wire impedance the line presents
 * @send_ddbr: the relative level of the line's input (the telephone's
 *	speech): a sine at this level, in dBm, is 0 dBm0; tenths of a dBr
 * @receive_ddbr: the relative level of its output: 0 dBm0 leaves at this
 *	level, in dBm; tenths of a dBr
 */
struct bti_line_profile {
	const char *name;
	u32 ring_hz;
	u32 ring_mv_rms;
	u32 cadence_ms[BTI_CADENCE_MAX];
	unsigned int cadence_steps;
	enum bti_impedance impedance;
	s32 send_ddbr;
	s32 receive_ddbr;
};

const struct bti_line_profile *bti_line_profile_choose(const char *name);

#endif /* _BTI_PROFILE_H */
