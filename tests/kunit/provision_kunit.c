// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit: a port's provisioning session.  Whole sessions against the
 * protocol vectors commit the user key; a second session on a busy port is
 * refused; and every end (done, refused, failed, the server's ERROR, stop,
 * timeout, the owner's socket closing, the port going) wipes the keys,
 * which a hook sees between the wipe and the free.
 */
#include <kunit/test.h>
#include <linux/delay.h>

struct bti_session;
static void wiped_check(const struct bti_session *s);
#define BTI_SESSION_WIPED_HOOK wiped_check
#ifndef BTI_TEST_KEYS
#define BTI_TEST_KEYS
#endif

#include <bti/compat.h>

/*
 * The port and netlink ends of a session are faked below, so the files
 * around the session are built in; the session, its cryptography and
 * the voice channel's SRTP and jitter buffer are bti.ko's own
 * (EXPORT_SYMBOL_IF_KUNIT), which is loaded first.
 */
#include "../../driver/core/channel.c"
#include "../../driver/core/device.c"
#include "../../driver/core/provision.c"
#include "../../driver/core/seal.c"
#include "../../driver/core/crypto/hkdf.h"
#include "../../driver/core/transcript.h"
#include "protocol_vectors.h"
#include "vector_draws.h"

#define EXPECT_BYTES(test, got, want, n, what)				\
	do {								\
		if (memcmp(got, want, n))				\
			KUNIT_FAIL(test, what " differs from the vector"); \
	} while (0)

unsigned int bti_session_timeout_s = 330;

static struct {
	struct bti_session_draws d;
	bool fixed;
	unsigned int wiped, dirty, ends;
	enum bti_session_end why;
	u8 code;
} t;

const struct bti_session_draws *bti_test_draws(void)
{
	return t.fixed ? &t.d : NULL;
}

void bti_test_keys_note(const struct bti_session *s)
{
}

void bti_port_set_channel(struct bti_port *port, struct bti_channel *ch)
{
	port->channel = ch;
}

void bti_port_hold_digits(struct bti_port *port, bool hold)
{
	port->digits_held = hold;
}

void bti_netlink_channel_end(struct bti_port *port, enum bti_channel_end why,
			     const struct bti_channel_stats *st)
{
}

void bti_netlink_channel_key_limit(struct bti_port *port)
{
}

static void wiped_check(const struct bti_session *s)
{
	t.wiped++;
	if (memchr_inv(s, 0, sizeof(*s)))
		t.dirty++;
}

void bti_netlink_session_end(struct bti_port *port, enum bti_session_end why,
			     u8 code)
{
	t.ends++;
	t.why = why;
	t.code = code;
}

static struct bti_port *port_new(struct kunit *test)
{
	struct bti_port *port = kunit_kzalloc(test, sizeof(*port), GFP_KERNEL);

	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, port);
	bti_provision_init(&port->pv);
	return port;
}

static int provision_init(struct kunit *test)
{
	memset(&t, 0, sizeof(t));
	draws(&t.d);
	bti_session_timeout_s = 330;
	return bti_device_init();
}

static void provision_exit(struct kunit *test)
{
	bti_device_exit();
}

/* The device of the vectors, provisioned with @kind if @kind. */
static void vector_device(u8 kind)
{
	memcpy(bti_device->private_key, pv_device_private_key, 32);
	memcpy(bti_device->public_key, pv_device_public_key, 65);
	sha256(pv_device_public_key, 65, bti_device->id);
	if (!kind)
		return;
	bti_device->state = BTI_DEVICE_STATE_PROVISIONED;
	bti_device->user_key_kind = kind;
	memcpy(bti_device->user_key, pv_old_user_key, 32);
}

/* Step @msg in, which must pass. */
static struct bti_step *step(struct kunit *test, struct bti_port *port,
			     const u8 *msg, size_t len, const u8 *key,
			     size_t key_len)
{
	struct bti_step *st = kunit_kzalloc(test, sizeof(*st), GFP_KERNEL);

	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, st);
	st->msg = msg;
	st->len = len;
	st->server_key = key;
	st->key_len = key_len;
	KUNIT_ASSERT_EQ(test, bti_provision_step(&port->pv, 1, st), 0);
	return st;
}

