// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit: the device side of the provisioning protocol against the vectors
 * of Documentation/protocol-vectors.txt, and every tamper refused: bit
 * flips, truncation, extension, replay from another session, messages out
 * of order.  It links against bti.ko (EXPORT_SYMBOL_IF_KUNIT), which is
 * loaded first.
 */
#include <crypto/sha2.h>
#include <kunit/test.h>

#include <bti/compat.h>

#include "../../driver/core/crypto/hkdf.h"
#include "../../driver/core/session.h"
#include "../../driver/core/transcript.h"
#include "protocol_vectors.h"
#include "vector_draws.h"

#define EXPECT_BYTES(test, got, want, n, what)				\
	do {								\
		if (memcmp(got, want, n))				\
			KUNIT_FAIL(test, what " differs from the vector"); \
	} while (0)

struct session_vectors {
	int suite, kind;
	const u8 *hello, *transport, *confirm, *auth1, *auth2, *user_key;
	const u8 *provisioned, *key;
	size_t hello_len, transport_len, confirm_len, auth1_len, auth2_len;
	size_t user_key_len, provisioned_len, key_len;
};

#define PV(su, ki, name)	pv_s##su##k##ki##_##name
#define SESSION(su, ki, srv) {						\
	su, ki, pv_s##su##_server_hello, PV(su, ki, key_transport),	\
	PV(su, ki, key_confirm), PV(su, ki, auth_result_1),		\
	PV(su, ki, auth_result_2), PV(su, ki, user_key),		\
	PV(su, ki, provisioned), srv,					\
	sizeof(pv_s##su##_server_hello), sizeof(PV(su, ki, key_transport)), \
	sizeof(PV(su, ki, key_confirm)), sizeof(PV(su, ki, auth_result_1)), \
	sizeof(PV(su, ki, auth_result_2)), sizeof(PV(su, ki, user_key)),	\
	sizeof(PV(su, ki, provisioned)), sizeof(srv) }

static const struct session_vectors vectors[] = {
	SESSION(1, 1, pv_s1_server_key),
	SESSION(1, 2, pv_s1_server_key),
	SESSION(2, 1, pv_s2_server_key),
};

static int session_zalloc(struct kunit_resource *res, void *context)
{
	res->data = kzalloc(sizeof(struct bti_session), GFP_KERNEL);
	return res->data ? 0 : -ENOMEM;
}

/* destroying a destroyed session again does nothing */
static void session_free(struct kunit_resource *res)
{
	bti_session_destroy(res->data);
	kfree(res->data);
}

/*
 * A session's memory, destroyed when the case ends: a failed assertion
 * must not leave transforms holding its keys.
 */
static struct bti_session *session_alloc(struct kunit *test)
{
	return kunit_alloc_resource(test, session_zalloc, session_free,
				    GFP_KERNEL, NULL);
}

/* A session started from the vectors' inputs, REQUEST sent. */
static struct bti_session *session_new(struct kunit *test, int kind)
{
	struct bti_session *s = session_alloc(test);
	struct bti_session_draws d;
	u8 out[128];
	size_t len;

	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, s);
	draws(&d);
	KUNIT_ASSERT_EQ(test, bti_session_init(s, kind, &d), 0);
	KUNIT_ASSERT_EQ(test, bti_session_request(s, NULL, out, &len), 0);
	KUNIT_ASSERT_EQ(test, len, sizeof(pv_request));
	if (kind == 1)
		EXPECT_BYTES(test, out, pv_request, len, "REQUEST");
	return s;
}

/* Up to KEY_TRANSPORT, which must be the vector's. */
static struct bti_session *session_keyed(struct kunit *test,
					 const struct session_vectors *v)
{
	struct bti_session *s = session_new(test, v->kind);
	u8 *out = kunit_kzalloc(test, BTI_BODY_MAX + 64, GFP_KERNEL);
	size_t len;

	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, out);
	KUNIT_ASSERT_EQ(test, bti_session_hello(s, v->hello, v->hello_len,
						v->key, v->key_len), 0);
	KUNIT_ASSERT_EQ(test, bti_session_key_transport(s, out, &len), 0);
	KUNIT_ASSERT_EQ(test, len, v->transport_len);
	EXPECT_BYTES(test, out, v->transport, len, "KEY_TRANSPORT");
	return s;
}

