/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What the bti family's command files share.
 */
#ifndef _BTI_NETLINK_H
#define _BTI_NETLINK_H

#include <net/genetlink.h>

#include <bti/compat.h>

#include "bti_core.h"
#include "netlink-gen.h"

extern struct genl_family bti_family;

typedef int (*bti_nl_fill)(struct sk_buff *skb, struct bti_port *port,
			   u32 portid, u32 seq, int flags);

int bti_nl_get_port(struct genl_info *info, bti_nl_fill fill);
int bti_nl_dump_ports(struct sk_buff *skb, struct netlink_callback *cb,
		      bti_nl_fill fill);

void bti_nl_session_release(u32 portid);
int bti_nl_put_channel_counters(struct sk_buff *skb,
				const struct bti_channel_stats *st);

#endif /* _BTI_NETLINK_H */
