// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit: the bti family's request policies refuse every malformed
 * attribute, and say why in the extended ACK.
 */
#include <kunit/test.h>
#include <linux/skbuff.h>

#include "../../driver/core/netlink_policy.c"

struct nl_case {
	struct sk_buff *skb;
	struct netlink_ext_ack extack;
};

static struct nl_case *nl_case_new(struct kunit *test)
{
	struct nl_case *c = kunit_kzalloc(test, sizeof(*c), GFP_KERNEL);

	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, c);
	c->skb = alloc_skb(256, GFP_KERNEL);
	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, c->skb);
	return c;
}

/* Parse as the family does for PORT_SET: strictly. */
static int parse_set(struct nl_case *c)
{
	struct nlattr *tb[ARRAY_SIZE(bti_port_set_nl_policy)];

	return __nla_parse(tb, ARRAY_SIZE(bti_port_set_nl_policy) - 1,
			   (struct nlattr *)c->skb->data, c->skb->len,
			   bti_port_set_nl_policy, NL_VALIDATE_STRICT,
			   &c->extack);
}

static int parse_get(struct nl_case *c)
{
	struct nlattr *tb[ARRAY_SIZE(bti_port_get_nl_policy)];

	return __nla_parse(tb, ARRAY_SIZE(bti_port_get_nl_policy) - 1,
			   (struct nlattr *)c->skb->data, c->skb->len,
			   bti_port_get_nl_policy, NL_VALIDATE_STRICT,
			   &c->extack);
}

static void expect_refused(struct kunit *test, struct nl_case *c, int err,
			   const struct nlattr *bad)
{
	KUNIT_EXPECT_LT(test, err, 0);
	KUNIT_EXPECT_NOT_NULL(test, c->extack._msg);
	if (bad)
		KUNIT_EXPECT_PTR_EQ(test, c->extack.bad_attr, bad);
	kfree_skb(c->skb);
}

static void set_valid(struct kunit *test)
{
	struct nl_case *c = nl_case_new(test);

	nla_put_u32(c->skb, BTI_A_PORT_INDEX, 0);
	nla_put_u8(c->skb, BTI_A_PORT_LINEFEED, BTI_LINEFEED_REVERSE_ACTIVE);
	nla_put_u8(c->skb, BTI_A_PORT_RING, 1);
	KUNIT_EXPECT_EQ(test, parse_set(c), 0);
	KUNIT_EXPECT_NULL(test, c->extack._msg);
	kfree_skb(c->skb);
}

static void set_linefeed_out_of_range(struct kunit *test)
{
	struct nl_case *c = nl_case_new(test);
	struct nlattr *bad;

	nla_put_u32(c->skb, BTI_A_PORT_INDEX, 0);
	bad = (struct nlattr *)skb_tail_pointer(c->skb);
	nla_put_u8(c->skb, BTI_A_PORT_LINEFEED, BTI_LINEFEED_MAX + 1);
	expect_refused(test, c, parse_set(c), bad);
}

static void set_ring_not_boolean(struct kunit *test)
{
	struct nl_case *c = nl_case_new(test);
	struct nlattr *bad = (struct nlattr *)skb_tail_pointer(c->skb);

	nla_put_u8(c->skb, BTI_A_PORT_RING, 2);
	expect_refused(test, c, parse_set(c), bad);
}

static void set_index_wrong_size(struct kunit *test)
{
	struct nl_case *c = nl_case_new(test);
	struct nlattr *bad = (struct nlattr *)skb_tail_pointer(c->skb);

	nla_put_u8(c->skb, BTI_A_PORT_INDEX, 0);
	expect_refused(test, c, parse_set(c), bad);
}

static void set_linefeed_wrong_size(struct kunit *test)
{
	struct nl_case *c = nl_case_new(test);
	struct nlattr *bad = (struct nlattr *)skb_tail_pointer(c->skb);

	nla_put_u32(c->skb, BTI_A_PORT_LINEFEED, BTI_LINEFEED_OPEN);
	expect_refused(test, c, parse_set(c), bad);
}

