// SPDX-License-Identifier: GPL-2.0
/*
 * The IVR's ear for the keypad: spandsp's DTMF receiver on the decrypted
 * mu-law of the voice channel, gathering an entry that '#' ends and '*'
 * starts again.  The receiver keeps spandsp's defaults, which follow
 * ITU-T Q.24: up to 8 dB of twist and 4 dB of reverse twist.
 *
 * Audio lost on the way is stood in for by spandsp's packet loss
 * concealment (after ITU-T G.711 Appendix I: the last pitch period played
 * on, fading out), which keeps a tone whole where silence would split it
 * in two and plain repetition would break its phase.  And since the '#'
 * itself may be lost, a pause after a digit ends the entry too: what is
 * keyed is checked as any entry is, so nothing is given away.
 */
#include <pthread.h>
#include <string.h>

#include <openssl/crypto.h>

#include "keypad.h"

static void bp_keypad_digits(void *arg, const char *digits, int len)
{
	struct bp_keypad *k = arg;
	int i;

	k->since = 0;
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

/* G.711's mu-law expanded, once for every keypad: a lookup a sample */
static int16_t linear[256];

static void expand(void)
{
	int i;

	for (i = 0; i < 256; i++)
		linear[i] = ulaw_to_linear(i);
}

int bp_keypad_init(struct bp_keypad *k)
{
	static pthread_once_t once = PTHREAD_ONCE_INIT;

	pthread_once(&once, expand);
	memset(k, 0, sizeof(*k));
	memset(k->heard, 0xff, sizeof(k->heard));	/* mu-law silence */
	k->rx = dtmf_rx_init(NULL, bp_keypad_digits, k);
	k->plc = plc_init(NULL);
	if (k->rx && k->plc)
		return 0;
	bp_keypad_free(k);
	return -1;
}

void bp_keypad_free(struct bp_keypad *k)
{
	if (k->rx)
		dtmf_rx_free(k->rx);
	if (k->plc)
		plc_free(k->plc);
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

/* @n samples of mu-law, the newest, fewer than PLC_HISTORY_LEN, kept */
static void remember(struct bp_keypad *k, const uint8_t *mulaw, size_t n)
{
	size_t first = PLC_HISTORY_LEN - k->heard_at < n ?
		       PLC_HISTORY_LEN - k->heard_at : n;

	memcpy(k->heard + k->heard_at, mulaw, first);
	memcpy(k->heard, mulaw + first, n - first);
	k->heard_at = (k->heard_at + n) % PLC_HISTORY_LEN;
}

/*
 * The receiver is not handed quiet audio once it has heard enough of it to
 * see the last tone end: two of its blocks (spandsp's 102 samples each)
 * and the rest of the one it was in.  Quiet is under -51 dBm0 at its peak
 * (64 in spandsp's 16-bit scale, where 0 dBm0's peak is 22788), below the
 * least tone the receiver takes (-42 dBm0, spandsp's DTMF_THRESHOLD), so
 * nothing it could detect is kept from it.  Most of a call is quiet.
 */
#define QUIET_PEAK	64
#define QUIET_HEARD	320

static bool quiet(const int16_t *pcm, size_t n)
{
	int16_t most = 0, least = 0;
	size_t i;

	for (i = 0; i < n; i++) {
		most = pcm[i] > most ? pcm[i] : most;
		least = pcm[i] < least ? pcm[i] : least;
	}
	return most < QUIET_PEAK && least > -QUIET_PEAK;
}

/* @n samples of linear audio, up to a frame, to the receiver */
static void hear_pcm(struct bp_keypad *k, int16_t *pcm, size_t n)
{
	bool skip = false;

	if (!quiet(pcm, n))
		k->quiet = 0;
	else if (k->quiet < QUIET_HEARD)
		k->quiet += n;
	else
		skip = true;
	if (!skip)
		dtmf_rx(k->rx, pcm, n);
	k->since += n;
	if (k->len && k->since >= BP_KEYPAD_PAUSE)
		k->ended = true;
}

/**
 * bp_keypad_hear - listen to @n samples of mu-law
 * @k: the keypad
 * @mulaw: the samples
 * @n: how many
 *
 * Returns true once '#', or a pause after a digit, has ended an entry;
 * bp_keypad_clear() starts the next.
 */
bool bp_keypad_hear(struct bp_keypad *k, const uint8_t *mulaw, size_t n)
{
	bool resumed = k->losing;
	int16_t pcm[160];

	k->losing = false;
	while (n && !k->ended) {
		size_t i, chunk = n < 160 ? n : 160;

		/* cppcheck-suppress knownConditionTrueFalse ; n > 0 here */
		for (i = 0; i < chunk; i++)
			pcm[i] = linear[mulaw[i]];
		/*
		 * The concealment is started afresh on @heard at each loss, so
		 * it need not hear every frame: only the first after a loss,
		 * which it blends into the audio it stood in with.
		 */
		if (resumed)
			plc_rx(k->plc, pcm, chunk);
		resumed = false;
		remember(k, mulaw, chunk);
		hear_pcm(k, pcm, chunk);
		mulaw += chunk;
		n -= chunk;
	}
	return k->ended;
}

/**
 * bp_keypad_lost - @n samples lost on the way, stood in for
 * @k: the keypad
 * @n: how many
 *
 * Returns as bp_keypad_hear() does.
 */
bool bp_keypad_lost(struct bp_keypad *k, size_t n)
{
	int16_t pcm[PLC_HISTORY_LEN];
	size_t i;

	/*
	 * spandsp 0.0.6 rotates its history at a loss's start with an
	 * overlapping memcpy() (fixed upstream in 2020); started afresh on
	 * what was heard, it has nothing to rotate.
	 */
	if (!k->losing) {
		for (i = 0; i < PLC_HISTORY_LEN; i++)
			pcm[i] = linear[k->heard[(k->heard_at + i) %
						 PLC_HISTORY_LEN]];
		plc_init(k->plc);
		plc_rx(k->plc, pcm, PLC_HISTORY_LEN);
		k->losing = true;
	}
	while (n && !k->ended) {
		size_t chunk = n < 160 ? n : 160;

		plc_fillin(k->plc, pcm, chunk);
		hear_pcm(k, pcm, chunk);
		n -= chunk;
	}
	return k->ended;
}
