// SPDX-License-Identifier: GPL-2.0
/*
 * The device's side of Documentation/protocol.rst on OpenSSL, for
 * btiprov-loadgen: a second implementation of what the kernel does, so
 * that the server is tested against more than itself.  Refusals return -1
 * and leave their protocol error in dev->w.error.
 */
#include <string.h>

#include <openssl/crypto.h>
#include <openssl/rand.h>
#include <openssl/rsa.h>
#include <openssl/x509v3.h>

#include "device.h"
#include "hpke.h"

#define SEALED_KEYS	(32 + 16 + 12 + 32)

static const char kek_label[] = "bti v1 kek";

static int refuse(struct bp_dev *dev, uint8_t code)
{
	return bp_wire_refuse(&dev->w, code);
}

/* A server message of @type in its place, with a valid trailer. */
static int receive(struct bp_dev *dev, enum bp_dev_stage stage, uint8_t type,
		   const uint8_t *msg, size_t len, size_t *body_len)
{
	size_t max = type == BP_SERVER_HELLO ? BP_HELLO_MAX :
		     type == BP_CONFIG ? BP_CONFIG_BODY_MAX : BP_BODY_MAX;

	if (dev->stage != stage)
		return refuse(dev, BP_E_UNEXPECTED);
	if (bp_wire_unframe(&dev->w, type, msg, len, max, false, body_len))
		return -1;
	return bp_wire_trailer_ok(&dev->w, msg, len);
}

int bp_dev_init(struct bp_dev *dev, uint8_t kind,
		const struct bp_dev_draws *fixed)
{
	memset(dev, 0, sizeof(*dev));
	if (kind != 1 && kind != 2)
		return -1;
	dev->kind = kind;
	dev->suites = 0x03;
	dev->max_version = BP_VERSION;
	dev->purpose = BP_PROVISIONING;
	dev->fixed = fixed;
	if (fixed)
		dev->d = *fixed;
	else if (RAND_bytes((uint8_t *)&dev->d, sizeof(dev->d)) != 1)
		return -1;
	return bp_wire_init(&dev->w);
}

void bp_dev_free(struct bp_dev *dev)
{
	bp_wire_free(&dev->w);
	EVP_PKEY_free(dev->server_key);
	OPENSSL_cleanse(dev, sizeof(*dev));
}

/**
 * bp_dev_request - build REQUEST
 * @dev: the device session
 * @device_id: the id of a provisioned device, or NULL
 * @out: REQUEST, BP_MSG_MAX bytes
 * @len: its length
 */
int bp_dev_request(struct bp_dev *dev, const uint8_t *device_id, uint8_t *out,
		   size_t *len)
{
	uint8_t *b = out + BP_HEADER;

	if (dev->stage != BP_DEV_NEW)
		return refuse(dev, BP_E_UNEXPECTED);
	if (dev->purpose == BP_REFRESHING && dev->max_version < 2)
		return refuse(dev, BP_E_INTERNAL);
	/* version 1 has no refresh (protocol.rst, 5) */
	b[0] = dev->purpose == BP_REFRESHING ? 2 : BP_VERSION;
	b[1] = dev->max_version;
	dev->w.version = b[0];
	b[2] = dev->suites;
	b[3] = dev->kind;
	memcpy(b + 4, dev->d.device_nonce, 32);
	if (device_id)
		memcpy(b + 36, device_id, 32);
	else
		memset(b + 36, 0, 32);
	if (bp_wire_frame(&dev->w, BP_REQUEST, out, 68, len))
		return -1;
	dev->stage = BP_DEV_REQUESTED;
	return 0;
}