static void set_unknown_attribute(struct kunit *test)
{
	struct nl_case *c = nl_case_new(test);
	struct nlattr *bad = (struct nlattr *)skb_tail_pointer(c->skb);

	nla_put_u32(c->skb, BTI_A_PORT_MAX + 1, 0);
	expect_refused(test, c, parse_set(c), bad);
}

/* Read-only attributes are not requests. */
static void set_read_only_attribute(struct kunit *test)
{
	struct nl_case *c = nl_case_new(test);
	struct nlattr *bad = (struct nlattr *)skb_tail_pointer(c->skb);

	nla_put_string(c->skb, BTI_A_PORT_NAME, "fxs0");
	expect_refused(test, c, parse_set(c), bad);
}

static void set_hook_is_read_only(struct kunit *test)
{
	struct nl_case *c = nl_case_new(test);
	struct nlattr *bad = (struct nlattr *)skb_tail_pointer(c->skb);

	nla_put_u8(c->skb, BTI_A_PORT_HOOK, BTI_HOOK_OFF);
	expect_refused(test, c, parse_set(c), bad);
}

static void get_takes_only_index(struct kunit *test)
{
	struct nl_case *c = nl_case_new(test);
	struct nlattr *bad;

	nla_put_u32(c->skb, BTI_A_PORT_INDEX, 0);
	KUNIT_EXPECT_EQ(test, parse_get(c), 0);
	bad = (struct nlattr *)skb_tail_pointer(c->skb);
	nla_put_u8(c->skb, BTI_A_PORT_RING, 1);
	expect_refused(test, c, parse_get(c), bad);
}

/* DEVICE_GET and KEY_EXPORT: no attribute, of any type, gets through. */
static void no_attr_takes_none(struct kunit *test)
{
	static const int types[] = { 1, 2, BTI_A_SESSION_MAX };
	struct nlattr *tb[ARRAY_SIZE(bti_no_attr_nl_policy)];
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(types); i++) {
		struct nl_case *c = nl_case_new(test);
		struct nlattr *bad = (struct nlattr *)skb_tail_pointer(c->skb);
		int err;

		nla_put_u32(c->skb, types[i], 0);
		err = __nla_parse(tb, ARRAY_SIZE(bti_no_attr_nl_policy) - 1,
				  (struct nlattr *)c->skb->data, c->skb->len,
				  bti_no_attr_nl_policy, NL_VALIDATE_STRICT,
				  &c->extack);
		expect_refused(test, c, err, bad);
	}
}

static void truncated_attribute(struct kunit *test)
{
	struct nl_case *c = nl_case_new(test);
	struct nlattr *a = (struct nlattr *)skb_tail_pointer(c->skb);

	nla_put_u32(c->skb, BTI_A_PORT_INDEX, 0);
	a->nla_len += 4;	/* claims more than the message holds */
	expect_refused(test, c, parse_get(c), NULL);
}

static struct kunit_case bti_netlink_cases[] = {
	KUNIT_CASE(set_valid),
	KUNIT_CASE(set_linefeed_out_of_range),
	KUNIT_CASE(set_ring_not_boolean),
	KUNIT_CASE(set_index_wrong_size),
	KUNIT_CASE(set_linefeed_wrong_size),
	KUNIT_CASE(set_unknown_attribute),
	KUNIT_CASE(set_read_only_attribute),
	KUNIT_CASE(set_hook_is_read_only),
	KUNIT_CASE(get_takes_only_index),
	KUNIT_CASE(no_attr_takes_none),
	KUNIT_CASE(truncated_attribute),
	{ }
};

static struct kunit_suite bti_netlink_suite = {
	.name = "bti_netlink",
	.test_cases = bti_netlink_cases,
};
kunit_test_suite(bti_netlink_suite);

MODULE_DESCRIPTION("KUnit tests for the bti netlink policies");
MODULE_LICENSE("GPL");
