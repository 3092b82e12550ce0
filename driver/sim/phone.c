// SPDX-License-Identifier: GPL-2.0
/*
 * The telephone: hook switch, keypad, mouth and ear.
 *
 * The keypad does what a real one does to a SLIC: it puts a DTMF tone pair
 * on the line, which an Si3210's decoder reports, and which travels up the
 * highway as audio.  Tones and pauses are timed per ITU-T Q.24, which asks
 * a receiver to accept tones and pauses of 40 ms or more; these last 80 ms.
 * Levels are -7 dBm0 for the low group and -5 dBm0 for the high group.
 *
 * The telephone is heard, and hears, only while loop current flows, and
 * its ringer sounds only for a signal it can ring on.
 */
#include <linux/bitops.h>
#include <linux/errno.h>
#include <linux/string.h>
#include <linux/vmalloc.h>

#include "sim.h"

#define KEY_TONE_MS	80
#define KEY_PAUSE_MS	80
#define FLASH_MS	300
#define LOW_AMPLITUDE	9910	/* -7 dBm0 in 16-bit linear */
#define HIGH_AMPLITUDE	12470	/* -5 dBm0 */

/*
 * The ringer: the model telephone's own figures, a bell that needs
 * 40 V rms (56.6 V peak) between 15 and 70 Hz; as RCO, 2^15 cos(2 pi f /
 * 1000 Hz), the band is 29650 (70 Hz) to 32622 (15 Hz).
 */
#define RINGER_MIN_PEAK_MV	56569
#define RINGER_RCO_15HZ		32622
#define RINGER_RCO_70HZ		29650

/* For each DTMF frequency: 2 cos(w) in Q30 and sin(w) in Q16, w = 2 pi f/8000 */
static const struct {
	s64 coef;
	s64 sin;
} dtmf_freq[8] = {
	{ 1833669510, 34111 },	/*  697 Hz */
	{ 1766607061, 37261 },	/*  770 Hz */
	{ 1684364823, 40654 },	/*  852 Hz */
	{ 1587210069, 44145 },	/*  941 Hz */
	{ 1249947177, 53291 },	/* 1209 Hz */
	{ 1069844367, 56824 },	/* 1336 Hz */
	{  857509966, 60084 },	/* 1477 Hz */
	{  610457346, 62832 },	/* 1633 Hz */
};

static const char keypad[4][5] = { "123A", "456B", "789C", "*0#D" };

int bti_sim_phone_init(struct bti_sim_phone *p)
{
	memset(p, 0, sizeof(*p));
	p->ear = vzalloc(BTI_SIM_EAR_MAX);
	p->mouth = vzalloc(BTI_SIM_MOUTH_MAX);
	if (!p->ear || !p->mouth) {
		bti_sim_phone_free(p);
		return -ENOMEM;
	}
	return 0;
}

void bti_sim_phone_free(struct bti_sim_phone *p)
{
	vfree(p->ear);
	vfree(p->mouth);
	p->ear = NULL;
	p->mouth = NULL;
}

static u8 ulaw_encode(int pcm)
{
	int sign = pcm < 0 ? 0x80 : 0;
	int mag = min(abs(pcm), 32635) + 0x84;
	int exp = fls(mag >> 7) - 1;

	return ~(sign | exp << 4 | ((mag >> (exp + 3)) & 0x0f));
}

static void tone_start(struct bti_sim_tone *t, unsigned int freq, int amp)
{
	t->coef = dtmf_freq[freq].coef;
	t->s1 = 0;
	t->s2 = -(s64)amp * dtmf_freq[freq].sin;
}

static int tone_next(struct bti_sim_tone *t)
{
	s64 y = ((t->coef * t->s1) >> 30) - t->s2;

	t->s2 = t->s1;
	t->s1 = y;
	return y >> 16;
}

static void key_start(struct bti_sim_phone *p, struct proslic *m, u64 now)
{
	unsigned int row, col;

	for (row = 0; row < 4; row++)
		for (col = 0; col < 4; col++)
			if (keypad[row][col] == p->keys[0]) {
				tone_start(&p->tone[0], row, LOW_AMPLITUDE);
				tone_start(&p->tone[1], 4 + col, HIGH_AMPLITUDE);
			}
	proslic_dtmf_key(m, p->keys[0], now);
}

void bti_sim_phone_hook(struct bti_sim_phone *p, struct proslic *m,
			bool offhook, u64 now)
{
	p->offhook = offhook;
	p->flash_left = 0;
	proslic_hook(m, offhook, now);
}

int bti_sim_phone_flash(struct bti_sim_phone *p, struct proslic *m, u64 now)
{
	if (!p->offhook || p->flash_left)
		return -EBUSY;
	p->flash_left = FLASH_MS;
	proslic_hook(m, false, now);
	return 0;
}

int bti_sim_phone_press(struct bti_sim_phone *p, const char *keys, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (!strchr("0123456789*#ABCD", keys[i]))
			return -EINVAL;
	if (p->nkeys + n > BTI_SIM_KEYS_MAX)
		return -ENOSPC;
	memcpy(p->keys + p->nkeys, keys, n);
	p->nkeys += n;
	return 0;
}

static bool ringer_sounds(struct proslic *m)
{
	return proslic_ring_peak_mv(m) >= RINGER_MIN_PEAK_MV &&
	       proslic_ring_hz_between(m, RINGER_RCO_15HZ, RINGER_RCO_70HZ);
}

/* One ms of what the telephone sends from @now; also runs its clocks. */
void bti_sim_phone_mouth(struct bti_sim_phone *p, struct proslic *m, u64 now,
			 u8 out[BTI_TICK_SAMPLES])
{
	bool ringing = ringer_sounds(m);
	unsigned int i;

	if (ringing && !p->ringing)
		p->rings++;
	p->ringing = ringing;
	if (p->flash_left && !--p->flash_left)
		proslic_hook(m, true, now);

	if (p->nkeys && p->key_ms == 0)
		key_start(p, m, now);
	if (p->nkeys && p->key_ms < KEY_TONE_MS) {
		for (i = 0; i < BTI_TICK_SAMPLES; i++)
			out[i] = ulaw_encode(tone_next(&p->tone[0]) +
					     tone_next(&p->tone[1]));
	} else if (p->mouth_pos < p->mouth_len) {
		for (i = 0; i < BTI_TICK_SAMPLES; i++)
			out[i] = p->mouth_pos < p->mouth_len ?
				 p->mouth[p->mouth_pos++] : 0xff;
	} else {
		memset(out, 0xff, BTI_TICK_SAMPLES);
	}

	if (!p->nkeys)
		return;
	if (++p->key_ms == KEY_TONE_MS)
		proslic_dtmf_key(m, 0, now);
	if (p->key_ms == KEY_TONE_MS + KEY_PAUSE_MS) {
		p->key_ms = 0;
		memmove(p->keys, p->keys + 1, --p->nkeys);
	}
}

void bti_sim_phone_ear(struct bti_sim_phone *p, const u8 in[BTI_TICK_SAMPLES])
{
	size_t n = min_t(size_t, BTI_TICK_SAMPLES, BTI_SIM_EAR_MAX - p->ear_len);

	if (!p->recording)
		return;
	memcpy(p->ear + p->ear_len, in, n);
	p->ear_len += n;
}
