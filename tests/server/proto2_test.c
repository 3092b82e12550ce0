// SPDX-License-Identifier: GPL-2.0
/*
 * btiprovd's protocol engine against the sessions after the voice channel
 * in Documentation/protocol-vectors.txt: a device offering versions 1 to
 * 2, and version 2's provisioning, re-provisioning and refreshes.  From
 * the vectors' device messages and the server's fixed draws, every server
 * message byte for byte (the long configuration's by its SHA-256), and
 * every key; then what version 2 refuses.
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
static uint8_t *config_long;

static const char config[] = "sip:+15555550100@voice.bti.test;codec=PCMU";

/* protocol.rst, section 10: 20000 bytes of numbered lines */
static uint8_t *long_config(void)
{
	uint8_t *c = malloc(20000 + 64);
	size_t at = 0;
	int i;

	for (i = 0; c && at < 20000; i++)
		at += sprintf((char *)c + at, "line %05d: %s\n", i, config);
	return c;
}

static int setup(void **state)
{
	const char *top = getenv("BTI_TOP") ? getenv("BTI_TOP") : ".";

	(void)state;
	n_vecs = tv_load(top, vecs, TV_SESSIONS, true);
	config_long = long_config();
	return n_vecs < 0 || !config_long || tv_identity(top, &id) ? -1 : 0;
}

static int teardown(void **state)
{
	(void)state;
	free(config_long);
	tv_identity_free(&id);
	tv_free(vecs, n_vecs);
	return 0;
}

static const struct bp_voice voice = {
	4, { 192, 0, 2, 1 }, 5004, 0x11223344, 0x55667788,
};

/* The server as @v's: offering only @v's suite, speaking up to its version. */
static void server_init(const struct tv_session *v, struct bp_session *s,
			struct bp_identity *only)
{
	struct bp_draws d = tv_draws();

	*only = id;
	only->chain_len[3 - v->suite] = 0;
	assert_int_equal(bp_session_init(s, &d), 0);
	s->max_version = v->version;
}

/* @got holds the messages from @v's message @i on: each as the vectors. */
static void expect(const struct tv_session *v, int i, const uint8_t *got,
		   size_t len)
{
	struct bp_bytes m;
	uint8_t h[BP_SHA256];

	while (len) {
		const struct tv_msg *want = &v->m[i++];

		assert_true(i <= v->n);
		assert_true(want->len <= len);
		if (want->bytes) {
			assert_memory_equal(got, want->bytes, want->len);
		} else {
			m = (struct bp_bytes){ got, want->len };
			assert_int_equal(bp_sha256(&m, 1, h), 0);
			assert_memory_equal(h, want->sha, 32);
		}
		got += want->len;
		len -= want->len;
	}
}

/* What the server answers ATTESTATION with, as the vector's server does. */
static int attested(const struct tv_session *v, struct bp_session *s,
		    uint8_t *out, size_t *len)
{
	if (v->refused)
		return bp_error_build(s, v->refused,
				      v->refused == BP_E_REVOKED ?
				      "binding revoked" : "binding unknown",
				      out, len);
	assert_int_equal(s->proven, v->attested);
	assert_int_equal(s->chain_len != 0, v->attested);
	return bp_key_confirm(s, &voice, out, len);
}

