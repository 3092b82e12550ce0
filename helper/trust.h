/* SPDX-License-Identifier: GPL-2.0 */
#ifndef BTICTL_TRUST_H
#define BTICTL_TRUST_H

#include <stddef.h>
#include <stdint.h>

#include <openssl/x509.h>

/* the largest server key the kernel takes: a DER RSAPublicKey */
#define BTICTL_SERVER_KEY_MAX	544

X509_STORE *btictl_trust_load(const char *ca_file);
int btictl_server_key(X509_STORE *ca, const uint8_t *hello, size_t len,
		      const char *host, uint8_t *key, size_t *key_len,
		      char *why, size_t why_len);

#endif
