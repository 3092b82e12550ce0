// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit: the Si3210 driver's identification, bring-up and service against
 * the simulator's ProSLIC model, which is written from the datasheet.
 * Register accesses go through the model's SPI framing as the driver's
 * bus frames them; time is real, so the model's battery, calibration and
 * line feed take the time they take on a board.
 */
#include <kunit/test.h>
#include <linux/device.h>

#include "../../driver/core/profile.c"
#include "../../driver/si3210/bringup.c"
#include "../../driver/si3210/ident.c"
#include "../../driver/si3210/indirect.c"
#include "../../driver/si3210/profile.c"
#include "../../driver/si3210/ring.c"
#include "../../driver/si3210/service.c"
#include "../../driver/sim/proslic.c"
#include "../../driver/sim/proslic_line.c"

struct si3210_test {
	struct si3210 chip;
	struct proslic model;
	struct device dev;	/* named, for messages; never added */
};

static void si3210_test_release(struct device *dev)
{
}

static u64 now(void)
{
	return ktime_get_ns();
}

/* The driver's bus: a control frame, then a data frame. */
static int model_access(struct si3210_test *t, u8 ctrl, u8 data, u8 *out)
{
	proslic_spi_bytes(&t->model, now(), &ctrl, NULL, 1, false);
	proslic_spi_bytes(&t->model, now(), &data, out, 1, false);
	return 0;
}

static int model_read(void *ctx, unsigned int reg, unsigned int *val)
{
	u8 out;

	model_access(ctx, reg | SI3210_SPI_READ, 0, &out);
	*val = out;
	return 0;
}

static int model_write(void *ctx, unsigned int reg, unsigned int val)
{
	u8 out;

	return model_access(ctx, reg, val, &out);
}

static const struct regmap_config model_regmap = {
	.reg_bits = 8,
	.val_bits = 8,
	.max_register = SI3210_MAX_REG,
	.reg_read = model_read,
	.reg_write = model_write,
};

/* The simulated board's converter: DCN 202, DCTOF 12 */
#define BOARD_PERIOD_NS	12329
#define BOARD_OFF_NS	977

static const struct si3210_ring ring_20hz_70v = { .hz = 20, .peak_mv = 70000 };

static struct si3210_test *test_chip(struct kunit *test, enum proslic_part part,
				     unsigned int rev)
{
	struct si3210_test *t = test->priv;

	proslic_init(&t->model, part, rev);
	t->model.now = now();
	t->model.vbat_at = t->model.now;
	return t;
}

static int si3210_test_init(struct kunit *test)
{
	struct si3210_test *t = kunit_kzalloc(test, sizeof(*t), GFP_KERNEL);

	if (!t)
		return -ENOMEM;
	device_initialize(&t->dev);
	t->dev.release = si3210_test_release;
	dev_set_name(&t->dev, "si3210-test");
	t->chip.dev = &t->dev;
	t->chip.map = regmap_init(NULL, NULL, t, &model_regmap);
	if (IS_ERR(t->chip.map)) {
		put_device(&t->dev);
		return PTR_ERR(t->chip.map);
	}
	test->priv = t;
	test_chip(test, PROSLIC_SI3210, 5);
	return 0;
}

static void si3210_test_exit(struct kunit *test)
{
	struct si3210_test *t = test->priv;

	if (!t)
		return;
	regmap_exit(t->chip.map);
	put_device(&t->dev);
}

/* Identified, with the converter and ringing of the simulated board. */
static struct si3210_test *ready_chip(struct kunit *test,
				      enum proslic_part part)
{
	struct si3210_test *t = test_chip(test, part, part ? 3 : 5);

	t->chip.reset_pin = true;
	KUNIT_ASSERT_EQ(test, si3210_identify(&t->chip, -1), 0);
	KUNIT_ASSERT_EQ(test, si3210_set_converter(&t->chip, BOARD_PERIOD_NS,
						   BOARD_OFF_NS), 0);
	t->chip.timeslot = 3;
	t->chip.use_decoder = part == PROSLIC_SI3210;
	si3210_iregs_init(&t->chip);
	KUNIT_ASSERT_EQ(test, si3210_ring_set(&t->chip, &ring_20hz_70v), 0);
	return t;
}

/* Brought up, in forward active feed, the feed settled. */
static struct si3210_test *line_up(struct kunit *test, enum proslic_part part)
{
	struct si3210_test *t = ready_chip(test, part);

