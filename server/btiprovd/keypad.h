/* SPDX-License-Identifier: GPL-2.0 */
#ifndef BTIPROVD_KEYPAD_H
#define BTIPROVD_KEYPAD_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <spandsp.h>

#define BP_KEYPAD_MAX	32
/* a pause this long after a digit ends the entry as '#' does: 5 s */
#define BP_KEYPAD_PAUSE	40000

/**
 * struct bp_keypad - what the subscriber keys, heard in the voice channel
 * @rx: spandsp's DTMF receiver
 * @plc: spandsp's packet loss concealment, which stands in for lost audio
 * @heard: the last audio heard, for @plc at the start of a loss
 * @losing: audio is being stood in for
 * @quiet: samples of quiet audio the receiver has heard in a row
 * @entry: the digits of the entry so far
 * @len: how many
 * @since: samples heard since the last digit
 * @ended: '#', or a pause after a digit, ended the entry
 * @overflow: more digits came than an entry holds
 */
struct bp_keypad {
	dtmf_rx_state_t *rx;
	plc_state_t *plc;
	int16_t heard[PLC_HISTORY_LEN];
	bool losing;
	size_t quiet;
	char entry[BP_KEYPAD_MAX + 1];
	size_t len;
	size_t since;
	bool ended;
	bool overflow;
};

int bp_keypad_init(struct bp_keypad *k);
void bp_keypad_free(struct bp_keypad *k);
void bp_keypad_clear(struct bp_keypad *k);
bool bp_keypad_hear(struct bp_keypad *k, const uint8_t *mulaw, size_t n);
bool bp_keypad_lost(struct bp_keypad *k, size_t n);

#endif