/* A session on @port from the vectors' draws, up to KEY_TRANSPORT. */
static void keyed_by(struct kunit *test, struct bti_port *port, u8 kind,
		     const u8 *request, const u8 *hello, size_t hello_len,
		     const u8 *key, size_t key_len, const u8 *transport,
		     size_t transport_len)
{
	u8 out[BTI_REQUEST_LEN];
	struct bti_step *st;
	size_t len;

	t.fixed = true;
	KUNIT_ASSERT_EQ(test, bti_provision_new(&port->pv, 1, kind, out, &len),
			0);
	KUNIT_ASSERT_EQ(test, len, sizeof(pv_request));
	if (request)
		EXPECT_BYTES(test, out, request, len, "REQUEST");
	st = step(test, port, hello, hello_len, key, key_len);
	KUNIT_ASSERT_EQ(test, st->out_len, transport_len);
	EXPECT_BYTES(test, st->out, transport, transport_len, "KEY_TRANSPORT");
}

/* The same in suite 1. */
static void keyed(struct kunit *test, struct bti_port *port, u8 kind,
		  const u8 *request, const u8 *transport, size_t transport_len)
{
	keyed_by(test, port, kind, request, pv_s1_server_hello,
		 sizeof(pv_s1_server_hello), pv_s1_server_key,
		 sizeof(pv_s1_server_key), transport, transport_len);
}

struct run {
	u8 kind, bound;
	const u8 *hello, *key;
	size_t hello_len, key_len;
	const u8 *request, *transport, *confirm, *auth1, *auth2, *user_key;
	const u8 *provisioned;
	size_t transport_len, confirm_len, auth1_len, auth2_len, user_key_len;
	size_t provisioned_len;
};

