/* SPDX-License-Identifier: GPL-2.0 */
#ifndef BTIPROVD_HPKE_H
#define BTIPROVD_HPKE_H

#include "crypto.h"

int bp_hpke_open(EVP_PKEY *skr, const uint8_t enc[BP_P256_POINT],
		 const struct bp_bytes *info, unsigned int n_info,
		 const uint8_t *ct, size_t ct_len, uint8_t *pt);
int bp_hpke_seal(EVP_PKEY *pkr, EVP_PKEY *ske, const struct bp_bytes *info,
		 unsigned int n_info, const uint8_t *pt, size_t len,
		 uint8_t enc[BP_P256_POINT], uint8_t *ct);

#endif
