// SPDX-License-Identifier: GPL-2.0
/*
 * btiprovd's protocol engine against Documentation/protocol-vectors.txt:
 * from the vectors' device messages and the server's fixed draws, every
 * server message byte for byte and every key of the schedule, for both
 * suites, both user-key kinds and re-provisioning; then every tamper
 * refused: bit flips, truncation, extension, replay, reordering, a message
 * of another session, a wrong re-provisioning proof.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "proto.h"
#include "vectors.h"

static struct tv_session vecs[TV_SESSIONS];
static int n_vecs;
static struct bp_identity id;

static int setup(void **state)
{
	const char *top = getenv("BTI_TOP") ? getenv("BTI_TOP") : ".";

	(void)state;
	n_vecs = tv_load(top, vecs, TV_SESSIONS, false);
	return n_vecs < 0 || tv_identity(top, &id) ? -1 : 0;
}

static int teardown(void **state)
{
	(void)state;
	tv_identity_free(&id);
	tv_free(vecs, n_vecs);
	return 0;
}

/* The server as @v's: offering only @v's suite. */
static const struct bp_identity *server_of(const struct tv_session *v)
{
	static struct bp_identity only;

	only = id;
	only.chain_len[3 - v->suite] = 0;
	return &only;
}

static const struct bp_voice voice = {
	4, { 192, 0, 2, 1 }, 5004, 0x11223344, 0x55667788,
};

static const char config[] = "sip:+15555550100@voice.bti.test;codec=PCMU";

static void device_public(uint8_t pub[BP_P256_POINT])
{
	uint8_t sk[32];
	EVP_PKEY *k;

	tv_fixed("device identity key", sk, 32);
	k = bp_p256_key(sk);
	assert_non_null(k);
	assert_int_equal(bp_p256_public(k, pub), 0);
	EVP_PKEY_free(k);
}

static void expect_msg(const uint8_t *got, size_t len, const struct tv_msg *m)
{
	assert_int_equal(len, m->len);
	assert_memory_equal(got, m->bytes, len);
}

/* Run @v's session up to (not including) message @upto; 0 if it all went. */
static int run(const struct tv_session *v, struct bp_session *s, int upto,
	       uint8_t *out)
{
	struct bp_draws d = tv_draws();
	struct bp_bound b = tv_bound(v);
	size_t len;
	int i = 0;

	assert_int_equal(bp_session_init(s, &d), 0);
	for (i = 0; i < upto && i < v->n; i++) {
		const struct tv_msg *m = &v->m[i];
		int err = 0;

		if (!strcmp(m->name, "REQUEST"))
			err = bp_request(s, server_of(v), m->bytes, m->len, out,
					 &len);
		else if (!strcmp(m->name, "KEY_TRANSPORT"))
			err = bp_key_transport(s, server_of(v), m->bytes, m->len,
					       &voice, out, &len);
		else if (!strcmp(m->name, "AUTH_RESULT"))
			err = bp_auth_result(s, m->bytes[4], m->bytes[5], out,
					     &len);
		else if (!strcmp(m->name, "USER_KEY"))
			err = bp_user_key(s, m->bytes, m->len,
					  v->reprovision ? &b : NULL);
		else if (!strcmp(m->name, "PROVISIONED"))
			err = bp_provisioned(s, 1, (const uint8_t *)config,
					     strlen(config), out, &len);
		else
			continue;	/* SERVER_HELLO, KEY_CONFIRM: ours */
		if (err)
			return err;
		if (i + 1 < v->n && v->m[i + 1].name[0] &&
		    (!strcmp(v->m[i + 1].name, "SERVER_HELLO") ||
		     !strcmp(v->m[i + 1].name, "KEY_CONFIRM")))
			expect_msg(out, len, &v->m[i + 1]);
		if (!strcmp(m->name, "AUTH_RESULT") ||
		    !strcmp(m->name, "PROVISIONED"))
			expect_msg(out, len, m);
	}
	return 0;
}

