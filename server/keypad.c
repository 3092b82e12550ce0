// SPDX-License-Identifier: GPL-2.0
/*
 * The IVR's ear for the keypad: spandsp's DTMF receiver on the decrypted
 * mu-law of the voice channel, gathering an entry that '#' ends and '*'
 * starts again.  The receiver keeps spandsp's defaults, which follow
 * ITU-T Q.24: up to 8 dB of twist and 4 dB of reverse twist.
 */
#include <string.h>

#include <openssl/crypto.h>

#include "keypad.h"

static void bp_keypad_digits(void *arg, const char *digits, int len)
{
	struct bp_keypad *k = arg;
	int i;

	for (i = 0; i < len && !k->ended; i++) {
		if (digits[i] == '#') {
			k->ended = true;
		} else if (digits[i] == '*') {
			bp_keypad_clear(k);
		} else if (k->len < BP_KEYPAD_MAX) {
			k->entry[k->len++] = digits[i];
			k->entry[k->len] = 0;
		} else {
			k->overflow = true;
		}
	}
}

int bp_keypad_init(struct bp_keypad *k)
{
	memset(k, 0, sizeof(*k));
	k->rx = dtmf_rx_init(NULL, bp_keypad_digits, k);
	return k->rx ? 0 : -1;
}

void bp_keypad_free(struct bp_keypad *k)
{
	dtmf_rx_free(k->rx);
	OPENSSL_cleanse(k, sizeof(*k));
}

/* Forget the entry: a PIN does not outlive its check. */
void bp_keypad_clear(struct bp_keypad *k)
{
	OPENSSL_cleanse(k->entry, sizeof(k->entry));
	k->len = 0;
	k->ended = false;
	k->overflow = false;
}

/**
 * bp_keypad_hear - listen to @n samples of mu-law
 * @k: the keypad
 * @mulaw: the samples
 * @n: how many
 *
 * Returns true once '#' has ended an entry; bp_keypad_clear() starts the
 * next.
 */
bool bp_keypad_hear(struct bp_keypad *k, const uint8_t *mulaw, size_t n)
{
	int16_t pcm[160];

	while (n && !k->ended) {
		size_t i, chunk = n < 160 ? n : 160;

		/* cppcheck-suppress knownConditionTrueFalse ; n > 0 here */
		for (i = 0; i < chunk; i++)
			pcm[i] = ulaw_to_linear(mulaw[i]);
		dtmf_rx(k->rx, pcm, chunk);
		mulaw += chunk;
		n -= chunk;
	}
	return k->ended;
}