	KUNIT_ASSERT_EQ(test, si3210_bringup(&t->chip, true), 0);
	KUNIT_ASSERT_EQ(test, si3210_set_feed(&t->chip,
					      BTI_LINEFEED_FORWARD_ACTIVE), 0);
	proslic_advance(&t->model, t->model.now + 10 * MS);
	KUNIT_ASSERT_EQ(test, proslic_feed(&t->model), 1u);
	return t;
}

static void identify_parts(struct kunit *test)
{
	struct si3210_test *t = test_chip(test, PROSLIC_SI3210, 5);

	KUNIT_EXPECT_EQ(test, si3210_identify(&t->chip, -1), 0);
	KUNIT_EXPECT_EQ(test, t->chip.part, SI3210_PART_SI3210);
	KUNIT_EXPECT_EQ(test, t->chip.rev, 5u);
	KUNIT_EXPECT_STREQ(test, si3210_part_name(&t->chip), "si3210");

	t = test_chip(test, PROSLIC_SI3215, 3);
	KUNIT_EXPECT_EQ(test, si3210_identify(&t->chip, SI3210_PART_SI3215), 0);
	KUNIT_EXPECT_EQ(test, t->chip.part, SI3210_PART_SI3215);
	KUNIT_EXPECT_EQ(test, t->chip.rev, 3u);
}

static void identify_refuses(struct kunit *test)
{
	struct si3210_test *t = test_chip(test, PROSLIC_SI3215, 3);

	/* the device tree names the other part */
	KUNIT_EXPECT_EQ(test, si3210_identify(&t->chip, SI3210_PART_SI3210),
			-EINVAL);
	/* revision B */
	t = test_chip(test, PROSLIC_SI3210, 2);
	KUNIT_EXPECT_EQ(test, si3210_identify(&t->chip, -1), -EINVAL);
	/* an Si3211: PNI 01 */
	t = test_chip(test, PROSLIC_SI3210, 5);
	t->model.reg[PR_ID] |= 0x10;
	KUNIT_EXPECT_EQ(test, si3210_identify(&t->chip, -1), -ENODEV);
	/* an Si3216: the Si3215 family with PNI 100 */
	t = test_chip(test, PROSLIC_SI3215, 3);
	t->model.reg[PR_PNI] = 0x80;
	KUNIT_EXPECT_EQ(test, si3210_identify(&t->chip, -1), -ENODEV);
	/* no chip: the bus floats high, or the chip is held in reset */
	t = test_chip(test, PROSLIC_SI3210, 5);
	proslic_set_reset_pin(&t->model, true, now());
	KUNIT_EXPECT_EQ(test, si3210_identify(&t->chip, -1), -ENODEV);
	t->model.in_reset = false;
	t->model.reg[PR_ID] = 0;
	KUNIT_EXPECT_EQ(test, si3210_identify(&t->chip, -1), -ENODEV);
}

/* Registers that must hold their reset values prove the bus. */
static void identify_sanity(struct kunit *test)
{
	struct si3210_test *t = test_chip(test, PROSLIC_SI3210, 5);

	t->model.reg[PR_HYBRID] = 0x13;
	KUNIT_EXPECT_EQ(test, si3210_identify(&t->chip, -1), -EIO);
	/* loopback and line feed are checked only just after a reset */
	t = test_chip(test, PROSLIC_SI3210, 5);
	t->model.reg[PR_LOOPBACK] = 0;
	KUNIT_EXPECT_EQ(test, si3210_identify(&t->chip, -1), 0);
	t->chip.reset_pin = true;
	KUNIT_EXPECT_EQ(test, si3210_identify(&t->chip, -1), -EIO);
}

static void converter_settings(struct kunit *test)
{
	struct si3210 *chip = &((struct si3210_test *)test->priv)->chip;

	KUNIT_EXPECT_EQ(test, si3210_set_converter(chip, 12329, 977), 0);
	KUNIT_EXPECT_EQ(test, chip->dcn, 202);
	KUNIT_EXPECT_EQ(test, chip->dctof, 12);
	/* the bipolar range's ends: 0xc0 and 0xff cycles */
	KUNIT_EXPECT_EQ(test, si3210_set_converter(chip, 11719, 977), 0);
	KUNIT_EXPECT_EQ(test, chip->dcn, 0xc0);
	KUNIT_EXPECT_EQ(test, si3210_set_converter(chip, 15564, 977), 0);
	KUNIT_EXPECT_EQ(test, chip->dcn, 0xff);
	/* the M parts' MOSFET range, and 0x80 to 0xbf, no period at all */
	KUNIT_EXPECT_EQ(test, si3210_set_converter(chip, 3906, 977), -EINVAL);
	KUNIT_EXPECT_EQ(test, si3210_set_converter(chip, 9000, 977), -EINVAL);
	KUNIT_EXPECT_EQ(test, si3210_set_converter(chip, 20000, 977), -EINVAL);
	KUNIT_EXPECT_EQ(test, si3210_set_converter(chip, 12329, 100), -EINVAL);
	KUNIT_EXPECT_EQ(test, si3210_set_converter(chip, 12329, 3000), -EINVAL);
}