/* A whole session: a mistyped PIN, then the right one. */
static void whole_session(struct kunit *test)
{
	static const u8 addr[4] = { 192, 0, 2, 1 };
	u8 *out = kunit_kzalloc(test, BTI_BODY_MAX + 64, GFP_KERNEL);
	u8 *config = kunit_kzalloc(test, BTI_CONFIG_MAX, GFP_KERNEL);
	const struct session_vectors *v;
	struct bti_session *s;
	size_t len, i;
	u8 result, left;

	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, out);
	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, config);
	for (i = 0; i < ARRAY_SIZE(vectors); i++) {
		v = &vectors[i];
		kunit_info(test, "suite %d, user key kind %d", v->suite,
			   v->kind);
		s = session_keyed(test, v);
		KUNIT_ASSERT_EQ(test, bti_session_confirm(s, v->confirm,
							  v->confirm_len), 0);
		KUNIT_EXPECT_EQ(test, s->voice.family, 4);
		KUNIT_EXPECT_EQ(test, memcmp(s->voice.addr, addr, 4), 0);
		KUNIT_EXPECT_EQ(test, s->voice.port, 5004);
		KUNIT_EXPECT_EQ(test, s->voice.device_ssrc, 0x11223344u);
		KUNIT_EXPECT_EQ(test, s->voice.server_ssrc, 0x55667788u);

		KUNIT_ASSERT_EQ(test, bti_session_auth(s, v->auth1,
						       v->auth1_len, &result,
						       &left), 0);
		KUNIT_EXPECT_EQ(test, result, 1);
		KUNIT_EXPECT_EQ(test, bti_session_user_key(s, pv_user_key, 32,
							   NULL, out, &len),
				-EPROTO);
		KUNIT_ASSERT_EQ(test, bti_session_auth(s, v->auth2,
						       v->auth2_len, &result,
						       &left), 0);
		KUNIT_EXPECT_EQ(test, result, 0);

		if (v->kind == 1)
			KUNIT_ASSERT_EQ(test, bti_session_user_key(s,
					pv_user_key, sizeof(pv_user_key), NULL,
					out, &len), 0);
		else
			KUNIT_ASSERT_EQ(test, bti_session_user_key(s,
					pv_device_public_key,
					sizeof(pv_device_public_key), NULL,
					out, &len), 0);
		KUNIT_ASSERT_EQ(test, len, v->user_key_len);
		EXPECT_BYTES(test, out, v->user_key, len, "USER_KEY");

		KUNIT_ASSERT_EQ(test, bti_session_provisioned(s,
				v->provisioned, v->provisioned_len, config,
				&len), 0);
		KUNIT_ASSERT_EQ(test, len, sizeof(pv_config));
		EXPECT_BYTES(test, config, pv_config, len, "configuration");
		KUNIT_EXPECT_EQ(test, s->stage, BTI_STAGE_DONE);
		bti_session_destroy(s);
	}
}

