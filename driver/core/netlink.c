// SPDX-License-Identifier: GPL-2.0
/*
 * The bti generic netlink family: parse, check permission, call the port
 * core, reply.  Provisioning sessions have their commands in
 * netlink_session.c.
 */
#include <linux/notifier.h>
#include <kunit/visibility.h>

#include <bti/compat.h>

#include "device.h"
#include "netlink.h"

/*
 * Events carry the digits keyed on the telephone: CAP_NET_ADMIN only.  The
 * generator renders no flags for a group, so the group is written here.
 */
static const struct genl_multicast_group bti_mcgrps[] = {
	[BTI_NLGRP_EVENTS] = {
		.name = BTI_MCGRP_EVENTS,
		.flags = GENL_MCAST_CAP_NET_ADMIN,
	},
};

static int bti_nl_put_counters(struct sk_buff *skb,
			       const struct bti_counters *c)
{
	struct nlattr *nest = nla_nest_start(skb, BTI_A_PORT_COUNTERS);

	if (!nest ||
	    nla_put_u64_64bit(skb, BTI_A_COUNTERS_OFFHOOKS, c->offhooks,
			      BTI_A_COUNTERS_PAD) ||
	    nla_put_u64_64bit(skb, BTI_A_COUNTERS_ONHOOKS, c->onhooks,
			      BTI_A_COUNTERS_PAD) ||
	    nla_put_u64_64bit(skb, BTI_A_COUNTERS_FLASHES, c->flashes,
			      BTI_A_COUNTERS_PAD) ||
	    nla_put_u64_64bit(skb, BTI_A_COUNTERS_DIGITS, c->digits,
			      BTI_A_COUNTERS_PAD) ||
	    nla_put_u64_64bit(skb, BTI_A_COUNTERS_RINGS, c->rings,
			      BTI_A_COUNTERS_PAD) ||
	    nla_put_u64_64bit(skb, BTI_A_COUNTERS_FRAMES_UP, c->frames_up,
			      BTI_A_COUNTERS_PAD) ||
	    nla_put_u64_64bit(skb, BTI_A_COUNTERS_ALARMS, c->alarms,
			      BTI_A_COUNTERS_PAD))
		return -EMSGSIZE;
	nla_nest_end(skb, nest);
	return 0;
}

static int bti_nl_put_id(struct sk_buff *skb, struct bti_port *port)
{
	if (nla_put_u32(skb, BTI_A_PORT_INDEX, port->index) ||
	    nla_put_string(skb, BTI_A_PORT_NAME, port->name) ||
	    nla_put_string(skb, BTI_A_PORT_CHIP, port->chip))
		return -EMSGSIZE;
	return 0;
}

/* The chip's revision as its letter, if the chip told it */
static int bti_nl_put_revision(struct sk_buff *skb, struct bti_port *port)
{
	char rev[2] = { 'A' - 1 + port->info.revision };

	if (!port->info.revision || port->info.revision > 26)
		return 0;
	return nla_put_string(skb, BTI_A_PORT_CHIP_REVISION, rev);
}

static int bti_nl_fill_port(struct sk_buff *skb, struct bti_port *port,
			    u32 portid, u32 seq, int flags)
{
	struct bti_port_state st;
	void *hdr;

	hdr = genlmsg_put(skb, portid, seq, &bti_family, flags,
			  BTI_CMD_PORT_GET);
	if (!hdr)
		return -EMSGSIZE;
	bti_port_state(port, &st);
	if (bti_nl_put_id(skb, port) ||
	    bti_nl_put_revision(skb, port) ||
	    nla_put_u8(skb, BTI_A_PORT_HOOK,
		       st.offhook ? BTI_HOOK_OFF : BTI_HOOK_ON) ||
	    nla_put_u8(skb, BTI_A_PORT_LINEFEED, st.linefeed) ||
	    nla_put_u8(skb, BTI_A_PORT_RING, st.ringing) ||
	    bti_nl_put_counters(skb, &st.stats)) {
		genlmsg_cancel(skb, hdr);
		return -EMSGSIZE;
	}
	genlmsg_end(skb, hdr);
	return 0;
}