/* The DS's worked example (p.36): 70 V peak at 20 Hz */
static void ring_in_units(struct kunit *test)
{
	struct si3210_ring_coefs c;
	struct si3210_ring r = ring_20hz_70v;

	KUNIT_ASSERT_EQ(test, si3210_ring_coefs(&r, &c), 0);
	KUNIT_EXPECT_EQ(test, c.coef, 0x7efd);
	KUNIT_EXPECT_EQ(test, c.x, 0x0177);
	KUNIT_EXPECT_EQ(test, c.y, 0);
	KUNIT_EXPECT_EQ(test, c.offset, 0);
	/* 25 Hz: DAHDI's TBR21 coefficient */
	r.hz = 25;
	KUNIT_ASSERT_EQ(test, si3210_ring_coefs(&r, &c), 0);
	KUNIT_EXPECT_EQ(test, c.coef, 0x7e6c);
	/* an offset in 1.5 V steps at bits 14:9 */
	r.offset_mv = 15000;
	KUNIT_ASSERT_EQ(test, si3210_ring_coefs(&r, &c), 0);
	KUNIT_EXPECT_EQ(test, c.offset, 10 << 9);
	r.offset_mv = 20000;	/* 70 + 20 V is past 87 V */
	KUNIT_EXPECT_EQ(test, si3210_ring_coefs(&r, &c), -ERANGE);
	r.offset_mv = 0;
	r.hz = 10;
	KUNIT_EXPECT_EQ(test, si3210_ring_coefs(&r, &c), -ERANGE);
	r.hz = 100;	/* past the DS's ring trip table */
	KUNIT_EXPECT_EQ(test, si3210_ring_coefs(&r, &c), -ERANGE);
	r.hz = 20;
	r.peak_mv = 48000;	/* not above the on-hook voltage */
	KUNIT_EXPECT_EQ(test, si3210_ring_coefs(&r, &c), -ERANGE);
	r.peak_mv = U32_MAX;
	r.offset_mv = 1;
	KUNIT_EXPECT_EQ(test, si3210_ring_coefs(&r, &c), -ERANGE);
}

/* VBATH covers the peak and 7.5 V; ring trip follows the DS's table. */
static void ring_battery_and_trip(struct kunit *test)
{
	struct si3210_test *t = ready_chip(test, PROSLIC_SI3210);
	struct si3210_ring r = { .hz = 25, .peak_mv = 80000 };

	KUNIT_EXPECT_EQ(test, t->chip.vbath, 52);	/* 78 V >= 77.5 V */
	KUNIT_EXPECT_EQ(test, t->chip.rtdi, 0x0b);
	KUNIT_EXPECT_EQ(test, t->chip.ival[SI3210_IR_NRTP], 0x0320);
	KUNIT_ASSERT_EQ(test, si3210_ring_set(&t->chip, &r), 0);
	KUNIT_EXPECT_EQ(test, t->chip.vbath, 59);	/* 88.5 V >= 87.5 V */
	KUNIT_EXPECT_EQ(test, t->chip.rtdi, 0x0b);	/* the 20 Hz row */
	r.hz = 16;	/* below 16.667 Hz: the first row */
	KUNIT_ASSERT_EQ(test, si3210_ring_set(&t->chip, &r), 0);
	KUNIT_EXPECT_EQ(test, t->chip.rtdi, 0x0f);
	KUNIT_EXPECT_EQ(test, t->chip.ival[SI3210_IR_NRTP], 0x0200);
	r.hz = 60;
	KUNIT_ASSERT_EQ(test, si3210_ring_set(&t->chip, &r), 0);
	KUNIT_EXPECT_EQ(test, t->chip.rtdi, 0x05);
	KUNIT_EXPECT_EQ(test, t->chip.ival[SI3210_IR_NRTP], 0x0800);
}

/* Where in the trace register @reg was first written with @val after @from */
static int next_write(struct proslic *m, int from, u8 reg, u8 mask, u8 val)
{
	u64 i;

	for (i = from + 1; i < min_t(u64, m->trace_count, PROSLIC_TRACE_LEN); i++)
		if (!(m->trace[i].flags & PROSLIC_ACC_READ) &&
		    m->trace[i].addr == reg && (m->trace[i].val & mask) == val)
			return i;
	return -1;
}

