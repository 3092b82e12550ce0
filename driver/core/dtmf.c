// SPDX-License-Identifier: GPL-2.0
/*
 * DTMF detection in software, for SLICs without a decoder (the Si3215).
 *
 * What it accepts is ITU-T Q.24's: each frequency within 1.5% of nominal
 * accepted and beyond 3.5% refused; a twist of up to 8 dB normal (the high
 * group louder) and 4 dB reverse; tones of 40 ms accepted and of 20 ms
 * refused, as are pauses.
 *
 * A Goertzel filter of fixed length has a fixed bandwidth in Hz, so one
 * length cannot hold a relative tolerance at both 697 and 1633 Hz.  Each
 * tone is measured over its own window of 12 to 14 cycles instead, which
 * gives every bin about the same relative bandwidth, and against two side
 * bins 5% either side of it: a tone louder in its bin than in either side
 * bin is within 2.5% of nominal, halfway between what Q.24 accepts and
 * refuses.
 *
 * Every 5 ms, with all windows ending at the latest sample, the detector
 * looks for one row and one column tone that carry most of the power of
 * the window.  Partial windows carry less, so a look sees a tone only once
 * it fills three quarters of the window.  Five looks in a row report the
 * digit, which a 40 ms tone always gives and a 20 ms one never does, and
 * the digit is held until seven looks in a row miss it, so that it is
 * reported once and a 20 ms break in the tone does not repeat it.  The
 * bounds were found on synthesised tones starting at every sample between
 * two looks; tests/kunit/dtmf_kunit.c holds them.
 */
#include <kunit/visibility.h>
#include <linux/build_bug.h>
#include <linux/kernel.h>
#include <linux/log2.h>
#include <linux/math64.h>
#include <linux/string.h>

#include "dtmf.h"

#define HITS_TO_REPORT	5
#define MISSES_TO_END	7

/*
 * Per tone, -35 dBm0 or more: a sine of peak 403 in 16-bit linear, where
 * G.711's mu-law 0 dBm0 sine has a peak of 22663 (its maximum, 8159 << 2,
 * is +3.17 dBm0).  Power here is peak^2 / 2.
 */
#define TONE_POWER_MIN	81204

enum { SIDE_LOW, CENTRE, SIDE_HIGH };

/*
 * Q.23's frequencies.  Per tone its window, the length of 12 to 14.3
 * cycles into which the other group's four tones leak least (26 dB or
 * more below their level, against 22.5 dB for 13 cycles throughout),
 * and round(2^15 * 2 cos(2 pi f' / 8000)) for f' of f * 0.95, f and
 * f * 1.05.
 */
static const struct dtmf_tone {
	unsigned int len;
	s32 coef[3];
} dtmf_tones[8] = {
	{ 140, { 56872, 55959, 55005 } },	/*  697 Hz */
	{ 128, { 55014, 53913, 52761 } },	/*  770 Hz */
	{ 113, { 52734, 51403, 50014 } },	/*  852 Hz */
	{ 119, { 50036, 48438, 46774 } },	/*  941 Hz */
	{  93, { 40632, 38145, 35573 } },	/* 1209 Hz */
	{  83, { 35584, 32649, 29624 } },	/* 1336 Hz */
	{  77, { 29608, 26169, 22642 } },	/* 1477 Hz */
	{  70, { 22618, 18630, 14565 } },	/* 1633 Hz */
};

#define ROWS		4
#define LONGEST		140	/* window of all, of the high group, */
#define LONGEST_HIGH	93
#define SHORTEST_ROW	113	/* and shortest of the low group */

static const char dtmf_keys[ROWS][5] = { "123A", "456B", "789C", "*0#D" };

/* G.711 mu-law to 16-bit linear */
static s16 ulaw_decode(u8 u)
{
	int t;

	u = ~u;
	t = (((u & 0x0f) << 3) + 0x84) << ((u & 0x70) >> 4);
	return u & 0x80 ? 0x84 - t : t - 0x84;
}

static s16 dtmf_sample(const struct bti_dtmf *d, unsigned int i)
{
	return d->hist[i % BTI_DTMF_HISTORY];
}

/* One step of a Goertzel filter */
static void dtmf_step(s32 *s1, s32 *s2, s32 coef, s32 x)
{
	s32 s0 = x + (s32)(((s64)coef * *s1) >> 15) - *s2;

	*s2 = *s1;
	*s1 = s0;
}

/*
 * A Goertzel filter's bin after @len samples, as the power (peak^2 / 2) of
 * the sine it holds: |X|^2, which is (peak * len / 2)^2, times 2 / len^2.
 */
static u64 dtmf_power(s32 s1, s32 s2, s32 coef, unsigned int len)
{
	s64 x2 = (s64)s1 * s1 + (s64)s2 * s2 - (((s64)coef * s1) >> 15) * s2;

	return x2 > 0 ? div_u64(2 * x2, len * len) : 0;
}

/* The power of one bin over the latest @len samples */
static u64 dtmf_bin(const struct bti_dtmf *d, s32 coef, unsigned int len)
{
	unsigned int i = d->pos - len, n;
	s32 s1 = 0, s2 = 0;

	for (n = 0; n < len; n++)
		dtmf_step(&s1, &s2, coef, dtmf_sample(d, i + n));
	return dtmf_power(s1, s2, coef, len);
}

static u64 dtmf_tone_power(const struct bti_dtmf *d, unsigned int tone,
			   unsigned int bin)
{
	return dtmf_bin(d, dtmf_tones[tone].coef[bin], dtmf_tones[tone].len);
}

/*
 * dtmf_bin() at the centres of a group's four tones, @from on, the four
 * filters run side by side over the group's longest window, @span: a
 * filter fed zeros stays at zero, so each starts where its window does.
 */
