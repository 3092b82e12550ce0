/* SPDX-License-Identifier: GPL-2.0 */
#ifndef BTIPROVD_KEK_H
#define BTIPROVD_KEK_H

#include <stddef.h>
#include <stdint.h>

#include "crypto.h"

/* keys a file may hold: the current one, and those being rotated away */
#define BP_KEK_MAX	8
/* an id: 16 hex digits */
#define BP_KEK_ID	17
#define BP_KEK_KEY	32
/* a sealed user key, as hex: nonce, ciphertext, tag */
#define BP_KEK_SEALED	(2 * (BP_GCM_NONCE + BP_KEK_KEY + BP_GCM_TAG) + 1)

/**
 * struct bp_kek - a key-encryption key
 * @id: its name in the store, which never holds the key itself
 * @key: the key
 */
struct bp_kek {
	char id[BP_KEK_ID];
	uint8_t key[BP_KEK_KEY];
};

/**
 * struct bp_keks - the keys of a file, newest last
 * @path: the file, read again when a key it lacks is asked for
 * @n: how many
 * @k: the keys
 */
struct bp_keks {
	char path[256];
	int n;
	struct bp_kek k[BP_KEK_MAX];
};

int bp_unhex(const char *s, uint8_t *out, size_t n);
int bp_keks_load(struct bp_keks *ks, const char *path, char *err,
		 size_t err_len);
const struct bp_kek *bp_keks_find(struct bp_keks *ks, const char *id);
void bp_keks_wipe(struct bp_keks *ks);
int bp_kek_append(const char *path, char id[BP_KEK_ID], char *err,
		  size_t err_len);
int bp_kek_seal(const struct bp_kek *k, const char *device_hex,
		unsigned int kind, const uint8_t key[BP_KEK_KEY],
		char out[BP_KEK_SEALED]);
int bp_kek_open(const struct bp_kek *k, const char *device_hex,
		unsigned int kind, const char *sealed,
		uint8_t key[BP_KEK_KEY]);

#endif