/* The chain's certificates, leaf first; NULL if it does not parse. */
static STACK_OF(X509) *parse_chain(const uint8_t *p, size_t len)
{
	STACK_OF(X509) *chain = sk_X509_new_null();
	const uint8_t *der;
	X509 *x;
	size_t n;

	while (chain && len) {
		n = len >= 2 ? bp_be16(p) : 0;
		if (!n || n > len - 2 || sk_X509_num(chain) >= BP_CHAIN_MAX)
			break;
		der = p + 2;
		x = d2i_X509(NULL, &der, n);
		if (!x || der != p + 2 + n || !sk_X509_push(chain, x)) {
			X509_free(x);
			break;
		}
		p += 2 + n;
		len -= 2 + n;
	}
	if (chain && (len || !sk_X509_num(chain))) {
		sk_X509_pop_free(chain, X509_free);
		chain = NULL;
	}
	return chain;
}

static bool verified(const struct bp_dev_trust *trust, STACK_OF(X509) *chain)
{
	X509 *leaf = sk_X509_value(chain, 0);
	X509_STORE_CTX *ctx = X509_STORE_CTX_new();
	bool ok;

	ok = ctx && X509_STORE_CTX_init(ctx, trust->store, leaf, chain) == 1 &&
	     X509_verify_cert(ctx) == 1 &&
	     (!trust->host || X509_check_host(leaf, trust->host, 0, 0,
					      NULL) == 1);
	X509_STORE_CTX_free(ctx);
	return ok;
}

/*
 * A load generator's thousands of devices meet one server and its one
 * chain: verifying it once, not per session, keeps the generator from
 * being what a benchmark measures.  Only a byte-equal chain is spared,
 * and a verdict ignores expiry for the rest of the run.
 */
static bool known_good(const struct bp_dev_trust *trust, const uint8_t *p,
		       size_t len)
{
	return trust->good && trust->good_len == len &&
	       !memcmp(trust->good, p, len);
}

static void remember(struct bp_dev_trust *trust, const uint8_t *p, size_t len,
		     EVP_PKEY *key)
{
	uint8_t *copy = OPENSSL_memdup(p, len);

	if (!copy || !EVP_PKEY_up_ref(key)) {
		OPENSSL_free(copy);
		return;
	}
	bp_dev_trust_clear(trust);
	trust->good = copy;
	trust->good_len = len;
	trust->good_key = key;
}

/* The leaf's key, once the chain is verified if @trust. */
static int take_chain(struct bp_dev *dev, const uint8_t *p, size_t len,
		      struct bp_dev_trust *trust)
{
	STACK_OF(X509) *chain;

	if (trust && known_good(trust, p, len)) {
		if (!EVP_PKEY_up_ref(trust->good_key))
			return refuse(dev, BP_E_INTERNAL);
		dev->server_key = trust->good_key;
		return 0;
	}
	chain = parse_chain(p, len);
	if (!chain)
		return refuse(dev, BP_E_MALFORMED);
	if (trust && !verified(trust, chain)) {
		sk_X509_pop_free(chain, X509_free);
		return refuse(dev, BP_E_CERTIFICATE);
	}
	dev->server_key = X509_get_pubkey(sk_X509_value(chain, 0));
	sk_X509_pop_free(chain, X509_free);
	if (!dev->server_key)
		return refuse(dev, BP_E_CERTIFICATE);
	if (trust)
		remember(trust, p, len, dev->server_key);
	return 0;
}

/**
 * bp_dev_trust_clear - forget the chain a trust remembers as good
 * @trust: the trust; its store and host stay
 */
void bp_dev_trust_clear(struct bp_dev_trust *trust)
{
	OPENSSL_free(trust->good);
	EVP_PKEY_free(trust->good_key);
	trust->good = NULL;
	trust->good_len = 0;
	trust->good_key = NULL;
}

/* Whether the leaf's key suits the suite the server chose. */
static bool key_suits(const struct bp_dev *dev)
{
	int bits = EVP_PKEY_get_bits(dev->server_key);

	if (dev->suite == 1)
		return EVP_PKEY_is_a(dev->server_key, "EC") && bits == 256;
	return EVP_PKEY_is_a(dev->server_key, "RSA") && bits >= 2048 &&
	       bits <= 4096;
}

/**
 * bp_dev_hello - take SERVER_HELLO
 * @dev: the device session
 * @msg: SERVER_HELLO
 * @len: its length
 * @trust: what to validate the chain against, and the last chain that
 *	passed; NULL trusts any chain
 */