/* Every bit flip, truncation and extension of KEY_CONFIRM is refused. */
static void confirm_tampered(struct kunit *test)
{
	const struct session_vectors *v = &vectors[0];
	struct bti_session *s = session_keyed(test, v);
	u8 *m = kunit_kzalloc(test, v->confirm_len + 1, GFP_KERNEL);
	size_t i, t_len = s->t_len;

	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, m);
	for (i = 0; i < v->confirm_len * 8; i++) {
		memcpy(m, v->confirm, v->confirm_len);
		m[i / 8] ^= BIT(i % 8);
		KUNIT_EXPECT_NE_MSG(test, bti_session_confirm(s, m,
				    v->confirm_len), 0, "bit %zu", i);
	}
	memcpy(m, v->confirm, v->confirm_len);
	KUNIT_EXPECT_NE(test, bti_session_confirm(s, m, v->confirm_len - 1), 0);
	KUNIT_EXPECT_NE(test, bti_session_confirm(s, m, v->confirm_len + 1), 0);
	KUNIT_EXPECT_NE(test, bti_session_confirm(s, m, 4), 0);
	/* refusals leave the transcript as it was: the real one still goes */
	KUNIT_EXPECT_EQ(test, s->t_len, t_len);
	KUNIT_EXPECT_EQ(test, bti_session_confirm(s, m, v->confirm_len), 0);
	bti_session_destroy(s);
}

/* @m's trailer, made again as the server would under K_mac_sd. */
static void remac(struct kunit *test, struct bti_session *s, u8 *m,
		  size_t len)
{
	u8 th[SHA256_DIGEST_SIZE];
	struct bti_bytes in[] = { { th, sizeof(th) },
				  { m, len - BTI_MSG_TRAILER } };

	bti_transcript_hash(s, th);
	KUNIT_ASSERT_EQ(test, bti_hmac(s->tfm.hmac, s->k.mac_sd, 32, in,
				       ARRAY_SIZE(in),
				       m + len - BTI_MSG_TRAILER), 0);
}

/*
 * A KEY_CONFIRM that the server did MAC, but which gives both directions
 * one SSRC (and so one keystream), or UDP port 0, is refused.
 */
static void confirm_voice_checked(struct kunit *test)
{
	const struct session_vectors *v = &vectors[0];
	struct bti_session *s = session_keyed(test, v);
	u8 *m = kunit_kmalloc(test, v->confirm_len, GFP_KERNEL);
	/* header, confirm, family, IPv4 address: then port and SSRCs */
	u8 *port = m + BTI_MSG_HEADER + 32 + 1 + 4;

	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, m);
	memcpy(m, v->confirm, v->confirm_len);
	memcpy(port + 6, port + 2, 4);
	remac(test, s, m, v->confirm_len);
	KUNIT_EXPECT_EQ(test, bti_session_confirm(s, m, v->confirm_len),
			-EBADMSG);
	KUNIT_EXPECT_EQ(test, s->error, BTI_ERROR_MALFORMED);

	memcpy(m, v->confirm, v->confirm_len);
	port[0] = 0;
	port[1] = 0;
	remac(test, s, m, v->confirm_len);
	KUNIT_EXPECT_EQ(test, bti_session_confirm(s, m, v->confirm_len),
			-EBADMSG);

	/* the same, MACed again but unchanged, is taken */
	memcpy(m, v->confirm, v->confirm_len);
	remac(test, s, m, v->confirm_len);
	KUNIT_EXPECT_EQ(test, bti_session_confirm(s, m, v->confirm_len), 0);
	bti_session_destroy(s);
}

/*
 * A KEY_CONFIRM naming an IPv6 address (family 6, 16 bytes of address,
 * protocol.rst's KEY_CONFIRM) sends the channel there.
 */
static void confirm_ipv6(struct kunit *test)
{
	static const u8 addr6[16] = { 0x20, 0x01, 0x0d, 0xb8, [15] = 1 };
	const struct session_vectors *v = &vectors[0];
	struct bti_session *s = session_keyed(test, v);
	size_t len = v->confirm_len + 12;
	u8 *m = kunit_kzalloc(test, len, GFP_KERNEL);
	u8 *f = m + BTI_MSG_HEADER + 32;

	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, m);
	/* the header and confirm, then family 6, then the port and SSRCs */
	memcpy(m, v->confirm, BTI_MSG_HEADER + 32);
	put_unaligned_be16(len - BTI_MSG_HEADER - BTI_MSG_TRAILER, m + 2);
	f[0] = 6;
	memcpy(f + 1, addr6, sizeof(addr6));
	memcpy(f + 1 + 16, v->confirm + BTI_MSG_HEADER + 32 + 1 + 4, 2 + 4 + 4);
	remac(test, s, m, len);
	KUNIT_ASSERT_EQ(test, bti_session_confirm(s, m, len), 0);
	KUNIT_EXPECT_EQ(test, s->voice.family, 6);
	KUNIT_EXPECT_EQ(test, memcmp(s->voice.addr, addr6, 16), 0);
	KUNIT_EXPECT_EQ(test, s->voice.port, 5004);
	KUNIT_EXPECT_EQ(test, s->voice.device_ssrc, 0x11223344u);
	KUNIT_EXPECT_EQ(test, s->voice.server_ssrc, 0x55667788u);
	bti_session_destroy(s);
}

