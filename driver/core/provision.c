// SPDX-License-Identifier: GPL-2.0
/*
 * A provisioning session per port: who may drive it, how long it may
 * live, and what happens at each of its ends.  Whatever way a session
 * ends, its keys are wiped before anything else is done.
 */
#include <linux/in.h>
#include <linux/in6.h>
#include <linux/slab.h>

#include "bti_core.h"
#include "device.h"
#include "testkeys.h"

static struct bti_port *bti_provision_port(struct bti_provision *pv)
{
	return container_of(pv, struct bti_port, pv);
}

/* Lock held.  Close the voice channel and wipe its keys, and say so. */
static void bti_provision_hang_up(struct bti_provision *pv,
				  enum bti_channel_end why)
{
	struct bti_port *port = bti_provision_port(pv);
	struct bti_channel *ch = pv->channel;
	struct bti_channel_stats st;

	if (!ch)
		return;
	bti_port_set_channel(port, NULL);
	pv->channel = NULL;
	bti_channel_stats(ch, &st);
	bti_channel_destroy(ch);
	bti_netlink_channel_end(port, why, &st);
}

/* Lock held.  Wipe the session's keys, settle the device, tell listeners. */
static void bti_provision_end(struct bti_provision *pv,
			      enum bti_session_end why, u8 code)
{
	struct bti_session *s = pv->s;
	bool bound = why == BTI_SESSION_END_DONE;

	bti_provision_hang_up(pv, BTI_CHANNEL_END_SESSION_ENDED);
	bti_device_session_end(bound ? s->kind : 0, s->d.user_key);
	bti_session_destroy(s);
#ifdef BTI_SESSION_WIPED_HOOK
	BTI_SESSION_WIPED_HOOK(s);
#endif
	kfree(s);
	pv->s = NULL;
	bti_port_hold_digits(bti_provision_port(pv), false);
	cancel_delayed_work(&pv->timeout);
	bti_netlink_session_end(bti_provision_port(pv), why, code);
}

/* Lock held.  End the session, keeping the ERROR that tells the server. */
static void bti_provision_fail(struct bti_provision *pv,
			       enum bti_session_end why, u8 code)
{
	if (bti_session_error(pv->s, code, pv->error_msg, &pv->error_len))
		pv->error_len = 0;
	pv->failed = true;
	bti_provision_end(pv, why, code);
}

static void bti_provision_timeout(struct work_struct *work)
{
	struct bti_provision *pv = container_of(to_delayed_work(work),
						struct bti_provision, timeout);

	mutex_lock(&pv->lock);
	if (pv->s && ktime_after(ktime_get(), pv->deadline))
		bti_provision_fail(pv, BTI_SESSION_END_TIMEOUT,
				   BTI_ERROR_TIMEOUT);
	mutex_unlock(&pv->lock);
}

void bti_provision_init(struct bti_provision *pv)
{
	mutex_init(&pv->lock);
	INIT_DELAYED_WORK(&pv->timeout, bti_provision_timeout);
}

/* The port is going: its session ends with it, and none starts after. */
void bti_provision_exit(struct bti_provision *pv)
{
	mutex_lock(&pv->lock);
	pv->gone = true;
	if (pv->s)
		bti_provision_end(pv, BTI_SESSION_END_PORT_GONE, 0);
	mutex_unlock(&pv->lock);
	cancel_delayed_work_sync(&pv->timeout);
}

/* The port is freed: nothing holds it any more. */
void bti_provision_destroy(struct bti_provision *pv)
{
	mutex_destroy(&pv->lock);
}

/**
 * bti_provision_new - start a session and build its REQUEST
 * @pv: the port's session slot
 * @owner: the netlink port id that alone may step the session
 * @kind: the user key kind to ask for
 * @out: the REQUEST, BTI_REQUEST_LEN bytes
 * @len: its length
 *
 * Return: 0; -EBUSY if the port runs a session; -ENODEV once the port is
 * unregistered; another negative errno.
 */