int bp_dev_hello(struct bp_dev *dev, const uint8_t *msg, size_t len,
		 struct bp_dev_trust *trust)
{
	const uint8_t *b = msg + BP_HEADER;
	size_t body_len;

	/* the server answers in a version of the range REQUEST offered */
	if (len && msg[0] >= dev->w.version && msg[0] <= dev->max_version)
		dev->w.version = msg[0];
	if (receive(dev, BP_DEV_REQUESTED, BP_SERVER_HELLO, msg, len,
		    &body_len))
		return -1;
	if (body_len < 100 || bp_be16(b + 98) != body_len - 100)
		return refuse(dev, BP_E_MALFORMED);
	if (b[0] != 1 && b[0] != 2)
		return refuse(dev, BP_E_SUITE);
	dev->suite = b[0];
	if (take_chain(dev, b + 100, body_len - 100, trust))
		return -1;
	if (!key_suits(dev))
		return refuse(dev, BP_E_CERTIFICATE);
	/* version 2 meets it with the identity key before any confirmation */
	if (dev->w.version > 1 && bp_p256_check(b + 33))
		return refuse(dev, BP_E_MALFORMED);
	memcpy(dev->server_nonce, b + 1, 32);
	memcpy(dev->ephemeral, b + 33, BP_P256_POINT);
	if (bp_wire_add(&dev->w, msg, BP_HEADER + body_len))
		return -1;
	dev->stage = BP_DEV_HELLO;
	return 0;
}

/* wrapped_kek, by the suite's transport. */
static int wrap_kek(struct bp_dev *dev, const uint8_t th2[BP_SHA256],
		    uint8_t *out, size_t *len)
{
	uint8_t label[sizeof(kek_label) - 1 + BP_SHA256], *l;
	struct bp_bytes info[] = {
		{ kek_label, sizeof(kek_label) - 1 }, { th2, BP_SHA256 },
	};
	EVP_PKEY *ske = NULL;
	EVP_PKEY_CTX *ctx;
	int ok;

	if (dev->suite == 1) {
		if (dev->fixed)
			ske = bp_p256_key(dev->d.hpke_ske);
		ok = (!dev->fixed || ske) &&
		     !bp_hpke_seal(dev->server_key, ske, info, 2, dev->d.kek,
				   32, out, out + BP_P256_POINT);
		EVP_PKEY_free(ske);
		*len = BP_P256_POINT + 32 + BP_GCM_TAG;
		return ok ? 0 : -1;
	}
	memcpy(label, kek_label, sizeof(kek_label) - 1);
	memcpy(label + sizeof(kek_label) - 1, th2, BP_SHA256);
	l = OPENSSL_memdup(label, sizeof(label));
	ctx = EVP_PKEY_CTX_new(dev->server_key, NULL);
	*len = BP_BODY_MAX;
	ok = l && ctx && EVP_PKEY_encrypt_init(ctx) > 0 &&
	     EVP_PKEY_CTX_set_rsa_padding(ctx, RSA_PKCS1_OAEP_PADDING) > 0 &&
	     EVP_PKEY_CTX_set_rsa_oaep_md(ctx, EVP_sha256()) > 0 &&
	     EVP_PKEY_CTX_set_rsa_mgf1_md(ctx, EVP_sha256()) > 0 &&
	     EVP_PKEY_CTX_set0_rsa_oaep_label(ctx, l, sizeof(label)) > 0;
	if (ok)
		l = NULL;	/* the context owns it */
	ok = ok && EVP_PKEY_encrypt(ctx, out, len, dev->d.kek, 32) > 0;
	OPENSSL_free(l);
	EVP_PKEY_CTX_free(ctx);
	return ok ? 0 : -1;
}

/**
 * bp_dev_key_transport - build KEY_TRANSPORT and key the session
 * @dev: the device session, after SERVER_HELLO
 * @out: KEY_TRANSPORT, BP_MSG_MAX bytes
 * @len: its length
 */
