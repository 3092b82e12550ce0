// SPDX-License-Identifier: GPL-2.0
/*
 * The ProSLIC model's digital half: the register file with each
 * register's reset value and writable bits, the SPI byte framing, the
 * write-one-to-clear interrupt status and the indirect register window.
 */
#include <linux/bitfield.h>
#include <linux/minmax.h>
#include <linux/string.h>

#include "proslic.h"

#define ON_3210		BIT(PROSLIC_SI3210)
#define ON_3215		BIT(PROSLIC_SI3215)
#define ON_BOTH		(ON_3210 | ON_3215)

/*
 * Reset values and writable bits, DS Table 33 and the register pages.
 * A register listed for neither part is reserved: "must not be written".
 */
static const struct {
	u8 reset;
	u8 wmask;
	u8 parts;
} proslic_regs[PROSLIC_NREGS] = {
	[PR_ID]		= { 0x00, 0xc0, ON_BOTH },	/* PNI, RNI filled in */
	[PR_PCM]	= { 0x08, 0x3f, ON_BOTH },	/* PNI2 filled in */
	[PR_PCM_TXS_LO]	= { 0x00, 0xff, ON_BOTH },
	[PR_PCM_TXS_HI]	= { 0x00, 0x03, ON_BOTH },
	[PR_PCM_RXS_LO]	= { 0x00, 0xff, ON_BOTH },
	[PR_PCM_RXS_HI]	= { 0x00, 0x03, ON_BOTH },
	[PR_PNI]	= { 0x00, 0x00, ON_3215 },
	[PR_LOOPBACK]	= { 0x02, 0x07, ON_BOTH },	/* digital loopback on */
	[PR_GAIN]	= { 0x00, 0xff, ON_BOTH },
	[PR_IMPEDANCE]	= { 0x08, 0x3f, ON_BOTH },
	[PR_HYBRID]	= { 0x33, 0x77, ON_BOTH },
	[PR_PD1]	= { 0x10, 0x1b, ON_BOTH },	/* converter off */
	[PR_PD2]	= { 0x00, 0x3f, ON_BOTH },
	[PR_IRQ1]	= { 0x00, 0x00, ON_BOTH },	/* written to clear */
	[PR_IRQ2]	= { 0x00, 0x00, ON_BOTH },
	[PR_IRQ3]	= { 0x00, 0x00, ON_BOTH },
	[PR_IRQEN1]	= { 0x00, 0xff, ON_BOTH },
	[PR_IRQEN2]	= { 0x00, 0xff, ON_BOTH },
	[PR_IRQEN3]	= { 0x00, 0x07, ON_BOTH },
	[PR_DTMF]	= { 0x00, 0x00, ON_3210 },
	[PR_IDA_LO]	= { 0x00, 0xff, ON_BOTH },
	[PR_IDA_HI]	= { 0x00, 0xff, ON_BOTH },
	[PR_IAA]	= { 0x00, 0xff, ON_BOTH },
	[PR_IAS]	= { 0x00, 0x00, ON_BOTH },
	[32]		= { 0x00, 0x7f, ON_BOTH },	/* oscillator 1 */
	[33]		= { 0x00, 0x3f, ON_BOTH },	/* oscillator 2 */
	[PR_RING_CTL]	= { 0x00, 0x1f, ON_BOTH },
	[35]		= { 0x00, 0xff, ON_3210 },	/* pulse metering */
	[36 ... 43]	= { 0x00, 0xff, ON_BOTH },	/* tone timers */
	[44 ... 47]	= { 0x00, 0xff, ON_3210 },	/* pulse metering */
	[48 ... 51]	= { 0x00, 0xff, ON_BOTH },	/* ringing timers */
	[52]		= { 0x00, 0x01, ON_BOTH },	/* FSK data */
	[63]		= { 0x54, 0xff, ON_BOTH },
	[PR_LF]		= { 0x00, 0x07, ON_BOTH },
	[65]		= { 0x61, 0x7f, ON_BOTH },
	[PR_BATFEED]	= { 0x03, 0x1b, ON_BOTH },
	[PR_AUTO]	= { 0x1f, 0x7f, ON_BOTH },
	[PR_LCRTP]	= { 0x00, 0x00, ON_BOTH },
	[PR_LCDI]	= { 0x0a, 0x7f, ON_BOTH },
	[PR_RTDI]	= { 0x0a, 0x7f, ON_BOTH },
	[PR_ILIM]	= { 0x00, 0x07, ON_BOTH },
	[PR_VOC]	= { 0x20, 0x7f, ON_BOTH },	/* 48 V */
	[PR_VCM]	= { 0x02, 0x3f, ON_BOTH },	/* 3 V */
	[PR_VBATH]	= { 0x32, 0x3f, ON_BOTH },	/* 75 V */
	[PR_VBATL]	= { 0x10, 0x3f, ON_BOTH },	/* 24 V */
	[76]		= { 0x00, 0x07, ON_BOTH },
	[77 ... 89]	= { 0x00, 0x00, ON_BOTH },	/* monitors */
	[PR_DCN]	= { 0xff, 0xff, ON_BOTH },
	[PR_DCTOF]	= { 0x14, 0x9f, ON_BOTH },
	[PR_DCPW]	= { 0x00, 0x00, ON_BOTH },
	[PR_CAL1]	= { 0x1f, 0x7f, ON_BOTH },
	[PR_CAL2]	= { 0x1f, 0x1f, ON_BOTH },
	[98]		= { 0x10, 0x1f, ON_BOTH },
	[99]		= { 0x10, 0x1f, ON_BOTH },
	[100]		= { 0x11, 0x1f, ON_BOTH },
	[101]		= { 0x11, 0x1f, ON_BOTH },
	[102]		= { 0x08, 0x0f, ON_BOTH },
	[103]		= { 0x88, 0xff, ON_BOTH },
	[104]		= { 0x00, 0x0f, ON_BOTH },
	[105]		= { 0x00, 0xff, ON_BOTH },
	[PR_CMDCPK]	= { 0x08, 0x0f, ON_BOTH },
	[PR_ENHANCE]	= { 0x00, 0xff, ON_BOTH },
};

