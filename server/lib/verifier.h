/* SPDX-License-Identifier: GPL-2.0 */
#ifndef BTIPROVD_VERIFIER_H
#define BTIPROVD_VERIFIER_H

#include <stdbool.h>
#include <stddef.h>

#define BP_VERIFIER_MAX	160
/* scrypt's cost as a power of two: 2^15 x 8 x 128 bytes, 32 MiB a check */
#define BP_VERIFIER_COST	15

int bp_verifier_make(const char *pin, unsigned int cost,
		     char out[BP_VERIFIER_MAX]);
int bp_verifier_check(const char *verifier, const char *pin, bool *match);

#endif
