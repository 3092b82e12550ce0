// SPDX-License-Identifier: GPL-2.0
/*
 * The bti family's provisioning session commands.  They carry protocol
 * messages and public values, never a key: the keys stay in the session.
 */
#include <linux/slab.h>

#include "netlink.h"

static void bti_nl_session_refusal(struct genl_info *info, int err, u8 code)
{
	switch (err) {
	case -ENOENT:
		NL_SET_ERR_MSG(info->extack,
			       "no provisioning session on this port");
		return;
	case -EPERM:
		NL_SET_ERR_MSG(info->extack,
			       "another socket started this port's session");
		return;
	case -ENOKEY:
		NL_SET_ERR_MSG(info->extack,
			       "the server's hello needs server-key, the key of the certificate you validated");
		return;
	}
	switch (code) {
	case BTI_ERROR_VERSION:
		NL_SET_ERR_MSG(info->extack,
			       "session failed: the server's message is of another protocol version");
		break;
	case BTI_ERROR_SUITE:
		NL_SET_ERR_MSG(info->extack,
			       "session failed: the server chose a suite the device did not offer");
		break;
	case BTI_ERROR_UNEXPECTED:
		NL_SET_ERR_MSG(info->extack,
			       "session failed: not the message the session waits for");
		break;
	case BTI_ERROR_MALFORMED:
		NL_SET_ERR_MSG(info->extack,
			       "session failed: the server's message is malformed or truncated");
		break;
	case BTI_ERROR_INTEGRITY:
		NL_SET_ERR_MSG(info->extack,
			       "session failed: the server's message fails its hash, MAC or tag (tampered, replayed or out of order)");
		break;
	case BTI_ERROR_CERTIFICATE:
		NL_SET_ERR_MSG(info->extack,
			       "session failed: server-key does not suit the suite the server chose");
		break;
	case BTI_ERROR_CONFIRM:
		NL_SET_ERR_MSG(info->extack,
			       "session failed: key confirmation does not verify, the server does not hold the session key");
		break;
	default:
		NL_SET_ERR_MSG(info->extack,
			       "session failed: the device could not take the step");
		break;
	}
}

static int bti_nl_put_voice(struct sk_buff *skb, const struct bti_voice *v)
{
	struct nlattr *nest = nla_nest_start(skb, BTI_A_SESSION_VOICE);

	if (!nest ||
	    nla_put_u8(skb, BTI_A_VOICE_FAMILY, v->family) ||
	    nla_put(skb, BTI_A_VOICE_ADDRESS, v->family == 4 ? 4 : 16,
		    v->addr) ||
	    nla_put_u16(skb, BTI_A_VOICE_UDP_PORT, v->port) ||
	    nla_put_u32(skb, BTI_A_VOICE_DEVICE_SSRC, v->device_ssrc) ||
	    nla_put_u32(skb, BTI_A_VOICE_SERVER_SSRC, v->server_ssrc))
		return -EMSGSIZE;
	nla_nest_end(skb, nest);
	return 0;
}

/* A reply of @cmd carrying the port and, if @len, a protocol message. */
static struct sk_buff *bti_nl_session_reply(struct genl_info *info, u8 cmd,
					    u32 index, const u8 *out,
					    size_t len, void **hdr)
{
	struct sk_buff *msg = genlmsg_new(NLMSG_GOODSIZE, GFP_KERNEL);

	if (!msg)
		return NULL;
	*hdr = genlmsg_put_reply(msg, info, &bti_family, 0, cmd);
	if (!*hdr || nla_put_u32(msg, BTI_A_SESSION_PORT, index) ||
	    (len && nla_put(msg, BTI_A_SESSION_MESSAGE, len, out))) {
		nlmsg_free(msg);
		return NULL;
	}
	return msg;
}

/* Reply with the port and, if @len, a protocol message. */
static int bti_nl_session_send(struct genl_info *info, u8 cmd, u32 index,
			       const u8 *out, size_t len)
{
	struct sk_buff *msg;
	void *hdr;

	msg = bti_nl_session_reply(info, cmd, index, out, len, &hdr);
	if (!msg)
		return -EMSGSIZE;
	genlmsg_end(msg, hdr);
	return genlmsg_reply(msg, info);
}

int bti_nl_session_new_doit(struct sk_buff *skb, struct genl_info *info)
{
	struct nlattr *kind_attr = info->attrs[BTI_A_SESSION_USER_KEY_KIND];
	u8 kind = kind_attr ? nla_get_u8(kind_attr) :
			      BTI_USER_KEY_KIND_SYMMETRIC;
	struct bti_port *port = info->user_ptr[0];
	u8 out[BTI_REQUEST_LEN];
	size_t len;
	int err;

	err = bti_provision_new(&port->pv, info->snd_portid, kind, out, &len);
	if (err == -EBUSY)
		NL_SET_ERR_MSG(info->extack,
			       "a provisioning session is running on this port");
	else if (err == -ENODEV)
		NL_SET_ERR_MSG(info->extack, "the port went away");
	return err ?: bti_nl_session_send(info, BTI_CMD_SESSION_NEW,
					  port->index, out, len);
}