/* The attribute that names the port of a command, 0 if it names none */
static int bti_nl_port_attr(u8 cmd)
{
	switch (cmd) {
	case BTI_CMD_PORT_GET:
	case BTI_CMD_PORT_SET:
		return BTI_A_PORT_INDEX;
	case BTI_CMD_SESSION_NEW:
	case BTI_CMD_SESSION_STEP:
	case BTI_CMD_SESSION_GET:
	case BTI_CMD_SESSION_DEL:
		return BTI_A_SESSION_PORT;
	case BTI_CMD_CHANNEL_NEW:
	case BTI_CMD_CHANNEL_GET:
	case BTI_CMD_CHANNEL_DEL:
		return BTI_A_CHANNEL_PORT;
	default:
		return 0;
	}
}

/**
 * bti_nl_pre_doit - find the port a command names, and hold it
 * @ops: the command
 * @skb: the request
 * @info: its attributes; user_ptr[0] is set to the port, held
 *
 * The family is parallel_ops: no lock is held from here to the reply.
 *
 * Return: 0, or a negative errno with an extended ACK.
 */
int bti_nl_pre_doit(const struct genl_split_ops *ops, struct sk_buff *skb,
		    struct genl_info *info)
{
	int attrtype = bti_nl_port_attr(info->genlhdr->cmd);
	struct bti_port *port;
	struct nlattr *attr;

	info->user_ptr[0] = NULL;
	if (!attrtype)
		return 0;
	if (GENL_REQ_ATTR_CHECK(info, attrtype))
		return -EINVAL;
	attr = info->attrs[attrtype];
	port = bti_port_get(nla_get_u32(attr));
	if (!port) {
		NL_SET_ERR_MSG_ATTR(info->extack, attr, "no such port");
		return -ENODEV;
	}
	info->user_ptr[0] = port;
	return 0;
}

/**
 * bti_nl_post_doit - give back the port bti_nl_pre_doit() held
 * @ops: the command
 * @skb: the request
 * @info: its attributes
 */
void bti_nl_post_doit(const struct genl_split_ops *ops, struct sk_buff *skb,
		      struct genl_info *info)
{
	bti_port_put(info->user_ptr[0]);
}

/**
 * bti_nl_get_port - reply with what @fill puts of the request's port
 * @info: the request
 * @fill: fills a message for a port
 *
 * Return: 0 or a negative errno, @fill's own among them.
 */
int bti_nl_get_port(struct genl_info *info, bti_nl_fill fill)
{
	struct sk_buff *msg;
	int err;

	msg = genlmsg_new(NLMSG_GOODSIZE, GFP_KERNEL);
	if (!msg)
		return -ENOMEM;
	err = fill(msg, info->user_ptr[0], info->snd_portid, info->snd_seq, 0);
	if (err) {
		nlmsg_free(msg);
		return err;
	}
	return genlmsg_reply(msg, info);
}

/**
 * bti_nl_dump_ports - dump what @fill puts of each port, in index order
 * @skb: the dump's message
 * @cb: the dump
 * @fill: fills a message for a port, or returns -ENOENT to skip it
 *
 * Each port is held only while it is filled in: a dump waits for no lock
 * but the one the fill takes, and one port's at a time.
 *
 * Return: the length of @skb, 0 at the end, or a negative errno.
 */
int bti_nl_dump_ports(struct sk_buff *skb, struct netlink_callback *cb,
		      bti_nl_fill fill)
{
	unsigned long next = cb->args[0];
	struct bti_port *port;
	int err = 0;

	while ((port = bti_port_get_next(&next))) {
		err = fill(skb, port, NETLINK_CB(cb->skb).portid,
			   cb->nlh->nlmsg_seq, NLM_F_MULTI);
		bti_port_put(port);
		if (err && err != -ENOENT)
			break;
		err = 0;
		next++;
	}
	cb->args[0] = next;
	if (err == -EMSGSIZE && skb->len)
		err = 0;	/* full: the next call resumes at @next */
	return err ?: skb->len;
}

int bti_nl_port_get_doit(struct sk_buff *skb, struct genl_info *info)
{
	return bti_nl_get_port(info, bti_nl_fill_port);
}

