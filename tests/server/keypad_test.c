// SPDX-License-Identifier: GPL-2.0
/*
 * The IVR's keypad ear on generated DTMF, in the manner of the Mitel and
 * spandsp test matrices: every digit; levels over the dynamic range;
 * frequency offsets inside and outside ITU-T Q.24's 1.5% and 3.5%; twist
 * both ways inside and outside the limits; white noise; Q.24's shortest
 * tones; and speech-band signals that must key nothing.  The tones are
 * synthesised here, not by spandsp, and pass through mu-law as in the
 * channel.
 */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "keypad.h"

#define RATE		8000
/* a 0 dBm0 sine in 16-bit linear: 3.14 dB below mu-law's peak */
#define DBM0		22755.0

static const char keys[] = "123A456B789C*0#D";
static const double low[] = { 697, 770, 852, 941 };
static const double high[] = { 1209, 1336, 1477, 1633 };

struct tone {
	double level;	/* dBm0, each tone */
	double twist;	/* dB the high tone is below the low one */
	double offset;	/* relative frequency error of both tones */
	double snr;	/* dB of each tone over white noise; 0 for none */
	int on_ms;
	int off_ms;
};

static const struct tone plain = { -10, 0, 0, 0, 60, 60 };

static uint32_t seed = 1;

/* A standard normal deviate, from a fixed generator: runs repeat. */
static double gauss(void)
{
	double u, v;

	seed = seed * 1103515245 + 12345;
	u = ((seed >> 8) + 1.0) / 16777217.0;
	seed = seed * 1103515245 + 12345;
	v = ((seed >> 8) + 1.0) / 16777217.0;
	return sqrt(-2 * log(u)) * cos(2 * M_PI * v);
}

static size_t synth(uint8_t *out, const char *digits, const struct tone *t)
{
	double a = DBM0 * pow(10, t->level / 20), sigma;
	size_t n = 0, i, on = t->on_ms * 8, off = t->off_ms * 8;
	const char *p;

	sigma = t->snr ? a / sqrt(2) / pow(10, t->snr / 20) : 0;
	for (; *digits; digits++) {
		int k = (p = strchr(keys, *digits)) ? p - keys : 0;
		double fl = low[k / 4] * (1 + t->offset);
		double fh = high[k % 4] * (1 + t->offset);
		double ah = a * pow(10, -t->twist / 20);

		for (i = 0; i < on + off; i++, n++) {
			double x = i < on ? a * sin(2 * M_PI * fl * i / RATE) +
					    ah * sin(2 * M_PI * fh * i / RATE) : 0;

			x += sigma * gauss();
			if (x > 32767)
				x = 32767;
			if (x < -32768)
				x = -32768;
			out[n] = linear_to_ulaw((int)x);
		}
	}
	return n;
}

/* What a keypad hears of @digits sent as @t: the entry, '#' if ended. */
static void hear(const char *digits, const struct tone *t, char *got)
{
	uint8_t *audio = malloc(RATE * 10);
	struct bp_keypad k;
	size_t n;

	assert_non_null(audio);
	n = synth(audio, digits, t);
	assert_int_equal(bp_keypad_init(&k), 0);
	bp_keypad_hear(&k, audio, n);
	strcpy(got, k.entry);
	if (k.ended)
		strcat(got, "#");
	bp_keypad_free(&k);
	free(audio);
}

static void expect(const char *digits, const struct tone *t, const char *want)
{
	char got[64];

	hear(digits, t, got);
	if (strcmp(got, want))
		fail_msg("sent %s at %.1f dBm0, twist %.1f, offset %.3f, snr %.0f:"
			 " heard \"%s\", want \"%s\"", digits, t->level,
			 t->twist, t->offset, t->snr, got, want);
}

static void every_digit(void **state)
{
	(void)state;
	expect("0123456789ABCD#", &plain, "0123456789ABCD#");
	expect("12*345#", &plain, "345#");	/* '*' starts again */
	expect("55#", &plain, "55#");		/* a digit twice */
}

static void levels(void **state)
{
	double l;

	(void)state;
	for (l = 0; l >= -30; l -= 5) {
		struct tone t = plain;

		t.level = l;
		expect("159#", &t, "159#");
	}
	{
		struct tone t = plain;

		t.level = -55;
		expect("159#", &t, "");
	}
}

static void frequency_offsets(void **state)
{
	static const double accept[] = { -0.015, -0.01, 0.01, 0.015 };
	static const double reject[] = { -0.035, 0.035, -0.05, 0.05 };
	unsigned int i;

	(void)state;
	for (i = 0; i < 4; i++) {
		struct tone t = plain;

		t.offset = accept[i];
		expect("2580#", &t, "2580#");
		t.offset = reject[i];
		expect("2580#", &t, "");
	}
}

static void twist(void **state)
{
	static const struct { double twist; const char *want; } cases[] = {
		{ 6, "3690#" }, { -3, "3690#" }, { 12, "" }, { -8, "" },
	};
	unsigned int i;

	(void)state;
	for (i = 0; i < 4; i++) {
		struct tone t = plain;

		t.twist = cases[i].twist;
		expect("3690#", &t, cases[i].want);
	}
}

