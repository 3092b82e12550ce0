// SPDX-License-Identifier: GPL-2.0
/*
 * The load generator's device side of the protocol, on OpenSSL: against
 * the vectors byte for byte in suite 1 (both user-key kinds, and
 * re-provisioning with each bound kind); against btiprovd's engine in
 * suite 2, whose OAEP draws its own seed; and refusing a chain from
 * another CA, another host name, and tampered server messages.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <openssl/pem.h>
#include <openssl/rand.h>

#include "device.h"
#include "vectors.h"

static struct tv_session vecs[TV_SESSIONS], after[TV_SESSIONS];
static int n_vecs, n_after;
static uint8_t dev_chain[BP_DEVICE_CHAIN_MAX];
static size_t dev_chain_len;
static struct bp_identity id;
static X509_STORE *trust;
static struct bp_dev_trust named = { .host = "prov.bti.test" };
static EVP_PKEY *identity;
static uint8_t identity_pub[BP_P256_POINT];
static const char *top;

static int setup(void **state)
{
	char path[4096];
	uint8_t sk[32];
	FILE *f;
	X509 *ca;

	(void)state;
	top = getenv("BTI_TOP") ? getenv("BTI_TOP") : ".";
	n_vecs = tv_load(top, vecs, TV_SESSIONS, false);
	n_after = tv_load(top, after, TV_SESSIONS, true);
	if (n_vecs < 0 || n_after < 0 || tv_identity(top, &id) ||
	    tv_device_chain(top, dev_chain, &dev_chain_len))
		return -1;
	snprintf(path, sizeof(path), "%s/tests/vectors/pki/ca.pem", top);
	f = fopen(path, "r");
	ca = f ? PEM_read_X509(f, NULL, NULL, NULL) : NULL;
	if (f)
		fclose(f);
	trust = X509_STORE_new();
	if (!ca || !trust || !X509_STORE_add_cert(trust, ca))
		return -1;
	X509_free(ca);
	named.store = trust;
	tv_fixed("device identity key", sk, 32);
	identity = bp_p256_key(sk);
	return identity && !bp_p256_public(identity, identity_pub) ? 0 : -1;
}

static int teardown(void **state)
{
	(void)state;
	bp_dev_trust_clear(&named);
	X509_STORE_free(trust);
	EVP_PKEY_free(identity);
	tv_identity_free(&id);
	tv_free(vecs, n_vecs);
	tv_free(after, n_after);
	return 0;
}

static struct bp_dev_draws draws(void)
{
	struct bp_dev_draws d = { 0 };

	tv_fixed("device nonce", d.device_nonce, 32);
	tv_fixed("key nonce", d.key_nonce, 32);
	tv_fixed("kek", d.kek, 32);
	tv_fixed("session key", d.session_key, 32);
	tv_fixed("audio master key", d.audio_key, 16);
	tv_fixed("audio master salt", d.audio_salt, 12);
	tv_fixed("hpke ephemeral key", d.hpke_ske, 32);
	tv_fixed("user key", d.user_key, 32);
	return d;
}

static const struct tv_msg *msg(const struct tv_session *v, const char *name,
				int nth)
{
	int i;

	for (i = 0; i < v->n; i++)
		if (!strcmp(v->m[i].name, name) && !nth--)
			return &v->m[i];
	fail();
	return NULL;
}

static void expect(const uint8_t *got, size_t len, const struct tv_msg *m)
{
	assert_int_equal(len, m->len);
	assert_memory_equal(got, m->bytes, len);
}

/* The id the vectors' device names its binding by (protocol.rst, 7). */
static void bound_id(const struct tv_session *v, struct bp_bound *re,
		     uint8_t id_hash[32])
{
	static const char label[] = "bti v1 user key id";
	struct bp_bytes pub = { identity_pub, sizeof(identity_pub) };
	struct bp_bytes sym[] = { { label, sizeof(label) - 1 }, { re->key, 32 } };

	re->kind = v->kind;
	tv_fixed("old user key", re->key, 32);
	if (v->kind == 1)
		bp_sha256(sym, 2, id_hash);
	else
		bp_sha256(&pub, 1, id_hash);
}

/* @v's device, up to KEY_TRANSPORT, each message as the vectors'. */
static void start(const struct tv_session *v, const struct bp_dev_draws *d,
		  struct bp_dev *dev, struct bp_bound *re, uint8_t *out)
{
	const struct tv_msg *m;
	uint8_t id_hash[32];
	size_t len;