#define RUN(k, b, su, req, p) { k, b, pv_s##su##_server_hello,		\
	pv_s##su##_server_key, sizeof(pv_s##su##_server_hello),		\
	sizeof(pv_s##su##_server_key), req, p##_key_transport, p##_key_confirm, \
	p##_auth_result_1, p##_auth_result_2, p##_user_key, p##_provisioned, \
	sizeof(p##_key_transport), sizeof(p##_key_confirm),		\
	sizeof(p##_auth_result_1), sizeof(p##_auth_result_2),		\
	sizeof(p##_user_key), sizeof(p##_provisioned) }

static const struct run runs[] = {
	RUN(1, 0, 1, pv_request, pv_s1k1),
	RUN(2, 0, 1, NULL, pv_s1k2),	/* its REQUEST is not among them */
	RUN(1, 0, 2, pv_request, pv_s2k1),
	RUN(1, 1, 1, pv_r1_request, pv_r1),
	RUN(2, 2, 1, pv_r2_request, pv_r2),
};

/* Whole sessions through the port: the device ends bound to the key. */
static void whole_sessions(struct kunit *test)
{
	static const char label[] = "bti v1 user key id";
	struct bti_device_info info;
	u8 msg[sizeof(label) - 1 + 32];
	u8 want_id[SHA256_DIGEST_SIZE];
	struct bti_step *st;
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(runs); i++) {
		const struct run *r = &runs[i];
		struct bti_port *port = port_new(test);

		vector_device(r->bound);
		keyed_by(test, port, r->kind, r->request, r->hello,
			 r->hello_len, r->key, r->key_len, r->transport,
			 r->transport_len);
		bti_device_get_info(&info);
		KUNIT_EXPECT_EQ(test, info.state,
				BTI_DEVICE_STATE_PROVISIONING);
		st = step(test, port, r->confirm, r->confirm_len, NULL, 0);
		KUNIT_EXPECT_TRUE(test, st->has_voice);
		KUNIT_EXPECT_EQ(test, st->voice.port, 5004);
		st = step(test, port, r->auth1, r->auth1_len, NULL, 0);
		KUNIT_EXPECT_EQ(test, st->result, BTI_AUTH_RESULT_WRONG);
		KUNIT_EXPECT_FALSE(test, st->ended);
		KUNIT_EXPECT_EQ(test, st->out_len, 0);
		st = step(test, port, r->auth2, r->auth2_len, NULL, 0);
		KUNIT_EXPECT_EQ(test, st->result, BTI_AUTH_RESULT_ACCEPTED);
		KUNIT_ASSERT_EQ(test, st->out_len, r->user_key_len);
		EXPECT_BYTES(test, st->out, r->user_key, st->out_len,
			     "USER_KEY");
		st = step(test, port, r->provisioned, r->provisioned_len, NULL,
			  0);
		KUNIT_EXPECT_TRUE(test, st->ended);
		KUNIT_ASSERT_EQ(test, st->config_len, sizeof(pv_config));
		EXPECT_BYTES(test, st->config, pv_config, st->config_len,
			     "configuration");
		KUNIT_EXPECT_EQ(test, t.why, BTI_SESSION_END_DONE);
		KUNIT_EXPECT_EQ(test, t.wiped, i + 1);
		KUNIT_EXPECT_EQ(test, t.dirty, 0);
		KUNIT_EXPECT_NULL(test, port->pv.s);

		bti_device_get_info(&info);
		KUNIT_EXPECT_EQ(test, info.state, BTI_DEVICE_STATE_PROVISIONED);
		KUNIT_EXPECT_EQ(test, info.user_key_kind, r->kind);
		memcpy(msg, label, sizeof(label) - 1);
		memcpy(msg + sizeof(label) - 1, pv_user_key, 32);
		sha256(msg, sizeof(msg), want_id);
		EXPECT_BYTES(test, info.user_key_id,
			     r->kind == 1 ? want_id : info.id, 32,
			     "user key id");
		bti_provision_exit(&port->pv);
		bti_device->state = BTI_DEVICE_STATE_UNPROVISIONED;
		bti_device->user_key_kind = 0;
	}
}

/* A second session on a busy port is refused; the first goes on. */
static void busy_port(struct kunit *test)
{
	struct bti_port *port = port_new(test);
	u8 out[BTI_REQUEST_LEN];
	struct bti_session_info si;
	size_t len;

	keyed(test, port, 1, pv_request, pv_s1k1_key_transport,
	      sizeof(pv_s1k1_key_transport));
	KUNIT_EXPECT_EQ(test, bti_provision_new(&port->pv, 2, 1, out, &len),
			-EBUSY);
	KUNIT_ASSERT_EQ(test, bti_provision_get(&port->pv, &si), 0);
	KUNIT_EXPECT_EQ(test, si.stage, BTI_SESSION_STAGE_WAIT_CONFIRM);
	KUNIT_EXPECT_EQ(test, si.suite, 1);
	KUNIT_EXPECT_EQ(test, t.ends, 0);
	step(test, port, pv_s1k1_key_confirm, sizeof(pv_s1k1_key_confirm),
	     NULL, 0);
	bti_provision_exit(&port->pv);
}

/* Only the socket that started a session steps it. */
static void other_owner(struct kunit *test)
{
	struct bti_port *port = port_new(test);
	struct bti_step *st = kunit_kzalloc(test, sizeof(*st), GFP_KERNEL);

	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, st);
	keyed(test, port, 1, pv_request, pv_s1k1_key_transport,
	      sizeof(pv_s1k1_key_transport));
	st->msg = pv_s1k1_key_confirm;
	st->len = sizeof(pv_s1k1_key_confirm);
	KUNIT_EXPECT_EQ(test, bti_provision_step(&port->pv, 2, st), -EPERM);
	bti_provision_owner_gone(&port->pv, 2);
	KUNIT_EXPECT_EQ(test, t.ends, 0);
	step(test, port, pv_s1k1_key_confirm, sizeof(pv_s1k1_key_confirm),
	     NULL, 0);
	bti_provision_exit(&port->pv);
}

/* The ERROR the device sends: its code, and a trailer keyed as it must be. */
static void expect_error(struct kunit *test, struct bti_provision *pv,
			 u8 code, bool keyed)
{
	u8 out[BTI_ERROR_MSG_LEN], hash[SHA256_DIGEST_SIZE];
	size_t len;

	KUNIT_ASSERT_EQ(test, bti_provision_del(pv, 0, out, &len), 0);
	KUNIT_ASSERT_EQ(test, len, BTI_ERROR_MSG_LEN);
	KUNIT_EXPECT_EQ(test, out[1], BTI_MSG_ERROR);
	KUNIT_EXPECT_EQ(test, out[3], 2);
	KUNIT_EXPECT_EQ(test, out[4], code);
	KUNIT_EXPECT_EQ(test, out[5], 0);
	sha256(out, BTI_MSG_HEADER + 2, hash);
	KUNIT_EXPECT_EQ(test, !memcmp(out + 6, hash, sizeof(hash)), !keyed);
	KUNIT_EXPECT_EQ(test, bti_provision_del(pv, 0, out, &len), -ENOENT);
}

/* Every end wipes the keys and settles the device, and says why. */
static void ends_wipe(struct kunit *test)
{
	struct bti_port *port = port_new(test);
	struct bti_step *st = kunit_kzalloc(test, sizeof(*st), GFP_KERNEL);
	u8 *bad = kunit_kmalloc(test, sizeof(pv_s1k1_key_confirm), GFP_KERNEL);
	struct bti_device_info info;
	struct bti_session_info si;
	u8 out[BTI_REQUEST_LEN];
	size_t len;

	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, st);
	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, bad);
	memcpy(bad, pv_s1k1_key_confirm, sizeof(pv_s1k1_key_confirm));

	/* a tampered message */
	keyed(test, port, 1, pv_request, pv_s1k1_key_transport,
	      sizeof(pv_s1k1_key_transport));
	bad[10] ^= 1;
	st->msg = bad;
	st->len = sizeof(pv_s1k1_key_confirm);
	KUNIT_EXPECT_EQ(test, bti_provision_step(&port->pv, 1, st), -EBADMSG);
	KUNIT_EXPECT_EQ(test, st->error, BTI_ERROR_INTEGRITY);
	KUNIT_EXPECT_EQ(test, t.why, BTI_SESSION_END_FAILED);
	KUNIT_EXPECT_EQ(test, t.code, BTI_ERROR_INTEGRITY);
	KUNIT_ASSERT_EQ(test, bti_provision_get(&port->pv, &si), 0);
	KUNIT_EXPECT_EQ(test, si.stage, BTI_SESSION_STAGE_FAILED);
	expect_error(test, &port->pv, BTI_ERROR_INTEGRITY, true);

	/* stopped by the caller, before keys: a hashed ERROR */
	t.fixed = true;
	KUNIT_ASSERT_EQ(test, bti_provision_new(&port->pv, 1, 1, out, &len), 0);
	KUNIT_ASSERT_EQ(test, bti_provision_del(&port->pv, BTI_ERROR_CERTIFICATE,
						out, &len), 0);
	KUNIT_EXPECT_EQ(test, len, BTI_ERROR_MSG_LEN);
	KUNIT_EXPECT_EQ(test, out[4], BTI_ERROR_CERTIFICATE);
	KUNIT_EXPECT_EQ(test, t.why, BTI_SESSION_END_STOPPED);

	/* the owner's socket closed */
	keyed(test, port, 1, pv_request, pv_s1k1_key_transport,
	      sizeof(pv_s1k1_key_transport));
	bti_provision_owner_gone(&port->pv, 1);
	KUNIT_EXPECT_EQ(test, t.why, BTI_SESSION_END_OWNER_GONE);

	/* the port went */
	keyed(test, port, 1, pv_request, pv_s1k1_key_transport,
	      sizeof(pv_s1k1_key_transport));
	bti_provision_exit(&port->pv);
	KUNIT_EXPECT_EQ(test, t.why, BTI_SESSION_END_PORT_GONE);

	KUNIT_EXPECT_EQ(test, t.ends, 4);
	KUNIT_EXPECT_EQ(test, t.wiped, 4);
	KUNIT_EXPECT_EQ(test, t.dirty, 0);
	bti_device_get_info(&info);
	KUNIT_EXPECT_EQ(test, info.state, BTI_DEVICE_STATE_UNPROVISIONED);
	KUNIT_EXPECT_EQ(test, bti_device->sessions, 0);
}

