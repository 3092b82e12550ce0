/* SPDX-License-Identifier: GPL-2.0 */
#ifndef BTICTL_NL_H
#define BTICTL_NL_H

#include <netlink/genl/genl.h>
#include <linux/bti.h>

struct btictl_nl {
	struct nl_sock *sk;
	int family;
};

typedef int (*btictl_nl_cb)(struct nlattr **tb, void *arg);

/* An attribute set of the family, as replies are parsed with it. */
struct btictl_attr_set {
	int max;
	struct nla_policy *policy;
};

extern const struct btictl_attr_set btictl_port_attrs;
extern const struct btictl_attr_set btictl_device_attrs;
extern const struct btictl_attr_set btictl_key_attrs;
extern const struct btictl_attr_set btictl_session_attrs;
extern const struct btictl_attr_set btictl_channel_attrs;

int btictl_nl_open(struct btictl_nl *nl);
void btictl_nl_close(struct btictl_nl *nl);
struct nl_msg *btictl_nl_msg(struct btictl_nl *nl, int cmd, int flags);
int btictl_nl_call(struct btictl_nl *nl, struct nl_msg *msg,
		   const struct btictl_attr_set *set, btictl_nl_cb cb, void *arg);
int btictl_nl_error(struct nlmsgerr *e, char *extack, size_t len);
int btictl_nl_parse(struct nl_msg *msg, const struct btictl_attr_set *set,
		    struct nlattr **tb);

#endif