static void expect_powered(struct kunit *test, struct si3210_test *t)
{
	struct proslic *m = &t->model;

	proslic_advance(m, now());
	KUNIT_EXPECT_TRUE(test, proslic_powered(m));
	KUNIT_EXPECT_FALSE(test, proslic_loopback(m));
	KUNIT_EXPECT_EQ(test, proslic_pcm_slot(m, true), 3);
	KUNIT_EXPECT_EQ(test, proslic_pcm_slot(m, false), 3);
	KUNIT_EXPECT_FALSE(test, m->reg[PR_CAL1] & BIT(6));
	KUNIT_EXPECT_FALSE(test, m->reg[PR_DCTOF] & BIT(7));
	KUNIT_EXPECT_EQ(test, proslic_ipeek(m, PIR_RCO), 0x7efd);
	KUNIT_EXPECT_EQ(test, proslic_ipeek(m, PIR_RNGX), 0x0177);
	KUNIT_EXPECT_EQ(test, m->reserved_writes, 0u);
	KUNIT_EXPECT_EQ(test, m->garbled_bytes, 0u);
}

static void bringup_si3210(struct kunit *test)
{
	struct si3210_test *t = ready_chip(test, PROSLIC_SI3210);

	KUNIT_ASSERT_EQ(test, si3210_bringup(&t->chip, true), 0);
	expect_powered(test, t);
	/* the decoder's thresholds are there for it */
	KUNIT_EXPECT_TRUE(test, proslic_dtmf_armed(&t->model));
}

/* The Si3215's own numbers: its IR 19 to 21 are power alarm thresholds. */
static void bringup_si3215(struct kunit *test)
{
	struct si3210_test *t = ready_chip(test, PROSLIC_SI3215);
	struct proslic *m = &t->model;

	KUNIT_ASSERT_EQ(test, si3210_bringup(&t->chip, true), 0);
	expect_powered(test, t);
	KUNIT_EXPECT_EQ(test, m->ireg[19], 0x07c0);
	KUNIT_EXPECT_EQ(test, m->ireg[20], 0x2600);
	KUNIT_EXPECT_EQ(test, m->ireg[21], 0x1b80);
	KUNIT_EXPECT_EQ(test, m->ireg[7], 0x7efd);
	KUNIT_EXPECT_EQ(test, m->ireg[8], 0x0177);
}



/* AN35's order, as the API codes it: each step where it belongs. */
static void bringup_order(struct kunit *test)
{
	static const struct {
		u8 reg, mask, val;
	} steps[] = {
		{ PR_PD1, 0xff, 0x10 },		/* powered down */
		{ PR_LOOPBACK, 0xff, 0 },	/* the loopback off */
		{ PR_DCN, 0xff, 0xff },		/* the converter slow */
		{ PR_PD1, 0xff, 0 },		/* and on */
		{ PR_DCN, 0xff, 202 },		/* the board's */
		{ PR_DCTOF, 0xff, 0x80 | 12 },	/* and its calibration */
		{ PR_IRQEN2, 0xff, 0 },		/* interrupts off */
		{ PR_CAL1, 0xff, 0x47 },	/* the line's calibrations */
		{ PR_CAL2, 0xff, 0x01 },
		{ PR_CAL1, 0xff, 0x40 },
		{ PR_IRQEN2, 0xff, 0xff },	/* interrupts on */
		{ PR_PCM, 0xff, 0x28 },		/* PCM last */
	};
	struct si3210_test *t = ready_chip(test, PROSLIC_SI3210);
	struct proslic *m = &t->model;
	unsigned int i;
	int at = -1;

	m->trace_count = 0;
	KUNIT_ASSERT_EQ(test, si3210_bringup(&t->chip, true), 0);
	KUNIT_ASSERT_LT(test, m->trace_count, (u64)PROSLIC_TRACE_LEN);
	for (i = 0; i < ARRAY_SIZE(steps); i++) {
		at = next_write(m, at, steps[i].reg, steps[i].mask, steps[i].val);
		KUNIT_ASSERT_GE_MSG(test, at, 0, "step %u: %u = 0x%02x", i,
				    steps[i].reg, steps[i].val);
	}
	KUNIT_EXPECT_EQ(test, next_write(m, at, PR_PCM, 0, 0), -1);
}

