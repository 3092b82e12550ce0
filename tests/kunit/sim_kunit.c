// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit: the simulated telephone's keypad puts real DTMF in the uplink
 * audio, timed per ITU-T Q.24, and tells the chip's decoder the key; its
 * mouth speaks a prepared sample; its hook switch and ringer.
 */
#include <kunit/test.h>

#include "../../driver/sim/phone.c"
#include "../../driver/sim/proslic.c"
#include "../../driver/sim/proslic_line.c"

static const int dtmf_hz[8] = { 697, 770, 852, 941, 1209, 1336, 1477, 1633 };

/* 2 cos(2 pi f / 8000) in Q14, for the Goertzel filter */
static const s64 goertzel_coef[8] = {
	27980, 26956, 25701, 24219, 19073, 16325, 13085, 9315,
};

static int ulaw_decode(u8 u)
{
	int t;

	u = ~u;
	t = (((u & 0x0f) << 3) + 0x84) << ((u & 0x70) >> 4);
	return (u & 0x80) ? 0x84 - t : t - 0x84;
}

/* Power of @n samples at DTMF frequency @k, in arbitrary units. */
static s64 goertzel(const u8 *x, unsigned int n, unsigned int k)
{
	s64 s, s1 = 0, s2 = 0;
	unsigned int i;

	for (i = 0; i < n; i++) {
		s = ulaw_decode(x[i]) + ((goertzel_coef[k] * s1) >> 14) - s2;
		s2 = s1;
		s1 = s;
	}
	return (s1 * s1 + s2 * s2 - ((goertzel_coef[k] * s1 >> 14) * s2)) >> 10;
}

struct phone_test {
	struct bti_sim_phone phone;
	struct proslic chip;
	u8 audio[400 * BTI_TICK_SAMPLES];	/* 400 ms */
	char key[400];
	u64 ms;
};

static struct phone_test *phone_test_new(struct kunit *test)
{
	struct phone_test *t = kunit_kzalloc(test, sizeof(*t), GFP_KERNEL);

	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, t);
	KUNIT_ASSERT_EQ(test, bti_sim_phone_init(&t->phone), 0);
	proslic_init(&t->chip, PROSLIC_SI3210, 5);
	return t;
}

static void run_ms(struct phone_test *t, unsigned int ms)
{
	unsigned int i;

	for (i = 0; i < ms; i++, t->ms++) {
		proslic_advance(&t->chip, t->ms * MS);
		bti_sim_phone_mouth(&t->phone, &t->chip, t->ms * MS,
				    t->audio + i * BTI_TICK_SAMPLES);
		t->key[i] = t->chip.key;
	}
}

/* Each key's two tones, and no other DTMF frequency, 10 dB down at least. */
static void key_tones(struct kunit *test)
{
	static const char keys[] = "123A456B789C*0#D";
	struct phone_test *t = phone_test_new(test);
	unsigned int k, f, row, col;
	s64 p[8];

	for (k = 0; keys[k]; k++) {
		row = k / 4;
		col = 4 + k % 4;
		KUNIT_ASSERT_EQ(test, bti_sim_phone_press(&t->phone, &keys[k], 1), 0);
		run_ms(t, 160);
		/* 40 ms from the middle of the tone */
		for (f = 0; f < 8; f++)
			p[f] = goertzel(t->audio + 20 * BTI_TICK_SAMPLES,
					40 * BTI_TICK_SAMPLES, f);
		for (f = 0; f < 8; f++) {
			if (f == row || f == col)
				continue;
			KUNIT_EXPECT_GT_MSG(test, p[row], 10 * p[f],
					    "key %c: %d Hz", keys[k], dtmf_hz[f]);
			KUNIT_EXPECT_GT_MSG(test, p[col], 10 * p[f],
					    "key %c: %d Hz", keys[k], dtmf_hz[f]);
		}
		/* high group 2 dB above the low group: between 1x and 2x power */
		KUNIT_EXPECT_GT_MSG(test, p[col], p[row], "key %c", keys[k]);
		KUNIT_EXPECT_LT_MSG(test, p[col], 2 * p[row], "key %c", keys[k]);
	}
	bti_sim_phone_free(&t->phone);
}

/* 80 ms of tone then 80 ms of silence, and the chip told the key just then. */
static void key_timing(struct kunit *test)
{
	struct phone_test *t = phone_test_new(test);
	unsigned int ms, i;
	bool loud;

	KUNIT_ASSERT_EQ(test, bti_sim_phone_press(&t->phone, "59", 2), 0);
	run_ms(t, 400);
	for (ms = 0; ms < 400; ms++) {
		bool tone = ms % 160 < 80 && ms < 320;

		loud = false;
		for (i = 0; i < BTI_TICK_SAMPLES; i++)
			loud |= abs(ulaw_decode(t->audio[ms * 8 + i])) > 1000;
		/* a tone sample can pass near zero, but not a whole ms of it */
		KUNIT_EXPECT_EQ_MSG(test, loud, tone, "at %u ms", ms);
		/* read after each ms: the key ends as the tone's last ms ends */
		KUNIT_EXPECT_EQ_MSG(test, t->key[ms],
				    tone && ms % 160 != 79 ? "59"[ms / 160] : 0,
				    "at %u ms", ms);
	}
	KUNIT_EXPECT_EQ(test, t->phone.nkeys, 0u);
	bti_sim_phone_free(&t->phone);
}

