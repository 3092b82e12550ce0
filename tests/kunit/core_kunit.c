// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit: the port core's hook debouncer, ringing cadence and frame
 * assembly, driven with synthetic time.  It links against bti.ko
 * (EXPORT_SYMBOL_IF_KUNIT), which is loaded first.
 */
#include <kunit/test.h>

#include <bti/compat.h>

#include "../../driver/core/frame.h"
#include "../../driver/core/line.h"

#define MS(x)	ms_to_ktime(x)

static void hook_init_default(struct bti_hook_fsm *h)
{
	bti_hook_init(h, MS(30), MS(750));
}

/* Lift at @at and let it settle. */
static void hook_lift(struct kunit *test, struct bti_hook_fsm *h, int at)
{
	ktime_t dl;

	KUNIT_ASSERT_EQ(test, bti_hook_update(h, true, MS(at), &dl),
			BTI_HOOK_NONE);
	KUNIT_ASSERT_EQ(test, bti_hook_update(h, true, MS(at + 30), &dl),
			BTI_HOOK_WENT_OFF);
}

static void hook_offhook_after_debounce(struct kunit *test)
{
	struct bti_hook_fsm h;
	ktime_t dl;

	hook_init_default(&h);
	KUNIT_EXPECT_EQ(test, bti_hook_update(&h, true, MS(0), &dl),
			BTI_HOOK_NONE);
	KUNIT_EXPECT_EQ(test, dl, MS(30));
	KUNIT_EXPECT_EQ(test, bti_hook_update(&h, true, MS(29), &dl),
			BTI_HOOK_NONE);
	KUNIT_EXPECT_EQ(test, bti_hook_update(&h, true, MS(30), &dl),
			BTI_HOOK_WENT_OFF);
	KUNIT_EXPECT_EQ(test, dl, BTI_NO_DEADLINE);
	KUNIT_EXPECT_TRUE(test, h.offhook);
}

static void hook_bounce_ignored(struct kunit *test)
{
	struct bti_hook_fsm h;
	ktime_t dl;

	hook_init_default(&h);
	bti_hook_update(&h, true, MS(0), &dl);
	KUNIT_EXPECT_EQ(test, bti_hook_update(&h, false, MS(10), &dl),
			BTI_HOOK_NONE);
	KUNIT_EXPECT_EQ(test, dl, BTI_NO_DEADLINE);
	KUNIT_EXPECT_EQ(test, bti_hook_update(&h, true, MS(12), &dl),
			BTI_HOOK_NONE);
	KUNIT_EXPECT_EQ(test, dl, MS(42));
	KUNIT_EXPECT_EQ(test, bti_hook_update(&h, true, MS(41), &dl),
			BTI_HOOK_NONE);
	KUNIT_EXPECT_EQ(test, bti_hook_update(&h, true, MS(42), &dl),
			BTI_HOOK_WENT_OFF);
}

static void hook_flash(struct kunit *test)
{
	struct bti_hook_fsm h;
	ktime_t dl;

	hook_init_default(&h);
	hook_lift(test, &h, 0);
	KUNIT_EXPECT_EQ(test, bti_hook_update(&h, false, MS(100), &dl),
			BTI_HOOK_NONE);
	KUNIT_EXPECT_EQ(test, dl, MS(850));
	KUNIT_EXPECT_EQ(test, bti_hook_update(&h, true, MS(400), &dl),
			BTI_HOOK_FLASHED);
	KUNIT_EXPECT_EQ(test, dl, BTI_NO_DEADLINE);
	KUNIT_EXPECT_TRUE(test, h.offhook);
}

static void hook_flash_bounds(struct kunit *test)
{
	struct bti_hook_fsm h;
	ktime_t dl;

	hook_init_default(&h);
	hook_lift(test, &h, 0);
	/* a break shorter than the debounce window is a bounce */
	bti_hook_update(&h, false, MS(100), &dl);
	KUNIT_EXPECT_EQ(test, bti_hook_update(&h, true, MS(129), &dl),
			BTI_HOOK_NONE);
	/* exactly the window is a flash */
	bti_hook_update(&h, false, MS(200), &dl);
	KUNIT_EXPECT_EQ(test, bti_hook_update(&h, true, MS(230), &dl),
			BTI_HOOK_FLASHED);
	/* the longest flash */
	bti_hook_update(&h, false, MS(300), &dl);
	KUNIT_EXPECT_EQ(test, bti_hook_update(&h, true, MS(1049), &dl),
			BTI_HOOK_FLASHED);
}