/* Run a version 2 session of the vectors; 0 if every message went. */
static int run(const struct tv_session *v, struct bp_session *s, uint8_t *out)
{
	const uint8_t *cfg = v->long_config ? config_long :
			     (const uint8_t *)config;
	size_t cfg_len = v->long_config ? 20000 : strlen(config), len;
	uint64_t version = v->reprovision ? 2 : 1;
	struct bp_bound b = tv_bound(v);
	struct bp_identity only;
	int i, err;

	server_init(v, s, &only);
	for (i = 0; i < v->n; i++) {
		const struct tv_msg *m = &v->m[i];

		len = 0;
		if (!strcmp(m->name, "REQUEST"))
			err = bp_request(s, &only, m->bytes, m->len, out, &len);
		else if (!strcmp(m->name, "KEY_TRANSPORT"))
			err = bp_key_transport(s, &only, m->bytes, m->len,
					       &voice, out, &len);
		else if (!strcmp(m->name, "ATTESTATION"))
			err = bp_attestation(s, m->bytes, m->len) ?:
			      attested(v, s, out, &len);
		else if (!strcmp(m->name, "AUTH_RESULT"))
			err = bp_auth_result(s, m->bytes[4], m->bytes[5], out,
					     &len);
		else if (!strcmp(m->name, "USER_KEY"))
			err = bp_user_key(s, m->bytes, m->len,
					  v->reprovision ? &b : NULL) ?:
			      bp_provisioned(s, version, cfg, cfg_len, out,
					     &len);
		else if (!strcmp(m->name, "REFRESH"))
			err = bp_refresh(s, m->bytes, m->len, &b) ?:
			      bp_provisioned(s, version,
					     s->held == version ? NULL : cfg,
					     s->held == version ? 0 : cfg_len,
					     out, &len);
		else if (!strcmp(m->name, "FINISHED"))
			err = bp_finished(s, m->bytes, m->len);
		else
			continue;	/* the server's, checked as it sends */
		if (err)
			return err;
		/* an AUTH_RESULT is its own vector; the rest answer one */
		expect(v, !strcmp(m->name, "AUTH_RESULT") ? i : i + 1, out,
		       len);
	}
	return 0;
}

static void vectors_version2_server(void **state)
{
	uint8_t *out = malloc(BP_PROVISIONED_OUT), want[BP_P256_POINT];
	struct bp_session s;
	int i, v2 = 0;

	(void)state;
	assert_int_equal(n_vecs, 8);
	for (i = 0; i < n_vecs; i++) {
		const struct tv_session *v = &vecs[i];

		v2 += v->version == 2;
		assert_int_equal(run(v, &s, out), 0);
		assert_int_equal(s.state, v->refused ? BP_FAILED : BP_DONE);
		assert_memory_equal(s.k.mac_ds, v->keys[0], 32);
		assert_memory_equal(s.k.mac_sd, v->keys[1], 32);
		assert_memory_equal(s.k.enc_ds, v->keys[2], 32);
		assert_memory_equal(s.k.enc_sd, v->keys[3], 32);
		assert_memory_equal(s.k.confirm, v->keys[4], 32);
		if (!v->refresh) {
			if (v->kind == 1)
				tv_fixed("user key", want, 32);
			else
				memcpy(want, tv_bound(v).key, BP_P256_POINT);
			assert_int_equal(s.user_key_len,
					 v->kind == 1 ? 32 : BP_P256_POINT);
			assert_memory_equal(s.user_key, want, s.user_key_len);
		}
		bp_session_free(&s);
	}
	assert_int_equal(v2, 7);
	free(out);
}

/* A version 1 device's sessions, against a server that speaks 2. */
static void version1_devices(void **state)
{
	struct tv_session v1[TV_SESSIONS];
	const char *top = getenv("BTI_TOP") ? getenv("BTI_TOP") : ".";
	uint8_t *out = malloc(BP_PROVISIONED_OUT);
	struct bp_session s;
	int i, n = tv_load(top, v1, TV_SESSIONS, false);

	(void)state;
	assert_int_equal(n, 6);
	for (i = 0; i < n; i++) {
		v1[i].version = 2;	/* the server's highest */
		assert_int_equal(run(&v1[i], &s, out), 0);
		assert_int_equal(s.w.version, 1);
		assert_int_equal(s.state, BP_DONE);
		bp_session_free(&s);
	}
	tv_free(v1, n);
	free(out);
}

/* The session of @v up to its message @name, and that message's index. */
static int upto(const struct tv_session *v, const char *name,
		struct bp_session *s, uint8_t *out)
{
	struct tv_session part = *v;

	for (part.n = 0; strcmp(v->m[part.n].name, name); part.n++)
		assert_true(part.n < v->n);
	assert_int_equal(run(&part, s, out), 0);
	return part.n;
}

/*
 * ATTESTATION's lengths are the engine's to refuse; a proof that does not
 * verify, or a leaf that is no P-256 certificate, is taken but not
 * proven: what that costs is the caller's policy (protocol.rst, 7.1).
 */