static void bringup_battery_never_ramps(struct kunit *test)
{
	struct si3210_test *t = ready_chip(test, PROSLIC_SI3210);

	t->model.battery_stuck = true;
	KUNIT_EXPECT_EQ(test, si3210_bringup(&t->chip, true), -ETIMEDOUT);
	/* left powered down */
	KUNIT_EXPECT_TRUE(test, t->model.reg[PR_PD1] & BIT(4));
	KUNIT_EXPECT_EQ(test, proslic_pcm_slot(&t->model, true), -1);
}

/* Settings the board's converter cannot take never power it. */
static void bringup_converter_out_of_range(struct kunit *test)
{
	struct si3210_test *t = ready_chip(test, PROSLIC_SI3210);

	/* an off time the chip takes, too short for the board's inductor */
	KUNIT_ASSERT_EQ(test, si3210_set_converter(&t->chip, 12329, 488), 0);
	KUNIT_EXPECT_EQ(test, si3210_bringup(&t->chip, true), -ETIMEDOUT);
	proslic_advance(&t->model, now() + 100 * MS);
	KUNIT_EXPECT_FALSE(test, proslic_powered(&t->model));
	KUNIT_EXPECT_TRUE(test, t->model.reg[PR_PD1] & BIT(4));
}

/* Calibration that never ends is tried twice, then the line stays down. */
static void bringup_calibration_never_ends(struct kunit *test)
{
	struct si3210_test *t = ready_chip(test, PROSLIC_SI3210);
	struct proslic *m = &t->model;
	int first, second;

	m->cal_stuck = true;
	m->trace_count = 0;
	KUNIT_EXPECT_EQ(test, si3210_bringup(&t->chip, true), -ETIMEDOUT);
	/* the DC-DC calibration, the first to run, started twice */
	first = next_write(m, -1, PR_DCTOF, BIT(7), BIT(7));
	second = next_write(m, first, PR_DCTOF, BIT(7), BIT(7));
	KUNIT_EXPECT_GE(test, first, 0);
	KUNIT_EXPECT_GT(test, second, first);
	KUNIT_EXPECT_EQ(test, next_write(m, second, PR_DCTOF, BIT(7), BIT(7)), -1);
	KUNIT_EXPECT_EQ(test, next_write(m, -1, PR_CAL1, BIT(6), BIT(6)), -1);
	KUNIT_EXPECT_TRUE(test, m->reg[PR_PD1] & BIT(4));
}

/* The model: a control byte and a data byte, in one frame or two. */
static void model_framing(struct kunit *test)
{
	struct proslic *m = &((struct si3210_test *)test->priv)->model;
	u8 wr[] = { PR_VBATH, 0x10 }, rd[] = { PR_VBATH | BIT(7), 0 };
	u8 out[2];

	proslic_spi_bytes(m, now(), wr, NULL, 2, false);
	KUNIT_EXPECT_EQ(test, m->reg[PR_VBATH], 0x10);
	proslic_spi_bytes(m, now(), rd, out, 2, false);
	KUNIT_EXPECT_EQ(test, out[0], 0xff);	/* SDO idle for the control */
	KUNIT_EXPECT_EQ(test, out[1], 0x10);
	/* bytes clocked in the wrong mode are dropped, and resynchronise */
	proslic_spi_bytes(m, now(), wr, NULL, 1, false);
	proslic_spi_bytes(m, now(), &wr[1], NULL, 1, true);
	KUNIT_EXPECT_EQ(test, m->garbled_bytes, 1u);
	wr[1] = 0x20;
	proslic_spi_bytes(m, now(), wr, NULL, 2, false);
	KUNIT_EXPECT_EQ(test, m->reg[PR_VBATH], 0x20);
	/* a register the DS says not to write is not written */
	wr[0] = 7;
	proslic_spi_bytes(m, now(), wr, NULL, 2, false);
	KUNIT_EXPECT_EQ(test, m->reserved_writes, 1u);
	KUNIT_EXPECT_EQ(test, m->reg[7], 0);
}

static void spi_write(struct proslic *m, u64 t, u8 reg, u8 val)
{
	u8 b[] = { reg, val };

	proslic_spi_bytes(m, t, b, NULL, 2, false);
}

static u8 spi_read(struct proslic *m, u64 t, u8 reg)
{
	u8 b[] = { reg | BIT(7), 0 }, out[2];

	proslic_spi_bytes(m, t, b, out, 2, false);
	return out[1];
}