static void vectors_all(void **state)
{
	uint8_t *out = malloc(BP_MSG_MAX), want[BP_P256_POINT];
	struct bp_session s;
	int i;

	(void)state;
	assert_int_equal(n_vecs, 6);
	for (i = 0; i < n_vecs; i++) {
		const struct tv_session *v = &vecs[i];

		assert_int_equal(v->n, 8);
		assert_int_equal(run(v, &s, v->n, out), 0);
		assert_int_equal(s.state, BP_DONE);
		assert_memory_equal(s.k.mac_ds, v->keys[0], 32);
		assert_memory_equal(s.k.mac_sd, v->keys[1], 32);
		assert_memory_equal(s.k.enc_ds, v->keys[2], 32);
		assert_memory_equal(s.k.enc_sd, v->keys[3], 32);
		assert_memory_equal(s.k.confirm, v->keys[4], 32);
		if (v->kind == 1)
			tv_fixed("user key", want, 32);
		else
			device_public(want);
		assert_int_equal(s.user_key_len, v->kind == 1 ? 32 : 65);
		assert_memory_equal(s.user_key, want, s.user_key_len);
		tv_fixed("audio master key", want, 16);
		assert_memory_equal(s.audio_key, want, 16);
		bp_session_free(&s);
	}
	free(out);
}

/* The index of message @name in @v. */
static int at(const struct tv_session *v, const char *name)
{
	int i;

	for (i = 0; i < v->n; i++)
		if (!strcmp(v->m[i].name, name))
			return i;
	fail();
	return -1;
}

/* Feed @msg where @v's message @i belongs; the engine's answer. */
static int feed(const struct tv_session *v, int i, const uint8_t *msg, size_t len,
		struct bp_session *s, uint8_t *out)
{
	struct bp_bound b = tv_bound(v);
	size_t n;

	if (!strcmp(v->m[i].name, "REQUEST"))
		return bp_request(s, server_of(v), msg, len, out, &n);
	if (!strcmp(v->m[i].name, "KEY_TRANSPORT"))
		return bp_key_transport(s, server_of(v), msg, len, &voice, out,
					&n);
	return bp_user_key(s, msg, len, v->reprovision ? &b : NULL);
}

/* Every bit of every device message flipped: each one refused. */
static void bit_flips(void **state)
{
	static const char *const device[] = {
		"REQUEST", "KEY_TRANSPORT", "USER_KEY",
	};
	uint8_t *out = malloc(BP_MSG_MAX), *bad = malloc(BP_MSG_MAX);
	const struct tv_session *v = &vecs[0];	/* suite 1, kind 1 */
	struct bp_session s;
	size_t bit, k;

	(void)state;
	for (k = 0; k < 3; k++) {
		int i = at(v, device[k]);
		const struct tv_msg *m = &v->m[i];

		for (bit = 0; bit < 8 * m->len; bit++) {
			memcpy(bad, m->bytes, m->len);
			bad[bit / 8] ^= 1 << (bit % 8);
			assert_int_equal(run(v, &s, i, out), 0);
			if (!feed(v, i, bad, m->len, &s, out))
				fail_msg("%s bit %zu flipped, still accepted",
					 m->name, bit);
			assert_true(s.w.error != 0);
			bp_session_free(&s);
		}
	}
	free(out);
	free(bad);
}

/* Every truncation and an extension of every device message: refused. */
static void truncated_extended(void **state)
{
	static const char *const device[] = {
		"REQUEST", "KEY_TRANSPORT", "USER_KEY",
	};
	uint8_t *out = malloc(BP_MSG_MAX), *buf = malloc(BP_MSG_MAX + 1);
	int suite;
	size_t k, n;

	(void)state;
	for (suite = 0; suite < 3; suite += 2) {	/* s1k1 and s2k1 */
		const struct tv_session *v = &vecs[suite];
		struct bp_session s;

		for (k = 0; k < 3; k++) {
			int i = at(v, device[k]);
			const struct tv_msg *m = &v->m[i];

			/* every short length near the start, some after, and
			 * one byte too many */
			for (n = 0; n <= m->len + 1; n += n < 40 ? 1 : 37) {
				if (n >= m->len)
					n = m->len + 1;
				memcpy(buf, m->bytes, m->len);
				buf[m->len] = 0;
				assert_int_equal(run(v, &s, i, out), 0);
				if (!feed(v, i, buf, n, &s, out))
					fail_msg("%s of %zu bytes accepted",
						 m->name, n);
				bp_session_free(&s);
			}
		}
	}
	free(out);
	free(buf);
}

/*
 * A wrapped_kek outside section 8's range for its suite is malformed,
 * though the lengths add up: it is never unwrapped.
 */