	assert_int_equal(bp_dev_init(dev, v->kind, d), 0);
	dev->max_version = v->version;
	if (v->refresh)
		dev->purpose = BP_REFRESHING;
	/* a provisioned device is named by its bound key */
	bound_id(v, re, id_hash);
	assert_int_equal(bp_dev_request(dev, v->reprovision ? id_hash : NULL,
					out, &len), 0);
	expect(out, len, msg(v, "REQUEST", 0));
	m = msg(v, "SERVER_HELLO", 0);
	assert_int_equal(bp_dev_hello(dev, m->bytes, m->len, &named), 0);
	assert_int_equal(dev->w.version, v->version);
	assert_int_equal(bp_dev_key_transport(dev, out, &len), 0);
	expect(out, len, msg(v, "KEY_TRANSPORT", 0));
}

/* Run @v as its device up to the server's PROVISIONED; 0 if all went. */
static void run(const struct tv_session *v)
{
	struct bp_dev_draws d = draws();
	uint8_t *out = malloc(BP_MSG_MAX), config[BP_CONFIG_MAX];
	struct bp_bound re;
	const struct tv_msg *m;
	struct bp_voice voice;
	struct bp_dev dev;
	uint8_t result, left;
	size_t len;

	start(v, &d, &dev, &re, out);
	m = msg(v, "KEY_CONFIRM", 0);
	assert_int_equal(bp_dev_confirm(&dev, m->bytes, m->len, &voice), 0);
	assert_int_equal(voice.port, 5004);
	assert_int_equal(voice.server_ssrc, 0x55667788);
	m = msg(v, "AUTH_RESULT", 0);
	assert_int_equal(bp_dev_auth(&dev, m->bytes, m->len, &result, &left), 0);
	assert_int_equal(result, 1);
	m = msg(v, "AUTH_RESULT", 1);
	assert_int_equal(bp_dev_auth(&dev, m->bytes, m->len, &result, &left), 0);
	assert_int_equal(result, 0);
	assert_int_equal(bp_dev_user_key(&dev, v->kind == 1 ? d.user_key :
					 identity_pub, v->kind == 1 ? 32 : 65,
					 v->reprovision ? &re : NULL, identity,
					 out, &len), 0);
	expect(out, len, msg(v, "USER_KEY", 0));
	m = msg(v, "PROVISIONED", 0);
	assert_int_equal(bp_dev_provisioned(&dev, m->bytes, m->len, config,
					    &len), 0);
	assert_int_equal(len, 42);
	assert_memory_equal(config, "sip:+15555550100@voice.bti.test;codec=PCMU",
			    len);
	bp_dev_free(&dev);
	free(out);
}

/*
 * Run each session of @v of suite 1 and @version through @run: suite 2's
 * OAEP seed is OpenSSL's to draw.  Returns how many ran.
 */
static int replay(const struct tv_session *v, int n, int version,
		  void (*run)(const struct tv_session *))
{
	int i, ran = 0;

	for (i = 0; i < n; i++)
		if (v[i].suite == 1 && v[i].version == version) {
			run(&v[i]);
			ran++;
		}
	return ran;
}

static void vectors_suite1(void **state)
{
	(void)state;
	assert_int_equal(replay(vecs, n_vecs, 1, run), 4);
}

/*
 * Run version 2's @v as its device, every message of the device's as the
 * vectors', up to FINISHED, or to the server's ERROR after ATTESTATION.
 */