static void times_out(struct kunit *test)
{
	struct bti_port *port = port_new(test);

	bti_session_timeout_s = 1;
	keyed(test, port, 1, pv_request, pv_s1k1_key_transport,
	      sizeof(pv_s1k1_key_transport));
	msleep(1500);
	KUNIT_EXPECT_EQ(test, t.why, BTI_SESSION_END_TIMEOUT);
	KUNIT_EXPECT_EQ(test, t.wiped, 1);
	KUNIT_EXPECT_EQ(test, t.dirty, 0);
	expect_error(test, &port->pv, BTI_ERROR_TIMEOUT, true);
	bti_provision_exit(&port->pv);
}

/* The server's own message of @type, trailed as the server trails it. */
static size_t server_msg(struct bti_session *s, u8 type, const u8 *body,
			 size_t body_len, u8 *out)
{
	u8 th[SHA256_DIGEST_SIZE];
	struct bti_bytes m[] = {
		{ th, sizeof(th) }, { out, BTI_MSG_HEADER + body_len },
	};

	out[0] = BTI_PROTO_VERSION;
	out[1] = type;
	out[2] = 0;
	out[3] = body_len;
	memcpy(out + BTI_MSG_HEADER, body, body_len);
	if (s->stage >= BTI_STAGE_KEYED) {
		bti_transcript_hash(s, th);
		bti_hmac(s->tfm.hmac, s->k.mac_sd, 32, m, ARRAY_SIZE(m),
			 out + m[1].len);
	} else {
		sha256(out, m[1].len, out + m[1].len);
	}
	return m[1].len + BTI_MSG_TRAILER;
}

