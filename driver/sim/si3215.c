// SPDX-License-Identifier: GPL-2.0
/*
 * Register-level model of the Si3215 ProSLIC: direct registers, the
 * indirect window, write-one-to-clear interrupt status, line feed, loop
 * closure, the DTMF decoder and the INT pin.
 */
#include <linux/bitfield.h>
#include <linux/string.h>

#include "si3215.h"

#define SI3215_ID	0x05	/* part 0, revision 5 */

void si3215_model_reset(struct si3215_model *m)
{
	memset(m, 0, sizeof(*m));
	m->reg[SI3210_REG_ID] = SI3215_ID;
}

u8 si3215_model_read(struct si3215_model *m, u8 reg)
{
	return reg <= SI3210_MAX_REG ? m->reg[reg] : 0;
}

void si3215_model_write(struct si3215_model *m, u8 reg, u8 val)
{
	switch (reg) {
	case SI3210_REG_IRQ_STATUS1:
	case SI3210_REG_IRQ_STATUS2:
	case SI3210_REG_IRQ_STATUS3:
		m->reg[reg] &= ~val;
		break;
	case SI3210_REG_IDA_LO:
	case SI3210_REG_IDA_HI:
		m->reg[reg] = val;
		m->ind_write = true;
		break;
	case SI3210_REG_IAA:
		/* data written since the last access makes this a write */
		if (m->ind_write) {
			m->ireg[val] = m->reg[SI3210_REG_IDA_LO] |
				       m->reg[SI3210_REG_IDA_HI] << 8;
		} else {
			m->reg[SI3210_REG_IDA_LO] = m->ireg[val] & 0xff;
			m->reg[SI3210_REG_IDA_HI] = m->ireg[val] >> 8;
		}
		m->ind_write = false;
		m->reg[reg] = val;
		break;
	case SI3210_REG_LINEFEED:
		val &= SI3210_LINEFEED_SET;
		m->reg[reg] = val | FIELD_PREP(SI3210_LINEFEED_NOW, val);
		break;
	case SI3210_REG_ID:
	case SI3210_REG_DTMF:
	case SI3210_REG_IAS:
	case SI3210_REG_LOOP:
		break;
	default:
		if (reg <= SI3210_MAX_REG)
			m->reg[reg] = val;
	}
}

/* One byte of a chip-select frame pair: address, then data. */
u8 si3215_model_spi_byte(struct si3215_model *m, u8 in)
{
	u8 addr = m->spi_addr & ~SI3210_SPI_READ;

	if (!m->spi_data) {
		m->spi_addr = in;
		m->spi_data = true;
		return 0;
	}
	m->spi_data = false;
	if (m->spi_addr & SI3210_SPI_READ)
		return si3215_model_read(m, addr);
	si3215_model_write(m, addr, in);
	return 0;
}

void si3215_model_spi_end(struct si3215_model *m)
{
	m->spi_data = false;
}

void si3215_model_set_loop(struct si3215_model *m, bool closed)
{
	if (closed)
		m->reg[SI3210_REG_LOOP] |= SI3210_LOOP_CLOSED;
	else
		m->reg[SI3210_REG_LOOP] &= ~SI3210_LOOP_CLOSED;
	m->reg[SI3210_REG_IRQ_STATUS2] |= SI3210_IRQ2_LOOP;
}

/* @digit 0 ends the tone; the decoder keeps the last code, not valid. */
void si3215_model_set_dtmf(struct si3215_model *m, char digit)
{
	static const char codes[] = "D1234567890*#ABC";
	const char *p = digit ? strchr(codes, digit) : NULL;

	if (!p) {
		m->reg[SI3210_REG_DTMF] &= ~SI3210_DTMF_VALID;
		return;
	}
	m->reg[SI3210_REG_DTMF] = (p - codes) | SI3210_DTMF_VALID;
	m->reg[SI3210_REG_IRQ_STATUS3] |= SI3210_IRQ3_DTMF;
}

/* INT asserts while any unmasked interrupt is pending. */
bool si3215_model_int(struct si3215_model *m)
{
	return (m->reg[SI3210_REG_IRQ_STATUS1] & m->reg[SI3210_REG_IRQ_MASK1]) ||
	       (m->reg[SI3210_REG_IRQ_STATUS2] & m->reg[SI3210_REG_IRQ_MASK2]) ||
	       (m->reg[SI3210_REG_IRQ_STATUS3] & m->reg[SI3210_REG_IRQ_MASK3]);
}

unsigned int si3215_model_feed(struct si3215_model *m)
{
	return FIELD_GET(SI3210_LINEFEED_NOW, m->reg[SI3210_REG_LINEFEED]);
}

/* The timeslot the chip talks (@tx) or listens on, or -1 if it does not. */
int si3215_model_pcm_slot(struct si3215_model *m, bool tx)
{
	u8 lo = tx ? SI3210_REG_PCM_TXS_LO : SI3210_REG_PCM_RXS_LO;
	unsigned int start;

	if (!(m->reg[SI3210_REG_PCM_MODE] & SI3210_PCM_ENABLE))
		return -1;
	start = m->reg[lo] | (m->reg[lo + 1] & SI3210_PCM_START_HI) << 8;
	return start % 8 ? -1 : start / 8;
}
