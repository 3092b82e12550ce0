/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _BTI_PROVISION_H
#define _BTI_PROVISION_H

#include <linux/mutex.h>
#include <linux/workqueue.h>

#include "channel.h"
#include "session.h"

/* an ERROR without text */
#define BTI_ERROR_MSG_LEN	(BTI_MSG_HEADER + 2 + BTI_MSG_TRAILER)

/**
 * struct bti_provision - a port's provisioning session
 * @lock: protects all of it; held across the session's own crypto and the
 *	channel's connect, so that its steps keep their order.  Only this
 *	port's session and channel commands, its timeout and its
 *	unregistration wait on it.
 * @gone: the port is unregistered: no session may start
 * @s: the live session, NULL if none
 * @channel: its voice channel, NULL if none
 * @voiced: @s opened its channel; its audio key is gone
 * @owner: netlink port id of the socket that started @s; read unlocked by
 *	the socket release notifier, which locks only on a match
 * @reprovision: the device was provisioned when @s started
 * @deadline: when the device gives @s up
 * @timeout: fires at @deadline
 * @failed: a session failed and left @error_msg for the server
 * @error_msg: that ERROR, or nothing if @error_len is 0
 * @error_len: its length
 */
struct bti_provision {
	struct mutex lock;	/* see @lock above */
	bool gone;
	struct bti_session *s;
	struct bti_channel *channel;
	bool voiced;
	u32 owner;
	bool reprovision;
	ktime_t deadline;
	struct delayed_work timeout;
	bool failed;
	u8 error_msg[BTI_ERROR_MSG_LEN];
	size_t error_len;
};

/**
 * struct bti_step - one message from the server and what it yields
 * @msg: the server's message
 * @len: its length
 * @server_key: the validated server key, for SERVER_HELLO
 * @key_len: its length
 * @out: the message to send the server
 * @out_len: its length, 0 if nothing is to be sent
 * @has_voice: @voice is set, from KEY_CONFIRM
 * @voice: where the voice channel goes
 * @has_auth: @result and @attempts_left are set, from AUTH_RESULT
 * @result: the server's verdict
 * @attempts_left: its count of tries left
 * @config: the configuration, from PROVISIONED
 * @config_len: its length, 0 if none
 * @stage: what the session waits for next, unless @ended
 * @error: the protocol error of a refused message, or the server's code
 * @text: the server's ERROR text
 * @ended: the session ended with this step
 */
struct bti_step {
	const u8 *msg;
	size_t len;
	const u8 *server_key;
	size_t key_len;

	u8 out[BTI_MSG_HEADER + BTI_BODY_MAX + BTI_MSG_TRAILER];
	size_t out_len;
	bool has_voice;
	struct bti_voice voice;
	bool has_auth;
	u8 result;
	u8 attempts_left;
	u8 config[BTI_CONFIG_MAX];
	size_t config_len;
	enum bti_session_stage stage;
	u8 error;
	char text[BTI_ERROR_TEXT_MAX + 1];
	bool ended;
};

/**
 * struct bti_session_info - what anyone may know of a port's session
 * @stage: what it waits for
 * @suite: the server's suite, 0 before its hello
 * @kind: the user key kind asked for
 * @timeout_ms: time left
 */
struct bti_session_info {
	enum bti_session_stage stage;
	u8 suite;
	u8 kind;
	u32 timeout_ms;
};

extern unsigned int bti_session_timeout_s;

void bti_provision_init(struct bti_provision *pv);
void bti_provision_exit(struct bti_provision *pv);
void bti_provision_destroy(struct bti_provision *pv);
int bti_provision_new(struct bti_provision *pv, u32 owner, u8 kind, u8 *out,
		      size_t *len);
int bti_provision_step(struct bti_provision *pv, u32 owner,
		       struct bti_step *st);
int bti_provision_del(struct bti_provision *pv, u8 code, u8 *out,
		      size_t *len);
int bti_provision_get(struct bti_provision *pv, struct bti_session_info *info);
void bti_provision_owner_gone(struct bti_provision *pv, u32 owner);
int bti_provision_channel_open(struct bti_provision *pv, u16 *local_port);
int bti_provision_channel_close(struct bti_provision *pv);
int bti_provision_channel_get(struct bti_provision *pv,
			      struct bti_channel_params *p, u16 *local_port,
			      struct bti_channel_stats *st);

#endif /* _BTI_PROVISION_H */
