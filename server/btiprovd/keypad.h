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
 * @quiet: samples of quiet audio the receiver has heard in a row
 * @since: samples heard since the last digit
 * @len: how many digits the entry has
 * @losing: audio is being stood in for
 * @ended: '#', or a pause after a digit, ended the entry
 * @overflow: more digits came than an entry holds
 * @entry: the digits of the entry so far
 * @heard_at: where in @heard the next sample goes
 * @heard: the last audio heard, as it came (mu-law), for @plc at the
 *	start of a loss: a ring
 *
 * What each frame touches comes first; the entry only changes with a digit,
 * and the history is read only at a loss.
 */
struct bp_keypad {
	dtmf_rx_state_t *rx;
	plc_state_t *plc;
	size_t quiet;
	size_t since;
	size_t len;
	bool losing;
	bool ended;
	bool overflow;
	char entry[BP_KEYPAD_MAX + 1];
	size_t heard_at;
	uint8_t heard[PLC_HISTORY_LEN];
};

int bp_keypad_init(struct bp_keypad *k);
void bp_keypad_free(struct bp_keypad *k);
void bp_keypad_clear(struct bp_keypad *k);
bool bp_keypad_hear(struct bp_keypad *k, const uint8_t *mulaw, size_t n);
bool bp_keypad_lost(struct bp_keypad *k, size_t n);

#endif