static void keypad_rejects(struct kunit *test)
{
	struct phone_test *t = phone_test_new(test);
	char many[BTI_SIM_KEYS_MAX + 1];

	KUNIT_EXPECT_EQ(test, bti_sim_phone_press(&t->phone, "1x", 2), -EINVAL);
	KUNIT_EXPECT_EQ(test, t->phone.nkeys, 0u);
	memset(many, '1', sizeof(many));
	KUNIT_EXPECT_EQ(test, bti_sim_phone_press(&t->phone, many,
						  sizeof(many)), -ENOSPC);
	bti_sim_phone_free(&t->phone);
}

static void mouth_speaks(struct kunit *test)
{
	struct phone_test *t = phone_test_new(test);
	unsigned int i;

	for (i = 0; i < 100; i++)
		t->phone.mouth[i] = i;
	t->phone.mouth_len = 100;
	run_ms(t, 20);
	for (i = 0; i < 100; i++)
		KUNIT_EXPECT_EQ(test, t->audio[i], (u8)i);
	for (; i < 160; i++)
		KUNIT_EXPECT_EQ(test, t->audio[i], 0xff);
	bti_sim_phone_free(&t->phone);
}

static void hook_and_flash(struct kunit *test)
{
	struct phone_test *t = phone_test_new(test);

	bti_sim_phone_hook(&t->phone, &t->chip, true, 0);
	KUNIT_EXPECT_TRUE(test, t->chip.handset_off);
	KUNIT_ASSERT_EQ(test, bti_sim_phone_flash(&t->phone, &t->chip, 0), 0);
	KUNIT_EXPECT_FALSE(test, t->chip.handset_off);
	run_ms(t, 299);
	KUNIT_EXPECT_FALSE(test, t->chip.handset_off);
	run_ms(t, 1);
	KUNIT_EXPECT_TRUE(test, t->chip.handset_off);
	bti_sim_phone_hook(&t->phone, &t->chip, false, t->ms * MS);
	KUNIT_EXPECT_EQ(test, bti_sim_phone_flash(&t->phone, &t->chip,
						  t->ms * MS), -EBUSY);
	bti_sim_phone_free(&t->phone);
}

/* A powered line in a ring burst, with the oscillator set as given. */
static void ring_line(struct phone_test *t, u16 rco, u16 rngx)
{
	struct proslic *m = &t->chip;

	m->reg[PR_DCN] = 0xca;
	m->reg[PR_DCTOF] = 12;
	m->reg[PR_PD1] = 0;
	m->reg[PR_LF] = 4;
	m->ireg[PIR_RCO] = rco;
	m->ireg[PIR_RNGX] = rngx;
	run_ms(t, 100);
}

/* The ringer sounds for 20 Hz at 70 V peak, not silence or 100 Hz. */
static void ringer(struct kunit *test)
{
	struct phone_test *t = phone_test_new(test);

	ring_line(t, 0x7efd, 0x0177);
	KUNIT_EXPECT_TRUE(test, t->phone.ringing);
	KUNIT_EXPECT_EQ(test, t->phone.rings, 1u);
	ring_line(t, 0x7efd, 0);
	KUNIT_EXPECT_FALSE(test, t->phone.ringing);
	ring_line(t, 0x678e, 0x0795);	/* 70 V peak at 100 Hz */
	KUNIT_EXPECT_FALSE(test, t->phone.ringing);
	/* 20 Hz again, with the line open: nothing */
	ring_line(t, 0x7efd, 0x0177);
	KUNIT_EXPECT_TRUE(test, t->phone.ringing);
	t->chip.reg[PR_LF] = 0;
	run_ms(t, 10);
	KUNIT_EXPECT_FALSE(test, t->phone.ringing);
	bti_sim_phone_free(&t->phone);
}

static struct kunit_case bti_sim_cases[] = {
	KUNIT_CASE(key_tones),
	KUNIT_CASE(key_timing),
	KUNIT_CASE(keypad_rejects),
	KUNIT_CASE(mouth_speaks),
	KUNIT_CASE(hook_and_flash),
	KUNIT_CASE(ringer),
	{ }
};

static struct kunit_suite bti_sim_suite = {
	.name = "bti_sim_phone",
	.test_cases = bti_sim_cases,
};
kunit_test_suite(bti_sim_suite);

MODULE_DESCRIPTION("KUnit tests for the simulated telephone");
MODULE_LICENSE("GPL");
