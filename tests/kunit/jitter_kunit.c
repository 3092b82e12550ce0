// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit: the voice channel's jitter buffer.  Frames play in index order
 * whatever their arrival order; a gap plays silence and counts lost; a
 * frame after its time counts late; an underrun buffers again without
 * counting loss; a jump far ahead skips what cannot come in time.
 */
#include <kunit/test.h>

#include <bti/compat.h>

#include "../../driver/core/jitter.h"

static struct bti_jitter *jitter(struct kunit *test)
{
	struct bti_jitter *j = kunit_kzalloc(test, sizeof(*j), GFP_KERNEL);

	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, j);
	return j;
}

/* Frame @index is 160 samples of the value @index + 1. */
static int put(struct bti_jitter *j, u64 index)
{
	u8 frame[BTI_FRAME_SAMPLES];

	memset(frame, index + 1, sizeof(frame));
	return bti_jitter_put(j, index, frame);
}

/* Play one frame's time: the value it played, 0xff for silence, -1 mixed. */
static int play(struct bti_jitter *j)
{
	u8 tick[BTI_TICK_SAMPLES];
	int v = -2, i, k;

	for (i = 0; i < BTI_FRAME_MS; i++) {
		bti_jitter_get(j, tick);
		for (k = 0; k < BTI_TICK_SAMPLES; k++) {
			if (v == -2)
				v = tick[k];
			else if (v != tick[k])
				v = -1;
		}
	}
	return v;
}

static void in_order(struct kunit *test)
{
	struct bti_jitter *j = jitter(test);
	int i;

	KUNIT_EXPECT_EQ(test, put(j, 100), 0);
	KUNIT_EXPECT_EQ(test, put(j, 101), 0);
	KUNIT_EXPECT_EQ(test, play(j), 0xff);	/* two frames: still buffering */
	KUNIT_EXPECT_EQ(test, put(j, 102), 0);
	for (i = 0; i < 3; i++) {
		KUNIT_EXPECT_EQ(test, play(j), 101 + i);
		KUNIT_EXPECT_EQ(test, put(j, 103 + i), 0);
	}
	KUNIT_EXPECT_EQ(test, j->lost, 0);
	KUNIT_EXPECT_EQ(test, j->late, 0);
}

static void reordered(struct kunit *test)
{
	struct bti_jitter *j = jitter(test);
	static const int order[] = { 0, 2, 1, 4, 3, 5 };
	int i;

	for (i = 0; i < ARRAY_SIZE(order); i++)
		KUNIT_EXPECT_EQ(test, put(j, order[i]), 0);
	for (i = 0; i < ARRAY_SIZE(order); i++)
		KUNIT_EXPECT_EQ(test, play(j), i + 1);
	KUNIT_EXPECT_EQ(test, j->lost, 0);
}

static void lost_and_late(struct kunit *test)
{
	struct bti_jitter *j = jitter(test);

	put(j, 0);
	put(j, 1);
	put(j, 2);
	put(j, 4);
	put(j, 5);
	KUNIT_EXPECT_EQ(test, play(j), 1);
	KUNIT_EXPECT_EQ(test, play(j), 2);
	KUNIT_EXPECT_EQ(test, play(j), 3);
	KUNIT_EXPECT_EQ(test, play(j), 0xff);	/* frame 3 never came */
	KUNIT_EXPECT_EQ(test, j->lost, 1);
	KUNIT_EXPECT_EQ(test, put(j, 3), -ETIME);
	KUNIT_EXPECT_EQ(test, put(j, 1), -ETIME);
	KUNIT_EXPECT_EQ(test, j->late, 2);
	KUNIT_EXPECT_EQ(test, play(j), 5);
	KUNIT_EXPECT_EQ(test, play(j), 6);
}

static void underrun(struct kunit *test)
{
	struct bti_jitter *j = jitter(test);

	put(j, 0);
	put(j, 1);
	put(j, 2);
	play(j);
	play(j);
	play(j);
	KUNIT_EXPECT_EQ(test, play(j), 0xff);
	KUNIT_EXPECT_EQ(test, play(j), 0xff);
	KUNIT_EXPECT_EQ(test, j->lost, 0);
	put(j, 3);
	put(j, 4);
	put(j, 5);
	KUNIT_EXPECT_EQ(test, play(j), 4);
	KUNIT_EXPECT_EQ(test, j->lost, 0);
}

/* After a gap the buffer restarts where three frames in a row are in. */
static void restart_after_gap(struct kunit *test)
{
	struct bti_jitter *j = jitter(test);

	put(j, 0);
	put(j, 1);
	put(j, 2);
	play(j);
	play(j);
	play(j);
	play(j);		/* underrun */
	put(j, 5);
	put(j, 6);
	put(j, 7);
	KUNIT_EXPECT_EQ(test, play(j), 6);
	KUNIT_EXPECT_EQ(test, j->lost, 2);	/* 3 and 4 */
}

static void far_ahead(struct kunit *test)
{
	struct bti_jitter *j = jitter(test);

	put(j, 0);
	put(j, 1);
	put(j, 2);
	KUNIT_EXPECT_EQ(test, play(j), 1);
	KUNIT_EXPECT_EQ(test, put(j, 100), 0);
	KUNIT_EXPECT_EQ(test, put(j, 98), 0);
	KUNIT_EXPECT_EQ(test, put(j, 99), 0);
	KUNIT_EXPECT_EQ(test, play(j), 99);
	KUNIT_EXPECT_EQ(test, play(j), 100);
	KUNIT_EXPECT_EQ(test, play(j), 101);
	KUNIT_EXPECT_EQ(test, j->lost, 97);	/* 1 to 97 */
	KUNIT_EXPECT_EQ(test, put(j, 50), -ETIME);
}

static struct kunit_case bti_jitter_cases[] = {
	KUNIT_CASE(in_order),
	KUNIT_CASE(reordered),
	KUNIT_CASE(lost_and_late),
	KUNIT_CASE(underrun),
	KUNIT_CASE(restart_after_gap),
	KUNIT_CASE(far_ahead),
	{ }
};

static struct kunit_suite bti_jitter_suite = {
	.name = "bti_jitter",
	.test_cases = bti_jitter_cases,
};
kunit_test_suite(bti_jitter_suite);

BTI_KUNIT_IMPORT_NS;
MODULE_DESCRIPTION("KUnit tests for bti's jitter buffer");
MODULE_LICENSE("GPL");