static void hook_hangup(struct kunit *test)
{
	struct bti_hook_fsm h;
	ktime_t dl;

	hook_init_default(&h);
	hook_lift(test, &h, 0);
	bti_hook_update(&h, false, MS(100), &dl);
	KUNIT_EXPECT_EQ(test, bti_hook_update(&h, false, MS(849), &dl),
			BTI_HOOK_NONE);
	KUNIT_EXPECT_EQ(test, bti_hook_update(&h, false, MS(850), &dl),
			BTI_HOOK_WENT_ON);
	KUNIT_EXPECT_FALSE(test, h.offhook);
	/* lifting again after a hang-up is not a flash */
	KUNIT_EXPECT_EQ(test, bti_hook_update(&h, true, MS(900), &dl),
			BTI_HOOK_NONE);
	KUNIT_EXPECT_EQ(test, bti_hook_update(&h, true, MS(930), &dl),
			BTI_HOOK_WENT_OFF);
}

static void cadence_rejects(struct kunit *test)
{
	static const u32 ok[] = { 2000, 4000 };
	static const u32 odd[] = { 2000, 4000, 2000 };
	static const u32 short_step[] = { 2000, 10 };
	static const u32 long_step[] = { 20000, 4000 };
	struct bti_cadence c;

	KUNIT_EXPECT_EQ(test, bti_cadence_init(&c, ok, 2), 0);
	KUNIT_EXPECT_EQ(test, bti_cadence_init(&c, ok, 0), -EINVAL);
	KUNIT_EXPECT_EQ(test, bti_cadence_init(&c, odd, 3), -EINVAL);
	KUNIT_EXPECT_EQ(test, bti_cadence_init(&c, short_step, 2), -EINVAL);
	KUNIT_EXPECT_EQ(test, bti_cadence_init(&c, long_step, 2), -EINVAL);
}

static void cadence_steps(struct kunit *test)
{
	static const u32 uk[] = { 400, 200, 400, 2000 };
	static const struct {
		int at;
		bool ring;
		int until;
	} want[] = {
		{ 0, true, 400 }, { 399, true, 400 }, { 400, false, 600 },
		{ 600, true, 1000 }, { 1000, false, 3000 }, { 3000, true, 3400 },
	};
	struct bti_cadence c;
	unsigned int i;
	ktime_t dl;

	KUNIT_ASSERT_EQ(test, bti_cadence_init(&c, uk, 4), 0);
	bti_cadence_start(&c, 0);
	for (i = 0; i < ARRAY_SIZE(want); i++) {
		KUNIT_EXPECT_EQ_MSG(test, bti_cadence_update(&c, MS(want[i].at),
							     &dl),
				    want[i].ring, "at %d ms", want[i].at);
		KUNIT_EXPECT_EQ(test, dl, MS(want[i].until));
	}
}

/* A timer served late skips what it missed and stays on the pattern. */
static void cadence_late_timer(struct kunit *test)
{
	static const u32 us[] = { 2000, 4000 };
	struct bti_cadence c;
	ktime_t dl;

	KUNIT_ASSERT_EQ(test, bti_cadence_init(&c, us, 2), 0);
	bti_cadence_start(&c, MS(1000));
	KUNIT_EXPECT_TRUE(test, bti_cadence_update(&c, MS(14000), &dl));
	KUNIT_EXPECT_EQ(test, dl, MS(15000));
	KUNIT_EXPECT_FALSE(test, bti_cadence_update(&c, MS(15000), &dl));
	KUNIT_EXPECT_EQ(test, dl, MS(19000));
}

static void frame_assembly(struct kunit *test)
{
	struct bti_frame f = { };
	u8 tick[BTI_TICK_SAMPLES];
	unsigned int t, i;

	for (t = 0; t < 20; t++) {
		for (i = 0; i < BTI_TICK_SAMPLES; i++)
			tick[i] = t * BTI_TICK_SAMPLES + i;
		KUNIT_EXPECT_EQ(test, bti_frame_push(&f, tick), t == 19);
	}
	for (i = 0; i < BTI_FRAME_SAMPLES; i++)
		KUNIT_EXPECT_EQ(test, f.samples[i], (u8)i);
	/* the next tick opens a new frame */
	memset(tick, 0xaa, sizeof(tick));
	KUNIT_EXPECT_FALSE(test, bti_frame_push(&f, tick));
	KUNIT_EXPECT_EQ(test, f.fill, BTI_TICK_SAMPLES);
	KUNIT_EXPECT_EQ(test, f.samples[0], 0xaa);
}

static struct kunit_case bti_core_cases[] = {
	KUNIT_CASE(hook_offhook_after_debounce),
	KUNIT_CASE(hook_bounce_ignored),
	KUNIT_CASE(hook_flash),
	KUNIT_CASE(hook_flash_bounds),
	KUNIT_CASE(hook_hangup),
	KUNIT_CASE(cadence_rejects),
	KUNIT_CASE(cadence_steps),
	KUNIT_CASE(cadence_late_timer),
	KUNIT_CASE(frame_assembly),
	{ }
};

static struct kunit_suite bti_core_suite = {
	.name = "bti_core",
	.test_cases = bti_core_cases,
};

kunit_test_suite(bti_core_suite);

BTI_KUNIT_IMPORT_NS;
MODULE_DESCRIPTION("KUnit tests for the bti port core");
MODULE_LICENSE("GPL");
