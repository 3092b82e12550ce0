// SPDX-License-Identifier: GPL-2.0
/*
 * Request policies of the bti family, as the YNL spec gives them.  Each
 * command accepts only its own attributes: the family parses strictly, so
 * anything else is refused with an extended ACK naming the attribute.
 */
#include "netlink_policy.h"

/*
 * Requests that take no attribute refuse any, by a policy of their own:
 * the core's default for an operation without one reads past its table on
 * Linux 7.2, which left the family's maximum attribute in place.
 */
const struct nla_policy bti_no_attr_nl_policy[2] = {
	[1] = { .type = NLA_REJECT },
};

const struct nla_policy bti_port_get_nl_policy[BTI_A_PORT_INDEX + 1] = {
	[BTI_A_PORT_INDEX] = { .type = NLA_U32 },
};

const struct nla_policy bti_port_set_nl_policy[BTI_A_PORT_RING + 1] = {
	[BTI_A_PORT_INDEX] = { .type = NLA_U32 },
	[BTI_A_PORT_LINEFEED] = NLA_POLICY_MAX(NLA_U8, BTI_LINEFEED_MAX),
	[BTI_A_PORT_RING] = NLA_POLICY_MAX(NLA_U8, 1),
};

const struct nla_policy bti_key_import_nl_policy[BTI_A_KEY_BLOB + 1] = {
	[BTI_A_KEY_BLOB] = { .type = NLA_BINARY, .len = 1024 },
};

const struct nla_policy
bti_session_new_nl_policy[BTI_A_SESSION_USER_KEY_KIND + 1] = {
	[BTI_A_SESSION_PORT] = { .type = NLA_U32 },
	[BTI_A_SESSION_USER_KEY_KIND] =
		NLA_POLICY_RANGE(NLA_U8, BTI_USER_KEY_KIND_SYMMETRIC,
				 BTI_USER_KEY_KIND_PUBLIC),
};

const struct nla_policy
bti_session_step_nl_policy[BTI_A_SESSION_SERVER_KEY + 1] = {
	[BTI_A_SESSION_PORT] = { .type = NLA_U32 },
	[BTI_A_SESSION_MESSAGE] = { .type = NLA_BINARY, .len = 16420 },
	[BTI_A_SESSION_SERVER_KEY] = NLA_POLICY_RANGE(NLA_BINARY, 65, 544),
};

const struct nla_policy bti_session_get_nl_policy[BTI_A_SESSION_PORT + 1] = {
	[BTI_A_SESSION_PORT] = { .type = NLA_U32 },
};

const struct nla_policy bti_session_del_nl_policy[BTI_A_SESSION_ERROR + 1] = {
	[BTI_A_SESSION_PORT] = { .type = NLA_U32 },
	[BTI_A_SESSION_ERROR] = NLA_POLICY_RANGE(NLA_U8, 1, BTI_ERROR_MAX),
};

const struct nla_policy bti_channel_new_nl_policy[BTI_A_CHANNEL_PORT + 1] = {
	[BTI_A_CHANNEL_PORT] = { .type = NLA_U32 },
};

const struct nla_policy bti_channel_get_nl_policy[BTI_A_CHANNEL_PORT + 1] = {
	[BTI_A_CHANNEL_PORT] = { .type = NLA_U32 },
};

const struct nla_policy bti_channel_del_nl_policy[BTI_A_CHANNEL_PORT + 1] = {
	[BTI_A_CHANNEL_PORT] = { .type = NLA_U32 },
};
