// SPDX-License-Identifier: GPL-2.0
/*
 * The provisioning server's certificate chain, as SERVER_HELLO carries it,
 * checked in userspace with OpenSSL before the kernel hears of the key:
 * the chain up to the operator's CA, the validity dates, the host name
 * dialled, and key usage that suits the suite the server chose.  The
 * kernel gets the leaf's public key only, in the form its suite uses.
 */
#include <arpa/inet.h>
#include <stdio.h>
#include <string.h>

#include <openssl/core_names.h>
#include <openssl/err.h>
#include <openssl/pem.h>
#include <openssl/x509v3.h>

#include "trust.h"

/* Documentation/protocol.rst, section 4: SERVER_HELLO's layout */
#define HEADER		4
#define TRAILER		32
#define TYPE_HELLO	2
#define CHAIN_AT	(1 + 32 + 65)
#define CHAIN_MAX	4

/**
 * btictl_trust_load - the operator's CA certificates, from a PEM file
 * @ca_file: the file
 *
 * Return: the store, or NULL after saying why on stderr.
 */
X509_STORE *btictl_trust_load(const char *ca_file)
{
	X509_STORE *st = X509_STORE_new();

	if (!st || X509_STORE_load_file(st, ca_file) != 1) {
		fprintf(stderr, "btictl: %s: cannot read a CA certificate\n",
			ca_file);
		X509_STORE_free(st);
		return NULL;
	}
	return st;
}

static uint16_t be16(const uint8_t *p)
{
	return p[0] << 8 | p[1];
}

/* The chain's certificates, leaf first; NULL if it does not parse. */
static STACK_OF(X509) *chain_of(const uint8_t *hello, size_t len,
				uint8_t *suite)
{
	const uint8_t *body = hello + HEADER, *p, *der;
	STACK_OF(X509) *chain;
	size_t body_len, left, n;
	X509 *x;

	if (len < HEADER + CHAIN_AT + 2 + TRAILER || hello[1] != TYPE_HELLO)
		return NULL;
	body_len = be16(hello + 2);
	if (HEADER + body_len + TRAILER != len ||
	    be16(body + CHAIN_AT) != body_len - CHAIN_AT - 2)
		return NULL;
	*suite = body[0];
	chain = sk_X509_new_null();
	p = body + CHAIN_AT + 2;
	left = body_len - CHAIN_AT - 2;
	while (chain && left) {
		n = left >= 2 ? be16(p) : 0;
		der = p + 2;
		x = n && n <= left - 2 && sk_X509_num(chain) < CHAIN_MAX ?
		    d2i_X509(NULL, &der, n) : NULL;
		if (!x || der != p + 2 + n || !sk_X509_push(chain, x)) {
			X509_free(x);
			sk_X509_pop_free(chain, X509_free);
			return NULL;
		}
		p += 2 + n;
		left -= 2 + n;
	}
	if (chain && !sk_X509_num(chain)) {
		sk_X509_free(chain);
		return NULL;
	}
	return chain;
}

static int name_matches(X509 *leaf, const char *host)
{
	uint8_t addr[16];

	if (inet_pton(AF_INET, host, addr) == 1 ||
	    inet_pton(AF_INET6, host, addr) == 1)
		return X509_check_ip_asc(leaf, host, 0) == 1;
	return X509_check_host(leaf, host, 0, 0, NULL) == 1;
}

/* The leaf's key as the kernel takes it for @suite. */
static int key_for_suite(X509 *leaf, uint8_t suite, uint8_t *key,
			 size_t *key_len, char *why, size_t why_len)
{
	EVP_PKEY *pk = X509_get0_pubkey(leaf);
	uint32_t usage = X509_get_key_usage(leaf);
	char group[32] = "";
	uint8_t *p = key;
	int n;

	if (suite == 1) {
		if (!pk || !EVP_PKEY_is_a(pk, "EC") ||
		    !EVP_PKEY_get_utf8_string_param(pk, OSSL_PKEY_PARAM_GROUP_NAME,
						    group, sizeof(group), NULL) ||
		    strcmp(group, "prime256v1") ||
		    !EVP_PKEY_get_octet_string_param(pk,
				OSSL_PKEY_PARAM_ENCODED_PUBLIC_KEY, key,
				BTICTL_SERVER_KEY_MAX, key_len)) {
			snprintf(why, why_len, "suite 1 needs a P-256 key");
			return -1;
		}
		if (!(usage & KU_KEY_AGREEMENT)) {
			snprintf(why, why_len, "its key usage does not allow key agreement");
			return -1;
		}
		return 0;
	}
	if (suite != 2 || !pk || !EVP_PKEY_is_a(pk, "RSA") ||
	    i2d_PublicKey(pk, NULL) > BTICTL_SERVER_KEY_MAX ||
	    (n = i2d_PublicKey(pk, &p)) <= 0) {
		snprintf(why, why_len, "suite %u needs an RSA key of at most 4096 bits",
			 suite);
		return -1;
	}
	if (!(usage & KU_KEY_ENCIPHERMENT)) {
		snprintf(why, why_len, "its key usage does not allow key encipherment");
		return -1;
	}
	*key_len = n;
	return 0;
}

/**
 * btictl_server_key - validate SERVER_HELLO's chain, and take its key
 * @ca: the operator's CA
 * @hello: SERVER_HELLO, whole
 * @len: its length
 * @host: the name dialled, which the leaf must carry
 * @key: the leaf's key for the chosen suite, BTICTL_SERVER_KEY_MAX bytes
 * @key_len: its length
 * @why: what failed, for the person provisioning
 * @why_len: its size
 *
 * The chain must lead to @ca, be valid today, name @host, and be meant for
 * a server (extended key usage serverAuth, if the leaf names any); the
 * leaf's key usage must allow what its suite does with it.
 *
 * Return: 0, -1 if the certificate does not do, -2 if SERVER_HELLO does
 * not parse.
 */
int btictl_server_key(X509_STORE *ca, const uint8_t *hello, size_t len,
		      const char *host, uint8_t *key, size_t *key_len,
		      char *why, size_t why_len)
{
	X509_STORE_CTX *ctx = X509_STORE_CTX_new();
	STACK_OF(X509) *chain;
	uint8_t suite = 0;
	X509 *leaf;
	int err = -1;

	chain = chain_of(hello, len, &suite);
	if (!chain || !ctx) {
		snprintf(why, why_len, "SERVER_HELLO does not parse");
		X509_STORE_CTX_free(ctx);
		sk_X509_pop_free(chain, X509_free);
		return -2;
	}
	leaf = sk_X509_value(chain, 0);
	if (X509_STORE_CTX_init(ctx, ca, leaf, chain) != 1 ||
	    X509_STORE_CTX_set_purpose(ctx, X509_PURPOSE_SSL_SERVER) != 1) {
		snprintf(why, why_len, "out of memory");
	} else if (X509_verify_cert(ctx) != 1) {
		snprintf(why, why_len, "%s", X509_verify_cert_error_string(
				 X509_STORE_CTX_get_error(ctx)));
	} else if (!name_matches(leaf, host)) {
		snprintf(why, why_len, "it is not for %s", host);
	} else {
		err = key_for_suite(leaf, suite, key, key_len, why, why_len);
	}
	X509_STORE_CTX_free(ctx);
	sk_X509_pop_free(chain, X509_free);
	ERR_clear_error();
	return err;
}
