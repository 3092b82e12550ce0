// SPDX-License-Identifier: GPL-2.0
/*
 * talk-off SPEECH.s16: the kernel's DTMF detector (driver/core/dtmf.c,
 * built for userspace) on recorded speech, 8 kHz 16-bit, as recorded, 6 dB
 * louder and 10 dB softer, then on digits that spandsp's dtmf_tx keys after
 * it.  Passes if the speech gives no digit and the keyed digits come out
 * whole.  spandsp's dtmf_rx hears the same audio, for comparison.
 */
#include <stdio.h>
#include <stdlib.h>

#include <spandsp.h>

#include "../../driver/core/dtmf.c"

#define FRAME	160
#define KEYED	"0123456789*#ABCD"

struct ears {
	struct bti_dtmf bti;
	dtmf_rx_state_t *ref;
	char heard[64], ref_heard[64];
	size_t n, ref_n;
};

static void ref_digits(void *user, const char *digits, int len)
{
	struct ears *e = user;

	while (len-- > 0 && e->ref_n < sizeof(e->ref_heard) - 1)
		e->ref_heard[e->ref_n++] = *digits++;
}

static void hear(struct ears *e, const int16_t *pcm, size_t samples, int gain_q8)
{
	uint8_t ulaw[FRAME];
	int16_t lin[FRAME];
	size_t i, k;
	char c;

	for (i = 0; i + FRAME <= samples; i += FRAME) {
		for (k = 0; k < FRAME; k++) {
			long v = (long)pcm[i + k] * gain_q8 / 256;

			v = v > 32767 ? 32767 : v < -32768 ? -32768 : v;
			ulaw[k] = linear_to_ulaw(v);
			lin[k] = ulaw_to_linear(ulaw[k]);
		}
		c = bti_dtmf_frame(&e->bti, ulaw, FRAME);
		if (c && e->n < sizeof(e->heard) - 1)
			e->heard[e->n++] = c;
		dtmf_rx(e->ref, lin, FRAME);
	}
}

static int16_t *load(const char *path, size_t *samples)
{
	FILE *f = fopen(path, "rb");
	int16_t *pcm = NULL;
	long len;

	if (!f || fseek(f, 0, SEEK_END) || (len = ftell(f)) <= 0 ||
	    fseek(f, 0, SEEK_SET) || !(pcm = malloc(len)) ||
	    fread(pcm, 1, len, f) != (size_t)len) {
		perror(path);
		exit(2);
	}
	fclose(f);
	*samples = len / 2;
	return pcm;
}

int main(int argc, char **argv)
{
	static const struct { const char *name; int gain_q8; } levels[] = {
		{ "as recorded", 256 }, { "+6 dB", 511 }, { "-10 dB", 81 },
	};
	int16_t keyed[FRAME * 200] = { 0 };
	dtmf_tx_state_t *tx = dtmf_tx_init(NULL);
	size_t samples, i;
	int16_t *speech;
	int failed = 0;

	if (argc != 2 || !tx) {
		fprintf(stderr, "usage: talk-off SPEECH.s16\n");
		return 2;
	}
	speech = load(argv[1], &samples);
	dtmf_tx_put(tx, KEYED, -1);
	dtmf_tx(tx, keyed, sizeof(keyed) / sizeof(keyed[0]));

	for (i = 0; i < sizeof(levels) / sizeof(levels[0]); i++) {
		struct ears e = { .ref = dtmf_rx_init(NULL, ref_digits, &e) };

		bti_dtmf_reset(&e.bti);
		hear(&e, speech, samples, levels[i].gain_q8);
		printf("%zu s of speech %s: digits \"%s\" (spandsp \"%s\")\n",
		       samples / 8000, levels[i].name, e.heard, e.ref_heard);
		failed |= e.n != 0;
		e.n = e.ref_n = 0;
		hear(&e, keyed, sizeof(keyed) / sizeof(keyed[0]), 256);
		e.heard[e.n] = e.ref_heard[e.ref_n] = 0;
		printf("then keyed " KEYED ": \"%s\" (spandsp \"%s\")\n",
		       e.heard, e.ref_heard);
		failed |= strcmp(e.heard, KEYED) != 0;
		dtmf_rx_free(e.ref);
	}
	dtmf_tx_free(tx);
	free(speech);
	return failed;
}