int bp_dev_key_transport(struct bp_dev *dev, uint8_t *out, size_t *len)
{
	static const uint8_t zero_nonce[BP_GCM_NONCE];
	uint8_t th2[BP_SHA256], plain[SEALED_KEYS], *b = out + BP_HEADER;
	size_t pre = dev->w.version == 1 ? 0 : 1, wrapped_len, body_len;
	int err;

	if (dev->stage != BP_DEV_HELLO)
		return refuse(dev, BP_E_UNEXPECTED);
	b[0] = dev->purpose;	/* version 2's, overwritten in version 1 */
	b += pre;
	if (bp_wire_th(&dev->w, th2) || wrap_kek(dev, th2, b + 2, &wrapped_len))
		return refuse(dev, BP_E_INTERNAL);
	bp_put16(b, wrapped_len);
	body_len = pre + 2 + wrapped_len + SEALED_KEYS + BP_GCM_TAG;
	out[0] = dev->w.version;
	out[1] = BP_KEY_TRANSPORT;
	bp_put16(out + 2, body_len);
	memcpy(plain, dev->d.session_key, 32);
	memcpy(plain + 32, dev->d.audio_key, 16);
	memcpy(plain + 48, dev->d.audio_salt, 12);
	memcpy(plain + 60, dev->d.key_nonce, 32);
	err = bp_gcm_seal(dev->d.kek, 32, zero_nonce, out,
			  BP_HEADER + pre + 2 + wrapped_len, plain,
			  sizeof(plain), b + 2 + wrapped_len) ||
	      bp_key_schedule(dev->d.session_key, dev->d.device_nonce,
			      dev->server_nonce, dev->d.key_nonce, th2, &dev->k);
	OPENSSL_cleanse(plain, sizeof(plain));
	if (err)
		return refuse(dev, BP_E_INTERNAL);
	dev->w.send = dev->k.mac_ds;
	dev->w.recv = dev->k.mac_sd;
	if (bp_wire_frame(&dev->w, BP_KEY_TRANSPORT, out, body_len, len))
		return -1;
	dev->stage = BP_DEV_KEYED;
	return 0;
}

/* KEY_CONFIRM's voice fields, after its MAC: where the channel goes. */
static int take_voice(struct bp_dev *dev, const uint8_t *b, size_t alen,
		      struct bp_voice *v)
{
	const uint8_t *p = b + 33;

	v->family = b[32];
	memset(v->addr, 0, sizeof(v->addr));
	memcpy(v->addr, p, alen);
	v->port = bp_be16(p + alen);
	v->device_ssrc = (uint32_t)bp_be16(p + alen + 2) << 16 |
			 bp_be16(p + alen + 4);
	v->server_ssrc = (uint32_t)bp_be16(p + alen + 6) << 16 |
			 bp_be16(p + alen + 8);
	if (!v->port || v->device_ssrc == v->server_ssrc)
		return refuse(dev, BP_E_MALFORMED);
	return 0;
}

/**
 * bp_dev_confirm - take KEY_CONFIRM: the server proves the session key
 * @dev: the device session
 * @msg: KEY_CONFIRM
 * @len: its length
 * @v: where the voice channel goes; unused, and may be NULL, in a refresh
 */
int bp_dev_confirm(struct bp_dev *dev, const uint8_t *msg, size_t len,
		   struct bp_voice *v)
{
	static const char label[] = "bti v1 server confirm";
	const uint8_t *b = msg + BP_HEADER;
	uint8_t h[BP_SHA256], want[BP_SHA256];
	struct bp_bytes in[] = { { label, sizeof(label) - 1 }, { h, 32 } };
	size_t body_len, alen;
	bool refresh = dev->purpose == BP_REFRESHING;

