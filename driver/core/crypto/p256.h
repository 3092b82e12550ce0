/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _BTI_P256_H
#define _BTI_P256_H

#include <crypto/kpp.h>

#include "hpke.h"

bool bti_p256_scalar_valid(const u8 k[BTI_P256_SCALAR]);
int bti_p256_public(struct crypto_kpp *tfm, const u8 priv[BTI_P256_SCALAR],
		    u8 pub[BTI_P256_POINT]);
int bti_p256_dh(struct crypto_kpp *tfm, const u8 priv[BTI_P256_SCALAR],
		const u8 pub[BTI_P256_POINT], u8 x[BTI_P256_SCALAR]);

#endif /* _BTI_P256_H */
