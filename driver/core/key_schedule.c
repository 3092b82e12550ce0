// SPDX-License-Identifier: GPL-2.0
/*
 * The protocol's key schedule (Documentation/protocol.rst, 6 and 7): the
 * KEK's transport to the server, the session keys derived from the
 * transcript, the server's key confirmation and the re-provisioning proof.
 * Every secret here is the session's own and is wiped with it, but for the
 * device's long-term keys (its identity key, a bound symmetric key): the
 * proof puts them on transforms of their own and frees them at once.
 */
#include <crypto/algapi.h>
#include <linux/string.h>

#include "crypto/gcm.h"
#include "crypto/hkdf.h"
#include "crypto/p256.h"
#include "crypto/tfms.h"
#include "key_schedule.h"
#include "transcript.h"

static const char bti_kek_label[] = "bti v1 kek";
static const char bti_confirm_label[] = "bti v1 server confirm";
static const char bti_reprovision_label[] = "bti v1 reprovision";

/**
 * bti_key_wrap_kek - wrapped_kek, by the suite's KEK transport
 * @s: the session, after SERVER_HELLO
 * @th: the transcript hash, which the label binds
 * @out: the wrapped KEK
 * @len: its length
 *
 * Return: 0 or a negative errno.
 */
int bti_key_wrap_kek(struct bti_session *s, const u8 th[SHA256_DIGEST_SIZE],
		     u8 *out, size_t *len)
{
	u8 label[sizeof(bti_kek_label) - 1 + SHA256_DIGEST_SIZE];

	memcpy(label, bti_kek_label, sizeof(bti_kek_label) - 1);
	memcpy(label + sizeof(bti_kek_label) - 1, th, SHA256_DIGEST_SIZE);
	if (s->suite == 1) {
		*len = BTI_P256_POINT + 32 + BTI_HPKE_TAG;
		return bti_hpke_seal(&s->tfm, &bti_hpke_aes256gcm,
				     s->server_key, label, sizeof(label),
				     NULL, 0, s->d.kek, 32, out,
				     out + BTI_P256_POINT,
				     s->fixed ? s->d.hpke_ske : NULL);
	}
	return bti_rsa_oaep_wrap(s->tfm.rsa, s->server_key, s->server_key_len,
				 s->d.kek, 32, label, sizeof(label),
				 s->fixed ? s->d.oaep_seed : NULL, out, len);
}

/**
 * bti_key_seal_transport - KEY_TRANSPORT's keys, sealed under the KEK
 * @s: the session
 * @out: the message so far, which the seal authenticates: header, length
 *	and wrapped KEK; the seal, BTI_KEY_TRANSPORT_SEALED bytes, follows
 * @aad_len: its length
 *
 * Return: 0 or a negative errno.
 */
int bti_key_seal_transport(struct bti_session *s, u8 *out, size_t aad_len)
{
	u8 zero_nonce[BTI_GCM_NONCE] = { };
	u8 plain[BTI_KEY_TRANSPORT_SEALED - BTI_GCM_TAG];
	int err;

	memcpy(plain, s->d.session_key, 32);
	memcpy(plain + 32, s->d.audio_key, 16);
	memcpy(plain + 48, s->d.audio_salt, 12);
	memcpy(plain + 60, s->d.key_nonce, 32);
	/* the KEK seals one message only: a zero nonce cannot repeat */
	err = bti_gcm_seal(s->tfm.gcm, s->d.kek, 32, zero_nonce, out, aad_len,
			   plain, sizeof(plain), out + aad_len);
	memzero_explicit(plain, sizeof(plain));
	return err;
}

/**
 * bti_key_derive - the session keys, from the session key, the three
 *	nonces and the transcript up to KEY_TRANSPORT
 * @s: the session
 * @th: the transcript hash
 *
 * Return: 0 or a negative errno.
 */