static void wrapped_kek_range(void **state)
{
	static const struct {
		int vec;	/* 0: suite 1, kind 1; 2: suite 2, kind 1 */
		size_t len;
	} cases[] = {
		{ 0, 112 }, { 0, 114 },		/* suite 1: 113 */
		{ 2, 255 }, { 2, 513 },		/* suite 2: 256 to 512 */
	};
	uint8_t *out = malloc(BP_MSG_MAX), *msg = calloc(1, BP_MSG_MAX);
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		const struct tv_session *v = &vecs[cases[i].vec];
		int k = at(v, "KEY_TRANSPORT");
		const struct tv_msg *m = &v->m[k];
		size_t was = bp_be16(m->bytes + BP_HEADER), len = cases[i].len;
		size_t rest = m->len - BP_HEADER - 2 - was;	/* sealed, trailer */
		struct bp_session s;

		memcpy(msg, m->bytes, BP_HEADER);
		bp_put16(msg + 2, 2 + len + rest - BP_TRAILER);
		bp_put16(msg + BP_HEADER, len);
		memcpy(msg + BP_HEADER + 2, m->bytes + BP_HEADER + 2,
		       len < was ? len : was);
		memcpy(msg + BP_HEADER + 2 + len, m->bytes + BP_HEADER + 2 + was,
		       rest);
		assert_int_equal(run(v, &s, k, out), 0);
		assert_int_equal(feed(v, k, msg, BP_HEADER + 2 + len + rest, &s,
				      out), -1);
		assert_int_equal(s.w.error, BP_E_MALFORMED);
		bp_session_free(&s);
	}
	free(msg);
	free(out);
}

/* A replayed, reordered or foreign message is refused. */
static void replay_reorder_foreign(void **state)
{
	const struct tv_session *v = &vecs[0], *other = &vecs[1];	/* kind 2 */
	uint8_t *out = malloc(BP_MSG_MAX);
	struct bp_session s;
	size_t n;
	int i = at(v, "KEY_TRANSPORT"), u = at(v, "USER_KEY");

	(void)state;
	/* REQUEST again after SERVER_HELLO */
	assert_int_equal(run(v, &s, i, out), 0);
	assert_int_equal(bp_request(&s, &id, v->m[0].bytes, v->m[0].len, out,
				    &n), -1);
	assert_int_equal(s.w.error, BP_E_UNEXPECTED);
	bp_session_free(&s);
	/* USER_KEY before KEY_TRANSPORT */
	assert_int_equal(run(v, &s, i, out), 0);
	assert_int_equal(bp_user_key(&s, v->m[u].bytes, v->m[u].len, NULL), -1);
	bp_session_free(&s);
	/* another session's KEY_TRANSPORT: the transcripts differ */
	assert_int_equal(run(v, &s, i, out), 0);
	assert_int_equal(bp_key_transport(&s, &id,
					  other->m[at(other, "KEY_TRANSPORT")].bytes,
					  other->m[at(other, "KEY_TRANSPORT")].len,
					  &voice, out, &n), -1);
	bp_session_free(&s);
	/* USER_KEY replayed */
	assert_int_equal(run(v, &s, u + 1, out), 0);
	assert_int_equal(bp_user_key(&s, v->m[u].bytes, v->m[u].len, NULL), -1);
	bp_session_free(&s);
	free(out);
}

/* A re-provisioning proof made with another key is a failed attempt. */
static void wrong_proof(void **state)
{
	const struct tv_session *v = &vecs[5];	/* re-provisioning, kind 1 */
	uint8_t *out = malloc(BP_MSG_MAX);
	struct bp_bound b = tv_bound(v);
	struct bp_session s;
	int u = at(v, "USER_KEY");

	(void)state;
	assert_true(v->reprovision);
	assert_int_equal(run(v, &s, u, out), 0);
	b.key[0] ^= 1;
	assert_int_equal(bp_user_key(&s, v->m[u].bytes, v->m[u].len, &b), -2);
	assert_int_equal(s.user_key_len, 0);
	bp_session_free(&s);
	assert_int_equal(run(v, &s, u, out), 0);
	assert_int_equal(bp_user_key(&s, v->m[u].bytes, v->m[u].len, NULL), -2);
	bp_session_free(&s);
	free(out);
}

/* The device's ERROR, as it would send it over the first @t_len bytes of
 * the server's transcript. */
