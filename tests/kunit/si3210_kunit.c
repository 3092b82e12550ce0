// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit: the Si3210 driver's register programming, over the simulator's
 * emulated Si3215 register file.
 */
#include <kunit/test.h>

#include "../../driver/si3210/chip.c"
#include "../../driver/sim/si3215.c"

struct si3210_test {
	struct regmap *map;
	struct si3215_model chip;
	bool dead_indirect;	/* a chip whose indirect window ignores writes */
};

static int model_read(void *ctx, unsigned int reg, unsigned int *val)
{
	struct si3210_test *t = ctx;

	*val = si3215_model_read(&t->chip, reg);
	return 0;
}

static int model_write(void *ctx, unsigned int reg, unsigned int val)
{
	struct si3210_test *t = ctx;

	if (t->dead_indirect && reg >= SI3210_REG_IDA_LO &&
	    reg <= SI3210_REG_IAA)
		return 0;
	si3215_model_write(&t->chip, reg, val);
	return 0;
}

static const struct regmap_config model_regmap = {
	.reg_bits = 8,
	.val_bits = 8,
	.max_register = SI3210_MAX_REG,
	.reg_read = model_read,
	.reg_write = model_write,
};

static int si3210_test_init(struct kunit *test)
{
	struct si3210_test *t = kunit_kzalloc(test, sizeof(*t), GFP_KERNEL);

	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, t);
	si3215_model_reset(&t->chip);
	t->map = regmap_init(NULL, NULL, t, &model_regmap);
	if (IS_ERR(t->map))
		return PTR_ERR(t->map);
	test->priv = t;
	return 0;
}

static void si3210_test_exit(struct kunit *test)
{
	struct si3210_test *t = test->priv;

	regmap_exit(t->map);
}

static void identify(struct kunit *test)
{
	struct si3210_test *t = test->priv;
	unsigned int part, rev;

	KUNIT_EXPECT_EQ(test, si3210_identify(t->map, &part, &rev), 0);
	KUNIT_EXPECT_EQ(test, part, 0u);
	KUNIT_EXPECT_EQ(test, rev, 5u);
	/* an empty bus reads all ones or all zeroes */
	t->chip.reg[SI3210_REG_ID] = 0xff;
	KUNIT_EXPECT_EQ(test, si3210_identify(t->map, &part, &rev), -ENODEV);
	t->chip.reg[SI3210_REG_ID] = 0x00;
	KUNIT_EXPECT_EQ(test, si3210_identify(t->map, &part, &rev), -ENODEV);
}

static void setup_pcm_and_interrupts(struct kunit *test)
{
	struct si3210_test *t = test->priv;
	u8 *r = t->chip.reg;

	r[SI3210_REG_IRQ_STATUS2] = 0xff;	/* stale, from before us */
	KUNIT_ASSERT_EQ(test, si3210_setup(t->map, 3), 0);
	KUNIT_EXPECT_EQ(test, r[SI3210_REG_PCM_MODE], 0x28);
	KUNIT_EXPECT_EQ(test, r[SI3210_REG_PCM_TXS_LO], 24);
	KUNIT_EXPECT_EQ(test, r[SI3210_REG_PCM_TXS_HI], 0);
	KUNIT_EXPECT_EQ(test, r[SI3210_REG_PCM_RXS_LO], 24);
	KUNIT_EXPECT_EQ(test, r[SI3210_REG_PCM_RXS_HI], 0);
	KUNIT_EXPECT_EQ(test, si3215_model_pcm_slot(&t->chip, true), 3);
	KUNIT_EXPECT_EQ(test, si3215_model_pcm_slot(&t->chip, false), 3);
	KUNIT_EXPECT_EQ(test, r[SI3210_REG_IRQ_STATUS2], 0);
	KUNIT_EXPECT_EQ(test, r[SI3210_REG_IRQ_MASK2],
			SI3210_IRQ2_LOOP | SI3210_IRQ2_RING_TRIP);
	KUNIT_EXPECT_EQ(test, r[SI3210_REG_IRQ_MASK3], SI3210_IRQ3_DTMF);
	KUNIT_EXPECT_EQ(test, t->chip.ireg[SI3210_IREG_RING_OSC], 0x7ef0);
	KUNIT_EXPECT_EQ(test, t->chip.ireg[SI3210_IREG_RING_X], 0x0160);
}

static void setup_high_timeslot(struct kunit *test)
{
	struct si3210_test *t = test->priv;

	KUNIT_ASSERT_EQ(test, si3210_setup(t->map, 100), 0);
	KUNIT_EXPECT_EQ(test, t->chip.reg[SI3210_REG_PCM_TXS_LO], 800 & 0xff);
	KUNIT_EXPECT_EQ(test, t->chip.reg[SI3210_REG_PCM_TXS_HI], 800 >> 8);
	KUNIT_EXPECT_EQ(test, si3215_model_pcm_slot(&t->chip, true), 100);
	KUNIT_EXPECT_EQ(test, si3210_setup(t->map, 128), -ERANGE);
}

