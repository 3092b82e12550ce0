// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit: the software DTMF detector against ITU-T Q.24's points, on tones
 * synthesised here: every digit; each frequency 1.5% off accepted and
 * 3.5% off refused; twist of 8 dB normal and 4 dB reverse; a 30 dB level
 * range; 40 ms tones and pauses accepted and 20 ms ones refused; and no
 * digit from signals that are not DTMF.  Recorded speech is
 * tests/dtmf/talk-off.c's work.
 */
#include <kunit/test.h>
#include <linux/fixp-arith.h>

#include <bti/compat.h>

#include "../../driver/core/dtmf.h"

static const unsigned int rows[4] = { 697, 770, 852, 941 };	/* Q.23 */
static const unsigned int cols[4] = { 1209, 1336, 1477, 1633 };
static const char keys[] = "123A456B789C*0#D";

/* fixp_sin32_rad()'s 2 pi, a multiple of 360 below its limit of 2^18 */
#define TWOPI		(360 * 728)
#define MS		8

/*
 * Peak of a sine at @half_db / 2 dBm0 (0 or less), 16-bit linear: G.711
 * mu-law's 0 dBm0 peak is 22663; 989920 is 10^(-0.5 / 20) in Q20.
 */
static int peak(int half_db)
{
	u64 a = 22663;

	for (; half_db < 0; half_db++)
		a = (a * 989920) >> 20;
	return a;
}

struct tone {
	u64 phase;	/* TWOPI << 16 a cycle */
	u64 step;
	int peak;
};

/* @hz moved by @bp basis points (150 is 1.5%) */
static void tone_init(struct tone *t, unsigned int hz, int bp, int half_db)
{
	t->step = div_u64((u64)hz * (10000 + bp) * TWOPI << 16, 10000 * 8000);
	t->peak = peak(half_db);
}

/* ...from a phase that differs from tone to tone, the same in every run */
static void tone_start(struct tone *t, unsigned int hz, int bp, int half_db)
{
	static u32 seed = 1;

	seed = seed * 1103515245 + 12345;
	t->phase = (u64)(seed % TWOPI) << 16;
	tone_init(t, hz, bp, half_db);
}

static int tone_next(struct tone *t)
{
	s64 v = fixp_sin32_rad((t->phase >> 16) % TWOPI, TWOPI);

	t->phase += t->step;
	return (v * t->peak) >> 31;
}

static u8 ulaw_encode(int pcm)
{
	int sign = pcm < 0 ? 0x80 : 0;
	int mag = min(abs(pcm), 32635) + 0x84;
	int exp = fls(mag >> 7) - 1;

	return ~(sign | exp << 4 | ((mag >> (exp + 3)) & 0x0f));
}

/* Audio as the detector hears it, fed to it in 20 ms frames */
struct line {
	struct bti_dtmf d;
	u8 frame[160];
	unsigned int fill;
	char heard[32];
	unsigned int nheard;
};

static void line_put(struct line *l, int pcm)
{
	char c;

	l->frame[l->fill++] = ulaw_encode(pcm);
	if (l->fill < sizeof(l->frame))
		return;
	l->fill = 0;
	c = bti_dtmf_frame(&l->d, l->frame, sizeof(l->frame));
	if (c && l->nheard < sizeof(l->heard) - 1)
		l->heard[l->nheard++] = c;
}

static void silence(struct line *l, unsigned int samples)
{
	while (samples--)
		line_put(l, 0);
}

/* Two tones, each @bp off and at @half_db / 2 dBm0 */
static void pair(struct line *l, unsigned int low, int low_bp, int low_hdb,
		 unsigned int high, int high_bp, int high_hdb,
		 unsigned int samples)
{
	struct tone a, b;

	tone_start(&a, low, low_bp, low_hdb);
	tone_start(&b, high, high_bp, high_hdb);
	while (samples--)
		line_put(l, tone_next(&a) + tone_next(&b));
}

/* Key @key for @ms, with row and column moved and at the levels given */
static void key(struct line *l, char key, int row_bp, int col_bp,
		int row_hdb, int col_hdb, unsigned int ms)
{
	unsigned int k = strchr(keys, key) - keys;

	pair(l, rows[k / 4], row_bp, row_hdb, cols[k % 4], col_bp, col_hdb,
	     ms * MS);
}

