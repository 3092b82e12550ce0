/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Silicon Labs Si3210/Si3215 ProSLIC direct registers used by bti, named
 * and numbered as the Si3210 datasheet's register summary has them.  The
 * two parts share the direct map; the Si3215 lacks the DTMF decoder
 * (register 24) and numbers its indirect registers differently
 * (indirect.c).
 */
#ifndef _SI3210_REGS_H
#define _SI3210_REGS_H

#include <linux/bits.h>

#define SI3210_SPI_READ		BIT(7)	/* in the control byte */
#define SI3210_MAX_REG		108

#define SI3210_REG_ID		0
#define SI3210_ID_REV		GENMASK(3, 0)	/* 1 is revision A */
#define SI3210_ID_PART		GENMASK(5, 4)	/* 0: Si3210 or Si3215 */

#define SI3210_REG_PCM_MODE	1
#define SI3210_PCM_SI3215	BIT(7)	/* read-only: the part is an Si3215 */
#define SI3210_PCM_ENABLE	BIT(5)
#define SI3210_PCM_FORMAT	GENMASK(4, 3)
#define SI3210_PCM_MULAW	1
#define SI3210_REG_PCM_TXS_LO	2
#define SI3210_REG_PCM_TXS_HI	3
#define SI3210_REG_PCM_RXS_LO	4
#define SI3210_REG_PCM_RXS_HI	5
#define SI3210_PCM_START_MAX	0x3ff

#define SI3210_REG_PNI		6	/* Si3215 family: 0 is the Si3215 */
#define SI3210_PNI_PART		GENMASK(7, 5)

#define SI3210_REG_LOOPBACK	8	/* resets to 0x02, digital loopback */
#define SI3210_REG_ZSYNTH	10	/* two-wire impedance synthesis */
#define   SI3210_ZSYNTH_ON	BIT(3)	/* TISE; TISS is bits 2:0 */
#define SI3210_REG_HYBRID	11	/* resets to 0x33 */
#define SI3210_REG_POWERDOWN1	14
#define SI3210_PD_DCDC		BIT(4)	/* DC-DC converter held off */

#define SI3210_REG_IRQ_STATUS1	18
#define SI3210_REG_IRQ_STATUS2	19
#define SI3210_REG_IRQ_STATUS3	20
#define SI3210_REG_IRQ_MASK1	21
#define SI3210_REG_IRQ_MASK2	22
#define SI3210_REG_IRQ_MASK3	23
#define SI3210_IRQ2_RING_TRIP	BIT(0)
#define SI3210_IRQ2_LOOP	BIT(1)
#define SI3210_IRQ2_POWER_ALARM	GENMASK(7, 2)	/* Q1 to Q6 */
#define SI3210_IRQ3_DTMF	BIT(0)
#define SI3210_IRQ3_CM_BAL	BIT(2)	/* Si3210: balance calibration failed */

#define SI3210_REG_DTMF		24	/* Si3210 only */
#define SI3210_DTMF_DIGIT	GENMASK(3, 0)
#define SI3210_DTMF_VALID	BIT(4)

#define SI3210_REG_IDA_LO	28
#define SI3210_REG_IDA_HI	29
#define SI3210_REG_IAA		30
#define SI3210_REG_IAS		31
#define SI3210_IAS_BUSY		BIT(0)

#define SI3210_REG_RING_OSC_CTL	34
#define SI3210_RING_OFFSET	BIT(1)	/* RVO: add ROFF to the ringing */

#define SI3210_REG_LINEFEED	64
#define SI3210_LINEFEED_SET	GENMASK(2, 0)	/* LF; LFS, bits 6-4, reads */
#define SI3210_LF_OPEN		0
#define SI3210_LF_FORWARD_ACTIVE 1
#define SI3210_LF_FORWARD_OHT	2	/* on-hook transmission */
#define SI3210_LF_TIP_OPEN	3
#define SI3210_LF_RINGING	4
#define SI3210_LF_REVERSE_ACTIVE 5
#define SI3210_LF_REVERSE_OHT	6
#define SI3210_LF_RING_OPEN	7

#define SI3210_REG_BATTERY_FEED	66
#define SI3210_BATFEED_TRACK	BIT(0)	/* VBAT tracks VRING */
#define SI3210_REG_AUTO		67
#define SI3210_AUTO_OPEN	BIT(0)	/* AOPN: open the line on power alarm */
#define SI3210_AUTO_OLD		BIT(1)	/* AOLD: active on loop closure */
#define SI3210_AUTO_ORD		BIT(2)	/* AORD: active on ring trip */
#define SI3210_AUTO_SPEEDUP	BIT(4)	/* SPDS */
#define SI3210_REG_LOOP		68
#define SI3210_LOOP_CLOSED	BIT(0)
#define SI3210_LOOP_RING_TRIP	BIT(1)
#define SI3210_REG_LOOP_DEBOUNCE	69	/* 1.25 ms a step */
#define SI3210_REG_RTRIP_DEBOUNCE	70	/* 1.25 ms a step */
#define SI3210_REG_LOOP_LIMIT	71	/* 20 mA + 3 mA a step */
#define SI3210_REG_VOC		72	/* 1.5 V a step */
#define SI3210_REG_VCM		73	/* 1.5 V a step */
#define SI3210_REG_VBATH	74	/* 1.5 V a step */
#define SI3210_REG_TIP_SENSE	80	/* 376 mV a step */
#define SI3210_REG_RING_SENSE	81
#define SI3210_REG_VBAT_SENSE	82

#define SI3210_REG_DCDC_PERIOD	92
#define SI3210_REG_DCDC_DELAY	93
#define SI3210_DCDC_CAL		BIT(7)	/* self-clearing */
#define SI3210_REG_CAL1		96
#define SI3210_CAL1_START	BIT(6)
#define SI3210_REG_CAL2		97
#define SI3210_CAL2_CM		BIT(0)	/* CALCM: longitudinal balance */
#define SI3210_REG_CAL_RESULT	98	/* to 107 */
#define SI3210_REG_DCDC_PEAK	107	/* DC-DC peak current calibration */
#define SI3210_REG_ENHANCE	108

#endif /* _SI3210_REGS_H */
