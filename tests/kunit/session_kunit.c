// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit: the device side of the provisioning protocol against the vectors
 * of Documentation/protocol-vectors.txt, and every tamper refused.
 */
#include <kunit/test.h>

#include "../../driver/core/gcm.c"
#include "../../driver/core/hkdf.c"
#include "../../driver/core/hpke.c"
#include "../../driver/core/oaep.c"
#include "../../driver/core/session.c"
#include "protocol_vectors.h"

#define EXPECT_BYTES(test, got, want, n, what)				\
	do {								\
		if (memcmp(got, want, n))				\
			KUNIT_FAIL(test, what " differs from the vector"); \
	} while (0)

struct suite_vectors {
	const u8 *hello, *transport, *confirm, *key;
	size_t hello_len, transport_len, confirm_len, key_len;
};

static const struct suite_vectors vectors[2] = {
	{ pv_s1_server_hello, pv_s1_key_transport, pv_s1_key_confirm,
	  pv_s1_server_key, sizeof(pv_s1_server_hello),
	  sizeof(pv_s1_key_transport), sizeof(pv_s1_key_confirm),
	  sizeof(pv_s1_server_key) },
	{ pv_s2_server_hello, pv_s2_key_transport, pv_s2_key_confirm,
	  pv_s2_server_key, sizeof(pv_s2_server_hello),
	  sizeof(pv_s2_key_transport), sizeof(pv_s2_key_confirm),
	  sizeof(pv_s2_server_key) },
};

static void draws(struct bti_session_draws *d)
{
	memcpy(d->device_nonce, pv_device_nonce, 32);
	memcpy(d->key_nonce, pv_key_nonce, 32);
	memcpy(d->kek, pv_kek, 32);
	memcpy(d->session_key, pv_session_key, 32);
	memcpy(d->audio_key, pv_audio_key, 16);
	memcpy(d->audio_salt, pv_audio_salt, 12);
	memcpy(d->hpke_ske, pv_hpke_ephemeral_key, 32);
	memcpy(d->oaep_seed, pv_oaep_seed, 32);
}

/* A session started from the vectors' inputs, REQUEST sent. */
static struct bti_session *session_new(struct kunit *test)
{
	struct bti_session *s = kunit_kzalloc(test, sizeof(*s), GFP_KERNEL);
	struct bti_session_draws d;
	u8 out[128];
	size_t len;

	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, s);
	draws(&d);
	KUNIT_ASSERT_EQ(test, bti_session_init(s, 1, &d), 0);
	KUNIT_ASSERT_EQ(test, bti_session_request(s, NULL, out, &len), 0);
	KUNIT_ASSERT_EQ(test, len, sizeof(pv_request));
	EXPECT_BYTES(test, out, pv_request, len, "REQUEST");
	return s;
}

/* Up to KEY_TRANSPORT, which must be the vector's. */
static struct bti_session *session_keyed(struct kunit *test, int suite)
{
	const struct suite_vectors *v = &vectors[suite - 1];
	struct bti_session *s = session_new(test);
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

static void vectors_suite(struct kunit *test, int suite)
{
	const struct suite_vectors *v = &vectors[suite - 1];
	struct bti_session *s = session_keyed(test, suite);
	static const u8 addr[4] = { 192, 0, 2, 1 };
	struct bti_voice voice;

	KUNIT_ASSERT_EQ(test, bti_session_confirm(s, v->confirm,
						  v->confirm_len, &voice), 0);
	KUNIT_EXPECT_EQ(test, voice.family, 4);
	KUNIT_EXPECT_EQ(test, memcmp(voice.addr, addr, sizeof(addr)), 0);
	KUNIT_EXPECT_EQ(test, voice.port, 5004);
	KUNIT_EXPECT_EQ(test, voice.device_ssrc, 0x11223344u);
	KUNIT_EXPECT_EQ(test, voice.server_ssrc, 0x55667788u);
	bti_session_destroy(s);
}

static void vectors_suite1(struct kunit *test)
{
	vectors_suite(test, 1);
}

static void vectors_suite2(struct kunit *test)
{
	vectors_suite(test, 2);
}

/* Every bit flip, truncation and extension of KEY_CONFIRM is refused. */
static void confirm_tampered(struct kunit *test)
{
	const struct suite_vectors *v = &vectors[0];
	struct bti_session *s = session_keyed(test, 1);
	u8 *m = kunit_kzalloc(test, v->confirm_len + 1, GFP_KERNEL);
	struct bti_voice voice;
	size_t i, t_len = s->t_len;

	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, m);
	for (i = 0; i < v->confirm_len * 8; i++) {
		memcpy(m, v->confirm, v->confirm_len);
		m[i / 8] ^= BIT(i % 8);
		KUNIT_EXPECT_NE_MSG(test, bti_session_confirm(s, m,
				    v->confirm_len, &voice), 0, "bit %zu", i);
	}
	memcpy(m, v->confirm, v->confirm_len);
	KUNIT_EXPECT_NE(test, bti_session_confirm(s, m, v->confirm_len - 1,
						  &voice), 0);
	KUNIT_EXPECT_NE(test, bti_session_confirm(s, m, v->confirm_len + 1,
						  &voice), 0);
	KUNIT_EXPECT_NE(test, bti_session_confirm(s, m, 4, &voice), 0);
	/* refusals leave the transcript as it was: the real one still goes */
	KUNIT_EXPECT_EQ(test, s->t_len, t_len);
	KUNIT_EXPECT_EQ(test, bti_session_confirm(s, m, v->confirm_len,
						  &voice), 0);
	bti_session_destroy(s);
}

/* Another session's KEY_CONFIRM does not confirm this one. */
static void confirm_from_other_session(struct kunit *test)
{
	struct bti_session *s = session_keyed(test, 1);
	struct bti_voice voice;

	KUNIT_EXPECT_NE(test, bti_session_confirm(s, pv_s2_key_confirm,
						  sizeof(pv_s2_key_confirm),
						  &voice), 0);
	bti_session_destroy(s);
}

static void hello_tampered(struct kunit *test)
{
	const struct suite_vectors *v = &vectors[0];
	u8 *m = kunit_kmalloc(test, v->hello_len + 1, GFP_KERNEL);
	struct bti_session *s;
	size_t i;

	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, m);
	s = session_new(test);
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
	struct bti_session *s = session_new(test);
	const struct suite_vectors *v = &vectors[0];
	u8 *out = kunit_kzalloc(test, BTI_BODY_MAX + 64, GFP_KERNEL);
	struct bti_voice voice;
	size_t len;

	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, out);
	KUNIT_EXPECT_EQ(test, bti_session_request(s, NULL, out, &len), -EPROTO);
	KUNIT_EXPECT_EQ(test, bti_session_key_transport(s, out, &len), -EPROTO);
	KUNIT_EXPECT_EQ(test, bti_session_confirm(s, v->confirm,
						  v->confirm_len, &voice),
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
	struct bti_session *s = session_keyed(test, 1);

	KUNIT_EXPECT_TRUE(test, s->keyed);
	bti_session_destroy(s);
	KUNIT_EXPECT_NULL(test, memchr_inv(s, 0, sizeof(*s)));
}

static struct kunit_case bti_session_cases[] = {
	KUNIT_CASE(vectors_suite1),
	KUNIT_CASE(vectors_suite2),
	KUNIT_CASE(confirm_tampered),
	KUNIT_CASE(confirm_from_other_session),
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

MODULE_DESCRIPTION("KUnit tests for bti's provisioning session");
MODULE_LICENSE("GPL");