static int bti_nl_put_step(struct sk_buff *msg, const struct bti_step *st)
{
	if (!st->ended && nla_put_u8(msg, BTI_A_SESSION_STAGE, st->stage))
		return -EMSGSIZE;
	if (st->has_voice && bti_nl_put_voice(msg, &st->voice))
		return -EMSGSIZE;
	if (st->has_auth &&
	    (nla_put_u8(msg, BTI_A_SESSION_AUTH_RESULT, st->result) ||
	     nla_put_u8(msg, BTI_A_SESSION_ATTEMPTS_LEFT, st->attempts_left)))
		return -EMSGSIZE;
	if (st->config_len &&
	    nla_put(msg, BTI_A_SESSION_CONFIG, st->config_len, st->config))
		return -EMSGSIZE;
	if (st->error &&
	    (nla_put_u8(msg, BTI_A_SESSION_ERROR, st->error) ||
	     nla_put_string(msg, BTI_A_SESSION_ERROR_TEXT, st->text)))
		return -EMSGSIZE;
	return 0;
}

int bti_nl_session_step_doit(struct sk_buff *skb, struct genl_info *info)
{
	struct nlattr *key = info->attrs[BTI_A_SESSION_SERVER_KEY];
	struct bti_port *port = info->user_ptr[0];
	struct sk_buff *msg = NULL;
	struct bti_step *st;
	void *hdr;
	int err;

	if (GENL_REQ_ATTR_CHECK(info, BTI_A_SESSION_MESSAGE))
		return -EINVAL;
	st = kzalloc(sizeof(*st), GFP_KERNEL);
	if (!st)
		return -ENOMEM;
	st->msg = nla_data(info->attrs[BTI_A_SESSION_MESSAGE]);
	st->len = nla_len(info->attrs[BTI_A_SESSION_MESSAGE]);
	if (key) {
		st->server_key = nla_data(key);
		st->key_len = nla_len(key);
	}
	err = bti_provision_step(&port->pv, info->snd_portid, st);
	if (err) {
		bti_nl_session_refusal(info, err, st->error);
		goto out;
	}
	msg = bti_nl_session_reply(info, BTI_CMD_SESSION_STEP, port->index,
				   st->out, st->out_len, &hdr);
	if (!msg || bti_nl_put_step(msg, st)) {
		err = -EMSGSIZE;
		goto out;
	}
	genlmsg_end(msg, hdr);
	err = genlmsg_reply(msg, info);
	msg = NULL;
out:
	nlmsg_free(msg);
	kfree_sensitive(st);
	return err;
}

static int bti_nl_fill_session(struct sk_buff *skb, struct bti_port *port,
			       u32 portid, u32 seq, int flags)
{
	struct bti_session_info si;
	void *hdr;
	int err;

	err = bti_provision_get(&port->pv, &si);
	if (err)
		return err;
	hdr = genlmsg_put(skb, portid, seq, &bti_family, flags,
			  BTI_CMD_SESSION_GET);
	if (!hdr)
		return -EMSGSIZE;
	if (nla_put_u32(skb, BTI_A_SESSION_PORT, port->index) ||
	    nla_put_u8(skb, BTI_A_SESSION_STAGE, si.stage) ||
	    (si.suite && nla_put_u8(skb, BTI_A_SESSION_SUITE, si.suite)) ||
	    (si.kind &&
	     (nla_put_u8(skb, BTI_A_SESSION_USER_KEY_KIND, si.kind) ||
	      nla_put_u32(skb, BTI_A_SESSION_TIMEOUT, si.timeout_ms)))) {
		genlmsg_cancel(skb, hdr);
		return -EMSGSIZE;
	}
	genlmsg_end(skb, hdr);
	return 0;
}

int bti_nl_session_get_doit(struct sk_buff *skb, struct genl_info *info)
{
	int err = bti_nl_get_port(info, bti_nl_fill_session);

	if (err == -ENOENT)
		bti_nl_session_refusal(info, err, 0);
	return err;
}

int bti_nl_session_get_dumpit(struct sk_buff *skb, struct netlink_callback *cb)
{
	return bti_nl_dump_ports(skb, cb, bti_nl_fill_session);
}

int bti_nl_session_del_doit(struct sk_buff *skb, struct genl_info *info)
{
	struct nlattr *code = info->attrs[BTI_A_SESSION_ERROR];
	struct bti_port *port = info->user_ptr[0];
	u8 out[BTI_ERROR_MSG_LEN];
	size_t len = 0;
	int err;

	err = bti_provision_del(&port->pv, code ? nla_get_u8(code) : 0, out,
				&len);
	if (err == -ENOENT)
		bti_nl_session_refusal(info, err, 0);
	return err ?: bti_nl_session_send(info, BTI_CMD_SESSION_DEL,
					  port->index, out, len);
}

/* The socket @portid closed: the sessions it started cannot go on. */
void bti_nl_session_release(u32 portid)
{
	unsigned long next = 0;
	struct bti_port *port;

	for (; (port = bti_port_get_next(&next)); next++) {
		bti_provision_owner_gone(&port->pv, portid);
		bti_port_put(port);
	}
}