/* Si3210 indirect numbers to the Si3215's, DS Table 34; 0xff: none */
static u8 proslic_ireg_3215(u8 ir)
{
	switch (ir) {
	case 13 ... 22:
		return ir - 13;
	case 26 ... 40:
		return ir - 13;
	case 41:
		return 64;
	case 43:
		return 66;
	case 99 ... 104:
		return ir - 30;
	default:
		return 0xff;
	}
}

/* Whether the part has indirect register @ir of its own numbering. */
static bool proslic_ireg_exists(struct proslic *m, u8 ir)
{
	if (m->part == PROSLIC_SI3215)
		return ir <= 9 || (ir >= 13 && ir <= 27) || ir == 64 ||
		       ir == 66 || (ir >= 69 && ir <= 74);
	/* the DS's 0 to 43; 88 to 95 and 97 for AN35's calibration; FSK */
	return ir <= 43 || (ir >= 88 && ir <= 95) || ir == 97 ||
	       (ir >= 99 && ir <= 104);
}

static bool proslic_reg_exists(struct proslic *m, u8 reg)
{
	return reg < PROSLIC_NREGS && (proslic_regs[reg].parts & BIT(m->part));
}

void proslic_init(struct proslic *m, enum proslic_part part, unsigned int rev)
{
	memset(m, 0, sizeof(*m));
	m->part = part;
	m->rev = rev;
	/*
	 * The simulated board's converter: an inductor and bipolar
	 * transistor, which the DS's bipolar PWM range (11.719 to 15.564 us,
	 * DCN 0xc0 to 0xff) suits; an off time under 16 cycles (977 ns)
	 * saturates its inductor.  A real board's limits come from AN45.
	 */
	m->dcn_min = 0xc0;
	m->dcn_max = 0xff;
	m->dctof_min = 12;
	proslic_reset(m, 0);
}

/**
 * proslic_reset - what the chip is after RESET or a brown-out
 * @m: the chip
 * @now: the time
 *
 * The DS gives the direct registers' reset values; "the values of all
 * indirect registers are undefined following the reset state", which the
 * model makes a pattern no driver would write.
 */
