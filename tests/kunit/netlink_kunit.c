// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit: the bti family's operations, as generated from its YNL spec and
 * registered by the loaded bti.ko (EXPORT_SYMBOL_IF_KUNIT): their request
 * policies refuse every malformed attribute and say why in the extended
 * ACK, and the commands the spec marks admin-perm carry GENL_ADMIN_PERM.
 *
 * The module is loaded first.
 */
#include <kunit/test.h>
#include <linux/skbuff.h>

#include <bti/compat.h>

#include "../../driver/core/netlink.h"

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

/* The do operation of @cmd */
static const struct genl_split_ops *do_op(u8 cmd)
{
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(bti_nl_ops); i++)
		if (bti_nl_ops[i].cmd == cmd && bti_nl_ops[i].doit)
			return &bti_nl_ops[i];
	return NULL;
}

/* Parse as genetlink does for @cmd: strictly, with its policy. */
static int parse(struct nl_case *c, u8 cmd)
{
	const struct genl_split_ops *op = do_op(cmd);
	struct nlattr *tb[BTI_A_SESSION_MAX + 1];

	if (!op || !op->policy || op->maxattr >= ARRAY_SIZE(tb))
		return -ENOENT;
	return __nla_parse(tb, op->maxattr, (struct nlattr *)c->skb->data,
			   c->skb->len, op->policy, NL_VALIDATE_STRICT,
			   &c->extack);
}

static int parse_set(struct nl_case *c)
{
	return parse(c, BTI_CMD_PORT_SET);
}

static int parse_get(struct nl_case *c)
{
	return parse(c, BTI_CMD_PORT_GET);
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

/*
 * DEVICE_GET and KEY_EXPORT take no attribute, so they have no policy: for
 * such a command genetlink refuses every attribute, the family's
 * resv_start_op being 0.
 */
static void no_attr_takes_none(struct kunit *test)
{
	KUNIT_ASSERT_NOT_NULL(test, do_op(BTI_CMD_DEVICE_GET));
	KUNIT_ASSERT_NOT_NULL(test, do_op(BTI_CMD_KEY_EXPORT));
	KUNIT_EXPECT_NULL(test, do_op(BTI_CMD_DEVICE_GET)->policy);
	KUNIT_EXPECT_NULL(test, do_op(BTI_CMD_KEY_EXPORT)->policy);
}

/*
 * The commands that change state, or export keys, need CAP_NET_ADMIN
 * (bti.yaml's admin-perm): genetlink checks it, and its introspection
 * reports it.  The reads do not.
 */
static void admin_commands_flagged(struct kunit *test)
{
	static const u8 admin[] = {
		BTI_CMD_PORT_SET, BTI_CMD_KEY_EXPORT, BTI_CMD_KEY_IMPORT,
		BTI_CMD_SESSION_NEW, BTI_CMD_SESSION_STEP,
		BTI_CMD_SESSION_DEL, BTI_CMD_CHANNEL_NEW,
		BTI_CMD_CHANNEL_DEL,
	};
	unsigned int i, flagged = 0;

	for (i = 0; i < ARRAY_SIZE(bti_nl_ops); i++) {
		const struct genl_split_ops *op = &bti_nl_ops[i];
		bool want = memchr(admin, op->cmd, sizeof(admin));

		KUNIT_EXPECT_EQ_MSG(test, !!(op->flags & GENL_ADMIN_PERM),
				    want, "command %u", op->cmd);
		flagged += want;
	}
	KUNIT_EXPECT_EQ(test, flagged, ARRAY_SIZE(admin));
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
	KUNIT_CASE(admin_commands_flagged),
	KUNIT_CASE(truncated_attribute),
	{ }
};

static struct kunit_suite bti_netlink_suite = {
	.name = "bti_netlink",
	.test_cases = bti_netlink_cases,
};
kunit_test_suite(bti_netlink_suite);

MODULE_DESCRIPTION("KUnit tests for the bti netlink operations");
MODULE_LICENSE("GPL");
BTI_KUNIT_IMPORT_NS;
