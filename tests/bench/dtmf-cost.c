// SPDX-License-Identifier: GPL-2.0
/*
 * dtmf-cost SPEECH.s16: what the kernel's DTMF detector (driver/core/
 * dtmf.c, built for userspace with the same -O2) costs per 20 ms frame of
 * mu-law audio, against spandsp's dtmf_rx on the same frames (with their
 * mu-law decoding, which a mu-law uplink needs too).  The frames are the
 * speech followed by keyed digits; each detector runs over all of them
 * five times, in turn, and the fastest pass counts.  Prints nanoseconds
 * a frame for each.
 */
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include <spandsp.h>

#include "../../driver/core/dtmf.c"

#define FRAME	160
#define PASSES	5

static double now(void)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return t.tv_sec + t.tv_nsec / 1e9;
}

static void ignore(void *user, const char *digits, int len)
{
	(void)user;
	(void)digits;
	(void)len;
}

static double bti_pass(const uint8_t *ulaw, size_t frames, int *digits)
{
	static struct bti_dtmf d;
	double t0 = now();
	size_t i;

	bti_dtmf_reset(&d);
	for (i = 0; i < frames; i++)
		*digits += bti_dtmf_frame(&d, ulaw + i * FRAME, FRAME) != 0;
	return now() - t0;
}

static double ref_pass(const uint8_t *ulaw, size_t frames)
{
	dtmf_rx_state_t *rx = dtmf_rx_init(NULL, ignore, NULL);
	int16_t pcm[FRAME];
	double t0 = now();
	size_t i, k;

	for (i = 0; i < frames; i++) {
		for (k = 0; k < FRAME; k++)
			pcm[k] = ulaw_to_linear(ulaw[i * FRAME + k]);
		dtmf_rx(rx, pcm, FRAME);
	}
	t0 = now() - t0;
	dtmf_rx_free(rx);
	return t0;
}

int main(int argc, char **argv)
{
	double bti = 1e9, ref = 1e9, t;
	size_t samples, frames, i;
	dtmf_tx_state_t *tx;
	int16_t *pcm;
	uint8_t *ulaw;
	int digits = 0, pass;
	FILE *f;
	long len;

	if (argc != 2 || !(f = fopen(argv[1], "rb")))
		return 2;
	if (fseek(f, 0, SEEK_END) || (len = ftell(f)) <= 0 ||
	    fseek(f, 0, SEEK_SET)) {
		fclose(f);
		return 2;
	}
	samples = len / 2 + 8000 * 4;	/* and 4 s of digits */
	pcm = calloc(samples, sizeof(*pcm));
	ulaw = malloc(samples);
	tx = dtmf_tx_init(NULL);
	if (!pcm || !ulaw || !tx || fread(pcm, 2, len / 2, f) != (size_t)len / 2) {
		fclose(f);
		return 2;
	}
	fclose(f);
	dtmf_tx_put(tx, "0123456789*#ABCD0123456789*#ABCD", -1);
	dtmf_tx(tx, pcm + len / 2, 8000 * 4);
	for (i = 0; i < samples; i++)
		ulaw[i] = linear_to_ulaw(pcm[i]);
	frames = samples / FRAME;

	for (pass = 0; pass < PASSES; pass++) {
		digits = 0;
		t = bti_pass(ulaw, frames, &digits);
		bti = t < bti ? t : bti;
		t = ref_pass(ulaw, frames);
		ref = t < ref ? t : ref;
	}
	if (digits != 32)
		return 1;	/* timed something other than a working detector */
	printf("%.0f %.0f %zu\n", bti / frames * 1e9, ref / frames * 1e9, frames);
	dtmf_tx_free(tx);
	free(pcm);
	free(ulaw);
	return 0;
}