static void dtmf_centres(const struct bti_dtmf *d, unsigned int from,
			 unsigned int span, u64 *power)
{
	const struct dtmf_tone *tone = dtmf_tones + from;
	unsigned int i = d->pos - span, n, k;
	s32 s1[ROWS] = {}, s2[ROWS] = {};
	s32 x;

	for (n = 0; n < span; n++) {
		x = dtmf_sample(d, i + n);
		for (k = 0; k < ROWS; k++)
			if (n + tone[k].len >= span)
				dtmf_step(&s1[k], &s2[k], tone[k].coef[CENTRE], x);
	}
	for (k = 0; k < ROWS; k++)
		power[from + k] = dtmf_power(s1[k], s2[k], tone[k].coef[CENTRE],
					     tone[k].len);
}

/* The sum of sample^2 over the latest @len samples */
static u64 dtmf_energy(const struct bti_dtmf *d, unsigned int len)
{
	unsigned int i = d->pos - len, n;
	u64 sum = 0;

	for (n = 0; n < len; n++)
		sum += (s32)dtmf_sample(d, i + n) * dtmf_sample(d, i + n);
	return sum;
}

static unsigned int dtmf_loudest(const u64 *power, unsigned int from)
{
	unsigned int best = from, k;

	for (k = from + 1; k < from + ROWS; k++)
		if (power[k] > power[best])
			best = k;
	return best;
}

/* The loudest stands 8 dB (6.31 times) above the rest of its group */
static bool dtmf_stands_out(const u64 *power, unsigned int best,
			    unsigned int from)
{
	unsigned int k;

	for (k = from; k < from + ROWS; k++)
		if (k != best && power[best] * 100 < power[k] * 631)
			return false;
	return true;
}

static bool dtmf_on_frequency(const struct bti_dtmf *d, unsigned int tone,
			      u64 centre)
{
	return centre > dtmf_tone_power(d, tone, SIDE_LOW) &&
	       centre > dtmf_tone_power(d, tone, SIDE_HIGH);
}

/* One look at the latest samples: the digit they hold, or 0 */
static char dtmf_look(const struct bti_dtmf *d)
{
	unsigned int row, col;
	u64 power[8];

	/*
	 * Quiet: a bin holds at most twice its window's mean power (Cauchy-
	 * Schwarz), so no row tone can be loud enough.
	 */
	if (dtmf_energy(d, LONGEST) * 2 < TONE_POWER_MIN * SHORTEST_ROW)
		return 0;
	dtmf_centres(d, 0, LONGEST, power);
	row = dtmf_loudest(power, 0);
	if (power[row] < TONE_POWER_MIN || !dtmf_stands_out(power, row, 0))
		return 0;
	dtmf_centres(d, ROWS, LONGEST_HIGH, power);
	col = dtmf_loudest(power, ROWS);
	if (power[col] < TONE_POWER_MIN || !dtmf_stands_out(power, col, ROWS))
		return 0;
	/*
	 * Twist: Q.24's 8 dB normal and 4 dB reverse, and 2 dB more for the
	 * other group's leakage into a bin, which moves with the tones' phase
	 */
	if (power[col] > power[row] * 10 || power[row] * 100 > power[col] * 398)
		return 0;
	/* the pair carries three quarters of the row window's power */
	if ((power[row] + power[col]) * dtmf_tones[row].len * 4 <
	    dtmf_energy(d, dtmf_tones[row].len) * 3)
		return 0;
	if (!dtmf_on_frequency(d, row, power[row]) ||
	    !dtmf_on_frequency(d, col, power[col]))
		return 0;
	return dtmf_keys[row][col - ROWS];
}

static char dtmf_track(struct bti_dtmf *d, char seen)
{
	if (seen == d->candidate) {
		d->hits = min(d->hits + 1, HITS_TO_REPORT);
	} else {
		d->candidate = seen;
		d->hits = 1;
	}

	if (seen && seen == d->digit)
		d->misses = 0;
	else if (d->digit && ++d->misses >= MISSES_TO_END)
		d->digit = 0;

	if (!d->digit && seen && d->hits >= HITS_TO_REPORT) {
		d->digit = seen;
		d->misses = 0;
		return seen;
	}
	return 0;
}

/**
 * bti_dtmf_reset - forget all audio, as when a line goes off hook
 * @d: the detector
 */
void bti_dtmf_reset(struct bti_dtmf *d)
{
	memset(d, 0, sizeof(*d));
}
EXPORT_SYMBOL_IF_KUNIT(bti_dtmf_reset);

/**
 * bti_dtmf_frame - feed uplink audio to the detector
 * @d: the detector
 * @ulaw: G.711 mu-law samples at 8 kHz
 * @n: how many, at most a 20 ms frame's 160
 *
 * A digit is reported seven looks (35 ms) after the one before it at the
 * earliest, so a frame reports at most one.
 *
 * Return: the digit whose tone the audio completed, or 0.
 */
char bti_dtmf_frame(struct bti_dtmf *d, const u8 *ulaw, unsigned int n)
{
	char found = 0, seen;

	BUILD_BUG_ON(!is_power_of_2(BTI_DTMF_HISTORY) ||
		     BTI_DTMF_HISTORY < LONGEST);
	while (n--) {
		d->hist[d->pos++ % BTI_DTMF_HISTORY] = ulaw_decode(*ulaw++);
		d->fill = min(d->fill + 1, LONGEST);
		if (++d->since_look < BTI_DTMF_HOP || d->fill < LONGEST)
			continue;
		d->since_look = 0;
		seen = dtmf_track(d, dtmf_look(d));
		if (seen)
			found = seen;
	}
	return found;
}
EXPORT_SYMBOL_IF_KUNIT(bti_dtmf_frame);
