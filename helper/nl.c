// SPDX-License-Identifier: GPL-2.0
/*
 * Requests to the bti family, with the kernel's extended ACK message
 * printed when it refuses one.
 */
#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <linux/netlink.h>

#include <netlink/genl/ctrl.h>

#include "nl.h"

static struct nla_policy port_policy[BTI_A_PORT_MAX + 1] = {
	[BTI_A_PORT_INDEX] = { .type = NLA_U32 },
	[BTI_A_PORT_NAME] = { .type = NLA_STRING },
	[BTI_A_PORT_CHIP] = { .type = NLA_STRING },
	[BTI_A_PORT_HOOK] = { .type = NLA_U8 },
	[BTI_A_PORT_LINEFEED] = { .type = NLA_U8 },
	[BTI_A_PORT_RING] = { .type = NLA_U8 },
	[BTI_A_PORT_COUNTERS] = { .type = NLA_NESTED },
	[BTI_A_PORT_EVENT] = { .type = NLA_U8 },
	[BTI_A_PORT_DIGIT] = { .type = NLA_U8 },
	[BTI_A_PORT_CHIP_REVISION] = { .type = NLA_STRING },
	[BTI_A_PORT_ALARM] = { .type = NLA_U8 },
};

static struct nla_policy device_policy[BTI_A_DEVICE_MAX + 1] = {
	[BTI_A_DEVICE_STATE] = { .type = NLA_U8 },
	[BTI_A_DEVICE_PUBLIC_KEY] = { .minlen = 65, .maxlen = 65 },
	[BTI_A_DEVICE_ID] = { .minlen = 32, .maxlen = 32 },
	[BTI_A_DEVICE_USER_KEY_KIND] = { .type = NLA_U8 },
	[BTI_A_DEVICE_USER_KEY_ID] = { .minlen = 32, .maxlen = 32 },
};

static struct nla_policy session_policy[BTI_A_SESSION_MAX + 1] = {
	[BTI_A_SESSION_PORT] = { .type = NLA_U32 },
	[BTI_A_SESSION_USER_KEY_KIND] = { .type = NLA_U8 },
	[BTI_A_SESSION_STAGE] = { .type = NLA_U8 },
	[BTI_A_SESSION_SUITE] = { .type = NLA_U8 },
	[BTI_A_SESSION_TIMEOUT] = { .type = NLA_U32 },
	[BTI_A_SESSION_ERROR] = { .type = NLA_U8 },
	[BTI_A_SESSION_END] = { .type = NLA_U8 },
};

static struct nla_policy key_policy[BTI_A_KEY_MAX + 1] = {
	[BTI_A_KEY_BLOB] = { .maxlen = 1024 },
};

const struct btictl_attr_set btictl_key_attrs = {
	BTI_A_KEY_MAX, key_policy
};

const struct btictl_attr_set btictl_port_attrs = {
	BTI_A_PORT_MAX, port_policy
};
const struct btictl_attr_set btictl_device_attrs = {
	BTI_A_DEVICE_MAX, device_policy
};
static struct nla_policy channel_policy[BTI_A_CHANNEL_MAX + 1] = {
	[BTI_A_CHANNEL_PORT] = { .type = NLA_U32 },
	[BTI_A_CHANNEL_ADDRESS] = { .minlen = 4, .maxlen = 16 },
	[BTI_A_CHANNEL_UDP_PORT] = { .type = NLA_U16 },
	[BTI_A_CHANNEL_LOCAL_UDP_PORT] = { .type = NLA_U16 },
	[BTI_A_CHANNEL_DEVICE_SSRC] = { .type = NLA_U32 },
	[BTI_A_CHANNEL_SERVER_SSRC] = { .type = NLA_U32 },
	[BTI_A_CHANNEL_COUNTERS] = { .type = NLA_NESTED },
	[BTI_A_CHANNEL_END] = { .type = NLA_U8 },
};

const struct btictl_attr_set btictl_channel_attrs = {
	BTI_A_CHANNEL_MAX, channel_policy
};
const struct btictl_attr_set btictl_session_attrs = {
	BTI_A_SESSION_MAX, session_policy
};

struct call {
	const struct btictl_attr_set *set;
	btictl_nl_cb cb;
	void *arg;
	int err;
	int cb_err;
	bool done;
	char extack[256];
};

int btictl_nl_open(struct btictl_nl *nl)
{
	int one = 1;

	nl->sk = nl_socket_alloc();
	if (!nl->sk)
		return -ENOMEM;
	if (genl_connect(nl->sk)) {
		nl_socket_free(nl->sk);
		return -ECONNREFUSED;
	}
	setsockopt(nl_socket_get_fd(nl->sk), SOL_NETLINK, NETLINK_EXT_ACK,
		   &one, sizeof(one));
	setsockopt(nl_socket_get_fd(nl->sk), SOL_NETLINK, NETLINK_CAP_ACK,
		   &one, sizeof(one));
	nl->family = genl_ctrl_resolve(nl->sk, BTI_FAMILY_NAME);
	if (nl->family < 0) {
		nl_socket_free(nl->sk);
		return -ENOENT;
	}
	return 0;
}

