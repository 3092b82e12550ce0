// SPDX-License-Identifier: GPL-2.0
/*
 * The bti family's voice channel commands: where a channel goes and what
 * it counted.  Its key comes from the port's provisioning session, never
 * from here.
 */
#include <linux/in.h>
#include <linux/in6.h>

#include "netlink.h"

static void bti_nl_channel_refusal(struct genl_info *info, int err)
{
	switch (err) {
	case -ENOENT:
		NL_SET_ERR_MSG(info->extack,
			       "no provisioning session past key confirmation on this port");
		break;
	case -EBUSY:
		NL_SET_ERR_MSG(info->extack,
			       "the port's voice channel is open already");
		break;
	case -EALREADY:
		NL_SET_ERR_MSG(info->extack,
			       "this session's voice channel was opened once and its key is gone: start a new session");
		break;
	case -ENETUNREACH:
	case -EHOSTUNREACH:
	case -EADDRNOTAVAIL:
		NL_SET_ERR_MSG(info->extack, "no route to the server's address");
		break;
	}
}

int bti_nl_channel_new_doit(struct sk_buff *skb, struct genl_info *info)
{
	struct bti_port *port = info->user_ptr[0];
	struct sk_buff *msg;
	u16 local;
	void *hdr;
	int err;

	err = bti_provision_channel_open(&port->pv, &local);
	if (err) {
		bti_nl_channel_refusal(info, err);
		return err;
	}
	msg = genlmsg_new(NLMSG_GOODSIZE, GFP_KERNEL);
	if (!msg)
		return -ENOMEM;
	hdr = genlmsg_put_reply(msg, info, &bti_family, 0, BTI_CMD_CHANNEL_NEW);
	if (!hdr || nla_put_u32(msg, BTI_A_CHANNEL_PORT, port->index) ||
	    nla_put_u16(msg, BTI_A_CHANNEL_LOCAL_UDP_PORT, local)) {
		nlmsg_free(msg);
		return -EMSGSIZE;
	}
	genlmsg_end(msg, hdr);
	return genlmsg_reply(msg, info);
}

int bti_nl_channel_del_doit(struct sk_buff *skb, struct genl_info *info)
{
	struct bti_port *port = info->user_ptr[0];
	int err;

	err = bti_provision_channel_close(&port->pv);
	if (err == -ENOENT)
		NL_SET_ERR_MSG(info->extack, "no voice channel on this port");
	return err;
}

/**
 * bti_nl_put_channel_counters - a channel's counters, as a nest
 * @skb: the message
 * @st: the counters
 *
 * Return: 0 or -EMSGSIZE.
 */
int bti_nl_put_channel_counters(struct sk_buff *skb,
				const struct bti_channel_stats *st)
{
	const u64 v[] = {
		[BTI_A_CHANNEL_COUNTERS_PACKETS_OUT] = st->packets_out,
		[BTI_A_CHANNEL_COUNTERS_BYTES_OUT] = st->bytes_out,
		[BTI_A_CHANNEL_COUNTERS_PACKETS_IN] = st->packets_in,
		[BTI_A_CHANNEL_COUNTERS_BYTES_IN] = st->bytes_in,
		[BTI_A_CHANNEL_COUNTERS_AUTH_FAILURES] = st->auth_failures,
		[BTI_A_CHANNEL_COUNTERS_REPLAYS] = st->replays,
		[BTI_A_CHANNEL_COUNTERS_MALFORMED] = st->malformed,
		[BTI_A_CHANNEL_COUNTERS_LATE] = st->late,
		[BTI_A_CHANNEL_COUNTERS_LOST] = st->lost,
		[BTI_A_CHANNEL_COUNTERS_DROPPED] = st->dropped,
	};
	struct nlattr *nest = nla_nest_start(skb, BTI_A_CHANNEL_COUNTERS);
	int i;

	if (!nest)
		return -EMSGSIZE;
	for (i = 1; i < ARRAY_SIZE(v); i++)
		if (nla_put_u64_64bit(skb, i, v[i],
				      BTI_A_CHANNEL_COUNTERS_PAD))
			return -EMSGSIZE;
	nla_nest_end(skb, nest);
	return 0;
}

static int bti_nl_fill_channel(struct sk_buff *skb, struct bti_port *port,
			       u32 portid, u32 seq, int flags)
{
	const struct sockaddr_in6 *in6;
	const struct sockaddr_in *in;
	struct bti_channel_params p;
	struct bti_channel_stats st;
	u16 local;
	void *hdr;
	int err;

	err = bti_provision_channel_get(&port->pv, &p, &local, &st);
	if (err)
		return err;
	in = (const struct sockaddr_in *)&p.remote;
	in6 = (const struct sockaddr_in6 *)&p.remote;
	hdr = genlmsg_put(skb, portid, seq, &bti_family, flags,
			  BTI_CMD_CHANNEL_GET);
	if (!hdr)
		return -EMSGSIZE;
	if (nla_put_u32(skb, BTI_A_CHANNEL_PORT, port->index) ||
	    (p.remote.ss_family == AF_INET ?
	     nla_put(skb, BTI_A_CHANNEL_ADDRESS, 4, &in->sin_addr) :
	     nla_put(skb, BTI_A_CHANNEL_ADDRESS, 16, &in6->sin6_addr)) ||
	    nla_put_u16(skb, BTI_A_CHANNEL_UDP_PORT, ntohs(in->sin_port)) ||
	    nla_put_u16(skb, BTI_A_CHANNEL_LOCAL_UDP_PORT, local) ||
	    nla_put_u32(skb, BTI_A_CHANNEL_DEVICE_SSRC, p.device_ssrc) ||
	    nla_put_u32(skb, BTI_A_CHANNEL_SERVER_SSRC, p.server_ssrc) ||
	    bti_nl_put_channel_counters(skb, &st)) {
		genlmsg_cancel(skb, hdr);
		return -EMSGSIZE;
	}
	genlmsg_end(skb, hdr);
	return 0;
}

int bti_nl_channel_get_doit(struct sk_buff *skb, struct genl_info *info)
{
	int err = bti_nl_get_port(info, bti_nl_fill_channel);

	if (err == -ENOENT)
		NL_SET_ERR_MSG(info->extack, "no voice channel on this port");
	return err;
}

int bti_nl_channel_get_dumpit(struct sk_buff *skb, struct netlink_callback *cb)
{
	return bti_nl_dump_ports(skb, cb, bti_nl_fill_channel);
}