static size_t device_error(const struct bp_session *s, size_t t_len,
			   uint8_t *m)
{
	struct bp_bytes t = { s->w.t, t_len };
	uint8_t th[BP_SHA256];
	struct bp_bytes in[] = { { th, sizeof(th) }, { m, BP_HEADER + 2 } };

	m[0] = 1;
	m[1] = BP_ERROR;
	m[2] = 0;
	m[3] = 2;
	m[4] = BP_E_INTEGRITY;
	m[5] = 0;
	assert_int_equal(bp_sha256(&t, 1, th), 0);
	assert_int_equal(bp_hmac(s->k.mac_ds, 32, in, 2, m + BP_HEADER + 2), 0);
	return BP_HEADER + 2 + BP_TRAILER;
}

/*
 * A device that refuses the last message the server sent MACs its ERROR
 * over the transcript without it (protocol.rst, section 2): taken, as is
 * one over the whole transcript; one over anything else is not.
 */
static void refused_last_sent(void **state)
{
	const struct tv_session *v = &vecs[0];
	uint8_t *out = malloc(BP_MSG_MAX), err[64], text[BP_ERROR_TEXT_MAX + 1];
	struct bp_session s;
	uint8_t code = 0;
	size_t len, i;

	(void)state;
	for (i = 0; i < 3; i++) {
		/* KEY_TRANSPORT taken, KEY_CONFIRM sent */
		assert_int_equal(run(v, &s, 4, out), 0);
		assert_int_equal(s.state, BP_IVR);
		len = device_error(&s, i == 0 ? s.w.t_sent : i == 1 ?
				   s.w.t_len : s.w.t_sent - 1, err);
		assert_int_equal(bp_error_parse(&s, err, len, &code,
						(char *)text), i < 2 ? 0 : -1);
		bp_session_free(&s);
	}
	free(out);
}

/*
 * A device that refuses PROVISIONED sends its ERROR over the transcript
 * without it: taken after PROVISIONED, and refused over the whole
 * transcript.
 */
static void refused_provisioned(void **state)
{
	const struct tv_session *v = &vecs[0];
	uint8_t *out = malloc(BP_MSG_MAX), err[64], text[BP_ERROR_TEXT_MAX + 1];
	struct bp_session s;
	uint8_t code = 0;
	size_t before, len;

	(void)state;
	assert_int_equal(run(v, &s, v->n, out), 0);
	assert_int_equal(s.state, BP_DONE);
	before = s.w.t_sent;
	len = device_error(&s, before, err);
	assert_int_equal(bp_error_parse(&s, err, len, &code, (char *)text), 0);
	assert_int_equal(code, BP_E_INTEGRITY);
	bp_session_free(&s);

	assert_int_equal(run(v, &s, v->n, out), 0);
	len = device_error(&s, s.w.t_len, err);
	assert_int_equal(bp_error_parse(&s, err, len, &code, (char *)text), -1);
	bp_session_free(&s);
	free(out);
}

/* ECDH takes a point on the curve and nothing else (see bp_p256_dh()). */
static void off_curve(void **state)
{
	EVP_PKEY *a = bp_p256_generate(), *b = bp_p256_generate();
	uint8_t pub[BP_P256_POINT], dh[BP_P256_SCALAR];

	(void)state;
	assert_non_null(a);
	assert_non_null(b);
	assert_int_equal(bp_p256_public(b, pub), 0);
	assert_int_equal(bp_p256_dh(a, pub, dh), 0);
	pub[BP_P256_POINT - 1] ^= 1;	/* y off by one: off the curve */
	assert_int_equal(bp_p256_dh(a, pub, dh), -1);
	memset(pub + 1, 0, BP_P256_POINT - 1);
	assert_int_equal(bp_p256_dh(a, pub, dh), -1);
	EVP_PKEY_free(a);
	EVP_PKEY_free(b);
}

/*
 * USER_KEY as a device would send it for @pub, sealed and MACed under @s's
 * keys, with a zero proof; its length.
 */
