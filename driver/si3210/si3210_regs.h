/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Silicon Labs Si3210/Si3215 ProSLIC direct and indirect registers used by
 * bti, as the public register map documents them.
 */
#ifndef _SI3210_REGS_H
#define _SI3210_REGS_H

#include <linux/bits.h>

#define SI3210_SPI_READ		BIT(7)	/* in the address byte */
#define SI3210_MAX_REG		108

#define SI3210_REG_ID		0
#define SI3210_ID_REV		GENMASK(3, 0)
#define SI3210_ID_PART		GENMASK(5, 4)

#define SI3210_REG_PCM_MODE	1
#define SI3210_PCM_ENABLE	BIT(5)
#define SI3210_PCM_FORMAT	GENMASK(4, 3)
#define SI3210_PCM_MULAW	1
#define SI3210_REG_PCM_TXS_LO	2
#define SI3210_REG_PCM_TXS_HI	3
#define SI3210_REG_PCM_RXS_LO	4
#define SI3210_REG_PCM_RXS_HI	5
#define SI3210_PCM_START_HI	GENMASK(1, 0)

#define SI3210_REG_IRQ_STATUS1	18
#define SI3210_REG_IRQ_STATUS2	19
#define SI3210_REG_IRQ_STATUS3	20
#define SI3210_REG_IRQ_MASK1	21
#define SI3210_REG_IRQ_MASK2	22
#define SI3210_REG_IRQ_MASK3	23
#define SI3210_IRQ2_RING_TRIP	BIT(0)
#define SI3210_IRQ2_LOOP	BIT(1)
#define SI3210_IRQ3_DTMF	BIT(0)

#define SI3210_REG_DTMF		24
#define SI3210_DTMF_DIGIT	GENMASK(3, 0)
#define SI3210_DTMF_VALID	BIT(4)

#define SI3210_REG_IDA_LO	28
#define SI3210_REG_IDA_HI	29
#define SI3210_REG_IAA		30
#define SI3210_REG_IAS		31

#define SI3210_REG_LINEFEED	64
#define SI3210_LINEFEED_SET	GENMASK(2, 0)
#define SI3210_LINEFEED_NOW	GENMASK(6, 4)
#define SI3210_LF_RINGING	4

#define SI3210_REG_LOOP		68
#define SI3210_LOOP_CLOSED	BIT(0)
#define SI3210_LOOP_RING_TRIP	BIT(1)

/* Indirect: the ringing oscillator, 20 Hz */
#define SI3210_IREG_RING_OSC	19
#define SI3210_IREG_RING_X	20
#define SI3210_IREG_RING_Y	21

#endif /* _SI3210_REGS_H */