static void white_noise(void **state)
{
	struct tone t = plain;

	(void)state;
	t.snr = 15;
	expect("0123456789#", &t, "0123456789#");
	t.level = -20;
	t.snr = 12;
	expect("0123456789#", &t, "0123456789#");
}

static void short_tones(void **state)
{
	struct tone t = plain;

	(void)state;
	t.on_ms = 40;		/* Q.24's shortest tone and pause */
	t.off_ms = 40;
	expect("147*2580#", &t, "2580#");
}

/* Speech-band signals that are not DTMF key nothing. */
static void talk_off(void **state)
{
	uint8_t *audio = malloc(RATE * 6);
	struct bp_keypad k;
	size_t i;

	(void)state;
	assert_non_null(audio);
	for (i = 0; i < RATE * 6; i++) {
		double f = 300 + 2700.0 * i / (RATE * 6);	/* a sweep */
		double x = 8000 * sin(2 * M_PI * f * i / RATE) +
			   4000 * sin(2 * M_PI * 1000 * i / RATE) +
			   1000 * gauss();

		audio[i] = linear_to_ulaw((int)x);
	}
	assert_int_equal(bp_keypad_init(&k), 0);
	bp_keypad_hear(&k, audio, RATE * 6);
	assert_int_equal(k.len, 0);
	assert_false(k.ended);
	bp_keypad_free(&k);
	free(audio);
}

/* A key heard through a channel that loses @loss percent of its frames. */
static bool through_loss(char key, int loss, bool conceal)
{
	static const struct tone phone = { -10, 0, 0, 0, 80, 80 };
	char digits[] = { key, '#', 0 }, want[] = { key, 0 };
	uint8_t audio[RATE];
	struct bp_keypad k;
	size_t n, f;
	bool ok;

	n = synth(audio, digits, &phone);
	memset(audio + n, 0xff, 1600);	/* 200 ms more of silence */
	n += 1600;
	assert_int_equal(bp_keypad_init(&k), 0);
	for (f = 0; f + 160 <= n; f += 160) {
		seed = seed * 1103515245 + 12345;
		if ((seed >> 16) % 100 >= (uint32_t)loss)
			bp_keypad_hear(&k, audio + f, 160);
		else if (conceal)
			bp_keypad_lost(&k, 160);
	}
	ok = k.ended && !strcmp(k.entry, want);
	bp_keypad_free(&k);
	return ok;
}

/*
 * Every digit at 30% frame loss, 40 times each, the same losses with and
 * without the concealment.
 */
static void loss_concealed(void **state)
{
	static const char digits[] = "0123456789";
	int i, j, heard = 0, skipped = 0, total = 0;
	uint32_t start;

	(void)state;
	for (i = 0; digits[i]; i++)
		for (j = 0; j < 40; j++, total++) {
			start = seed;
			heard += through_loss(digits[i], 30, true);
			seed = start;
			skipped += through_loss(digits[i], 30, false);
		}
	print_message("# 30%% loss: %d of %d keys heard concealed, %d skipped\n",
		      heard, total, skipped);
	assert_true(heard * 100 >= total * 85);
	assert_true((total - heard) * 3 <= (total - skipped) * 2);
}

/* A '#' lost on the way: five seconds' pause after a digit ends it too. */
static void pause_ends_entry(void **state)
{
	uint8_t *audio = malloc(RATE * 6);
	struct bp_keypad k;
	size_t n, wait;

	(void)state;
	assert_non_null(audio);
	n = synth(audio, "123", &plain);
	wait = n + RATE * 4;
	memset(audio + n, 0xff, RATE * 6 - n);
	assert_int_equal(bp_keypad_init(&k), 0);
	assert_false(bp_keypad_hear(&k, audio, wait));
	assert_true(bp_keypad_hear(&k, audio + wait, RATE * 6 - wait));
	assert_string_equal(k.entry, "123");
	bp_keypad_free(&k);
	free(audio);
}

/*
 * Long pauses, most of which the receiver is not handed: a digit twice is
 * still two, and a digit near the least level it takes, after one, is
 * heard.
 */
static void after_quiet(void **state)
{
	struct tone t = plain;

	(void)state;
	t.off_ms = 500;
	expect("5555#", &t, "5555#");
	t.level = -38;
	expect("159#", &t, "159#");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(every_digit),
		cmocka_unit_test(levels),
		cmocka_unit_test(frequency_offsets),
		cmocka_unit_test(twist),
		cmocka_unit_test(white_noise),
		cmocka_unit_test(short_tones),
		cmocka_unit_test(talk_off),
		cmocka_unit_test(loss_concealed),
		cmocka_unit_test(pause_ends_entry),
		cmocka_unit_test(after_quiet),
	};

	return cmocka_run_group_tests_name("btiprovd_keypad", tests, NULL, NULL);
}
