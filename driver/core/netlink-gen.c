// SPDX-License-Identifier: ((GPL-2.0 WITH Linux-syscall-note) OR BSD-3-Clause)
/* Do not edit directly, auto-generated from: */
/*	Documentation/netlink/specs/bti.yaml */
/* YNL-GEN kernel source */
/* To regenerate run: make netlink-gen */

#include <net/netlink.h>
#include <net/genetlink.h>

#include "netlink-gen.h"

#include <uapi/linux/bti.h>

/* BTI_CMD_PORT_GET - do */
static const struct nla_policy bti_port_get_nl_policy[BTI_A_PORT_INDEX + 1] = {
	[BTI_A_PORT_INDEX] = { .type = NLA_U32, },
};

/* BTI_CMD_PORT_SET - do */
static const struct nla_policy bti_port_set_nl_policy[BTI_A_PORT_RING + 1] = {
	[BTI_A_PORT_INDEX] = { .type = NLA_U32, },
	[BTI_A_PORT_LINEFEED] = NLA_POLICY_MAX(NLA_U8, 7),
	[BTI_A_PORT_RING] = NLA_POLICY_MAX(NLA_U8, 1),
};

/* BTI_CMD_KEY_IMPORT - do */
static const struct nla_policy bti_key_import_nl_policy[BTI_A_KEY_BLOB + 1] = {
	[BTI_A_KEY_BLOB] = NLA_POLICY_MAX_LEN(1024),
};

/* BTI_CMD_SESSION_NEW - do */
static const struct nla_policy bti_session_new_nl_policy[BTI_A_SESSION_USER_KEY_KIND + 1] = {
	[BTI_A_SESSION_PORT] = { .type = NLA_U32, },
	[BTI_A_SESSION_USER_KEY_KIND] = NLA_POLICY_RANGE(NLA_U8, 1, 2),
};

/* BTI_CMD_SESSION_STEP - do */
static const struct nla_policy bti_session_step_nl_policy[BTI_A_SESSION_SERVER_KEY + 1] = {
	[BTI_A_SESSION_PORT] = { .type = NLA_U32, },
	[BTI_A_SESSION_MESSAGE] = NLA_POLICY_MAX_LEN(16420),
	[BTI_A_SESSION_SERVER_KEY] = NLA_POLICY_MAX_LEN(544),
};

/* BTI_CMD_SESSION_GET - do */
static const struct nla_policy bti_session_get_nl_policy[BTI_A_SESSION_PORT + 1] = {
	[BTI_A_SESSION_PORT] = { .type = NLA_U32, },
};

/* BTI_CMD_SESSION_DEL - do */
static const struct nla_policy bti_session_del_nl_policy[BTI_A_SESSION_ERROR + 1] = {
	[BTI_A_SESSION_PORT] = { .type = NLA_U32, },
	[BTI_A_SESSION_ERROR] = NLA_POLICY_RANGE(NLA_U8, 1, 11),
};

/* BTI_CMD_CHANNEL_NEW - do */
static const struct nla_policy bti_channel_new_nl_policy[BTI_A_CHANNEL_PORT + 1] = {
	[BTI_A_CHANNEL_PORT] = { .type = NLA_U32, },
};

/* BTI_CMD_CHANNEL_GET - do */
static const struct nla_policy bti_channel_get_nl_policy[BTI_A_CHANNEL_PORT + 1] = {
	[BTI_A_CHANNEL_PORT] = { .type = NLA_U32, },
};

/* BTI_CMD_CHANNEL_DEL - do */
static const struct nla_policy bti_channel_del_nl_policy[BTI_A_CHANNEL_PORT + 1] = {
	[BTI_A_CHANNEL_PORT] = { .type = NLA_U32, },
};