/* An ERROR of the server's, MACed over the first @t_len of the transcript. */
static void server_error(struct kunit *test, struct bti_session *s, u8 *m,
			 size_t len, size_t t_len)
{
	size_t was = s->t_len;

	m[0] = BTI_PROTO_VERSION;
	m[1] = BTI_MSG_ERROR;
	put_unaligned_be16(len - BTI_MSG_HEADER - BTI_MSG_TRAILER, m + 2);
	m[BTI_MSG_HEADER] = BTI_ERROR_INTEGRITY;
	m[BTI_MSG_HEADER + 1] = 0;
	s->t_len = t_len;
	remac(test, s, m, len);
	s->t_len = was;
}

/*
 * The server's ERROR is MACed over the server's transcript (protocol.rst,
 * section 2): without the message of the device's that it refuses, the
 * last the device sent.  A server that could not open KEY_TRANSPORT has no
 * keys, and its ERROR carries a hash: taken while KEY_CONFIRM is awaited,
 * and only then.  Whatever is taken, the session's own refusal is not
 * left behind.
 */
static void server_error_transcripts(struct kunit *test)
{
	const struct session_vectors *v = &vectors[0];
	const size_t len = BTI_MSG_HEADER + 2 + BTI_MSG_TRAILER;
	struct bti_session *s = session_keyed(test, v);
	u8 *out = kunit_kzalloc(test, BTI_BODY_MAX + 64, GFP_KERNEL);
	char text[BTI_ERROR_TEXT_MAX + 1];
	u8 m[BTI_MSG_HEADER + 2 + BTI_MSG_TRAILER], code = 0, result, left;
	size_t n;

	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, out);
	/* KEY_TRANSPORT refused after unwrapping: without it */
	server_error(test, s, m, len, s->t_sent);
	KUNIT_EXPECT_EQ(test, bti_session_peer_error(s, m, len, &code, text),
			0);
	KUNIT_EXPECT_EQ(test, code, BTI_ERROR_INTEGRITY);
	KUNIT_EXPECT_EQ(test, s->error, 0);
	/* taken, then the server failed: with it */
	server_error(test, s, m, len, s->t_len);
	KUNIT_EXPECT_EQ(test, bti_session_peer_error(s, m, len, &code, text),
			0);
	/* not unwrapped: a hash */
	sha256(m, len - BTI_MSG_TRAILER, m + len - BTI_MSG_TRAILER);
	KUNIT_EXPECT_EQ(test, bti_session_peer_error(s, m, len, &code, text),
			0);
	m[len - 1] ^= 1;
	KUNIT_EXPECT_EQ(test, bti_session_peer_error(s, m, len, &code, text),
			-EBADMSG);

	/* KEY_CONFIRM in: a hash, or a MAC without a message of ours, is not */
	KUNIT_ASSERT_EQ(test, bti_session_confirm(s, v->confirm,
						  v->confirm_len), 0);
	sha256(m, len - BTI_MSG_TRAILER, m + len - BTI_MSG_TRAILER);
	KUNIT_EXPECT_EQ(test, bti_session_peer_error(s, m, len, &code, text),
			-EBADMSG);
	server_error(test, s, m, len, s->t_sent);
	KUNIT_EXPECT_EQ(test, bti_session_peer_error(s, m, len, &code, text),
			-EBADMSG);
	server_error(test, s, m, len, s->t_len);
	KUNIT_EXPECT_EQ(test, bti_session_peer_error(s, m, len, &code, text),
			0);

	/* USER_KEY refused: without it */
	KUNIT_ASSERT_EQ(test, bti_session_auth(s, v->auth1, v->auth1_len,
					       &result, &left), 0);
	KUNIT_ASSERT_EQ(test, bti_session_auth(s, v->auth2, v->auth2_len,
					       &result, &left), 0);
	KUNIT_ASSERT_EQ(test, bti_session_user_key(s, pv_user_key,
						   sizeof(pv_user_key), NULL,
						   out, &n), 0);
	server_error(test, s, m, len, s->t_len);
	KUNIT_EXPECT_EQ(test, bti_session_peer_error(s, m, len, &code, text),
			0);
	server_error(test, s, m, len, s->t_sent);
	KUNIT_EXPECT_EQ(test, bti_session_peer_error(s, m, len, &code, text),
			0);
	server_error(test, s, m, len, s->t_sent - 1);
	KUNIT_EXPECT_EQ(test, bti_session_peer_error(s, m, len, &code, text),
			-EBADMSG);
	bti_session_destroy(s);
}