static void attestation_refused(void **state)
{
	static const struct {
		size_t certs, cert_len;
		bool bad_proof, zero_proof;
		int err;	/* the refusal; 0 taken with a chain, unproven;
				 * -1 taken without one */
	} cases[] = {
		{ 0, 0, false, false, BP_E_MALFORMED },	/* no chain, a proof */
		{ 5, 100, false, false, BP_E_MALFORMED },	/* 5 certificates */
		{ 1, 4097, false, false, BP_E_MALFORMED },	/* one too long */
		{ 1, 100, false, false, 0 },		/* not a certificate */
		{ 1, 0, true, false, 0 },		/* the leaf, wrong proof */
		{ 0, 0, false, true, -1 },		/* no chain: taken */
	};
	const struct tv_session *v = &vecs[1];	/* version 2, attested */
	const char *top = getenv("BTI_TOP") ? getenv("BTI_TOP") : ".";
	const struct tv_msg *att;
	uint8_t *out = malloc(BP_PROVISIONED_OUT), *m = malloc(BP_MSG_MAX);
	uint8_t plain[BP_DEVICE_CHAIN_MAX + 64] = { 0 };
	struct bp_session s;
	size_t i, k, len, n;

	(void)state;
	assert_int_equal(v->version, 2);
	assert_true(v->attested);
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		upto(v, "ATTESTATION", &s, out);
		memset(plain, 0, sizeof(plain));
		len = 2;
		for (k = 0; k < cases[i].certs; k++) {
			bp_put16(plain + len, cases[i].cert_len);
			memset(plain + len + 2, 0x30, cases[i].cert_len);
			len += 2 + cases[i].cert_len;
		}
		if (cases[i].bad_proof) {
			/* the vector's own chain, a proof of zeroes */
			n = 0;
			assert_int_equal(tv_device_chain(top, plain + 2, &n), 0);
			len = 2 + n;
		}
		bp_put16(plain, len - 2);
		if (!cases[i].zero_proof && !cases[i].bad_proof)
			plain[len] = 1;
		len += 32;
		n = tv_attestation(&s, plain, len, m);
		if (cases[i].err > 0) {
			assert_int_equal(bp_attestation(&s, m, n), -1);
			assert_int_equal(s.w.error, cases[i].err);
		} else {
			assert_int_equal(bp_attestation(&s, m, n), 0);
			assert_false(s.proven);
			assert_int_equal(s.chain_len != 0, cases[i].err == 0);
		}
		bp_session_free(&s);
	}
	/* a leaf that is a certificate, but of an RSA key: taken, unproven */
	upto(v, "ATTESTATION", &s, out);
	n = bp_be16(id.chain[2]);
	bp_put16(plain, 2 + n);
	memcpy(plain + 2, id.chain[2], 2 + n);
	memset(plain + 4 + n, 0, 32);
	n = tv_attestation(&s, plain, 4 + n + 32, m);
	assert_int_equal(bp_attestation(&s, m, n), 0);
	assert_false(s.proven);
	assert_int_not_equal(s.chain_len, 0);
	bp_session_free(&s);
	/* the vector's, one bit of its GCM tag flipped and MACed again */
	att = &v->m[upto(v, "ATTESTATION", &s, out)];
	memcpy(m, att->bytes, att->len);
	m[att->len - BP_TRAILER - 1] ^= 1;
	n = tv_device_msg(&s, BP_ATTESTATION, m + BP_HEADER,
		       att->len - BP_HEADER - BP_TRAILER, m);
	assert_int_equal(bp_attestation(&s, m, n), -1);
	assert_int_equal(s.w.error, BP_E_INTEGRITY);
	bp_session_free(&s);
	free(out);
	free(m);
}