static struct line *line(struct kunit *test)
{
	struct line *l = kunit_kzalloc(test, sizeof(*l), GFP_KERNEL);

	KUNIT_ASSERT_NOT_NULL(test, l);
	return l;
}

/* What one keying, between silences, is heard as */
static const char *heard(struct line *l)
{
	silence(l, 100 * MS);
	l->heard[l->nheard] = 0;
	return l->heard;
}

static void every_digit(struct kunit *test)
{
	struct line *l = line(test);
	unsigned int k;

	silence(l, 50 * MS);
	for (k = 0; k < 16; k++) {
		key(l, keys[k], 0, 0, -14, -10, 50);	/* the sim's -7, -5 dBm0 */
		silence(l, 50 * MS);
	}
	KUNIT_EXPECT_STREQ(test, heard(l), keys);
}

/* Q.24: within 1.5% operates; 3.5% or more off does not */
static void frequency_tolerance(struct kunit *test)
{
	static const int accept[] = { -150, 150 }, refuse[] = { -350, 350 };
	unsigned int k, i, which;
	char one[2] = "";

	for (k = 0; k < 16; k++) {
		one[0] = keys[k];
		for (which = 0; which < 3; which++) {
			for (i = 0; i < 2; i++) {
				struct line *l = line(test);
				int bp = accept[i];

				key(l, keys[k], which != 1 ? bp : 0,
				    which != 0 ? bp : 0, -20, -20, 60);
				KUNIT_EXPECT_STREQ_MSG(test, heard(l), one,
						       "%d bp off, tone %u", bp, which);
				l = line(test);
				bp = refuse[i];
				key(l, keys[k], which != 1 ? bp : 0,
				    which != 0 ? bp : 0, -20, -20, 60);
				KUNIT_EXPECT_STREQ_MSG(test, heard(l), "",
						       "%d bp off, tone %u", bp, which);
			}
		}
	}
}

/* 8 dB normal (high group louder), 4 dB reverse; 4 dB beyond, refused */
static void twist(struct kunit *test)
{
	static const struct {
		int row_hdb, col_hdb;
		bool heard;
	} cases[] = {
		{ -36, -20, true },	/* 8 dB normal */
		{ -20, -28, true },	/* 4 dB reverse */
		{ -44, -20, false },	/* 12 dB normal */
		{ -20, -36, false },	/* 8 dB reverse */
	};
	unsigned int k, i;
	char one[2] = "";

	for (k = 0; k < 16; k++) {
		one[0] = keys[k];
		for (i = 0; i < ARRAY_SIZE(cases); i++) {
			const char *want = cases[i].heard ? one : "";
			struct line *l = line(test);

			key(l, keys[k], 0, 0, cases[i].row_hdb,
			    cases[i].col_hdb, 60);
			KUNIT_EXPECT_STREQ_MSG(test, heard(l), want,
					       "row %d, column %d half-dBm0",
					       cases[i].row_hdb, cases[i].col_hdb);
		}
	}
}

/* Each tone from -3 to -33 dBm0 operates; -40 dBm0 does not */
static void level_range(struct kunit *test)
{
	unsigned int k;
	int hdb;
	char one[2] = "";

	for (k = 0; k < 16; k++) {
		one[0] = keys[k];
		for (hdb = -6; hdb >= -66; hdb -= 6) {
			struct line *l = line(test);

			key(l, keys[k], 0, 0, hdb, hdb, 60);
			KUNIT_EXPECT_STREQ_MSG(test, heard(l), one,
					       "%d half-dBm0", hdb);
		}
		{
			struct line *l = line(test);

			key(l, keys[k], 0, 0, -80, -80, 60);
			KUNIT_EXPECT_STREQ(test, heard(l), "");
		}
	}
}

/*
 * The detector looks every 40 samples: timing is tried at each of the 40
 * places a tone can start between two looks, on four digits that between
 * them have every row and every column, so every window length.
 */
static const char every_window[] = "159D";

/* From silence, to the sample @phase after a look */
static struct line *line_at(struct kunit *test, unsigned int phase)
{
	struct line *l = line(test);

	silence(l, 50 * MS + phase);
	return l;
}

