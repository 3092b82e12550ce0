/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _BTI_SEAL_H
#define _BTI_SEAL_H

#include <linux/types.h>

#include "gcm.h"

#define BTI_SEAL_KEY	32

extern char *bti_sealing_key;

int bti_seal_init(void);
void bti_seal_exit(void);
int bti_seal_key(u8 key[BTI_SEAL_KEY]);

#endif /* _BTI_SEAL_H */