	if (receive(dev, dev->w.version == 1 ? BP_DEV_KEYED : BP_DEV_ATTESTED,
		    BP_KEY_CONFIRM, msg, len, &body_len))
		return -1;
	alen = body_len <= 32 ? 0 : b[32] == 4 ? 4 : b[32] == 6 ? 16 : 0;
	if (refresh ? body_len != 32 : !alen || body_len != 43 + alen)
		return refuse(dev, BP_E_MALFORMED);
	if (bp_wire_th(&dev->w, h) || bp_hmac(dev->k.confirm, 32, in, 2, want))
		return refuse(dev, BP_E_INTERNAL);
	if (bp_memneq(want, b, 32))
		return refuse(dev, BP_E_CONFIRM);
	/* a refresh has no voice channel */
	if (!refresh && (!v || take_voice(dev, b, alen, v)))
		return v ? -1 : refuse(dev, BP_E_INTERNAL);
	if (bp_wire_add(&dev->w, msg, BP_HEADER + body_len))
		return -1;
	dev->stage = BP_DEV_CONFIRMED;
	return 0;
}

/**
 * bp_dev_auth - take AUTH_RESULT
 * @dev: the device session, confirmed
 * @msg: AUTH_RESULT
 * @len: its length
 * @result: the verdict
 * @attempts: tries left
 */
int bp_dev_auth(struct bp_dev *dev, const uint8_t *msg, size_t len,
		uint8_t *result, uint8_t *attempts)
{
	const uint8_t *b = msg + BP_HEADER;
	size_t body_len;

	if (receive(dev, BP_DEV_CONFIRMED, BP_AUTH_RESULT, msg, len, &body_len))
		return -1;
	if (body_len != 2 || b[0] > 3)
		return refuse(dev, BP_E_MALFORMED);
	if (bp_wire_add(&dev->w, msg, BP_HEADER + body_len))
		return -1;
	*result = b[0];
	*attempts = b[1];
	if (!b[0])
		dev->stage = BP_DEV_AUTHORIZED;
	return 0;
}

/* N(i) of section 6 */
static void nonce(uint8_t n[BP_GCM_NONCE], uint32_t i)
{
	memset(n, 0, BP_GCM_NONCE);
	bp_put32(n + 8, i);
}

/*
 * A proof of the identity key, or of a bound symmetric key, over the
 * transcript hash @h: USER_KEY's (section 7), ATTESTATION's (7.1) or
 * REFRESH's (4.2), each by its @label.
 */
static int proof(struct bp_dev *dev, const struct bp_bound *re,
		 EVP_PKEY *identity, const char *label,
		 const uint8_t h[BP_SHA256], uint8_t out[32])
{
	struct bp_bytes in[] = { { label, strlen(label) }, { h, 32 } };
	uint8_t dh[BP_P256_SCALAR], prk[BP_SHA256], k[32];
	struct bp_bytes ikm = { dh, sizeof(dh) };
	int err;

	if (re && re->kind == 1)
		return bp_hmac(re->key, 32, in, 2, out);
	err = !identity || bp_p256_dh(identity, dev->ephemeral, dh) ||
	      bp_hkdf_extract(h, BP_SHA256, &ikm, 1, prk) ||
	      bp_hkdf_expand(prk, &in[0], 1, k, sizeof(k)) ||
	      bp_hmac(k, sizeof(k), &in[1], 1, out);
	OPENSSL_cleanse(dh, sizeof(dh));
	OPENSSL_cleanse(prk, sizeof(prk));
	OPENSSL_cleanse(k, sizeof(k));
	return err ? -1 : 0;
}

/**
 * bp_dev_user_key - build USER_KEY
 * @dev: the device session, authorized
 * @user_key: 32 bytes for kind 1, the identity's public key for kind 2
 * @key_len: its length
 * @re: for a provisioned device, the kind of its bound key and, if
 *	symmetric, the key; NULL for a new device
 * @identity: the device's key pair, for a bound public key's proof
 * @out: USER_KEY, BP_MSG_MAX bytes
 * @len: its length
 */