/* The server's ERROR and a final AUTH_RESULT end the session quietly. */
static void server_ends(struct kunit *test)
{
	static const u8 busy[] = { BTI_ERROR_BUSY, 4, 'b', 'u', 's', 'y' };
	static const u8 locked[] = { BTI_AUTH_RESULT_LOCKED, 0 };
	struct bti_port *port = port_new(test);
	u8 msg[BTI_REQUEST_LEN], out[BTI_ERROR_MSG_LEN];
	struct bti_step *st;
	size_t len;

	t.fixed = true;
	KUNIT_ASSERT_EQ(test, bti_provision_new(&port->pv, 1, 1, msg, &len), 0);
	len = server_msg(port->pv.s, BTI_MSG_ERROR, busy, sizeof(busy), msg);
	st = step(test, port, msg, len, NULL, 0);
	KUNIT_EXPECT_TRUE(test, st->ended);
	KUNIT_EXPECT_EQ(test, st->error, BTI_ERROR_BUSY);
	KUNIT_EXPECT_STREQ(test, st->text, "busy");
	KUNIT_EXPECT_EQ(test, t.why, BTI_SESSION_END_PEER_ERROR);
	KUNIT_EXPECT_EQ(test, bti_provision_del(&port->pv, 0, out, &len),
			-ENOENT);

	keyed(test, port, 1, pv_request, pv_s1k1_key_transport,
	      sizeof(pv_s1k1_key_transport));
	step(test, port, pv_s1k1_key_confirm, sizeof(pv_s1k1_key_confirm),
	     NULL, 0);
	len = server_msg(port->pv.s, BTI_MSG_AUTH_RESULT, locked,
			 sizeof(locked), msg);
	st = step(test, port, msg, len, NULL, 0);
	KUNIT_EXPECT_TRUE(test, st->ended);
	KUNIT_EXPECT_EQ(test, st->result, BTI_AUTH_RESULT_LOCKED);
	KUNIT_EXPECT_EQ(test, t.why, BTI_SESSION_END_REFUSED);
	KUNIT_EXPECT_EQ(test, t.wiped, 2);
	KUNIT_EXPECT_EQ(test, t.dirty, 0);
	bti_provision_exit(&port->pv);
}

/* SERVER_HELLO without the server key is the caller's slip: nothing ends. */
static void hello_needs_key(struct kunit *test)
{
	struct bti_port *port = port_new(test);
	struct bti_step *st = kunit_kzalloc(test, sizeof(*st), GFP_KERNEL);
	u8 out[BTI_REQUEST_LEN];
	size_t len;

	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, st);
	t.fixed = true;
	KUNIT_ASSERT_EQ(test, bti_provision_new(&port->pv, 1, 1, out, &len), 0);
	st->msg = pv_s1_server_hello;
	st->len = sizeof(pv_s1_server_hello);
	KUNIT_EXPECT_EQ(test, bti_provision_step(&port->pv, 1, st), -ENOKEY);
	KUNIT_EXPECT_EQ(test, t.ends, 0);
	st = step(test, port, pv_s1_server_hello, sizeof(pv_s1_server_hello),
		  pv_s1_server_key, sizeof(pv_s1_server_key));
	EXPECT_BYTES(test, st->out, pv_s1k1_key_transport, st->out_len,
		     "KEY_TRANSPORT");
	bti_provision_exit(&port->pv);
}