/* A wrong REFRESH proof is refused as integrity, and no failed attempt. */
static void refresh_wrong_proof(void **state)
{
	const struct tv_session *v = &vecs[4];	/* refresh, kind 1 */
	uint8_t *out = malloc(BP_PROVISIONED_OUT), *m = malloc(BP_MSG_MAX);
	struct bp_bound b = tv_bound(v);
	struct bp_session s;
	const struct tv_msg *r;
	uint8_t body[40];
	size_t n;

	(void)state;
	assert_true(v->refresh);
	r = &v->m[upto(v, "REFRESH", &s, out)];
	memcpy(body, r->bytes + BP_HEADER, 40);
	body[39] ^= 1;
	n = tv_device_msg(&s, BP_REFRESH, body, 40, m);
	assert_int_equal(bp_refresh(&s, m, n, &b), -1);
	assert_int_equal(s.w.error, BP_E_INTEGRITY);
	bp_session_free(&s);
	/* the binding of another kind: malformed */
	upto(v, "REFRESH", &s, out);
	b.kind = 2;
	assert_int_equal(bp_refresh(&s, r->bytes, r->len, &b), -1);
	assert_int_equal(s.w.error, BP_E_MALFORMED);
	bp_session_free(&s);
	/* a current configuration goes without a byte of it */
	upto(v, "REFRESH", &s, out);
	b.kind = 1;
	assert_int_equal(bp_refresh(&s, r->bytes, r->len, &b), 0);
	assert_int_equal(bp_provisioned(&s, s.held, (const uint8_t *)config,
					 1, out, &n), -1);
	assert_int_equal(bp_provisioned(&s, 0, NULL, 0, out, &n), -1);
	bp_session_free(&s);
	free(out);
	free(m);
}

/*
 * The device refuses a CONFIG: its ERROR is MACed over the transcript
 * before that CONFIG, and the server takes it; or before PROVISIONED.  A
 * FINISHED with a body, or a bit flipped, is refused.
 */
static void config_refused(void **state)
{
	const struct tv_session *v = &vecs[2];	/* the long configuration */
	uint8_t *out = malloc(BP_PROVISIONED_OUT), *m = malloc(BP_MSG_MAX);
	static const uint8_t err[2] = { BP_E_INTEGRITY, 0 };
	struct bp_session s;
	char text[BP_ERROR_TEXT_MAX + 1];
	const struct tv_msg *fin;
	size_t n, t_len;
	uint8_t code;
	unsigned int k;

	(void)state;
	assert_true(v->long_config);
	fin = &v->m[upto(v, "FINISHED", &s, out)];
	assert_int_equal(s.state, BP_WAIT_FINISHED);
	assert_int_equal(s.w.n_sent, 3);	/* PROVISIONED, two CONFIGs */
	for (k = 0; k < 3; k++) {
		t_len = s.w.t_len;
		s.w.t_len = s.w.sent[k];
		n = tv_device_msg(&s, BP_ERROR, err, 2, m);
		s.w.t_len = t_len;
		assert_int_equal(bp_error_parse(&s, m, n, &code, text), 0);
		assert_int_equal(code, BP_E_INTEGRITY);
		bp_session_free(&s);
		upto(v, "FINISHED", &s, out);
	}
	/* over a transcript that is none of them: not believed */
	t_len = s.w.t_len;
	s.w.t_len = s.w.sent[1] - 1;
	n = tv_device_msg(&s, BP_ERROR, err, 2, m);
	s.w.t_len = t_len;
	assert_int_equal(bp_error_parse(&s, m, n, &code, text), -1);
	bp_session_free(&s);
	/* FINISHED with a body */
	upto(v, "FINISHED", &s, out);
	n = tv_device_msg(&s, BP_FINISHED, err, 1, m);
	assert_int_equal(bp_finished(&s, m, n), -1);
	assert_int_equal(s.w.error, BP_E_MALFORMED);
	bp_session_free(&s);
	/* FINISHED with its MAC flipped */
	upto(v, "FINISHED", &s, out);
	memcpy(m, fin->bytes, fin->len);
	m[fin->len - 1] ^= 0x80;
	assert_int_equal(bp_finished(&s, m, fin->len), -1);
	assert_int_equal(s.w.error, BP_E_INTEGRITY);
	assert_int_equal(bp_finished(&s, fin->bytes, fin->len), 0);
	bp_session_free(&s);
	free(out);
	free(m);
}

