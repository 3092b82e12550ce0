// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit: a port of the loaded bti.ko, on a highway this test clocks.  It
 * links against the module (EXPORT_SYMBOL_IF_KUNIT) rather than building
 * the port core into itself, so it sees the port as the module runs it.
 *
 * The module is loaded first, with no other highway registered.
 */
#include <kunit/test.h>
#include <linux/device.h>
#include <linux/irq_work.h>

#include <bti/compat.h>
#include <bti/highway.h>
#include <bti/port.h>

#include "../../driver/core/bti_core.h"

struct port_test {
	struct device *dev;
	struct bti_highway hw;
	bool registered;
	struct bti_port *port;
	u8 rx[BTI_TICK_SAMPLES][BTI_HIGHWAY_MAX_SLOTS];
	u8 tx[BTI_TICK_SAMPLES][BTI_HIGHWAY_MAX_SLOTS];
	struct irq_work irq;
};

static atomic_t port_test_feeds = ATOMIC_INIT(0);

static int port_test_feed(struct bti_port *port, enum bti_linefeed lf)
{
	atomic_inc(&port_test_feeds);
	return 0;
}

static const struct bti_port_ops port_test_ops = {
	.set_linefeed = port_test_feed,
};

static int port_test_init(struct kunit *test)
{
	struct port_test *t = kunit_kzalloc(test, sizeof(*t), GFP_KERNEL);
	struct bti_port_info info = {
		.chip = "kunit",
		.ops = &port_test_ops,
	};

	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, t);
	test->priv = t;
	info.profile = bti_line_profile_choose(NULL);
	KUNIT_ASSERT_NOT_NULL(test, info.profile);
	/* no owner: the test's module has no sysfs entry while it loads */
	t->dev = __root_device_register("bti-port-kunit", NULL);
	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, t->dev);
	t->hw.name = "kunit";
	t->hw.slots = 1;
	KUNIT_ASSERT_EQ(test, bti_highway_register(&t->hw), 0);
	t->registered = true;
	t->port = bti_port_register(t->dev, &info);
	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, t->port);
	return 0;
}

static void port_test_exit(struct kunit *test)
{
	struct port_test *t = test->priv;

	if (!t)
		return;
	if (!IS_ERR_OR_NULL(t->port))
		bti_port_unregister(t->port);
	if (t->registered)
		bti_highway_unregister(&t->hw);
	if (!IS_ERR_OR_NULL(t->dev))
		root_device_unregister(t->dev);
}

/* @ms ticks of a tone-like pattern on the port's timeslot. */
static void ticks(struct port_test *t, unsigned int ms)
{
	unsigned int i;

	for (i = 0; i < BTI_TICK_SAMPLES; i++)
		t->rx[i][0] = 0x20 + i;
	while (ms--)
		bti_highway_tick(&t->hw, t->rx, t->tx);
}

static u64 frames_up(struct port_test *t)
{
	struct bti_port_state st;

	bti_port_state(t->port, &st);
	return st.stats.frames_up;
}

/*
 * The telephone's last frame, which may hold a PIN's tones, does not stay
 * in the port once its channel closes or its session ends.
 */
static void audio_forgotten(struct kunit *test)
{
	struct port_test *t = test->priv;
	struct bti_port *port = t->port;

	ticks(t, 25);
	KUNIT_ASSERT_EQ(test, frames_up(t), 1);
	KUNIT_ASSERT_NE(test, port->uplink.fill, 0);
	bti_port_set_channel(port, NULL);
	KUNIT_EXPECT_NULL(test, memchr_inv(&port->uplink, 0,
					   sizeof(port->uplink)));

	ticks(t, 25);
	KUNIT_ASSERT_NOT_NULL(test, memchr_inv(&port->uplink, 0,
					       sizeof(port->uplink)));
	bti_port_hold_digits(port, true);
	bti_port_hold_digits(port, false);
	KUNIT_EXPECT_NULL(test, memchr_inv(&port->uplink, 0,
					   sizeof(port->uplink)));
}

static void tick_from_irq(struct irq_work *work)
{
	struct port_test *t = container_of(work, struct port_test, irq);

	bti_highway_tick(&t->hw, t->rx, t->tx);
}

/*
 * A highway that ticks from hard interrupt context breaks the tick's
 * contract (highway.h): the tick plays silence and touches no port, rather
 * than take BH locks where they are not safe.  One from process context
 * does run.
 */
static void tick_context(struct kunit *test)
{
	struct port_test *t = test->priv;
	unsigned int i;

	init_irq_work(&t->irq, tick_from_irq);
	memset(t->tx, 0, sizeof(t->tx));
	for (i = 0; i < 40; i++) {
		irq_work_queue(&t->irq);
		irq_work_sync(&t->irq);
	}
	KUNIT_EXPECT_EQ(test, frames_up(t), 0);
	KUNIT_EXPECT_EQ(test, t->tx[0][0], 0xff);
	KUNIT_EXPECT_EQ(test, t->tx[BTI_TICK_SAMPLES - 1][0], 0xff);
	ticks(t, 40);
	KUNIT_EXPECT_EQ(test, frames_up(t), 2);
}

/*
 * A netlink request holds its port by reference.  The chip may unregister
 * the port meanwhile: the request's port is then no longer found, and
 * calls on it are refused without reaching the chip, which may be gone.
 */
static void held_port_outlives_unregister(struct kunit *test)
{
	struct port_test *t = test->priv;
	unsigned int index = t->port->index;
	struct bti_port *held;
	int feeds;

	held = bti_port_get(index);
	if (held != t->port) {
		bti_port_put(held);
		KUNIT_FAIL(test, "port %u not found by its index", index);
		return;
	}
	KUNIT_EXPECT_EQ(test, bti_port_set_idle_feed(held, BTI_LINEFEED_OPEN), 0);

	bti_port_unregister(t->port);
	t->port = NULL;
	KUNIT_EXPECT_NULL(test, bti_port_get(index));
	feeds = atomic_read(&port_test_feeds);
	KUNIT_EXPECT_EQ(test, bti_port_set_idle_feed(held, BTI_LINEFEED_OPEN),
			-ENODEV);
	KUNIT_EXPECT_EQ(test, bti_port_ring(held, true), -ENODEV);
	KUNIT_EXPECT_EQ(test, atomic_read(&port_test_feeds), feeds);
	KUNIT_EXPECT_STREQ(test, held->chip, "kunit");
	bti_port_put(held);
}

static struct kunit_case port_cases[] = {
	KUNIT_CASE(audio_forgotten),
	KUNIT_CASE(tick_context),
	KUNIT_CASE(held_port_outlives_unregister),
	{}
};

static struct kunit_suite port_suite = {
	.name = "bti_port",
	.init = port_test_init,
	.exit = port_test_exit,
	.test_cases = port_cases,
};

kunit_test_suite(port_suite);

MODULE_DESCRIPTION("KUnit tests of the bti port core, as bti.ko runs it");
MODULE_LICENSE("GPL");
BTI_KUNIT_IMPORT_NS;