int bti_provision_new(struct bti_provision *pv, u32 owner, u8 kind, u8 *out,
		      size_t *len)
{
	unsigned int timeout = clamp(READ_ONCE(bti_session_timeout_s), 1U, 3600U);
	u8 id[SHA256_DIGEST_SIZE];
	struct bti_session *s;
	int err;

	s = kzalloc(sizeof(*s), GFP_KERNEL);
	if (!s)
		return -ENOMEM;
	err = bti_session_init(s, kind, bti_test_draws());
	if (err) {
		kfree(s);
		return err;
	}
	mutex_lock(&pv->lock);
	if (pv->gone || pv->s) {
		err = pv->gone ? -ENODEV : -EBUSY;
		goto out;
	}
	pv->reprovision = bti_device_session_begin(id);
	pv->s = s;
	WRITE_ONCE(pv->owner, owner);
	pv->failed = false;
	pv->voiced = false;
	bti_port_hold_digits(bti_provision_port(pv), true);
	pv->deadline = ktime_add_ms(ktime_get(), timeout * MSEC_PER_SEC);
	schedule_delayed_work(&pv->timeout, timeout * HZ + 1);
	err = bti_session_request(s, pv->reprovision ? id : NULL, out, len);
	if (err)
		bti_provision_end(pv, BTI_SESSION_END_FAILED, 0);
	s = NULL;
out:
	mutex_unlock(&pv->lock);
	if (s) {
		bti_session_destroy(s);
		kfree(s);
	}
	return err;
}

/* SERVER_HELLO in, KEY_TRANSPORT out. */
static int bti_provision_hello(struct bti_session *s, struct bti_step *st)
{
	int err;

	if (!st->server_key)
		return -ENOKEY;
	err = bti_session_hello(s, st->msg, st->len, st->server_key,
				st->key_len);
	err = err ?: bti_session_key_transport(s, st->out, &st->out_len);
	bti_test_keys_note(s);
	return err;
}

/* AUTH_RESULT in; USER_KEY out if the server accepted the subscriber. */
static int bti_provision_auth(struct bti_provision *pv, struct bti_step *st)
{
	struct bti_session *s = pv->s;
	struct bti_device_info dev;
	struct bti_device_proof proof;
	struct bti_reprovision re = { .key = proof.key };
	const u8 *key = s->d.user_key;
	int err;

	err = bti_session_auth(s, st->msg, st->len, &st->result,
			       &st->attempts_left);
	if (err)
		return err;
	st->has_auth = true;
	if (st->result != BTI_AUTH_RESULT_ACCEPTED)
		return 0;
	if (s->kind == BTI_USER_KEY_KIND_PUBLIC) {
		bti_device_get_info(&dev);
		key = dev.public_key;
	}
	if (pv->reprovision) {
		bti_device_proof(&proof);
		re.kind = proof.kind;
	}
	err = bti_session_user_key(s, key, s->kind == BTI_USER_KEY_KIND_PUBLIC ?
				   BTI_P256_POINT : BTI_USER_KEY,
				   pv->reprovision ? &re : NULL, st->out,
				   &st->out_len);
	memzero_explicit(&proof, sizeof(proof));
	return err;
}

/* Lock held.  The server's message, by what the session waits for. */
static int bti_provision_dispatch(struct bti_provision *pv,
				  struct bti_step *st)
{
	struct bti_session *s = pv->s;
	int err;

	if (st->len > 1 && st->msg[1] == BTI_MSG_ERROR)
		return bti_session_peer_error(s, st->msg, st->len, &st->error,
					      st->text);
	switch (s->stage) {
	case BTI_STAGE_REQUESTED:
		return bti_provision_hello(s, st);
	case BTI_STAGE_KEYED:
		err = bti_session_confirm(s, st->msg, st->len);
		st->has_voice = !err;
		st->voice = s->voice;
		return err;
	case BTI_STAGE_CONFIRMED:
		return bti_provision_auth(pv, st);
	case BTI_STAGE_USER_KEY_SENT:
		return bti_session_provisioned(s, st->msg, st->len, st->config,
					       &st->config_len);
	default:
		return -EPROTO;
	}
}

static enum bti_session_stage bti_provision_stage(enum bti_stage stage)
{
	switch (stage) {
	case BTI_STAGE_REQUESTED:
		return BTI_SESSION_STAGE_WAIT_HELLO;
	case BTI_STAGE_KEYED:
		return BTI_SESSION_STAGE_WAIT_CONFIRM;
	case BTI_STAGE_CONFIRMED:
		return BTI_SESSION_STAGE_WAIT_AUTH;
	default:
		return BTI_SESSION_STAGE_WAIT_PROVISIONED;
	}
}