void btictl_nl_close(struct btictl_nl *nl)
{
	nl_socket_free(nl->sk);
}

struct nl_msg *btictl_nl_msg(struct btictl_nl *nl, int cmd, int flags)
{
	struct nl_msg *msg = nlmsg_alloc();

	if (msg && !genlmsg_put(msg, NL_AUTO_PORT, NL_AUTO_SEQ, nl->family, 0,
				flags, cmd, BTI_FAMILY_VERSION)) {
		nlmsg_free(msg);
		msg = NULL;
	}
	return msg;
}

int btictl_nl_parse(struct nl_msg *msg, const struct btictl_attr_set *set,
		    struct nlattr **tb)
{
	return genlmsg_parse(nlmsg_hdr(msg), 0, tb, set->max, set->policy);
}

static int on_valid(struct nl_msg *msg, void *arg)
{
	struct nlattr *tb[BTI_A_PORT_MAX + BTI_A_DEVICE_MAX + BTI_A_SESSION_MAX +
			  BTI_A_CHANNEL_MAX + BTI_A_KEY_MAX + 1];
	struct call *c = arg;

	if (btictl_nl_parse(msg, c->set, tb) < 0) {
		c->cb_err = -EBADMSG;
		return NL_STOP;
	}
	if (c->cb)
		c->cb_err = c->cb(tb, c->arg);
	return c->cb_err ? NL_STOP : NL_OK;
}

/**
 * btictl_nl_error - what an NLMSG_ERROR says
 * @e: its payload
 * @extack: where the refusal's reason goes, "" if it has none
 * @len: the size of @extack
 *
 * The kernel appends the reason after the echoed request header.
 *
 * Returns the error, a negative errno or 0 for an ACK.
 */
int btictl_nl_error(struct nlmsgerr *e, char *extack, size_t len)
{
	struct nlmsghdr *nlh = (struct nlmsghdr *)e - 1;
	struct nlattr *tb[NLMSGERR_ATTR_MAX + 1];
	int off = sizeof(*e);

	extack[0] = 0;
	if (!(nlh->nlmsg_flags & NLM_F_CAPPED))
		off += e->msg.nlmsg_len - sizeof(e->msg);
	if ((nlh->nlmsg_flags & NLM_F_ACK_TLVS) &&
	    (int)nlmsg_datalen(nlh) > off &&
	    !nla_parse(tb, NLMSGERR_ATTR_MAX,
		       (struct nlattr *)((char *)e + off),
		       nlmsg_datalen(nlh) - off, NULL) &&
	    tb[NLMSGERR_ATTR_MSG])
		snprintf(extack, len, "%s", nla_get_string(tb[NLMSGERR_ATTR_MSG]));
	return e->error;
}

static int on_error(struct sockaddr_nl *who, struct nlmsgerr *e, void *arg)
{
	struct call *c = arg;

	(void)who;
	c->done = true;
	c->err = btictl_nl_error(e, c->extack, sizeof(c->extack));
	return NL_STOP;
}

static int on_done(struct nl_msg *msg, void *arg)
{
	struct call *c = arg;

	(void)msg;
	c->done = true;
	return NL_STOP;
}

/**
 * btictl_nl_call - send a request, feed each reply to @cb, wait for the end
 *
 * Returns 0, or a negative errno after printing why on stderr.
 */
int btictl_nl_call(struct btictl_nl *nl, struct nl_msg *msg,
		   const struct btictl_attr_set *set, btictl_nl_cb cb, void *arg)
{
	struct call c = { .set = set, .cb = cb, .arg = arg };
	struct nl_cb *nlcb = nl_cb_alloc(NL_CB_DEFAULT);
	int err;

	if (!nlcb) {
		nlmsg_free(msg);
		return -ENOMEM;
	}
	nl_cb_set(nlcb, NL_CB_VALID, NL_CB_CUSTOM, on_valid, &c);
	nl_cb_set(nlcb, NL_CB_FINISH, NL_CB_CUSTOM, on_done, &c);
	nl_cb_set(nlcb, NL_CB_ACK, NL_CB_CUSTOM, on_done, &c);
	nl_cb_err(nlcb, NL_CB_CUSTOM, on_error, &c);

	err = nl_send_auto_complete(nl->sk, msg);
	nlmsg_free(msg);
	/* a reply and its ACK may come in separate reads */
	while (err >= 0 && !c.done && !c.cb_err)
		err = nl_recvmsgs(nl->sk, nlcb);
	nl_cb_put(nlcb);
	/* genetlink itself refuses a caller without the capability, unsaid */
	if (c.err == -EPERM && !c.extack[0])
		snprintf(c.extack, sizeof(c.extack),
			 "this command needs CAP_NET_ADMIN");
	if (c.err) {
		fprintf(stderr, "btictl: %s%s%s\n",
			c.extack[0] ? c.extack : "", c.extack[0] ? ": " : "",
			strerror(-c.err));
		return c.err;
	}
	if (err < 0) {
		fprintf(stderr, "btictl: netlink: %s\n", nl_geterror(err));
		return -EIO;
	}
	return c.cb_err;
}