/*
 * The receive work takes a budget of packets a turn, then yields its
 * worker: a flood from the server's address costs turns, not the CPU.
 */
static void channel_receive_budget(struct kunit *test)
{
	struct bti_port *port = port_new(test);
	struct sockaddr_in srv = { .sin_family = AF_INET };
	struct bti_channel_params p = { };
	struct sockaddr_in *remote = (struct sockaddr_in *)&p.remote;
	u8 pkt[BTI_RTP_PACKET] = { 0x80 };
	struct kvec iov = { pkt, sizeof(pkt) };
	struct msghdr msg = { .msg_name = &srv, .msg_namelen = sizeof(srv) };
	const unsigned int n = 2 * BTI_CHANNEL_RX_BUDGET + 3;
	struct sk_buff_head *queue;
	struct bti_channel_stats st;
	struct bti_channel *ch;
	struct socket *sock;
	unsigned int i;

	srv.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	KUNIT_ASSERT_EQ(test, sock_create_kern(&init_net, AF_INET, SOCK_DGRAM,
					       IPPROTO_UDP, &sock), 0);
	KUNIT_ASSERT_EQ(test, kernel_bind(sock,
					  (struct sockaddr_unsized *)&srv,
					  sizeof(srv)), 0);
	KUNIT_ASSERT_GE(test, kernel_getsockname(sock,
						 (struct sockaddr *)&srv), 0);
	*remote = srv;
	p.device_ssrc = 1;
	p.server_ssrc = 2;
	put_unaligned_be32(2, pkt + 8);
	ch = bti_channel_create(port, &p, pv_audio_key, pv_audio_salt);
	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, ch);
	queue = &ch->sock->sk->sk_receive_queue;
	/* no work queued behind the test's back */
	write_lock_bh(&ch->sock->sk->sk_callback_lock);
	ch->sock->sk->sk_user_data = NULL;
	write_unlock_bh(&ch->sock->sk->sk_callback_lock);

	srv.sin_port = htons(bti_channel_local_port(ch));
	for (i = 0; i < n; i++)
		KUNIT_ASSERT_EQ(test, kernel_sendmsg(sock, &msg, &iov, 1,
						     sizeof(pkt)),
				(int)sizeof(pkt));
	/* loopback delivers from softirq, which ksoftirqd may run later */
	for (i = 0; skb_queue_len(queue) < n && i < 2000; i++)
		usleep_range(500, 1000);
	KUNIT_ASSERT_EQ(test, skb_queue_len(queue), n);
	for (i = 1; i <= 2; i++) {
		KUNIT_EXPECT_TRUE(test, bti_channel_receive_some(ch));
		bti_channel_stats(ch, &st);
		KUNIT_EXPECT_EQ(test, st.auth_failures,
				i * BTI_CHANNEL_RX_BUDGET);
	}
	KUNIT_EXPECT_FALSE(test, bti_channel_receive_some(ch));
	bti_channel_stats(ch, &st);
	KUNIT_EXPECT_EQ(test, st.auth_failures, n);
	bti_channel_destroy(ch);
	sock_release(sock);
}

static struct kunit_case bti_provision_cases[] = {
	KUNIT_CASE(whole_sessions),
	KUNIT_CASE(busy_port),
	KUNIT_CASE(other_owner),
	KUNIT_CASE(ends_wipe),
	KUNIT_CASE(times_out),
	KUNIT_CASE(server_ends),
	KUNIT_CASE(hello_needs_key),
	KUNIT_CASE(channel_receive_budget),
	{ }
};

static struct kunit_suite bti_provision_suite = {
	.name = "bti_provision",
	.init = provision_init,
	.exit = provision_exit,
	.test_cases = bti_provision_cases,
};
kunit_test_suite(bti_provision_suite);

BTI_KUNIT_IMPORT_NS;
MODULE_DESCRIPTION("KUnit tests for bti's provisioning sessions on ports");
MODULE_LICENSE("GPL");
