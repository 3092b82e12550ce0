// SPDX-License-Identifier: GPL-2.0
/*
 * Linux 6.1 only: the generated split operations, merged into the one
 * operation per command that 6.1's genetlink takes.  Its pre_doit and
 * post_doit belong to the family and see every command, so they look up
 * the split operation's own.  Built only where the kernel lacks split
 * operations (Kbuild).
 */
#include <bti/compat.h>

#include "netlink.h"

static struct genl_ops bti_nl_legacy_ops[ARRAY_SIZE(bti_nl_ops)];
static const struct genl_split_ops *bti_nl_legacy_split;
static unsigned int bti_nl_legacy_n;

static const struct genl_split_ops *bti_nl_legacy_doit_op(u8 cmd)
{
	unsigned int i;

	for (i = 0; i < bti_nl_legacy_n; i++)
		if (bti_nl_legacy_split[i].cmd == cmd &&
		    bti_nl_legacy_split[i].doit)
			return &bti_nl_legacy_split[i];
	return NULL;
}

static int bti_nl_legacy_pre_doit(const struct genl_ops *ops,
				  struct sk_buff *skb, struct genl_info *info)
{
	const struct genl_split_ops *op = bti_nl_legacy_doit_op(ops->cmd);

	return op && op->pre_doit ? op->pre_doit(op, skb, info) : 0;
}

static void bti_nl_legacy_post_doit(const struct genl_ops *ops,
				    struct sk_buff *skb,
				    struct genl_info *info)
{
	const struct genl_split_ops *op = bti_nl_legacy_doit_op(ops->cmd);

	if (op && op->post_doit)
		op->post_doit(op, skb, info);
}

/*
 * 6.1 keeps one policy per command, so the do's parses the dump's request
 * too; the dumps ignore what it finds (Documentation/netlink.rst).
 */
static void bti_nl_legacy_merge(struct genl_ops *to,
				const struct genl_split_ops *from)
{
	to->cmd = from->cmd;
	to->flags |= from->flags & ~(GENL_CMD_CAP_DO | GENL_CMD_CAP_DUMP);
	to->internal_flags |= from->internal_flags;
	if (from->doit) {
		to->doit = from->doit;
		to->policy = from->policy;
		to->maxattr = from->maxattr;
		to->validate = from->validate;
	} else {
		to->start = from->start;
		to->dumpit = from->dumpit;
		to->done = from->done;
	}
}

/**
 * bti_genl_register_family - register @family with the operations @ops
 * @family: the family, without operations
 * @ops: its generated split operations, sorted by command
 * @n: how many
 *
 * Return: what genl_register_family() returns.
 */
int bti_genl_register_family(struct genl_family *family,
			     const struct genl_split_ops *ops, unsigned int n)
{
	unsigned int i, merged = 0;

	memset(bti_nl_legacy_ops, 0, sizeof(bti_nl_legacy_ops));
	for (i = 0; i < n && i < ARRAY_SIZE(bti_nl_legacy_ops); i++) {
		if (merged && bti_nl_legacy_ops[merged - 1].cmd == ops[i].cmd)
			bti_nl_legacy_merge(&bti_nl_legacy_ops[merged - 1],
					    &ops[i]);
		else
			bti_nl_legacy_merge(&bti_nl_legacy_ops[merged++],
					    &ops[i]);
	}
	bti_nl_legacy_split = ops;
	bti_nl_legacy_n = n;
	family->ops = bti_nl_legacy_ops;
	family->n_ops = merged;
	family->pre_doit = bti_nl_legacy_pre_doit;
	family->post_doit = bti_nl_legacy_post_doit;
	return genl_register_family(family);
}