/* The indirect access is served at the next 16 kHz update. */
static void model_indirect_busy(struct kunit *test)
{
	struct proslic *m = &((struct si3210_test *)test->priv)->model;
	u64 t0 = m->now;

	spi_write(m, t0, PR_IDA_LO, 0x34);
	spi_write(m, t0, PR_IDA_HI, 0x12);
	spi_write(m, t0, PR_IAA, PIR_RCO);
	KUNIT_EXPECT_EQ(test, spi_read(m, t0, PR_IAS), 1);
	KUNIT_EXPECT_NE(test, m->ireg[PIR_RCO], 0x1234);
	KUNIT_EXPECT_EQ(test, spi_read(m, t0 + 62500, PR_IAS), 0);
	KUNIT_EXPECT_EQ(test, m->ireg[PIR_RCO], 0x1234);
	/* the address alone reads */
	spi_write(m, t0 + 62500, PR_IAA, PIR_RNGX);
	KUNIT_EXPECT_EQ(test, spi_read(m, t0 + 125000, PR_IAS), 0);
	KUNIT_EXPECT_EQ(test, spi_read(m, t0 + 125000, PR_IDA_LO),
			m->ireg[PIR_RNGX] & 0xff);
}

/* The line feed follows its register only after a while, and only powered. */
static void model_feed(struct kunit *test)
{
	struct si3210_test *t = ready_chip(test, PROSLIC_SI3210);
	struct proslic *m = &t->model;
	u64 t0;

	KUNIT_ASSERT_EQ(test, si3210_set_feed(&t->chip, BTI_LINEFEED_FORWARD_ACTIVE),
			0);
	proslic_advance(m, now() + 100 * MS);
	KUNIT_EXPECT_EQ(test, proslic_feed(m), 0u);	/* no battery */
	t = ready_chip(test, PROSLIC_SI3210);
	m = &t->model;
	KUNIT_ASSERT_EQ(test, si3210_bringup(&t->chip, true), 0);
	KUNIT_ASSERT_EQ(test, si3210_set_feed(&t->chip, BTI_LINEFEED_FORWARD_ACTIVE),
			0);
	t0 = m->now;
	proslic_advance(m, t0 + MS);
	KUNIT_EXPECT_EQ(test, proslic_feed(m), 0u);
	proslic_advance(m, t0 + 10 * MS);
	KUNIT_EXPECT_EQ(test, proslic_feed(m), 1u);
}

/* Off hook: loop closure after its debounce; a key: the decoder's digit. */
static void service_hook_and_digit(struct kunit *test)
{
	struct si3210_test *t = line_up(test, PROSLIC_SI3210);
	struct proslic *m = &t->model;
	struct si3210_events ev;
	u64 t0 = m->now;

	proslic_hook(m, true, t0);
	proslic_advance(m, t0 + 20 * MS);	/* past LCDI's 12.5 ms */
	KUNIT_ASSERT_EQ(test, si3210_service(&t->chip, &ev), 0);
	KUNIT_EXPECT_TRUE(test, ev.hook_seen);
	KUNIT_EXPECT_TRUE(test, ev.offhook);
	KUNIT_EXPECT_EQ(test, ev.digit, 0);

	proslic_dtmf_key(m, '#', t0 + 30 * MS);
	proslic_advance(m, t0 + 70 * MS);
	KUNIT_ASSERT_EQ(test, si3210_service(&t->chip, &ev), 0);
	KUNIT_EXPECT_FALSE(test, ev.hook_seen);
	KUNIT_EXPECT_EQ(test, ev.digit, '#');
	proslic_dtmf_key(m, 0, t0 + 110 * MS);
	KUNIT_ASSERT_EQ(test, si3210_service(&t->chip, &ev), 0);
	KUNIT_EXPECT_EQ(test, ev.digit, 0);
}

/* The Si3215 has no decoder: a key gives no digit. */
static void service_si3215_no_decoder(struct kunit *test)
{
	struct si3210_test *t = line_up(test, PROSLIC_SI3215);
	struct proslic *m = &t->model;
	struct si3210_events ev;
	u64 t0 = m->now, i;

	proslic_hook(m, true, t0);
	proslic_dtmf_key(m, '5', t0 + 30 * MS);
	proslic_advance(m, t0 + 80 * MS);
	KUNIT_ASSERT_EQ(test, si3210_service(&t->chip, &ev), 0);
	KUNIT_EXPECT_EQ(test, ev.digit, 0);
	/* nor did the driver ask for one: register 24 never read */
	KUNIT_EXPECT_LT(test, m->trace_count, (u64)PROSLIC_TRACE_LEN);
	KUNIT_EXPECT_EQ(test, next_write(m, -1, PR_IRQEN3, BIT(0), BIT(0)), -1);
	for (i = 0; i < m->trace_count; i++)
		KUNIT_EXPECT_NE(test, m->trace[i].addr, PR_DTMF);
}