int bp_dev_user_key(struct bp_dev *dev, const uint8_t *user_key,
		    size_t key_len, const struct bp_bound *re,
		    EVP_PKEY *identity, uint8_t *out, size_t *len)
{
	uint8_t aad[BP_HEADER + BP_SHA256], n[BP_GCM_NONCE];
	size_t sealed_len = key_len + BP_GCM_TAG;
	size_t body_len = 2 + sealed_len + 32;
	uint8_t *b = out + BP_HEADER;

	if (dev->stage != BP_DEV_AUTHORIZED)
		return refuse(dev, BP_E_UNEXPECTED);
	if (key_len != (dev->kind == 1 ? 32u : BP_P256_POINT))
		return refuse(dev, BP_E_INTERNAL);
	aad[0] = dev->w.version;
	aad[1] = BP_USER_KEY;
	bp_put16(aad + 2, body_len);
	/* version 2's ATTESTATION took N(1) */
	nonce(n, dev->w.version == 1 ? 1 : 2);
	bp_put16(b, sealed_len);
	if (bp_wire_th(&dev->w, aad + BP_HEADER) ||
	    bp_gcm_seal(dev->k.enc_ds, 32, n, aad, sizeof(aad), user_key,
			key_len, b + 2) ||
	    (re && proof(dev, re, identity, "bti v1 reprovision",
			 aad + BP_HEADER, b + 2 + sealed_len)))
		return refuse(dev, BP_E_INTERNAL);
	if (!re)
		memset(b + 2 + sealed_len, 0, 32);
	if (bp_wire_frame(&dev->w, BP_USER_KEY, out, body_len, len))
		return -1;
	dev->stage = BP_DEV_USER_KEY_SENT;
	return 0;
}

/*
 * Open a server message's sealed_len | sealed under K_enc_sd, N(@i); its
 * caller takes it into the transcript once it has checked what it says.
 */
static int open_sd(struct bp_dev *dev, const uint8_t *msg, size_t body_len,
		   uint32_t i, uint8_t *plain, size_t *plain_len)
{
	const uint8_t *b = msg + BP_HEADER;
	uint8_t aad[BP_HEADER + BP_SHA256], n[BP_GCM_NONCE];
	size_t sealed_len = body_len >= 2 ? bp_be16(b) : 0;

	if (body_len < 2 || sealed_len != body_len - 2 ||
	    sealed_len < BP_GCM_TAG)
		return refuse(dev, BP_E_MALFORMED);
	memcpy(aad, msg, BP_HEADER);
	nonce(n, i);
	if (bp_wire_th(&dev->w, aad + BP_HEADER))
		return refuse(dev, BP_E_INTERNAL);
	if (bp_gcm_open(dev->k.enc_sd, 32, n, aad, sizeof(aad), b + 2,
			sealed_len, plain))
		return refuse(dev, BP_E_INTEGRITY);
	*plain_len = sealed_len - BP_GCM_TAG;
	return 0;
}

/* Version 2's PROVISIONED: the configuration's version and length. */
static int provisioned_v2(struct bp_dev *dev, const uint8_t *msg,
			  size_t body_len)
{
	uint8_t head[12];
	size_t n;
	int i;

	if (body_len != 2 + sizeof(head) + BP_GCM_TAG)
		return refuse(dev, BP_E_MALFORMED);
	if (open_sd(dev, msg, body_len, 1, head, &n))
		return -1;
	for (dev->config_version = 0, i = 0; i < 8; i++)
		dev->config_version = dev->config_version << 8 | head[i];
	dev->config_len = (size_t)bp_be16(head + 8) << 16 | bp_be16(head + 10);
	dev->config_have = 0;
	/* a current configuration comes without a byte (section 4) */
	if (!dev->config_version || dev->config_len > BP_CONFIG_V2_MAX ||
	    (dev->purpose == BP_REFRESHING &&
	     dev->config_version == dev->held && dev->config_len))
		return refuse(dev, BP_E_MALFORMED);
	if (bp_wire_add(&dev->w, msg, BP_HEADER + body_len))
		return -1;
	dev->stage = dev->config_len ? BP_DEV_CONFIG : BP_DEV_CONFIGURED;
	return 0;
}