/*
 * Section 5: the highest version both speak, or ERROR(version) in the
 * device's lowest; a server that requires version 2 refuses a range that
 * stops at 1.  KEY_TRANSPORT's purpose must be 1 or 2.
 */
static void negotiation_version2(void **state)
{
	static const struct {
		uint8_t lo, hi, min, max, version;	/* 0: refused */
	} cases[] = {
		{ 1, 2, 1, 2, 2 }, { 1, 2, 1, 1, 1 }, { 2, 2, 1, 1, 0 },
		{ 1, 1, 2, 2, 0 }, { 2, 1, 1, 2, 0 }, { 0, 0, 1, 2, 0 },
		{ 2, 9, 1, 2, 2 }, { 1, 2, 1, 7, 2 },
	};
	const struct tv_session *v = &vecs[1];
	uint8_t *out = malloc(BP_PROVISIONED_OUT), *req = malloc(BP_MSG_MAX);
	const struct tv_msg *r = &v->m[0], *kt;
	struct bp_identity only;
	struct bp_session s;
	size_t i, n;

	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		memcpy(req, r->bytes, r->len);
		req[0] = cases[i].lo;
		req[BP_HEADER] = cases[i].lo;
		req[BP_HEADER + 1] = cases[i].hi;
		n = BP_HEADER + 68;
		assert_int_equal(bp_sha256(&(struct bp_bytes){ req, n }, 1,
					   req + n), 0);
		server_init(v, &s, &only);
		s.min_version = cases[i].min;
		s.max_version = cases[i].max;
		assert_int_equal(bp_request(&s, &only, req, n + BP_TRAILER,
					    out, &n), cases[i].version ? 0 : -1);
		if (cases[i].version)
			assert_int_equal(out[0], cases[i].version);
		else
			assert_int_equal(s.w.error, BP_E_VERSION);
		/* the ERROR goes in the device's lowest, or 1 for none */
		if (!cases[i].version)
			assert_int_equal(s.w.version,
					 cases[i].lo ? cases[i].lo : 1);
		bp_session_free(&s);
	}
	/* purpose 3, and 0: malformed, before anything is unwrapped */
	for (i = 0; i < 4; i += 3) {
		kt = &v->m[upto(v, "KEY_TRANSPORT", &s, out)];
		memcpy(req, kt->bytes, kt->len);
		req[BP_HEADER] = i;
		assert_int_equal(bp_key_transport(&s, &only, req, kt->len, NULL,
						  out, &n), -1);
		assert_int_equal(s.w.error, BP_E_MALFORMED);
		bp_session_free(&s);
	}
	free(req);
	free(out);
}

/* A message out of its place: refused as unexpected, the session intact. */
static void out_of_place(void **state)
{
	const struct tv_session *v = &vecs[4];	/* refresh, kind 1 */
	uint8_t *out = malloc(BP_PROVISIONED_OUT);
	const struct tv_msg *r, *f = &v->m[v->n - 1];
	struct bp_bound b = tv_bound(v);
	struct bp_session s;
	size_t n;

	(void)state;
	assert_string_equal(f->name, "FINISHED");
	r = &v->m[upto(v, "REFRESH", &s, out)];
	assert_int_equal(bp_finished(&s, f->bytes, f->len), -1);
	assert_int_equal(s.w.error, BP_E_UNEXPECTED);
	assert_int_equal(bp_key_confirm(&s, NULL, out, &n), -1);
	assert_int_equal(bp_refresh(&s, r->bytes, r->len, NULL), -1);
	assert_int_equal(bp_refresh(&s, r->bytes, r->len, &b), 0);
	assert_int_equal(bp_refresh(&s, r->bytes, r->len, &b), -1);
	assert_int_equal(s.w.error, BP_E_UNEXPECTED);
	bp_session_free(&s);
	free(out);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(vectors_version2_server),
		cmocka_unit_test(version1_devices),
		cmocka_unit_test(attestation_refused),
		cmocka_unit_test(refresh_wrong_proof),
		cmocka_unit_test(config_refused),
		cmocka_unit_test(negotiation_version2),
		cmocka_unit_test(out_of_place),
	};

	return cmocka_run_group_tests_name("btiprovd_proto2", tests, setup,
					   teardown);
}
