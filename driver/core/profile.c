// SPDX-License-Identifier: GPL-2.0
/*
 * Country line profiles.
 *
 * Where a value comes from, beside it:
 *   [G506]  Telcordia GR-506-CORE section 14, ring pattern 1, as vendor
 *           manuals quote it (Panasonic KX-HDV130, AudioCodes MP-1xx)
 *   [SIN]   BT SIN 350, as Asterisk's indications.conf quotes it
 *   [AST]   Asterisk's indications.conf, which takes these from ITU-T's
 *           list of national tones
 *   [MPT]   Japan's MPT Ordinance No. 30 (1985), Appended Table 4: 15 to
 *           20 Hz, 65 to 83 V rms, 20 interruptions a minute at a 33% make
 *   [S002]  AS/CA S002:2010 5.5.1.1.1: a telephone rings from 50 V rms at
 *           15.3 to 25 Hz; 400/200/400/2000 ms (Note 3); 25 Hz in 5.5.1.1.5
 *   [SLAB]  Silicon Labs' ProSLIC API: its default ring preset, 20 Hz at
 *           45 V rms, and its impedance presets
 *   [MSM]   Microsemi's VP-API profile wizard: its country profiles'
 *           impedances and ringing, and 25 Hz for countries it does not list
 *   [MTX]   Mediatrix 4100 manual, Table 144 (Germany 1): 45 V rms, 25 Hz
 *   [FLX]   Broadcom's FlexiCalc settings for Silicon Labs' Si32392
 *           ProSLIC, per country: encode and decode level points (ELP,
 *           DLP), which are send_ddbr and receive_ddbr here
 *
 * What no profile can reach: Japan's network rings at 65 V rms or more
 * [MPT], beyond a ProSLIC's 61.5 V (87 V peak under its 94.5 V battery);
 * jp rings at 60 V rms.  No primary source gave the UK's frequency: gb
 * takes [MSM]'s 25 Hz default ([FLX] has 16.66 Hz).
 */
#include <linux/kernel.h>
#include <linux/string.h>

#include "bti_core.h"

static const struct bti_line_profile bti_line_profiles[] = {
	{
		.name = "us",				/* and Canada */
		.ring_hz = 20,				/* [G506], [SLAB] */
		.ring_mv_rms = 45000,			/* [SLAB] */
		.cadence_ms = { 2000, 4000 },		/* [G506] */
		.cadence_steps = 2,
		.impedance = BTI_Z_600R,		/* [SLAB], [MSM] */
		.send_ddbr = -20,			/* [FLX] */
		.receive_ddbr = -40,			/* [FLX] */
	}, {
		.name = "gb",
		.ring_hz = 25,				/* [MSM] default */
		.ring_mv_rms = 45000,			/* [FLX] */
		.cadence_ms = { 400, 200, 400, 2000 },	/* [SIN] */
		.cadence_steps = 4,
		.impedance = BTI_Z_370R_620R_310NF,	/* [MSM] */
		.send_ddbr = -40,			/* [FLX] */
		.receive_ddbr = -90,			/* [FLX] */
	}, {
		.name = "de",
		.ring_hz = 25,				/* [MTX] */
		.ring_mv_rms = 45000,			/* [MTX] */
		.cadence_ms = { 1000, 4000 },		/* [AST], [MTX] */
		.cadence_steps = 2,
		.impedance = BTI_Z_220R_820R_115NF,	/* [MSM], [MTX] */
		.send_ddbr = -40,			/* [FLX] */
		.receive_ddbr = -100,			/* [FLX] */
	}, {
		.name = "fr",
		.ring_hz = 50,				/* [MSM] */
		.ring_mv_rms = 50000,			/* [MSM] */
		.cadence_ms = { 1500, 3500 },		/* [AST] */
		.cadence_steps = 2,
		.impedance = BTI_Z_270R_750R_150NF,	/* [MSM] */
		.send_ddbr = -40,			/* [FLX] */
		.receive_ddbr = -100,			/* [FLX] */
	}, {
		.name = "jp",
		.ring_hz = 16,				/* [MPT], [MSM] */
		.ring_mv_rms = 60000,			/* see above */
		.cadence_ms = { 1000, 2000 },		/* [MPT] */
		.cadence_steps = 2,
		.impedance = BTI_Z_600R_1UF,		/* [MSM] */
		.send_ddbr = -30,			/* [FLX] */
		.receive_ddbr = -30,			/* [FLX] */
	}, {
		.name = "au",
		.ring_hz = 25,				/* [S002] */
		.ring_mv_rms = 55000,			/* [S002]'s 50 V and 10% */
		.cadence_ms = { 400, 200, 400, 2000 },	/* [S002] */
		.cadence_steps = 4,
		.impedance = BTI_Z_220R_820R_120NF,	/* [MSM] */
		.send_ddbr = -30,			/* [FLX] */
		.receive_ddbr = -90,			/* [FLX] */
	},
};

/* The profile called @name, or NULL */
const struct bti_line_profile *bti_profile_find(const char *name)
{
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(bti_line_profiles); i++)
		if (sysfs_streq(name, bti_line_profiles[i].name))
			return &bti_line_profiles[i];
	return NULL;
}