/**
 * bp_dev_provisioned - take PROVISIONED and open the configuration
 * @dev: the device session, after USER_KEY or version 2's REFRESH
 * @msg: PROVISIONED
 * @len: its length
 * @config: version 1's configuration, BP_CONFIG_MAX bytes; unused in
 *	version 2
 * @config_len: its length; in version 2, 0: @dev->config_len says how
 *	long the configuration is that bp_dev_config() takes in pieces
 */
int bp_dev_provisioned(struct bp_dev *dev, const uint8_t *msg, size_t len,
		       uint8_t *config, size_t *config_len)
{
	size_t body_len, n;

	if (receive(dev, dev->stage == BP_DEV_REFRESH_SENT ?
		    BP_DEV_REFRESH_SENT : BP_DEV_USER_KEY_SENT, BP_PROVISIONED,
		    msg, len, &body_len))
		return -1;
	*config_len = 0;
	if (dev->w.version > 1)
		return provisioned_v2(dev, msg, body_len);
	if (body_len > 2 + BP_CONFIG_MAX + BP_GCM_TAG)
		return refuse(dev, BP_E_MALFORMED);
	if (open_sd(dev, msg, body_len, 1, config, &n) ||
	    bp_wire_add(&dev->w, msg, BP_HEADER + body_len))
		return -1;
	*config_len = n;
	dev->stage = BP_DEV_DONE;
	return 0;
}

/**
 * bp_dev_attestation - build ATTESTATION, right after KEY_TRANSPORT
 * @dev: the device session, version 2, keyed
 * @chain: the maker's chain, each certificate len16(DER), leaf first,
 *	its leaf's key @identity's; NULL for none
 * @chain_len: its length
 * @identity: the device's key pair
 * @out: ATTESTATION, BP_MSG_MAX bytes
 * @len: its length
 */
int bp_dev_attestation(struct bp_dev *dev, const uint8_t *chain,
		       size_t chain_len, EVP_PKEY *identity, uint8_t *out,
		       size_t *len)
{
	uint8_t aad[BP_HEADER + BP_SHA256], n[BP_GCM_NONCE];
	uint8_t plain[2 + BP_DEVICE_CHAIN_MAX + 32];
	size_t plain_len = 2 + chain_len + 32;
	size_t body_len = 2 + plain_len + BP_GCM_TAG;
	uint8_t *b = out + BP_HEADER;
	int err;

	if (dev->stage != BP_DEV_KEYED || dev->w.version == 1)
		return refuse(dev, BP_E_UNEXPECTED);
	if (chain_len > BP_DEVICE_CHAIN_MAX)
		return refuse(dev, BP_E_INTERNAL);
	aad[0] = dev->w.version;
	aad[1] = BP_ATTESTATION;
	bp_put16(aad + 2, body_len);
	nonce(n, 1);
	bp_put16(plain, chain_len);
	if (chain_len)
		memcpy(plain + 2, chain, chain_len);
	memset(plain + 2 + chain_len, 0, 32);
	bp_put16(b, plain_len + BP_GCM_TAG);
	err = bp_wire_th(&dev->w, aad + BP_HEADER) ||
	      (chain_len && proof(dev, NULL, identity, "bti v2 attestation",
				  aad + BP_HEADER, plain + 2 + chain_len)) ||
	      bp_gcm_seal(dev->k.enc_ds, 32, n, aad, sizeof(aad), plain,
			  plain_len, b + 2);
	if (err)
		return refuse(dev, BP_E_INTERNAL);
	if (bp_wire_frame(&dev->w, BP_ATTESTATION, out, body_len, len))
		return -1;
	dev->stage = BP_DEV_ATTESTED;
	return 0;
}

/**
 * bp_dev_refresh - build REFRESH, after a refresh's KEY_CONFIRM
 * @dev: the device session
 * @held: the configuration version it holds, 0 for none
 * @re: the bound key's kind and, if symmetric, the key
 * @identity: the device's key pair, for a bound public key's proof
 * @out: REFRESH, BP_MSG_MAX bytes
 * @len: its length
 */