int bti_nl_port_get_dumpit(struct sk_buff *skb, struct netlink_callback *cb)
{
	return bti_nl_dump_ports(skb, cb, bti_nl_fill_port);
}

static int bti_nl_port_feed(struct bti_port *port, struct nlattr *feed,
			    struct netlink_ext_ack *extack)
{
	int err = bti_port_set_idle_feed(port, nla_get_u8(feed));

	if (err && err != -ENODEV)
		NL_SET_ERR_MSG(extack, "the chip refused the line feed");
	return err;
}

static int bti_nl_port_ring(struct bti_port *port, struct nlattr *ring,
			    struct netlink_ext_ack *extack)
{
	int err = bti_port_ring(port, nla_get_u8(ring));

	if (err == -EBUSY)
		NL_SET_ERR_MSG_ATTR(extack, ring, "the telephone is off-hook");
	else if (err && err != -ENODEV)
		NL_SET_ERR_MSG(extack, "the chip refused to ring");
	return err;
}

static int bti_nl_port_set(struct bti_port *port, struct genl_info *info)
{
	struct nlattr *feed = info->attrs[BTI_A_PORT_LINEFEED];
	struct nlattr *ring = info->attrs[BTI_A_PORT_RING];
	int err = 0;

	if (!feed && !ring) {
		NL_SET_ERR_MSG(info->extack,
			       "nothing to set: give a line feed or ring");
		return -EINVAL;
	}
	if (feed && nla_get_u8(feed) == BTI_LINEFEED_RINGING) {
		NL_SET_ERR_MSG_ATTR(info->extack, feed,
				    "ring the line with the ring attribute, which keeps cadence");
		return -EINVAL;
	}
	if (feed)
		err = bti_nl_port_feed(port, feed, info->extack);
	if (!err && ring)
		err = bti_nl_port_ring(port, ring, info->extack);
	if (err == -ENODEV)
		NL_SET_ERR_MSG(info->extack, "the port went away");
	return err;
}

int bti_nl_port_set_doit(struct sk_buff *skb, struct genl_info *info)
{
	return bti_nl_port_set(info->user_ptr[0], info);
}

int bti_nl_device_get_doit(struct sk_buff *skb, struct genl_info *info)
{
	struct bti_device_info dev;
	struct sk_buff *msg;
	void *hdr;

	msg = genlmsg_new(NLMSG_GOODSIZE, GFP_KERNEL);
	if (!msg)
		return -ENOMEM;
	hdr = genlmsg_put_reply(msg, info, &bti_family, 0, BTI_CMD_DEVICE_GET);
	bti_device_get_info(&dev);
	if (!hdr ||
	    nla_put_u8(msg, BTI_A_DEVICE_STATE, dev.state) ||
	    nla_put(msg, BTI_A_DEVICE_PUBLIC_KEY, sizeof(dev.public_key),
		    dev.public_key) ||
	    nla_put(msg, BTI_A_DEVICE_ID, sizeof(dev.id), dev.id) ||
	    (dev.user_key_kind &&
	     (nla_put_u8(msg, BTI_A_DEVICE_USER_KEY_KIND, dev.user_key_kind) ||
	      nla_put(msg, BTI_A_DEVICE_USER_KEY_ID, sizeof(dev.user_key_id),
		      dev.user_key_id)))) {
		nlmsg_free(msg);
		return -EMSGSIZE;
	}
	genlmsg_end(msg, hdr);
	return genlmsg_reply(msg, info);
}

static void bti_nl_key_error(struct genl_info *info, int err)
{
	switch (err) {
	case -ENOKEY:
		NL_SET_ERR_MSG(info->extack,
			       "no sealing key: root adds the key that the sealing_key parameter names to the .bti keyring");
		break;
	case -EKEYREJECTED:
		NL_SET_ERR_MSG(info->extack,
			       "the sealing key is refused: it must be root's alone, and 16 bytes or more");
		break;
	case -ESTALE:
		NL_SET_ERR_MSG(info->extack,
			       "the blob is older than the keys loaded, or as old with other keys: refused as a rollback");
		break;
	case -EBADMSG:
		NL_SET_ERR_MSG(info->extack,
			       "the blob does not open under this device's sealing key: tampered, or sealed on another device");
		break;
	case -EBUSY:
		NL_SET_ERR_MSG(info->extack, "a provisioning session is running");
		break;
	case -EINVAL:
		NL_SET_ERR_MSG(info->extack,
			       "not a bti key blob");
		break;
	}
}