static void run2(const struct tv_session *v)
{
	struct bp_dev_draws d = draws();
	uint8_t *out = malloc(BP_MSG_MAX), config[64];
	const struct tv_msg *m;
	struct bp_voice voice;
	struct bp_bound re;
	struct bp_dev dev;
	uint8_t result, left;
	uint64_t held = 0;
	size_t len;
	int i;

	start(v, &d, &dev, &re, out);
	assert_int_equal(bp_dev_attestation(&dev, v->attested ? dev_chain : NULL,
					    v->attested ? dev_chain_len : 0,
					    identity, out, &len), 0);
	expect(out, len, msg(v, "ATTESTATION", 0));
	if (v->refused)
		goto out;
	m = msg(v, "KEY_CONFIRM", 0);
	assert_int_equal(bp_dev_confirm(&dev, m->bytes, m->len, &voice), 0);
	if (v->refresh) {
		m = msg(v, "REFRESH", 0);
		for (i = 0; i < 8; i++)
			held = held << 8 | m->bytes[BP_HEADER + i];
		assert_int_equal(bp_dev_refresh(&dev, held, &re, identity, out,
						&len), 0);
		expect(out, len, m);
	} else {
		for (i = 0; i < 2; i++) {
			m = msg(v, "AUTH_RESULT", i);
			assert_int_equal(bp_dev_auth(&dev, m->bytes, m->len,
						     &result, &left), 0);
		}
		assert_int_equal(bp_dev_user_key(&dev, v->kind == 1 ?
						 d.user_key : identity_pub,
						 v->kind == 1 ? 32 : 65,
						 v->reprovision ? &re : NULL,
						 identity, out, &len), 0);
		expect(out, len, msg(v, "USER_KEY", 0));
	}
	m = msg(v, "PROVISIONED", 0);
	assert_int_equal(bp_dev_provisioned(&dev, m->bytes, m->len, config,
					    &len), 0);
	assert_int_equal(len, 0);
	assert_int_equal(dev.config_version, v->reprovision ? 2 : 1);
	assert_int_equal(dev.config_len, held == 2 ? 0 : 42);
	if (dev.config_len) {
		m = msg(v, "CONFIG", 0);
		assert_int_equal(bp_dev_config(&dev, m->bytes, m->len, config),
				 0);
		assert_memory_equal(config,
				    "sip:+15555550100@voice.bti.test;codec=PCMU",
				    42);
	}
	assert_int_equal(bp_dev_finished(&dev, out, &len), 0);
	expect(out, len, msg(v, "FINISHED", 0));
out:
	bp_dev_free(&dev);
	free(out);
}

/* Version 2's sessions, as the device sends them */
static void vectors_version2(void **state)
{
	(void)state;
	assert_int_equal(replay(after, n_after, 2, run2), 6);
}

/*
 * Version 2 in memory, suite 2, random draws: a new device is given the
 * longest configuration, in four pieces, and then refreshes with the key
 * it was given; its configuration current, nothing comes.
 */
static void against_server_version2(void **state)
{
	uint8_t *a = malloc(BP_MSG_MAX), *b = malloc(BP_PROVISIONED_OUT);
	uint8_t *config = malloc(BP_CONFIG_V2_MAX), *got = malloc(BP_CONFIG_V2_MAX);
	struct bp_identity only = id;
	struct bp_bound re = { .kind = 1 };
	struct bp_session s;
	struct bp_dev dev;
	size_t na, nb, at, n;
	int round;

	(void)state;
	only.chain_len[1] = 0;
	assert_int_equal(RAND_bytes(config, BP_CONFIG_V2_MAX), 1);
	for (round = 0; round < 2; round++) {
		assert_int_equal(bp_dev_init(&dev, 1, NULL), 0);
		assert_int_equal(bp_session_init(&s, NULL), 0);
		dev.max_version = s.max_version = 2;
		if (round)
			dev.purpose = BP_REFRESHING;
		assert_int_equal(bp_key_id(1, re.key, a + 512), 0);
		assert_int_equal(bp_dev_request(&dev, round ? a + 512 : NULL,
						a, &na), 0);
		assert_int_equal(bp_request(&s, &only, a, na, b, &nb), 0);
		assert_int_equal(bp_dev_hello(&dev, b, nb, &named), 0);
		assert_int_equal(bp_dev_key_transport(&dev, a, &na), 0);
		assert_int_equal(bp_key_transport(&s, &only, a, na, NULL, b,
						  &nb), 0);
		assert_int_equal(nb, 0);
		assert_int_equal(bp_dev_attestation(&dev, NULL, 0, NULL, a,
						    &na), 0);
		assert_int_equal(bp_attestation(&s, a, na), 0);
		assert_false(s.proven);
		if (round) {
			assert_int_equal(bp_key_confirm(&s, NULL, b, &nb), 0);
			assert_int_equal(bp_dev_confirm(&dev, b, nb, NULL), 0);
			assert_int_equal(bp_dev_refresh(&dev, 7, &re, NULL, a,
							&na), 0);
			assert_int_equal(bp_refresh(&s, a, na, &re), 0);
			assert_int_equal(bp_provisioned(&s, 7, NULL, 0, b, &nb),
					 0);
		} else {
			static const struct bp_voice voice = {
				4, { 127, 0, 0, 1 }, 9, 1, 2,
			};
			struct bp_voice heard;
			uint8_t result, left;

			assert_int_equal(bp_key_confirm(&s, &voice, b, &nb), 0);
			assert_int_equal(bp_dev_confirm(&dev, b, nb, &heard), 0);
			assert_int_equal(bp_auth_result(&s, 0, 0, b, &nb), 0);
			assert_int_equal(bp_dev_auth(&dev, b, nb, &result,
						     &left), 0);
			assert_int_equal(bp_dev_user_key(&dev, dev.d.user_key,
							 32, NULL, NULL, a,
							 &na), 0);
			assert_int_equal(bp_user_key(&s, a, na, NULL), 0);
			memcpy(re.key, dev.d.user_key, 32);
			assert_int_equal(bp_provisioned(&s, 7, config,
							BP_CONFIG_V2_MAX, b,
							&nb), 0);
		}
		/* PROVISIONED, then each CONFIG, as the server wrote them */
		n = BP_HEADER + bp_be16(b + 2) + BP_TRAILER;
		assert_int_equal(bp_dev_provisioned(&dev, b, n, got, &na), 0);
		assert_int_equal(dev.config_version, 7);
		assert_int_equal(dev.config_len, round ? 0 : BP_CONFIG_V2_MAX);
		for (at = n; at < nb; at += n) {
			n = BP_HEADER + bp_be16(b + at + 2) + BP_TRAILER;
			assert_int_equal(bp_dev_config(&dev, b + at, n, got), 0);
		}
		assert_int_equal(dev.config_have, dev.config_len);
		if (!round)
			assert_memory_equal(got, config, BP_CONFIG_V2_MAX);
		assert_int_equal(bp_dev_finished(&dev, a, &na), 0);
		assert_int_equal(bp_finished(&s, a, na), 0);
		assert_int_equal(s.state, BP_DONE);
		bp_session_free(&s);
		bp_dev_free(&dev);
	}
	free(a);
	free(b);
	free(config);
	free(got);
}