static size_t user_key_of(struct bp_session *s, const uint8_t pub[BP_P256_POINT],
			  uint8_t *msg)
{
	size_t sealed = BP_P256_POINT + BP_GCM_TAG, body = 2 + sealed + 32;
	uint8_t aad[BP_HEADER + BP_SHA256], n[BP_GCM_NONCE] = { 0 };
	struct bp_bytes m[] = { { aad + BP_HEADER, BP_SHA256 },
				{ msg, BP_HEADER + body } };

	n[BP_GCM_NONCE - 1] = 1;	/* N(1) */
	msg[0] = 1;
	msg[1] = BP_USER_KEY;
	bp_put16(msg + 2, body);
	bp_put16(msg + BP_HEADER, sealed);
	memcpy(aad, msg, BP_HEADER);
	assert_int_equal(bp_wire_th(&s->w, aad + BP_HEADER), 0);
	assert_int_equal(bp_gcm_seal(s->k.enc_ds, 32, n, aad, sizeof(aad), pub,
				     BP_P256_POINT, msg + BP_HEADER + 2), 0);
	memset(msg + BP_HEADER + 2 + sealed, 0, 32);
	assert_int_equal(bp_hmac(s->w.recv, 32, m, 2, msg + BP_HEADER + body), 0);
	return BP_HEADER + body + BP_TRAILER;
}

/*
 * A kind-2 user key that is not a point on P-256 is refused as malformed,
 * and nothing is taken to bind; the same message with the point on the
 * curve is taken.
 */
static void user_key_off_curve(void **state)
{
	uint8_t *out = malloc(BP_MSG_MAX), msg[256], pub[BP_P256_POINT];
	const struct tv_session *v = NULL;
	struct bp_session s;
	size_t len;
	int i, u;

	(void)state;
	for (i = 0; i < n_vecs && !v; i++)
		if (vecs[i].kind == 2 && !vecs[i].reprovision)
			v = &vecs[i];
	assert_non_null(v);
	u = at(v, "USER_KEY");
	device_public(pub);

	assert_int_equal(run(v, &s, u, out), 0);
	pub[BP_P256_POINT - 1] ^= 1;	/* y off by one: off the curve */
	len = user_key_of(&s, pub, msg);
	assert_int_equal(bp_user_key(&s, msg, len, NULL), -1);
	assert_int_equal(s.w.error, BP_E_MALFORMED);
	assert_int_equal(s.user_key_len, 0);
	bp_session_free(&s);

	assert_int_equal(run(v, &s, u, out), 0);
	pub[BP_P256_POINT - 1] ^= 1;
	len = user_key_of(&s, pub, msg);
	assert_int_equal(bp_user_key(&s, msg, len, NULL), 0);
	assert_int_equal(s.user_key_len, BP_P256_POINT);
	bp_session_free(&s);
	free(out);
}

/* A REQUEST offering no suite the server has, or no common version. */
static void negotiation(void **state)
{
	const struct tv_session *v = &vecs[0];
	uint8_t *out = malloc(BP_MSG_MAX), req[104];
	struct bp_draws d = tv_draws();
	struct bp_bytes hb = { req, 72 };
	struct bp_session s;
	size_t n;

	(void)state;
	memcpy(req, v->m[0].bytes, sizeof(req));
	req[6] = 0x04;			/* suite 3 only */
	bp_sha256(&hb, 1, req + 72);
	assert_int_equal(bp_session_init(&s, &d), 0);
	assert_int_equal(bp_request(&s, &id, req, sizeof(req), out, &n), -1);
	assert_int_equal(s.w.error, BP_E_SUITE);
	bp_session_free(&s);
	memcpy(req, v->m[0].bytes, sizeof(req));
	req[4] = 2;
	req[5] = 3;			/* versions 2 to 3 */
	bp_sha256(&hb, 1, req + 72);
	assert_int_equal(bp_session_init(&s, &d), 0);
	assert_int_equal(bp_request(&s, &id, req, sizeof(req), out, &n), -1);
	assert_int_equal(s.w.error, BP_E_VERSION);
	/* the ERROR goes in the device's min_version (section 5) */
	assert_int_equal(bp_error_build(&s, s.w.error, "version", out,
					 &n), 0);
	assert_int_equal(out[0], 2);
	assert_int_equal(out[BP_HEADER], BP_E_VERSION);
	bp_session_free(&s);
	free(out);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(vectors_all),
		cmocka_unit_test(bit_flips),
		cmocka_unit_test(truncated_extended),
		cmocka_unit_test(wrapped_kek_range),
		cmocka_unit_test(replay_reorder_foreign),
		cmocka_unit_test(wrong_proof),
		cmocka_unit_test(refused_provisioned),
		cmocka_unit_test(refused_last_sent),
		cmocka_unit_test(off_curve),
		cmocka_unit_test(user_key_off_curve),
		cmocka_unit_test(negotiation),
	};

	return cmocka_run_group_tests_name("btiprovd_proto", tests, setup,
					   teardown);
}
