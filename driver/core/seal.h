/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _BTI_SEAL_H
#define _BTI_SEAL_H

#include <crypto/hash.h>
#include <linux/types.h>

#include "crypto/gcm.h"

#define BTI_SEAL_KEY	32

extern char *bti_sealing_key;

int bti_seal_init(void);
void bti_seal_exit(void);
int bti_seal_key(struct crypto_shash *hmac, u8 key[BTI_SEAL_KEY]);

#endif /* _BTI_SEAL_H */
