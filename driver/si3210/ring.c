// SPDX-License-Identifier: GPL-2.0
/*
 * The ringing oscillator, set from a frequency, an amplitude and a DC
 * offset.
 *
 * The oscillator is a two-pole resonator run at 1 kHz; the Si3210
 * datasheet ("Ringing Generation") gives its registers as
 *
 *   RNGCOEF = cos(2 pi f / 1000 Hz) * 2^15
 *   RNGX    = 1/4 * sqrt((1 - c) / (1 + c)) * (Vpeak / 96 V) * 2^15
 *   RNGY    = 0
 *   RNGOFF  = (Voffset / 96 V) * 2^15
 *
 * with c the coefficient as a fraction.  sqrt((1 - c) / (1 + c)) is
 * tan(pi f / 1000), which is what is computed here, in fixed point: the
 * kernel has no floating point.
 */
#include <linux/bits.h>
#include <linux/errno.h>
#include <linux/kernel.h>
#include <linux/math64.h>

#include "si3210.h"

#define Q30		((s64)BIT_ULL(30))
#define FULL_SCALE_MV	96000	/* the oscillator's full scale, 96 V */
#define VBAT_STEP_MV	1500	/* VBATH and ROFF: 1.5 V a step */
#define VBAT_OVERHEAD_MV 7500

/* 2 pi / 1000 in Q30, rounded: the oscillator's angle per Hz and sample */
#define RAD_PER_HZ_Q30	6746519LL

/* cos and sin of x (Q30, |x| < 1) by their Taylor series: 1e-9 at 0.7 rad */
static s64 cos_q30(s64 x)
{
	s64 x2 = x * x >> 30, term = Q30, sum = Q30;
	int n;

	for (n = 1; n <= 6; n++) {
		term = -(term * x2 >> 30) / ((2 * n - 1) * (2 * n));
		sum += term;
	}
	return sum;
}

static s64 sin_q30(s64 x)
{
	s64 x2 = x * x >> 30, term = x, sum = x;
	int n;

	for (n = 1; n <= 6; n++) {
		term = -(term * x2 >> 30) / ((2 * n) * (2 * n + 1));
		sum += term;
	}
	return sum;
}

static s32 round_div(s64 num, s64 den)
{
	return div64_s64(num + (num < 0 ? -den : den) / 2, den);
}

/* The DS's worked examples truncate (p.36: 0.99211 * 2^15 is 7EFDh) */
static s32 trunc_div(s64 num, s64 den)
{
	return div64_s64(num, den);
}

/**
 * si3210_ring_coefs - the oscillator's registers for a ringing signal
 * @ring: frequency in Hz, peak amplitude and DC offset in mV
 * @c: filled with the four indirect register values
 *
 * Return: 0, or -ERANGE for a signal the chip cannot make: a frequency
 * outside %SI3210_RING_HZ_MIN..%SI3210_RING_HZ_MAX, a negative offset, a
 * peak with the offset past %SI3210_RING_PEAK_MAX_MV, or not above the
 * on-hook voltage, which the DS requires (2.5.2).
 */
int si3210_ring_coefs(const struct si3210_ring *ring,
		      struct si3210_ring_coefs *c)
{
	s64 half, tan_q30;

	if (ring->hz < SI3210_RING_HZ_MIN || ring->hz > SI3210_RING_HZ_MAX ||
	    ring->offset_mv < 0 || ring->peak_mv > SI3210_RING_PEAK_MAX_MV ||
	    ring->offset_mv > SI3210_RING_PEAK_MAX_MV - ring->peak_mv ||
	    ring->peak_mv + ring->offset_mv <= SI3210_VOC_MV)
		return -ERANGE;

	c->coef = trunc_div(cos_q30(ring->hz * RAD_PER_HZ_Q30), 1 << 15);
	half = ring->hz * RAD_PER_HZ_Q30 / 2;
	tan_q30 = div64_s64(sin_q30(half) << 30, cos_q30(half));
	/* tan / 4 * peak / 96 V * 2^15 = tan * peak * 2^13 / 96 V */
	c->x = trunc_div(tan_q30 * ring->peak_mv, (s64)FULL_SCALE_MV << 17);
	c->y = 0;
	/* ROFF's field is bits 14:9, 1.5 V a step: V / 96 V * 2^15 rounded */
	c->offset = round_div(ring->offset_mv, VBAT_STEP_MV) << 9;
	return 0;
}

/*
 * Ring trip: the filter and debounce the DS recommends for a ringing
 * frequency (Table 30), the row of the highest frequency not above it;
 * RPTP, the threshold, is 34 mA for all.
 */
static const struct {
	u32 hz;
	u16 nrtp;
	u8 rtdi;
} si3210_ring_trip[] = {
	{ 16, 0x0200, 0x0f },	/* 16.667 Hz */
	{ 20, 0x0320, 0x0b },
	{ 30, 0x0380, 0x09 },
	{ 40, 0x0400, 0x07 },
	{ 50, 0x06a8, 0x05 },
	{ 60, 0x0800, 0x05 },
};

/**
 * si3210_ring_set - choose the ringing signal
 * @chip: the chip
 * @ring: frequency, peak and offset
 *
 * Sets the oscillator's registers, the ring trip filter and debounce, and
 * the high battery the signal needs, VBATH >= Vpk + Voffset + 7.5 V, the
 * overhead the DS gives as safe up to 87 V peak (2.5.5).  The bring-up
 * writes them.
 *
 * Return: 0, or -ERANGE for a signal the chip cannot make.
 */
int si3210_ring_set(struct si3210 *chip, const struct si3210_ring *ring)
{
	struct si3210_ring_coefs c;
	unsigned int i = 0;
	int err;

	err = si3210_ring_coefs(ring, &c);
	if (err)
		return err;
	chip->ring = *ring;
	chip->ival[SI3210_IR_RCO] = c.coef;
	chip->ival[SI3210_IR_RNGX] = c.x;
	chip->ival[SI3210_IR_RNGY] = c.y;
	chip->ival[SI3210_IR_ROFF] = c.offset;
	chip->vbath = DIV_ROUND_UP(ring->peak_mv + ring->offset_mv +
				   VBAT_OVERHEAD_MV, VBAT_STEP_MV);
	while (i + 1 < ARRAY_SIZE(si3210_ring_trip) &&
	       ring->hz >= si3210_ring_trip[i + 1].hz)
		i++;
	chip->ival[SI3210_IR_NRTP] = si3210_ring_trip[i].nrtp;
	chip->rtdi = si3210_ring_trip[i].rtdi;
	return 0;
}