int bti_key_derive(struct bti_session *s, const u8 th[SHA256_DIGEST_SIZE])
{
	static const struct {
		const char *label;
		size_t off;
	} keys[] = {
		{ "bti v1 mac ds", offsetof(struct bti_session_keys, mac_ds) },
		{ "bti v1 mac sd", offsetof(struct bti_session_keys, mac_sd) },
		{ "bti v1 enc ds", offsetof(struct bti_session_keys, enc_ds) },
		{ "bti v1 enc sd", offsetof(struct bti_session_keys, enc_sd) },
		{ "bti v1 confirm", offsetof(struct bti_session_keys, confirm) },
	};
	struct bti_bytes ikm = { s->d.session_key, 32 };
	u8 salt[96], prk[BTI_HKDF_LEN];
	unsigned int i;
	int err;

	memcpy(salt, s->d.device_nonce, 32);
	memcpy(salt + 32, s->server_nonce, 32);
	memcpy(salt + 64, s->d.key_nonce, 32);
	err = bti_hkdf_extract(s->tfm.hmac, salt, sizeof(salt), &ikm, 1, prk);
	for (i = 0; !err && i < ARRAY_SIZE(keys); i++) {
		struct bti_bytes info[] = {
			{ keys[i].label, strlen(keys[i].label) },
			{ th, SHA256_DIGEST_SIZE },
		};

		err = bti_hkdf_expand(s->tfm.hmac, prk, info, ARRAY_SIZE(info),
				      (u8 *)&s->k + keys[i].off, 32);
	}
	memzero_explicit(prk, sizeof(prk));
	return err;
}

/**
 * bti_key_check_confirm - does KEY_CONFIRM prove the session key
 * @s: the session, keyed
 * @th: the transcript hash before KEY_CONFIRM
 * @mac: the MAC KEY_CONFIRM carries
 *
 * Return: 0, a BTI_ERROR_CONFIRM refusal, or a negative errno.
 */
int bti_key_check_confirm(struct bti_session *s,
			  const u8 th[SHA256_DIGEST_SIZE],
			  const u8 mac[SHA256_DIGEST_SIZE])
{
	struct bti_bytes in[] = {
		{ bti_confirm_label, sizeof(bti_confirm_label) - 1 },
		{ th, SHA256_DIGEST_SIZE },
	};
	u8 want[SHA256_DIGEST_SIZE];
	int err;

	err = bti_hmac(s->tfm.hmac, s->k.confirm, 32, in, ARRAY_SIZE(in),
		       want);
	if (!err && crypto_memneq(want, mac, sizeof(want)))
		err = bti_session_refuse(s, BTI_ERROR_CONFIRM);
	memzero_explicit(want, sizeof(want));
	return err;
}

/* Kind 1's proof: an HMAC under the bound key */
static int bti_key_proof_symmetric(const u8 *key, const struct bti_bytes *in,
				   unsigned int n, u8 proof[32])
{
	struct crypto_shash *hmac = bti_tfms_hmac();
	int err;

	if (IS_ERR(hmac))
		return PTR_ERR(hmac);
	err = bti_hmac(hmac, key, 32, in, n, proof);
	crypto_free_shash(hmac);
	return err;
}

/**
 * bti_key_reprovision_proof - USER_KEY's proof that the device holds the
 *	key the server has bound
 * @s: the session
 * @re: the bound key and its kind
 * @th: the transcript hash before USER_KEY
 * @proof: the proof
 *
 * Return: 0 or a negative errno.
 */
int bti_key_reprovision_proof(struct bti_session *s,
			      const struct bti_reprovision *re,
			      const u8 th[SHA256_DIGEST_SIZE], u8 proof[32])
{
	struct bti_bytes label = { bti_reprovision_label,
				   sizeof(bti_reprovision_label) - 1 };
	struct bti_bytes in[] = { label, { th, SHA256_DIGEST_SIZE } };
	u8 dh[BTI_P256_SCALAR], prk[BTI_HKDF_LEN], k[32];
	struct bti_bytes ikm = { dh, sizeof(dh) };
	struct crypto_shash *hmac = s->tfm.hmac;
	struct crypto_kpp *ecdh;
	int err;

	if (re->kind == 1)
		return bti_key_proof_symmetric(re->key, in, ARRAY_SIZE(in),
					       proof);
	if (re->kind != 2)
		return -EINVAL;
	ecdh = bti_tfms_ecdh();
	if (IS_ERR(ecdh))
		return PTR_ERR(ecdh);
	err = bti_p256_dh(ecdh, re->key, s->server_ephemeral, dh);
	crypto_free_kpp(ecdh);
	err = err ?: bti_hkdf_extract(hmac, th, SHA256_DIGEST_SIZE, &ikm, 1,
				      prk);
	err = err ?: bti_hkdf_expand(hmac, prk, &label, 1, k, sizeof(k));
	err = err ?: bti_hmac(hmac, k, sizeof(k), &in[1], 1, proof);
	memzero_explicit(dh, sizeof(dh));
	memzero_explicit(prk, sizeof(prk));
	memzero_explicit(k, sizeof(k));
	return err;
}
