/* SPDX-License-Identifier: ((GPL-2.0 WITH Linux-syscall-note) OR BSD-3-Clause) */
/* Do not edit directly, auto-generated from: */
/*	Documentation/netlink/specs/bti.yaml */
/* YNL-GEN kernel header */
/* To regenerate run: make netlink-gen */

#ifndef _LINUX_BTI_GEN_H
#define _LINUX_BTI_GEN_H

#include <net/netlink.h>
#include <net/genetlink.h>

#include <uapi/linux/bti.h>

/* Ops table for bti */
extern const struct genl_split_ops bti_nl_ops[15];

int bti_nl_pre_doit(const struct genl_split_ops *ops, struct sk_buff *skb,
		    struct genl_info *info);
void
bti_nl_post_doit(const struct genl_split_ops *ops, struct sk_buff *skb,
		 struct genl_info *info);

int bti_nl_port_get_doit(struct sk_buff *skb, struct genl_info *info);
int bti_nl_port_get_dumpit(struct sk_buff *skb, struct netlink_callback *cb);
int bti_nl_port_set_doit(struct sk_buff *skb, struct genl_info *info);
int bti_nl_device_get_doit(struct sk_buff *skb, struct genl_info *info);
int bti_nl_key_export_doit(struct sk_buff *skb, struct genl_info *info);
int bti_nl_key_import_doit(struct sk_buff *skb, struct genl_info *info);
int bti_nl_session_new_doit(struct sk_buff *skb, struct genl_info *info);
int bti_nl_session_step_doit(struct sk_buff *skb, struct genl_info *info);
int bti_nl_session_get_doit(struct sk_buff *skb, struct genl_info *info);
int bti_nl_session_get_dumpit(struct sk_buff *skb, struct netlink_callback *cb);
int bti_nl_session_del_doit(struct sk_buff *skb, struct genl_info *info);
int bti_nl_channel_new_doit(struct sk_buff *skb, struct genl_info *info);
int bti_nl_channel_get_doit(struct sk_buff *skb, struct genl_info *info);
int bti_nl_channel_get_dumpit(struct sk_buff *skb, struct netlink_callback *cb);
int bti_nl_channel_del_doit(struct sk_buff *skb, struct genl_info *info);

enum {
	BTI_NLGRP_EVENTS,
};

#endif /* _LINUX_BTI_GEN_H */