/* Another session's KEY_CONFIRM does not confirm this one. */
static void confirm_from_other_session(struct kunit *test)
{
	struct bti_session *s = session_keyed(test, &vectors[0]);

	KUNIT_EXPECT_NE(test, bti_session_confirm(s, pv_s2k1_key_confirm,
						  sizeof(pv_s2k1_key_confirm)), 0);
	bti_session_destroy(s);
}

static void hello_tampered(struct kunit *test)
{
	const struct session_vectors *v = &vectors[0];
	u8 *m = kunit_kmalloc(test, v->hello_len + 1, GFP_KERNEL);
	struct bti_session *s;
	size_t i;

	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, m);
	s = session_new(test, 1);
	/* the header, the fixed fields and the trailer, bit by bit */
	for (i = 0; i < v->hello_len * 8; i++) {
		if (i / 8 >= 104 && i / 8 < v->hello_len - BTI_MSG_TRAILER)
			continue;
		memcpy(m, v->hello, v->hello_len);
		m[i / 8] ^= BIT(i % 8);
		KUNIT_EXPECT_NE_MSG(test, bti_session_hello(s, m, v->hello_len,
							    v->key, v->key_len),
				    0, "bit %zu", i);
	}
	KUNIT_EXPECT_NE(test, bti_session_hello(s, v->hello, v->hello_len - 1,
						v->key, v->key_len), 0);
	/* a suite 1 hello with an RSA key is refused */
	KUNIT_EXPECT_EQ(test, bti_session_hello(s, v->hello, v->hello_len,
						pv_s2_server_key,
						sizeof(pv_s2_server_key)),
			-EINVAL);
	KUNIT_EXPECT_EQ(test, bti_session_hello(s, v->hello, v->hello_len,
						v->key, v->key_len), 0);
	bti_session_destroy(s);
}

/* Messages out of order are refused; nothing moves the state. */
static void out_of_order(struct kunit *test)
{
	struct bti_session *s = session_new(test, 1);
	const struct session_vectors *v = &vectors[0];
	u8 *out = kunit_kzalloc(test, BTI_BODY_MAX + 64, GFP_KERNEL);
	size_t len;

	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, out);
	KUNIT_EXPECT_EQ(test, bti_session_request(s, NULL, out, &len), -EPROTO);
	KUNIT_EXPECT_EQ(test, bti_session_key_transport(s, out, &len), -EPROTO);
	KUNIT_EXPECT_EQ(test, bti_session_confirm(s, v->confirm,
						  v->confirm_len),
			-EPROTO);
	KUNIT_ASSERT_EQ(test, bti_session_hello(s, v->hello, v->hello_len,
						v->key, v->key_len), 0);
	KUNIT_EXPECT_EQ(test, bti_session_hello(s, v->hello, v->hello_len,
						v->key, v->key_len), -EPROTO);
	bti_session_destroy(s);
}