void proslic_reset(struct proslic *m, u64 now)
{
	unsigned int i;

	now = max(now, m->now);
	for (i = 0; i < PROSLIC_NREGS; i++)
		m->reg[i] = proslic_regs[i].reset;
	m->reg[PR_ID] = FIELD_PREP(GENMASK(3, 0), m->rev);
	if (m->part == PROSLIC_SI3215)
		m->reg[PR_PCM] |= BIT(7);
	for (i = 0; i < PROSLIC_NIREGS; i++)
		m->ireg[i] = 0xa5a5 ^ (i * 0x0101);
	m->have_ctrl = false;
	m->ind_due = 0;
	m->ind_data = false;
	m->vbat_mv = 0;
	m->vbat_at = now;
	m->cal_due = 0;
	m->dccal_due = 0;
	m->feed_due = 0;
	m->lfs_auto = false;
	m->loop_raw = false;
	m->loop_since = now;
	m->trip_raw = false;
	m->trip_since = now;
	m->key_heard = false;
	m->now = now;
}

/* The RESET pin: the chip does nothing while it is held low. */
void proslic_set_reset_pin(struct proslic *m, bool asserted, u64 now)
{
	if (asserted && !m->in_reset)
		proslic_reset(m, now);
	m->in_reset = asserted;
}

/* Raise interrupt status bits; the DS sets only those enabled. */
void proslic_irq_raise(struct proslic *m, u8 reg, u8 bits)
{
	m->reg[reg] |= bits & m->reg[reg + PR_IRQEN1 - PR_IRQ1];
}

/* "INT is a NOR of the bits of the interrupt status registers" */
bool proslic_int(struct proslic *m, u64 now)
{
	proslic_advance(m, now);
	return !m->in_reset &&
	       (m->reg[PR_IRQ1] | m->reg[PR_IRQ2] | m->reg[PR_IRQ3]);
}

/* The pending indirect access, as the next 16 kHz update serves it. */
static void proslic_indirect_serve(struct proslic *m, bool write)
{
	u8 ir = m->reg[PR_IAA];

	if (!proslic_ireg_exists(m, ir)) {
		if (write)
			m->reserved_writes++;
		m->reg[PR_IDA_LO] = 0;
		m->reg[PR_IDA_HI] = 0;
	} else if (write) {
		m->ireg[ir] = m->reg[PR_IDA_LO] | m->reg[PR_IDA_HI] << 8;
	} else {
		m->reg[PR_IDA_LO] = m->ireg[ir] & 0xff;
		m->reg[PR_IDA_HI] = m->ireg[ir] >> 8;
	}
	m->reg[PR_IAS] = 0;
	m->ind_due = 0;
	proslic_irq_raise(m, PR_IRQ3, BIT(1));
}

/*
 * "Indirect registers are updated at a rate of 16 kHz" (DS p.101): an
 * access is served at the next update, and until then IAS reads 1.  The
 * DS says nothing of IDA or IAA written meanwhile; the model serves what
 * they hold when the update comes, as a latch would.
 */
#define PROSLIC_IND_UPDATE_NS	62500

void proslic_indirect_advance(struct proslic *m, u64 now)
{
	if (m->ind_due && now >= m->ind_due)
		proslic_indirect_serve(m, m->reg[PR_IAS] & BIT(1));
}

static void proslic_indirect_start(struct proslic *m)
{
	/* bit 1 of IAS is the model's own note that a write is pending */
	m->reg[PR_IAS] = BIT(0) | (m->ind_data ? BIT(1) : 0);
	m->ind_data = false;
	m->ind_due = (m->now / PROSLIC_IND_UPDATE_NS + 1) *
		     PROSLIC_IND_UPDATE_NS;
}

static u8 proslic_read(struct proslic *m, u8 reg)
{
	if (!proslic_reg_exists(m, reg))
		return 0;
	if (reg == PR_IAS)
		return m->reg[reg] & BIT(0);
	return m->reg[reg];
}

