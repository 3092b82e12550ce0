/* SPDX-License-Identifier: GPL-2.0 */
#ifndef BTIPROVD_KEYPAD_H
#define BTIPROVD_KEYPAD_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <spandsp.h>

#define BP_KEYPAD_MAX	32

/**
 * struct bp_keypad - what the subscriber keys, heard in the voice channel
 * @rx: spandsp's DTMF receiver
 * @entry: the digits of the entry so far
 * @len: how many
 * @ended: '#' ended the entry
 * @overflow: more digits came than an entry holds
 */
struct bp_keypad {
	dtmf_rx_state_t *rx;
	char entry[BP_KEYPAD_MAX + 1];
	size_t len;
	bool ended;
	bool overflow;
};

int bp_keypad_init(struct bp_keypad *k);
void bp_keypad_free(struct bp_keypad *k);
void bp_keypad_clear(struct bp_keypad *k);
bool bp_keypad_hear(struct bp_keypad *k, const uint8_t *mulaw, size_t n);

#endif
