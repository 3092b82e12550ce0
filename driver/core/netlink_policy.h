/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _BTI_NETLINK_POLICY_H
#define _BTI_NETLINK_POLICY_H

#include <net/netlink.h>
#include <uapi/linux/bti.h>

extern const struct nla_policy bti_no_attr_nl_policy[2];
extern const struct nla_policy bti_port_get_nl_policy[BTI_A_PORT_INDEX + 1];
extern const struct nla_policy bti_port_set_nl_policy[BTI_A_PORT_RING + 1];
extern const struct nla_policy bti_key_import_nl_policy[BTI_A_KEY_BLOB + 1];
extern const struct nla_policy
bti_session_new_nl_policy[BTI_A_SESSION_USER_KEY_KIND + 1];
extern const struct nla_policy
bti_session_step_nl_policy[BTI_A_SESSION_SERVER_KEY + 1];
extern const struct nla_policy
bti_session_get_nl_policy[BTI_A_SESSION_PORT + 1];
extern const struct nla_policy
bti_session_del_nl_policy[BTI_A_SESSION_ERROR + 1];
extern const struct nla_policy
bti_channel_new_nl_policy[BTI_A_CHANNEL_PORT + 1];
extern const struct nla_policy
bti_channel_get_nl_policy[BTI_A_CHANNEL_PORT + 1];
extern const struct nla_policy
bti_channel_del_nl_policy[BTI_A_CHANNEL_PORT + 1];

#endif /* _BTI_NETLINK_POLICY_H */