/* A version 2 device of @kind and @purpose, and the server's HELLO in @b. */
static void hello_of(struct bp_dev *dev, struct bp_session *s, uint8_t kind,
		     uint8_t purpose, uint8_t *a, uint8_t *b, size_t *nb)
{
	size_t na;

	assert_int_equal(bp_dev_init(dev, kind, NULL), 0);
	assert_int_equal(bp_session_init(s, NULL), 0);
	dev->max_version = s->max_version = 2;
	dev->purpose = purpose;
	assert_int_equal(bp_dev_request(dev, NULL, a, &na), 0);
	assert_int_equal(bp_request(s, &id, a, na, b, nb), 0);
}

/*
 * Version 2's device meets the server's ephemeral key with its identity
 * key before any key is confirmed: a point off the curve is refused.
 */
static void off_curve_ephemeral_refused(void **state)
{
	uint8_t *a = malloc(BP_MSG_MAX), *b = malloc(BP_MSG_MAX);
	struct bp_session s;
	struct bp_dev dev;
	size_t nb;

	(void)state;
	hello_of(&dev, &s, 2, BP_PROVISIONING, a, b, &nb);
	/* y + 1, and the hash trailer made again to match */
	b[BP_HEADER + 33 + 64]++;
	assert_int_equal(bp_sha256(&(struct bp_bytes){ b, nb - BP_TRAILER }, 1,
				   b + nb - BP_TRAILER), 0);
	assert_int_equal(bp_dev_hello(&dev, b, nb, &named), -1);
	assert_int_equal(dev.w.error, BP_E_MALFORMED);
	bp_session_free(&s);
	bp_dev_free(&dev);
	free(a);
	free(b);
}

/* A refresh needs a binding to refresh: one that names none is refused. */
static void refresh_unbound_refused(void **state)
{
	uint8_t *a = malloc(BP_MSG_MAX), *b = malloc(BP_MSG_MAX);
	struct bp_session s;
	struct bp_dev dev;
	size_t na, nb;

	(void)state;
	hello_of(&dev, &s, 1, BP_REFRESHING, a, b, &nb);
	assert_int_equal(bp_dev_hello(&dev, b, nb, &named), 0);
	assert_int_equal(bp_dev_key_transport(&dev, a, &na), 0);
	assert_int_equal(bp_key_transport(&s, &id, a, na, NULL, b, &nb), -1);
	assert_int_equal(s.w.error, BP_E_MALFORMED);
	bp_session_free(&s);
	bp_dev_free(&dev);
	free(a);
	free(b);
}