int bti_nl_key_export_doit(struct sk_buff *skb, struct genl_info *info)
{
	struct sk_buff *msg;
	u8 *blob;
	void *hdr;
	int err;

	blob = kmalloc(BTI_BLOB_LEN, GFP_KERNEL);
	msg = genlmsg_new(NLMSG_GOODSIZE, GFP_KERNEL);
	err = blob && msg ? bti_device_export(blob) : -ENOMEM;
	if (err) {
		bti_nl_key_error(info, err);
		goto out;
	}
	hdr = genlmsg_put_reply(msg, info, &bti_family, 0, BTI_CMD_KEY_EXPORT);
	if (!hdr || nla_put(msg, BTI_A_KEY_BLOB, BTI_BLOB_LEN, blob)) {
		err = -EMSGSIZE;
		goto out;
	}
	genlmsg_end(msg, hdr);
	err = genlmsg_reply(msg, info);
	msg = NULL;
out:
	nlmsg_free(msg);
	kfree(blob);
	return err;
}

int bti_nl_key_import_doit(struct sk_buff *skb, struct genl_info *info)
{
	struct nlattr *blob = info->attrs[BTI_A_KEY_BLOB];
	int err;

	if (GENL_REQ_ATTR_CHECK(info, BTI_A_KEY_BLOB))
		return -EINVAL;
	err = bti_device_import(nla_data(blob), nla_len(blob));
	bti_nl_key_error(info, err);
	return err;
}

/* the generated operations, for KUnit to check against the spec */
EXPORT_SYMBOL_IF_KUNIT(bti_nl_ops);

/*
 * Not netnsok: ports are hardware, and the initial namespace alone drives
 * them.  Voice sockets are made there (channel.c) and take no reference.
 * Parallel: a command waits for no lock of another port's, but a dump
 * takes each port's session lock in turn.
 */
struct genl_family bti_family __ro_after_init = {
	.name = BTI_FAMILY_NAME,
	.netnsok = false,
	.parallel_ops = true,
	/*
	 * Every command is checked as new: the header's reserved bytes and
	 * flags, and no attribute taken by a command without a policy.
	 */
	.resv_start_op = 0,
	.version = BTI_FAMILY_VERSION,
	.module = THIS_MODULE,
	.mcgrps = bti_mcgrps,
	.n_mcgrps = ARRAY_SIZE(bti_mcgrps),
};

/* An event of @cmd for the events group, or NULL if nobody listens. */
static struct sk_buff *bti_netlink_event_new(u8 cmd, gfp_t gfp, void **hdr)
{
	struct sk_buff *skb;

	if (!genl_has_listeners(&bti_family, &init_net, BTI_NLGRP_EVENTS))
		return NULL;
	skb = genlmsg_new(NLMSG_GOODSIZE, gfp);
	*hdr = skb ? genlmsg_put(skb, 0, 0, &bti_family, 0, cmd) : NULL;
	if (!*hdr) {
		nlmsg_free(skb);
		return NULL;
	}
	return skb;
}

/* Multicast @skb, filled unless @err, to the events group. */
static void bti_netlink_event_send(struct sk_buff *skb, void *hdr, int err)
{
	if (err) {
		nlmsg_free(skb);
		return;
	}
	genlmsg_end(skb, hdr);
	genlmsg_multicast(&bti_family, skb, 0, BTI_NLGRP_EVENTS, GFP_ATOMIC);
}

/**
 * bti_netlink_event - publish a line event to the events group
 * @port: where it happened
 * @ev: what happened
 * @value: the new hook state, the digit, whether ringing started, or the
 *	alarm
 *
 * Context: any but hard interrupt; the port's lock may be held, which keeps
 * one port's events in order.
 */