static void setup_dead_indirect(struct kunit *test)
{
	struct si3210_test *t = test->priv;

	t->dead_indirect = true;
	KUNIT_EXPECT_EQ(test, si3210_setup(t->map, 0), -EIO);
}

static void indirect_round_trip(struct kunit *test)
{
	struct si3210_test *t = test->priv;
	u16 v = 0;

	KUNIT_ASSERT_EQ(test, si3210_indirect_write(t->map, 50, 0x1234), 0);
	KUNIT_EXPECT_EQ(test, t->chip.ireg[50], 0x1234);
	KUNIT_ASSERT_EQ(test, si3210_indirect_write(t->map, 51, 0xbeef), 0);
	KUNIT_ASSERT_EQ(test, si3210_indirect_read(t->map, 50, &v), 0);
	KUNIT_EXPECT_EQ(test, v, 0x1234);
	KUNIT_ASSERT_EQ(test, si3210_indirect_read(t->map, 51, &v), 0);
	KUNIT_EXPECT_EQ(test, v, 0xbeef);
}

static void linefeed(struct kunit *test)
{
	struct si3210_test *t = test->priv;
	unsigned int lf;

	for (lf = 0; lf <= BTI_LINEFEED_MAX; lf++) {
		KUNIT_ASSERT_EQ(test, si3210_set_feed(t->map, lf), 0);
		KUNIT_EXPECT_EQ(test, si3215_model_feed(&t->chip), lf);
	}
}

static void service_hook(struct kunit *test)
{
	struct si3210_test *t = test->priv;
	struct si3210_events ev;

	KUNIT_ASSERT_EQ(test, si3210_service(t->map, &ev), 0);
	KUNIT_EXPECT_FALSE(test, ev.hook_seen);

	si3215_model_set_loop(&t->chip, true);
	KUNIT_ASSERT_EQ(test, si3210_service(t->map, &ev), 0);
	KUNIT_EXPECT_TRUE(test, ev.hook_seen);
	KUNIT_EXPECT_TRUE(test, ev.offhook);
	KUNIT_EXPECT_EQ(test, t->chip.reg[SI3210_REG_IRQ_STATUS2], 0);

	/* acknowledged: nothing new until the loop changes again */
	KUNIT_ASSERT_EQ(test, si3210_service(t->map, &ev), 0);
	KUNIT_EXPECT_FALSE(test, ev.hook_seen);

	si3215_model_set_loop(&t->chip, false);
	KUNIT_ASSERT_EQ(test, si3210_service(t->map, &ev), 0);
	KUNIT_EXPECT_TRUE(test, ev.hook_seen);
	KUNIT_EXPECT_FALSE(test, ev.offhook);
}

static void service_digits(struct kunit *test)
{
	static const char keys[] = "0123456789*#ABCD";
	struct si3210_test *t = test->priv;
	struct si3210_events ev;
	unsigned int i;

	for (i = 0; keys[i]; i++) {
		si3215_model_set_dtmf(&t->chip, keys[i]);
		KUNIT_ASSERT_EQ(test, si3210_service(t->map, &ev), 0);
		KUNIT_EXPECT_EQ(test, ev.digit, keys[i]);
		KUNIT_EXPECT_EQ(test, t->chip.reg[SI3210_REG_IRQ_STATUS3], 0);
		si3215_model_set_dtmf(&t->chip, 0);
		KUNIT_ASSERT_EQ(test, si3210_service(t->map, &ev), 0);
		KUNIT_EXPECT_EQ(test, ev.digit, 0);
	}
}

/* A tone gone before the status was read is not reported twice or late. */
static void service_digit_ended(struct kunit *test)
{
	struct si3210_test *t = test->priv;
	struct si3210_events ev;

	si3215_model_set_dtmf(&t->chip, '5');
	si3215_model_set_dtmf(&t->chip, 0);
	KUNIT_ASSERT_EQ(test, si3210_service(t->map, &ev), 0);
	KUNIT_EXPECT_EQ(test, ev.digit, 0);
}

static struct kunit_case si3210_cases[] = {
	KUNIT_CASE(identify),
	KUNIT_CASE(setup_pcm_and_interrupts),
	KUNIT_CASE(setup_high_timeslot),
	KUNIT_CASE(setup_dead_indirect),
	KUNIT_CASE(indirect_round_trip),
	KUNIT_CASE(linefeed),
	KUNIT_CASE(service_hook),
	KUNIT_CASE(service_digits),
	KUNIT_CASE(service_digit_ended),
	{ }
};

static struct kunit_suite si3210_suite = {
	.name = "bti_si3210",
	.init = si3210_test_init,
	.exit = si3210_test_exit,
	.test_cases = si3210_cases,
};
kunit_test_suite(si3210_suite);

MODULE_DESCRIPTION("KUnit tests for the bti Si3210 driver");
MODULE_LICENSE("GPL");