/* A device and a server engine talking in memory, suite 2, random draws. */
static void against_server_suite2(void **state)
{
	static const struct bp_voice voice = { 4, { 127, 0, 0, 1 }, 9, 1, 2 };
	static const char config[] = "sip:alice";
	uint8_t *a = malloc(BP_MSG_MAX), *b = malloc(BP_MSG_MAX);
	uint8_t got[BP_CONFIG_MAX], result, left;
	struct bp_identity only = id;
	struct bp_voice heard;
	struct bp_session s;
	struct bp_dev dev;
	size_t na, nb;

	(void)state;
	only.chain_len[1] = 0;
	assert_int_equal(bp_dev_init(&dev, 1, NULL), 0);
	assert_int_equal(bp_session_init(&s, NULL), 0);
	assert_int_equal(bp_dev_request(&dev, NULL, a, &na), 0);
	assert_int_equal(bp_request(&s, &only, a, na, b, &nb), 0);
	assert_int_equal(bp_dev_hello(&dev, b, nb, &named), 0);
	assert_int_equal(dev.suite, 2);
	assert_int_equal(bp_dev_key_transport(&dev, a, &na), 0);
	assert_int_equal(bp_key_transport(&s, &only, a, na, &voice, b, &nb), 0);
	assert_memory_equal(s.audio_key, dev.d.audio_key, 16);
	assert_int_equal(bp_dev_confirm(&dev, b, nb, &heard), 0);
	assert_int_equal(heard.port, 9);
	assert_int_equal(bp_auth_result(&s, 0, 5, b, &nb), 0);
	assert_int_equal(bp_dev_auth(&dev, b, nb, &result, &left), 0);
	assert_int_equal(bp_dev_user_key(&dev, dev.d.user_key, 32, NULL, NULL,
					 a, &na), 0);
	assert_int_equal(bp_user_key(&s, a, na, NULL), 0);
	assert_memory_equal(s.user_key, dev.d.user_key, 32);
	assert_int_equal(bp_provisioned(&s, 1, (const uint8_t *)config,
					sizeof(config) - 1, b, &nb), 0);
	assert_int_equal(bp_dev_provisioned(&dev, b, nb, got, &na), 0);
	assert_int_equal(na, sizeof(config) - 1);
	assert_memory_equal(got, config, na);
	bp_session_free(&s);
	bp_dev_free(&dev);
	free(a);
	free(b);
}

/*
 * The server never sends a KEY_CONFIRM whose SSRCs are equal, which would
 * give both directions one keystream, nor one to UDP port 0.
 */
static void server_refuses_equal_ssrcs(void **state)
{
	static const struct bp_voice same = { 4, { 127, 0, 0, 1 }, 9, 7, 7 };
	static const struct bp_voice nowhere = { 4, { 127, 0, 0, 1 }, 0, 1, 2 };
	static const struct bp_voice *bad[] = { &same, &nowhere };
	uint8_t *a = malloc(BP_MSG_MAX), *b = malloc(BP_MSG_MAX);
	struct bp_identity only = id;
	struct bp_session s;
	struct bp_dev dev;
	size_t na, nb, i;

	(void)state;
	only.chain_len[1] = 0;
	for (i = 0; i < 2; i++) {
		assert_int_equal(bp_dev_init(&dev, 1, NULL), 0);
		assert_int_equal(bp_session_init(&s, NULL), 0);
		assert_int_equal(bp_dev_request(&dev, NULL, a, &na), 0);
		assert_int_equal(bp_request(&s, &only, a, na, b, &nb), 0);
		assert_int_equal(bp_dev_hello(&dev, b, nb, &named), 0);
		assert_int_equal(bp_dev_key_transport(&dev, a, &na), 0);
		assert_int_equal(bp_key_transport(&s, &only, a, na, bad[i], b,
						  &nb), -1);
		bp_session_free(&s);
		bp_dev_free(&dev);
	}
	free(a);
	free(b);
}