/* Ops table for bti */
const struct genl_split_ops bti_nl_ops[15] = {
	{
		.cmd		= BTI_CMD_PORT_GET,
		.pre_doit	= bti_nl_pre_doit,
		.doit		= bti_nl_port_get_doit,
		.post_doit	= bti_nl_post_doit,
		.policy		= bti_port_get_nl_policy,
		.maxattr	= BTI_A_PORT_INDEX,
		.flags		= GENL_CMD_CAP_DO,
	},
	{
		.cmd	= BTI_CMD_PORT_GET,
		.dumpit	= bti_nl_port_get_dumpit,
		.flags	= GENL_CMD_CAP_DUMP,
	},
	{
		.cmd		= BTI_CMD_PORT_SET,
		.pre_doit	= bti_nl_pre_doit,
		.doit		= bti_nl_port_set_doit,
		.post_doit	= bti_nl_post_doit,
		.policy		= bti_port_set_nl_policy,
		.maxattr	= BTI_A_PORT_RING,
		.flags		= GENL_ADMIN_PERM | GENL_CMD_CAP_DO,
	},
	{
		.cmd	= BTI_CMD_DEVICE_GET,
		.doit	= bti_nl_device_get_doit,
		.flags	= GENL_CMD_CAP_DO,
	},
	{
		.cmd	= BTI_CMD_KEY_EXPORT,
		.doit	= bti_nl_key_export_doit,
		.flags	= GENL_ADMIN_PERM | GENL_CMD_CAP_DO,
	},
	{
		.cmd		= BTI_CMD_KEY_IMPORT,
		.doit		= bti_nl_key_import_doit,
		.policy		= bti_key_import_nl_policy,
		.maxattr	= BTI_A_KEY_BLOB,
		.flags		= GENL_ADMIN_PERM | GENL_CMD_CAP_DO,
	},
	{
		.cmd		= BTI_CMD_SESSION_NEW,
		.pre_doit	= bti_nl_pre_doit,
		.doit		= bti_nl_session_new_doit,
		.post_doit	= bti_nl_post_doit,
		.policy		= bti_session_new_nl_policy,
		.maxattr	= BTI_A_SESSION_USER_KEY_KIND,
		.flags		= GENL_ADMIN_PERM | GENL_CMD_CAP_DO,
	},
	{
		.cmd		= BTI_CMD_SESSION_STEP,
		.pre_doit	= bti_nl_pre_doit,
		.doit		= bti_nl_session_step_doit,
		.post_doit	= bti_nl_post_doit,
		.policy		= bti_session_step_nl_policy,
		.maxattr	= BTI_A_SESSION_SERVER_KEY,
		.flags		= GENL_ADMIN_PERM | GENL_CMD_CAP_DO,
	},
	{
		.cmd		= BTI_CMD_SESSION_GET,
		.pre_doit	= bti_nl_pre_doit,
		.doit		= bti_nl_session_get_doit,
		.post_doit	= bti_nl_post_doit,
		.policy		= bti_session_get_nl_policy,
		.maxattr	= BTI_A_SESSION_PORT,
		.flags		= GENL_CMD_CAP_DO,
	},
	{
		.cmd	= BTI_CMD_SESSION_GET,
		.dumpit	= bti_nl_session_get_dumpit,
		.flags	= GENL_CMD_CAP_DUMP,
	},
	{
		.cmd		= BTI_CMD_SESSION_DEL,
		.pre_doit	= bti_nl_pre_doit,
		.doit		= bti_nl_session_del_doit,
		.post_doit	= bti_nl_post_doit,
		.policy		= bti_session_del_nl_policy,
		.maxattr	= BTI_A_SESSION_ERROR,
		.flags		= GENL_ADMIN_PERM | GENL_CMD_CAP_DO,
	},
	{
		.cmd		= BTI_CMD_CHANNEL_NEW,
		.pre_doit	= bti_nl_pre_doit,
		.doit		= bti_nl_channel_new_doit,
		.post_doit	= bti_nl_post_doit,
		.policy		= bti_channel_new_nl_policy,
		.maxattr	= BTI_A_CHANNEL_PORT,
		.flags		= GENL_ADMIN_PERM | GENL_CMD_CAP_DO,
	},
	{
		.cmd		= BTI_CMD_CHANNEL_GET,
		.pre_doit	= bti_nl_pre_doit,
		.doit		= bti_nl_channel_get_doit,
		.post_doit	= bti_nl_post_doit,
		.policy		= bti_channel_get_nl_policy,
		.maxattr	= BTI_A_CHANNEL_PORT,
		.flags		= GENL_CMD_CAP_DO,
	},
	{
		.cmd	= BTI_CMD_CHANNEL_GET,
		.dumpit	= bti_nl_channel_get_dumpit,
		.flags	= GENL_CMD_CAP_DUMP,
	},
	{
		.cmd		= BTI_CMD_CHANNEL_DEL,
		.pre_doit	= bti_nl_pre_doit,
		.doit		= bti_nl_channel_del_doit,
		.post_doit	= bti_nl_post_doit,
		.policy		= bti_channel_del_nl_policy,
		.maxattr	= BTI_A_CHANNEL_PORT,
		.flags		= GENL_ADMIN_PERM | GENL_CMD_CAP_DO,
	},
};

static const struct genl_multicast_group bti_nl_mcgrps[] = {
	[BTI_NLGRP_EVENTS] = { "events", },
};