/* A ring burst with the handset lifted trips the ring: active at once. */
static void service_ring_trip(struct kunit *test)
{
	struct si3210_test *t = ready_chip(test, PROSLIC_SI3210);
	struct proslic *m = &t->model;
	struct si3210_events ev;
	u64 t0;

	KUNIT_ASSERT_EQ(test, si3210_bringup(&t->chip, true), 0);
	KUNIT_ASSERT_EQ(test, si3210_set_feed(&t->chip, BTI_LINEFEED_RINGING), 0);
	t0 = m->now + 10 * MS;
	proslic_advance(m, t0);
	KUNIT_EXPECT_EQ(test, proslic_feed(m), 4u);
	/* about 70 V peak reaches the telephone */
	KUNIT_EXPECT_GT(test, proslic_ring_peak_mv(m), 69000u);
	KUNIT_EXPECT_LT(test, proslic_ring_peak_mv(m), 71000u);
	proslic_hook(m, true, t0);
	proslic_advance(m, t0 + 20 * MS);	/* past RTDI's 13.75 ms */
	KUNIT_ASSERT_EQ(test, si3210_service(&t->chip, &ev), 0);
	KUNIT_EXPECT_TRUE(test, ev.hook_seen);
	KUNIT_EXPECT_TRUE(test, ev.offhook);
	KUNIT_EXPECT_EQ(test, proslic_feed(m), 1u);
	KUNIT_EXPECT_EQ(test, proslic_ring_peak_mv(m), 0u);
}

/*
 * Each country's line on each part, as the model sees it ringing: the
 * frequency (RCO between 2^15 cos(2 pi f / 1000 Hz) at f + 0.5 and
 * f - 0.5 Hz, worked out apart from the driver), the peak (rms times
 * sqrt(2), within 1%).  The impedance is the
 * Si3215 datasheet's TISS code for it (100 for the UK, which neither part
 * has), and the gains 2^14 10^(dB / 20) to 1/16 of a step, for the
 * profile's levels.  The Si3210 has no Japanese impedance.
 */
static void line_profiles(struct kunit *test)
{
	static const struct {
		const char *name;
		u32 rms_mv;
		u16 rco_min, rco_max;
		u8 tiss;
		u16 dacg, adcg;
	} want[] = {
		{ "us", 45000, 32496, 32523, 0, 0x2860, 0x5090 },
		{ "gb", 45000, 32348, 32381, 4, 0x16b0, 0x6570 },
		{ "de", 45000, 32348, 32381, 6, 0x1440, 0x6570 },
		{ "fr", 50000, 31132, 31196, 4, 0x1440, 0x6570 },
		{ "jp", 60000, 32592, 32613, 2, 0x2d50, 0x5a60 },
		{ "au", 55000, 32348, 32381, 5, 0x16b0, 0x5a60 },
	};
	enum proslic_part part;
	unsigned int i;

	KUNIT_EXPECT_EQ(test, ARRAY_SIZE(want), ARRAY_SIZE(bti_line_profiles));
	KUNIT_EXPECT_NULL(test, bti_profile_find("xx"));
	for (i = 0; i < ARRAY_SIZE(want); i++) {
		const struct bti_line_profile *p = bti_profile_find(want[i].name);
		u32 peak = DIV_ROUND_CLOSEST(want[i].rms_mv * 1414, 1000);

		KUNIT_ASSERT_NOT_NULL(test, p);
		for (part = PROSLIC_SI3210; part <= PROSLIC_SI3215; part++) {
			struct si3210_test *t = ready_chip(test, part);
			struct proslic *m = &t->model;
			int err = si3210_profile_set(&t->chip, p);

			if (part == PROSLIC_SI3210 && p->impedance == BTI_Z_600R_1UF) {
				KUNIT_EXPECT_EQ(test, err, -EOPNOTSUPP);
				continue;
			}
			KUNIT_ASSERT_EQ_MSG(test, err, 0, "%s", p->name);
			KUNIT_ASSERT_EQ(test, si3210_bringup(&t->chip, true), 0);
			KUNIT_EXPECT_EQ_MSG(test, m->reg[PR_IMPEDANCE], 0x08 | want[i].tiss,
					    "%s", p->name);
			KUNIT_EXPECT_EQ(test, proslic_ipeek(m, 26), want[i].dacg);
			KUNIT_EXPECT_EQ(test, proslic_ipeek(m, 27), want[i].adcg);
			KUNIT_ASSERT_EQ(test, si3210_set_feed(&t->chip,
							      BTI_LINEFEED_RINGING), 0);
			proslic_advance(m, m->now + 10 * MS);
			KUNIT_EXPECT_GE_MSG(test, proslic_ring_peak_mv(m), peak * 99 / 100,
					    "%s", p->name);
			KUNIT_EXPECT_LE_MSG(test, proslic_ring_peak_mv(m), peak * 101 / 100,
					    "%s", p->name);
			KUNIT_EXPECT_TRUE_MSG(test,
					      proslic_ring_hz_between(m, want[i].rco_max,
								      want[i].rco_min),
					      "%s", p->name);
		}
	}
}