/* Lock held.  Whether the step ended the session, and how. */
static void bti_provision_settle(struct bti_provision *pv, struct bti_step *st)
{
	struct bti_session *s = pv->s;

	st->ended = true;
	if (st->error)
		bti_provision_end(pv, BTI_SESSION_END_PEER_ERROR, st->error);
	else if (s->stage == BTI_STAGE_DONE)
		bti_provision_end(pv, BTI_SESSION_END_DONE, 0);
	else if (st->has_auth && st->result != BTI_AUTH_RESULT_ACCEPTED &&
		 (st->result != BTI_AUTH_RESULT_WRONG || !st->attempts_left))
		bti_provision_end(pv, BTI_SESSION_END_REFUSED, 0);
	else
		st->ended = false;
	if (!st->ended)
		st->stage = bti_provision_stage(s->stage);
}

/**
 * bti_provision_step - take the server's next message
 * @pv: the port's session slot
 * @owner: the caller's netlink port id
 * @st: the message, and what comes of it
 *
 * A message that fails a check ends the session; @st->error then says
 * why, and bti_provision_del() gives the ERROR to send the server.
 *
 * Return: 0; -ENOENT without a session; -EPERM if another socket owns
 * it; -ENOKEY if SERVER_HELLO comes without the server key; another
 * negative errno for a refused message.
 */
int bti_provision_step(struct bti_provision *pv, u32 owner,
		       struct bti_step *st)
{
	int err;

	mutex_lock(&pv->lock);
	if (!pv->s) {
		err = -ENOENT;
	} else if (pv->owner != owner) {
		err = -EPERM;
	} else {
		err = bti_provision_dispatch(pv, st);
		if (!err)
			bti_provision_settle(pv, st);
		else if (err != -ENOKEY)
			bti_provision_fail(pv, BTI_SESSION_END_FAILED,
					   st->error = pv->s->error ?:
						       BTI_ERROR_INTERNAL);
	}
	mutex_unlock(&pv->lock);
	return err;
}

/**
 * bti_provision_del - end a port's session
 * @pv: the port's session slot
 * @code: the protocol error to tell the server, 0 for none
 * @out: the ERROR to send the server, BTI_ERROR_MSG_LEN bytes
 * @len: its length, 0 if there is nothing to send
 *
 * Return: 0, or -ENOENT if the port has no session, live or failed.
 */
int bti_provision_del(struct bti_provision *pv, u8 code, u8 *out,
		      size_t *len)
{
	int err = 0;

	*len = 0;
	mutex_lock(&pv->lock);
	if (pv->s) {
		if (code && bti_session_error(pv->s, code, out, len))
			*len = 0;
		bti_provision_end(pv, BTI_SESSION_END_STOPPED, code);
	} else if (pv->failed) {
		memcpy(out, pv->error_msg, pv->error_len);
		*len = pv->error_len;
		pv->failed = false;
	} else {
		err = -ENOENT;
	}
	mutex_unlock(&pv->lock);
	return err;
}

/**
 * bti_provision_get - what a port's session waits for
 * @pv: the port's session slot
 * @info: filled in
 *
 * Return: 0, or -ENOENT if the port has no session, live or failed.
 */
int bti_provision_get(struct bti_provision *pv, struct bti_session_info *info)
{
	s64 left;
	int err = 0;

	memset(info, 0, sizeof(*info));
	mutex_lock(&pv->lock);
	if (pv->s) {
		info->stage = bti_provision_stage(pv->s->stage);
		info->suite = pv->s->suite;
		info->kind = pv->s->kind;
		left = ktime_ms_delta(pv->deadline, ktime_get());
		info->timeout_ms = clamp_t(s64, left, 0, U32_MAX);
	} else if (pv->failed) {
		info->stage = BTI_SESSION_STAGE_FAILED;
	} else {
		err = -ENOENT;
	}
	mutex_unlock(&pv->lock);
	return err;
}

/*
 * The socket that owns the session closed: nobody can finish it.  Every
 * generic netlink socket's close comes here, for every port: only the
 * owner's waits for the session's lock.
 */