/* Ending a session leaves no key behind in the session's memory. */
static void destroy_wipes(struct kunit *test)
{
	struct bti_session *s = session_keyed(test, &vectors[0]);

	KUNIT_EXPECT_EQ(test, s->stage, BTI_STAGE_KEYED);
	bti_session_destroy(s);
	KUNIT_EXPECT_NULL(test, memchr_inv(s, 0, sizeof(*s)));
}

/* A PROVISIONED with any bit flipped does not open. */
static void provisioned_tampered(struct kunit *test)
{
	const struct session_vectors *v = &vectors[0];
	u8 *out = kunit_kzalloc(test, BTI_BODY_MAX + 64, GFP_KERNEL);
	u8 *m = kunit_kmalloc(test, v->provisioned_len, GFP_KERNEL);
	u8 config[BTI_CONFIG_MAX], result, left;
	struct bti_session *s = session_keyed(test, v);
	size_t len, i;

	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, out);
	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, m);
	KUNIT_ASSERT_EQ(test, bti_session_confirm(s, v->confirm,
						  v->confirm_len), 0);
	KUNIT_ASSERT_EQ(test, bti_session_auth(s, v->auth2, v->auth2_len,
					       &result, &left), -EBADMSG);
	KUNIT_ASSERT_EQ(test, bti_session_auth(s, v->auth1, v->auth1_len,
					       &result, &left), 0);
	KUNIT_ASSERT_EQ(test, bti_session_auth(s, v->auth2, v->auth2_len,
					       &result, &left), 0);
	KUNIT_ASSERT_EQ(test, bti_session_user_key(s, pv_user_key, 32, NULL,
						   out, &len), 0);
	for (i = 0; i < v->provisioned_len * 8; i++) {
		memcpy(m, v->provisioned, v->provisioned_len);
		m[i / 8] ^= BIT(i % 8);
		KUNIT_EXPECT_NE_MSG(test, bti_session_provisioned(s, m,
				    v->provisioned_len, config, &len), 0,
				    "bit %zu", i);
	}
	KUNIT_EXPECT_EQ(test, bti_session_provisioned(s, v->provisioned,
						      v->provisioned_len,
						      config, &len), 0);
	bti_session_destroy(s);
}

/*
 * A provisioned device proves the key the server bound: its old symmetric
 * key (kind 1), or its identity key by DH with the server's ephemeral key
 * (kind 2).  Suite 1; the user key sent is the new one.
 */