/* A power alarm: the chip opens the line, the service says which. */
static void service_power_alarm(struct kunit *test)
{
	struct si3210_test *t = line_up(test, PROSLIC_SI3210);
	struct proslic *m = &t->model;
	struct si3210_events ev;

	proslic_power_alarm(m, 5, m->now);
	KUNIT_EXPECT_EQ(test, proslic_feed(m), 0u);
	KUNIT_ASSERT_EQ(test, si3210_service(&t->chip, &ev), 0);
	KUNIT_EXPECT_EQ(test, ev.alarm, BIT(6));	/* Q5AP */
	/* written again, the line feed comes back */
	KUNIT_ASSERT_EQ(test, si3210_set_feed(&t->chip, BTI_LINEFEED_FORWARD_ACTIVE),
			0);
	proslic_advance(m, m->now + 10 * MS);
	KUNIT_EXPECT_EQ(test, proslic_feed(m), 1u);
}

/* A chip that reset itself is noticed, and restored without calibrating. */
static void reset_noticed_and_restored(struct kunit *test)
{
	struct si3210_test *t = ready_chip(test, PROSLIC_SI3210);
	struct proslic *m = &t->model;
	u8 cal[10];

	KUNIT_ASSERT_EQ(test, si3210_bringup(&t->chip, true), 0);
	KUNIT_EXPECT_EQ(test, si3210_was_reset(&t->chip), 0);
	memcpy(cal, &m->reg[98], sizeof(cal));
	KUNIT_EXPECT_EQ(test, cal[107 - 98], DCCAL_RESULT);
	/* results, not the reset values a restore could not be told from */
	KUNIT_EXPECT_NE(test, cal[100 - 98], 0x11);
	proslic_reset(m, now());
	KUNIT_EXPECT_FALSE(test, proslic_powered(m));
	KUNIT_EXPECT_EQ(test, si3210_was_reset(&t->chip), 1);
	m->trace_count = 0;
	KUNIT_ASSERT_EQ(test, si3210_bringup(&t->chip, false), 0);
	KUNIT_EXPECT_EQ(test, next_write(m, -1, PR_CAL1, BIT(6), BIT(6)), -1);
	KUNIT_EXPECT_EQ(test, memcmp(cal, &m->reg[98], sizeof(cal)), 0);
	KUNIT_EXPECT_EQ(test, si3210_was_reset(&t->chip), 0);
	expect_powered(test, t);
}

static struct kunit_case si3210_cases[] = {
	KUNIT_CASE(identify_parts),
	KUNIT_CASE(identify_refuses),
	KUNIT_CASE(identify_sanity),
	KUNIT_CASE(converter_settings),
	KUNIT_CASE(ring_in_units),
	KUNIT_CASE(ring_battery_and_trip),
	KUNIT_CASE(line_profiles),
	KUNIT_CASE(model_framing),
	KUNIT_CASE(model_indirect_busy),
	KUNIT_CASE(bringup_si3210),
	KUNIT_CASE(bringup_si3215),
	KUNIT_CASE(bringup_order),
	KUNIT_CASE(bringup_battery_never_ramps),
	KUNIT_CASE(bringup_converter_out_of_range),
	KUNIT_CASE(bringup_calibration_never_ends),
	KUNIT_CASE(model_feed),
	KUNIT_CASE(service_hook_and_digit),
	KUNIT_CASE(service_si3215_no_decoder),
	KUNIT_CASE(service_ring_trip),
	KUNIT_CASE(service_power_alarm),
	KUNIT_CASE(reset_noticed_and_restored),
	{ }
};

static struct kunit_suite si3210_suite = {
	.name = "bti_si3210",
	.init = si3210_test_init,
	.exit = si3210_test_exit,
	.test_cases = si3210_cases,
};
kunit_test_suite(si3210_suite);

MODULE_DESCRIPTION("KUnit tests for the bti Si3210 driver against the ProSLIC model");
MODULE_LICENSE("GPL");