void bti_provision_owner_gone(struct bti_provision *pv, u32 owner)
{
	if (READ_ONCE(pv->owner) != owner)
		return;
	mutex_lock(&pv->lock);
	if (pv->owner == owner && pv->s)
		bti_provision_end(pv, BTI_SESSION_END_OWNER_GONE, 0);
	else if (pv->owner == owner)
		pv->failed = false;
	mutex_unlock(&pv->lock);
}

/* Where KEY_CONFIRM said the voice channel goes, as a socket address. */
static void bti_provision_voice_params(const struct bti_voice *v,
				       struct bti_channel_params *p)
{
	struct sockaddr_in6 *in6 = (struct sockaddr_in6 *)&p->remote;
	struct sockaddr_in *in = (struct sockaddr_in *)&p->remote;

	memset(p, 0, sizeof(*p));
	if (v->family == 6) {
		in6->sin6_family = AF_INET6;
		in6->sin6_port = htons(v->port);
		memcpy(&in6->sin6_addr, v->addr, 16);
	} else {
		in->sin_family = AF_INET;
		in->sin_port = htons(v->port);
		memcpy(&in->sin_addr, v->addr, 4);
	}
	p->device_ssrc = v->device_ssrc;
	p->server_ssrc = v->server_ssrc;
}

/*
 * Lock held.  A session's audio key seals one run of packets: a second
 * channel would start its indices again under the same key and salt, and
 * repeat GCM nonces.  So the session's copy goes once a channel holds it.
 */
static int bti_provision_open(struct bti_provision *pv, u16 *local_port)
{
	struct bti_port *port = bti_provision_port(pv);
	struct bti_session *s = pv->s;
	struct bti_channel_params p;
	struct bti_channel *ch;

	bti_provision_voice_params(&s->voice, &p);
	ch = bti_channel_create(port, &p, s->d.audio_key,
				s->d.audio_salt);
	if (IS_ERR(ch))
		return PTR_ERR(ch);
	memzero_explicit(s->d.audio_key, sizeof(s->d.audio_key));
	memzero_explicit(s->d.audio_salt, sizeof(s->d.audio_salt));
	pv->voiced = true;
	pv->channel = ch;
	*local_port = bti_channel_local_port(ch);
	bti_port_set_channel(port, ch);
	return 0;
}

/**
 * bti_provision_channel_open - open the voice channel of the session
 * @pv: the port's session slot
 * @local_port: set to the device's UDP port
 *
 * The channel goes where the session's KEY_CONFIRM said, and a session
 * opens it once: the audio key is wiped from the session as the channel
 * takes it.
 *
 * Return: 0; -ENOENT without a session past key confirmation; -EBUSY if
 * the channel is open; -EALREADY if it was open and closed; another
 * negative errno.
 */
int bti_provision_channel_open(struct bti_provision *pv, u16 *local_port)
{
	int err;

	mutex_lock(&pv->lock);
	if (!pv->s || pv->s->stage < BTI_STAGE_CONFIRMED)
		err = -ENOENT;
	else if (pv->channel)
		err = -EBUSY;
	else if (pv->voiced)
		err = -EALREADY;
	else
		err = bti_provision_open(pv, local_port);
	mutex_unlock(&pv->lock);
	return err;
}

/**
 * bti_provision_channel_close - close the voice channel
 * @pv: the port's session slot
 *
 * Return: 0, or -ENOENT if none is open.
 */
int bti_provision_channel_close(struct bti_provision *pv)
{
	int err = 0;

	mutex_lock(&pv->lock);
	if (pv->channel)
		bti_provision_hang_up(pv, BTI_CHANNEL_END_STOPPED);
	else
		err = -ENOENT;
	mutex_unlock(&pv->lock);
	return err;
}

/**
 * bti_provision_channel_get - where the voice channel goes, and its counters
 * @pv: the port's session slot
 * @p: filled with where it goes
 * @local_port: the device's UDP port
 * @st: filled with its counters
 *
 * Return: 0, or -ENOENT if none is open.
 */
int bti_provision_channel_get(struct bti_provision *pv,
			      struct bti_channel_params *p, u16 *local_port,
			      struct bti_channel_stats *st)
{
	int err = 0;

	mutex_lock(&pv->lock);
	if (pv->channel) {
		*p = pv->channel->params;
		*local_port = bti_channel_local_port(pv->channel);
		bti_channel_stats(pv->channel, st);
	} else {
		err = -ENOENT;
	}
	mutex_unlock(&pv->lock);
	return err;
}