#define REPROVISION(k) {						\
	pv_r##k##_request, pv_r##k##_key_transport, pv_r##k##_key_confirm, \
	pv_r##k##_auth_result_1, pv_r##k##_auth_result_2,		\
	pv_r##k##_user_key, pv_r##k##_provisioned,			\
	sizeof(pv_r##k##_request), sizeof(pv_r##k##_key_transport),	\
	sizeof(pv_r##k##_key_confirm), sizeof(pv_r##k##_auth_result_1),	\
	sizeof(pv_r##k##_auth_result_2), sizeof(pv_r##k##_user_key),	\
	sizeof(pv_r##k##_provisioned) }

static const struct {
	const u8 *request, *transport, *confirm, *auth1, *auth2, *user_key;
	const u8 *provisioned;
	size_t request_len, transport_len, confirm_len, auth1_len, auth2_len;
	size_t user_key_len, provisioned_len;
} reprovisions[2] = { REPROVISION(1), REPROVISION(2) };

static void reprovision(struct kunit *test)
{
	u8 *out = kunit_kzalloc(test, BTI_BODY_MAX + 64, GFP_KERNEL);
	u8 *config = kunit_kzalloc(test, BTI_CONFIG_MAX, GFP_KERNEL);
	struct bti_session *s = session_alloc(test);
	u8 id[SHA256_DIGEST_SIZE], result, left;
	struct bti_session_draws d;
	struct bti_reprovision re;
	unsigned int kind;
	size_t len;

	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, out);
	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, config);
	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, s);
	draws(&d);
	for (kind = 1; kind <= 2; kind++) {
		typeof(reprovisions[0]) *v = &reprovisions[kind - 1];
		static const char label[] = "bti v1 user key id";
		u8 msg[sizeof(label) - 1 + 32];

		/* the device is named by its bound key */
		if (kind == 1) {
			memcpy(msg, label, sizeof(label) - 1);
			memcpy(msg + sizeof(label) - 1, pv_old_user_key, 32);
			sha256(msg, sizeof(msg), id);
		} else {
			sha256(pv_device_public_key, 65, id);
		}

		memset(s, 0, sizeof(*s));
		KUNIT_ASSERT_EQ(test, bti_session_init(s, kind, &d), 0);
		KUNIT_ASSERT_EQ(test, bti_session_request(s, id, out, &len), 0);
		KUNIT_ASSERT_EQ(test, len, v->request_len);
		EXPECT_BYTES(test, out, v->request, len, "REQUEST");
		KUNIT_ASSERT_EQ(test, bti_session_hello(s, pv_s1_server_hello,
				sizeof(pv_s1_server_hello), pv_s1_server_key,
				sizeof(pv_s1_server_key)), 0);
		KUNIT_ASSERT_EQ(test, bti_session_key_transport(s, out, &len),
				0);
		EXPECT_BYTES(test, out, v->transport, len, "KEY_TRANSPORT");
		KUNIT_ASSERT_EQ(test, bti_session_confirm(s, v->confirm,
				v->confirm_len), 0);
		KUNIT_ASSERT_EQ(test, bti_session_auth(s, v->auth1, v->auth1_len,
						       &result, &left), 0);
		KUNIT_ASSERT_EQ(test, bti_session_auth(s, v->auth2, v->auth2_len,
						       &result, &left), 0);
		re.kind = kind;
		re.key = kind == 1 ? pv_old_user_key : pv_device_private_key;
		if (kind == 1)
			KUNIT_ASSERT_EQ(test, bti_session_user_key(s,
					pv_user_key, sizeof(pv_user_key), &re,
					out, &len), 0);
		else
			KUNIT_ASSERT_EQ(test, bti_session_user_key(s,
					pv_device_public_key,
					sizeof(pv_device_public_key), &re, out,
					&len), 0);
		KUNIT_ASSERT_EQ(test, len, v->user_key_len);
		EXPECT_BYTES(test, out, v->user_key, len, "USER_KEY");
		KUNIT_EXPECT_EQ(test, bti_session_provisioned(s, v->provisioned,
				v->provisioned_len, config, &len), 0);
		bti_session_destroy(s);
	}
}

static struct kunit_case bti_session_cases[] = {
	KUNIT_CASE(whole_session),
	KUNIT_CASE(provisioned_tampered),
	KUNIT_CASE(reprovision),
	KUNIT_CASE(confirm_tampered),
	KUNIT_CASE(confirm_from_other_session),
	KUNIT_CASE(confirm_voice_checked),
	KUNIT_CASE(confirm_ipv6),
	KUNIT_CASE(server_error_transcripts),
	KUNIT_CASE(hello_tampered),
	KUNIT_CASE(out_of_order),
	KUNIT_CASE(destroy_wipes),
	{ }
};

static struct kunit_suite bti_session_suite = {
	.name = "bti_session",
	.test_cases = bti_session_cases,
};
kunit_test_suite(bti_session_suite);

BTI_KUNIT_IMPORT_NS;
MODULE_DESCRIPTION("KUnit tests for bti's provisioning session");
MODULE_LICENSE("GPL");