/* The wrong CA, the wrong name, and tampered server messages. */
static void refusals(void **state)
{
	const struct tv_session *v = &vecs[0];
	const struct tv_msg *hello = msg(v, "SERVER_HELLO", 0);
	const struct tv_msg *confirm = msg(v, "KEY_CONFIRM", 0);
	struct bp_dev_draws d = draws();
	struct bp_dev_trust none = { .store = X509_STORE_new() };
	struct bp_dev_trust evil = { .store = trust, .host = "evil.example" };
	struct bp_dev_trust any = { .store = trust };
	uint8_t *out = malloc(BP_MSG_MAX), *bad = malloc(BP_MSG_MAX);
	struct bp_voice voice;
	struct bp_dev dev;
	size_t len, bit;

	(void)state;
	assert_int_equal(bp_dev_init(&dev, 1, &d), 0);
	assert_int_equal(bp_dev_request(&dev, NULL, out, &len), 0);
	assert_int_equal(bp_dev_hello(&dev, hello->bytes, hello->len, &none), -1);
	assert_int_equal(dev.w.error, BP_E_CERTIFICATE);
	bp_dev_free(&dev);

	assert_int_equal(bp_dev_init(&dev, 1, &d), 0);
	assert_int_equal(bp_dev_request(&dev, NULL, out, &len), 0);
	assert_int_equal(bp_dev_hello(&dev, hello->bytes, hello->len, &evil), -1);
	assert_int_equal(dev.w.error, BP_E_CERTIFICATE);
	bp_dev_free(&dev);

	for (bit = 0; bit < 8 * confirm->len; bit += 7) {
		assert_int_equal(bp_dev_init(&dev, 1, &d), 0);
		assert_int_equal(bp_dev_request(&dev, NULL, out, &len), 0);
		assert_int_equal(bp_dev_hello(&dev, hello->bytes, hello->len,
					      &any), 0);
		assert_int_equal(bp_dev_key_transport(&dev, out, &len), 0);
		memcpy(bad, confirm->bytes, confirm->len);
		bad[bit / 8] ^= 1 << (bit % 8);
		if (!bp_dev_confirm(&dev, bad, confirm->len, &voice))
			fail_msg("KEY_CONFIRM bit %zu flipped, accepted", bit);
		bp_dev_free(&dev);
	}
	X509_STORE_free(none.store);
	bp_dev_trust_clear(&evil);
	bp_dev_trust_clear(&any);
	free(out);
	free(bad);
}

/* SERVER_HELLO from a server engine proving itself with @as. */
static int hello_from(const struct bp_identity *as, struct bp_dev_trust *t)
{
	uint8_t *a = malloc(BP_MSG_MAX), *b = malloc(BP_MSG_MAX);
	struct bp_session s;
	struct bp_dev dev;
	size_t na, nb;
	int ret;

	assert_int_equal(bp_dev_init(&dev, 1, NULL), 0);
	assert_int_equal(bp_session_init(&s, NULL), 0);
	assert_int_equal(bp_dev_request(&dev, NULL, a, &na), 0);
	assert_int_equal(bp_request(&s, as, a, na, b, &nb), 0);
	ret = bp_dev_hello(&dev, b, nb, t);
	if (ret)
		assert_int_equal(dev.w.error, BP_E_CERTIFICATE);
	bp_session_free(&s);
	bp_dev_free(&dev);
	free(a);
	free(b);
	return ret;
}

/*
 * A chain that once validated is not verified again, so anything but
 * that chain, byte for byte, must be: here one of the same length whose
 * leaf signature is wrong.
 */
static void remembered_chain_spares_only_itself(void **state)
{
	struct bp_dev_trust t = { .store = trust, .host = "prov.bti.test" };
	struct bp_identity good = id, forged = id;
	uint8_t chain[8192];
	size_t leaf_len;

	(void)state;
	good.chain_len[2] = 0;
	forged.chain_len[2] = 0;
	assert_true(id.chain_len[1] <= sizeof(chain));
	memcpy(chain, id.chain[1], id.chain_len[1]);
	leaf_len = bp_be16(chain);
	chain[2 + leaf_len - 1] ^= 0x01;
	forged.chain[1] = chain;

	assert_int_equal(hello_from(&good, &t), 0);
	assert_non_null(t.good);
	assert_int_equal(hello_from(&forged, &t), -1);
	assert_int_equal(hello_from(&good, &t), 0);
	bp_dev_trust_clear(&t);
	assert_int_equal(hello_from(&forged, &t), -1);
	assert_null(t.good);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(vectors_suite1),
		cmocka_unit_test(vectors_version2),
		cmocka_unit_test(against_server_version2),
		cmocka_unit_test(refresh_unbound_refused),
		cmocka_unit_test(off_curve_ephemeral_refused),
		cmocka_unit_test(against_server_suite2),
		cmocka_unit_test(refusals),
		cmocka_unit_test(server_refuses_equal_ssrcs),
		cmocka_unit_test(remembered_chain_spares_only_itself),
	};

	return cmocka_run_group_tests_name("loadgen_device", tests, setup,
					   teardown);
}