static void proslic_write(struct proslic *m, u8 reg, u8 val)
{
	u8 old;

	if (!proslic_reg_exists(m, reg)) {
		m->reserved_writes++;
		return;
	}
	old = m->reg[reg];
	switch (reg) {
	case PR_IRQ1:
	case PR_IRQ2:
	case PR_IRQ3:
		m->reg[reg] &= ~val;
		return;
	case PR_IDA_LO:
	case PR_IDA_HI:
		m->ind_data = true;
		break;
	case PR_DCN:
		val |= BIT(6);	/* "bit 6 fixed to 1" */
		break;
	case PR_IRQEN1:	/* pulse metering, DTMF and CM balance: Si3210 */
		if (m->part == PROSLIC_SI3215)
			val &= GENMASK(5, 0);
		break;
	case PR_IRQEN3:
		if (m->part == PROSLIC_SI3215)
			val &= BIT(1);
		break;
	}
	m->reg[reg] = (old & ~proslic_regs[reg].wmask) |
		      (val & proslic_regs[reg].wmask);
	if (reg == PR_IAA)
		proslic_indirect_start(m);
	proslic_line_written(m, reg, old);
}

static void proslic_trace(struct proslic *m, u8 addr, u8 val, u8 flags)
{
	struct proslic_access *a;

	a = &m->trace[m->trace_count++ % PROSLIC_TRACE_LEN];
	a->addr = addr;
	a->val = val;
	a->flags = flags;
}

static u8 proslic_spi_byte(struct proslic *m, u8 in)
{
	u8 addr, flags, out = 0xff;

	if (!m->have_ctrl) {
		m->ctrl = in;
		m->have_ctrl = true;
		return out;
	}
	m->have_ctrl = false;
	addr = m->ctrl & 0x7f;
	flags = proslic_reg_exists(m, addr) ? 0 : PROSLIC_ACC_RESERVED;
	if (m->ctrl & BIT(7)) {
		out = proslic_read(m, addr);
		proslic_trace(m, addr, out, flags | PROSLIC_ACC_READ);
	} else {
		proslic_write(m, addr, in);
		proslic_trace(m, addr, in, flags);
	}
	return out;
}

/**
 * proslic_spi_bytes - bytes clocked through the chip's SPI port
 * @m: the chip
 * @now: the time
 * @tx: what the host shifted in, or NULL for ones
 * @rx: what the chip shifted out, or NULL
 * @len: how many bytes
 * @garbled: clocked in a mode or at a rate the chip does not take
 *
 * An access is a control byte (bit 7 set to read, the address below it)
 * then a data byte.  The DS recommends, but does not require, chip select
 * high between the two; the falling edge of chip select resynchronises a
 * framing error, which only bytes clocked wrong make here: they are
 * dropped, and the next byte is a control byte again.  SDO is
 * high-impedance (0xff) but for a read's data byte.
 */
void proslic_spi_bytes(struct proslic *m, u64 now, const u8 *tx, u8 *rx,
		       unsigned int len, bool garbled)
{
	unsigned int i;

	for (i = 0; i < len; i++) {
		u8 out = 0xff;

		if (!m->in_reset && !garbled) {
			proslic_advance(m, now);
			out = proslic_spi_byte(m, tx ? tx[i] : 0xff);
		}
		if (rx)
			rx[i] = out;
	}
	if (garbled && !m->in_reset && len) {
		m->have_ctrl = false;
		m->garbled_bytes += len;
		proslic_trace(m, tx ? tx[0] : 0xff, len, PROSLIC_ACC_GARBAGE);
	}
}

/* A register as the chip holds it, without a bus access. */
u8 proslic_peek(struct proslic *m, u8 reg)
{
	return proslic_read(m, reg);
}

/* An indirect register by its Si3210 number, whichever the part. */
u16 proslic_ipeek(struct proslic *m, u8 si3210_ireg)
{
	u8 ir = si3210_ireg;

	if (m->part == PROSLIC_SI3215)
		ir = proslic_ireg_3215(ir);
	return ir != 0xff && proslic_ireg_exists(m, ir) ? m->ireg[ir] : 0;
}