void bti_netlink_event(struct bti_port *port, enum bti_event ev, u8 value)
{
	static const int value_attr[] = {
		[BTI_EVENT_HOOK] = BTI_A_PORT_HOOK,
		[BTI_EVENT_FLASH] = 0,
		[BTI_EVENT_DIGIT] = BTI_A_PORT_DIGIT,
		[BTI_EVENT_RING] = BTI_A_PORT_RING,
		[BTI_EVENT_ALARM] = BTI_A_PORT_ALARM,
	};
	struct sk_buff *skb;
	void *hdr;

	skb = bti_netlink_event_new(BTI_CMD_PORT_EVENT, GFP_ATOMIC, &hdr);
	if (skb)
		bti_netlink_event_send(skb, hdr, bti_nl_put_id(skb, port) ||
				       nla_put_u8(skb, BTI_A_PORT_EVENT, ev) ||
				       (value_attr[ev] &&
					nla_put_u8(skb, value_attr[ev], value)));
}

/**
 * bti_netlink_session_end - tell listeners a session ended
 * @port: its port
 * @why: how it ended
 * @code: the protocol error involved, 0 if none
 */
void bti_netlink_session_end(struct bti_port *port, enum bti_session_end why,
			     u8 code)
{
	struct sk_buff *skb;
	void *hdr;

	skb = bti_netlink_event_new(BTI_CMD_SESSION_END, GFP_KERNEL, &hdr);
	if (skb)
		bti_netlink_event_send(skb, hdr,
				       nla_put_u32(skb, BTI_A_SESSION_PORT,
						   port->index) ||
				       nla_put_u8(skb, BTI_A_SESSION_END, why) ||
				       (code && nla_put_u8(skb, BTI_A_SESSION_ERROR,
							   code)));
}

/**
 * bti_netlink_channel_end - tell listeners a voice channel closed
 * @port: its port
 * @why: why
 * @st: its last counters
 */
void bti_netlink_channel_end(struct bti_port *port, enum bti_channel_end why,
			     const struct bti_channel_stats *st)
{
	struct sk_buff *skb;
	void *hdr;

	skb = bti_netlink_event_new(BTI_CMD_CHANNEL_END, GFP_KERNEL, &hdr);
	if (skb)
		bti_netlink_event_send(skb, hdr,
				       nla_put_u32(skb, BTI_A_CHANNEL_PORT,
						   port->index) ||
				       nla_put_u8(skb, BTI_A_CHANNEL_END, why) ||
				       bti_nl_put_channel_counters(skb, st));
}

/**
 * bti_netlink_channel_key_limit - a channel's key nears its last packet
 * @port: its port
 */
void bti_netlink_channel_key_limit(struct bti_port *port)
{
	struct sk_buff *skb;
	void *hdr;

	skb = bti_netlink_event_new(BTI_CMD_CHANNEL_KEY_LIMIT, GFP_KERNEL,
				    &hdr);
	if (skb)
		bti_netlink_event_send(skb, hdr,
				       nla_put_u32(skb, BTI_A_CHANNEL_PORT,
						   port->index));
}

/* A socket that owns a session closed. */
static int bti_netlink_release(struct notifier_block *nb,
			       unsigned long event, void *ptr)
{
	struct netlink_notify *n = ptr;

	if (event == NETLINK_URELEASE && n->protocol == NETLINK_GENERIC &&
	    net_eq(n->net, &init_net))
		bti_nl_session_release(n->portid);
	return NOTIFY_DONE;
}

static struct notifier_block bti_netlink_notifier = {
	.notifier_call = bti_netlink_release,
};

int bti_netlink_init(void)
{
	int err = bti_genl_register_family(&bti_family, bti_nl_ops,
					   ARRAY_SIZE(bti_nl_ops));

	if (err)
		return err;
	err = netlink_register_notifier(&bti_netlink_notifier);
	if (err)
		genl_unregister_family(&bti_family);
	return err;
}

void bti_netlink_exit(void)
{
	netlink_unregister_notifier(&bti_netlink_notifier);
	genl_unregister_family(&bti_family);
}