/* A 40 ms tone operates and a 20 ms one does not */
static void duration(struct kunit *test)
{
	unsigned int k, phase;
	char one[2] = "";

	for (k = 0; k < sizeof(every_window) - 1; k++) {
		one[0] = every_window[k];
		for (phase = 0; phase < BTI_DTMF_HOP; phase++) {
			struct line *l = line_at(test, phase);

			key(l, one[0], 0, 0, -20, -20, 40);
			KUNIT_EXPECT_STREQ_MSG(test, heard(l), one, "at %u", phase);
			l = line_at(test, phase);
			key(l, one[0], 0, 0, -20, -20, 20);
			KUNIT_EXPECT_STREQ_MSG(test, heard(l), "", "at %u", phase);
		}
	}
}

/* A 40 ms pause parts two digits; a 20 ms break in one does not */
static void pause(struct kunit *test)
{
	unsigned int k, phase;
	char two[3] = "";

	for (k = 0; k < sizeof(every_window) - 1; k++) {
		two[0] = every_window[k];
		two[1] = every_window[k];
		for (phase = 0; phase < BTI_DTMF_HOP; phase++) {
			struct line *l = line_at(test, phase);

			key(l, two[0], 0, 0, -20, -20, 50);
			silence(l, 40 * MS);
			key(l, two[0], 0, 0, -20, -20, 50);
			KUNIT_EXPECT_STREQ_MSG(test, heard(l), two, "at %u", phase);
			l = line_at(test, phase);
			key(l, two[0], 0, 0, -20, -20, 50);
			silence(l, 20 * MS);
			key(l, two[0], 0, 0, -20, -20, 50);
			KUNIT_EXPECT_STREQ_MSG(test, heard(l), two + 1, "at %u",
					       phase);
		}
	}
}

/*
 * Not DTMF: two tones of one group, a tone alone, a pair under a louder
 * tone that is neither (speech over a key), and a voiced vowel: a
 * voice's harmonics up to 3400 Hz, each 1 dB below the one before, its
 * pitch gliding from 120 to 240 Hz, 0.5% every 20 ms, so that harmonics
 * cross every DTMF frequency.
 */
static void no_talk_off(struct kunit *test)
{
	struct line *l = line(test);
	struct tone h[28];
	unsigned int i, n;
	int bp, v;

	for (i = 0; i < 4; i++) {
		pair(l, rows[i], 0, -20, rows[(i + 1) % 4], 0, -20, 100 * MS);
		pair(l, cols[i], 0, -20, cols[(i + 1) % 4], 0, -20, 100 * MS);
		pair(l, rows[i], 0, -20, cols[i], 0, -200, 100 * MS);
		tone_start(&h[0], rows[i], 0, -20);
		tone_start(&h[1], cols[i], 0, -20);
		tone_start(&h[2], 500, 0, -12);
		for (n = 0; n < 100 * MS; n++)
			line_put(l, tone_next(&h[0]) + tone_next(&h[1]) +
				 tone_next(&h[2]));
	}
	for (i = 0; i < ARRAY_SIZE(h); i++)
		tone_start(&h[i], 120 * (i + 1), 0, -20 - 2 * (int)i);
	for (bp = 0; bp < 10000; bp = (10000 + bp) * 1005 / 1000 - 10000) {
		for (i = 0; i < ARRAY_SIZE(h); i++)
			tone_init(&h[i], 120 * (i + 1), bp, -20 - 2 * (int)i);
		for (n = 0; n < 20 * MS; n++) {
			for (v = 0, i = 0; i < ARRAY_SIZE(h); i++)
				if (120 * (i + 1) * (10000 + bp) < 3400 * 10000)
					v += tone_next(&h[i]);
			line_put(l, v);
		}
	}
	KUNIT_EXPECT_STREQ(test, heard(l), "");
}

static struct kunit_case dtmf_cases[] = {
	KUNIT_CASE(every_digit),
	KUNIT_CASE(frequency_tolerance),
	KUNIT_CASE(twist),
	KUNIT_CASE(level_range),
	KUNIT_CASE(duration),
	KUNIT_CASE(pause),
	KUNIT_CASE(no_talk_off),
	{}
};

static struct kunit_suite dtmf_suite = {
	.name = "bti_dtmf",
	.test_cases = dtmf_cases,
};
kunit_test_suite(dtmf_suite);

BTI_KUNIT_IMPORT_NS;
MODULE_DESCRIPTION("bti: KUnit tests of the software DTMF detector");
MODULE_LICENSE("GPL");