int bp_dev_refresh(struct bp_dev *dev, uint64_t held,
		   const struct bp_bound *re, EVP_PKEY *identity, uint8_t *out,
		   size_t *len)
{
	uint8_t h[BP_SHA256], *b = out + BP_HEADER;
	int i;

	if (dev->stage != BP_DEV_CONFIRMED || dev->purpose != BP_REFRESHING)
		return refuse(dev, BP_E_UNEXPECTED);
	for (i = 0; i < 8; i++)
		b[i] = held >> (56 - 8 * i);
	if (bp_wire_th(&dev->w, h) ||
	    proof(dev, re, identity, "bti v2 refresh", h, b + 8))
		return refuse(dev, BP_E_INTERNAL);
	if (bp_wire_frame(&dev->w, BP_REFRESH, out, 8 + 32, len))
		return -1;
	dev->held = held;
	dev->stage = BP_DEV_REFRESH_SENT;
	return 0;
}

/**
 * bp_dev_config - take a CONFIG: the configuration's next piece
 * @dev: the device session, after version 2's PROVISIONED
 * @msg: CONFIG
 * @len: its length
 * @config: the configuration, @dev->config_len bytes; the piece goes at
 *	@dev->config_have
 */
int bp_dev_config(struct bp_dev *dev, const uint8_t *msg, size_t len,
		  uint8_t *config)
{
	size_t body_len, n, want = dev->config_len - dev->config_have;
	uint32_t i = 2 + dev->config_have / BP_CONFIG_PIECE;

	if (want > BP_CONFIG_PIECE)
		want = BP_CONFIG_PIECE;
	if (receive(dev, BP_DEV_CONFIG, BP_CONFIG, msg, len, &body_len))
		return -1;
	/* every piece but the last is whole (section 4) */
	if (body_len != 2 + want + BP_GCM_TAG)
		return refuse(dev, BP_E_MALFORMED);
	if (open_sd(dev, msg, body_len, i, config + dev->config_have, &n) ||
	    bp_wire_add(&dev->w, msg, BP_HEADER + body_len))
		return -1;
	dev->config_have += n;
	if (dev->config_have == dev->config_len)
		dev->stage = BP_DEV_CONFIGURED;
	return 0;
}

/**
 * bp_dev_finished - build FINISHED: the device holds what it was given
 * @dev: the device session, its configuration whole
 * @out: FINISHED, BP_MSG_MAX bytes
 * @len: its length
 */
int bp_dev_finished(struct bp_dev *dev, uint8_t *out, size_t *len)
{
	if (dev->stage != BP_DEV_CONFIGURED)
		return refuse(dev, BP_E_UNEXPECTED);
	if (bp_wire_frame(&dev->w, BP_FINISHED, out, 0, len))
		return -1;
	dev->stage = BP_DEV_DONE;
	return 0;
}

/**
 * bp_dev_error - take an ERROR, and say whether the device may act on it
 * @dev: the device session
 * @msg: ERROR
 * @len: its length
 * @code: its code
 *
 * Only a version 2 ERROR whose MAC verifies may make a device forget its
 * binding (protocol.rst, 7): a hashed one anyone could have sent.
 *
 * Returns 1 for such an ERROR, 0 for any other, whose @code is for logs
 * alone, or -1 for a malformed one.
 */
int bp_dev_error(struct bp_dev *dev, const uint8_t *msg, size_t len,
		 uint8_t *code)
{
	size_t body_len;

	if (bp_wire_unframe(&dev->w, BP_ERROR, msg, len, BP_BODY_MAX, true,
			    &body_len) ||
	    body_len < 2 || body_len != 2u + msg[BP_HEADER + 1])
		return -1;
	*code = msg[BP_HEADER];
	if (dev->w.version < 2 || msg[0] != dev->w.version || !dev->w.recv)
		return 0;
	return bp_wire_trailer_ok(&dev->w, msg, len) ? 0 : 1;
}
