// SPDX-License-Identifier: GPL-2.0
/*
 * The IVR's prompts as make prompts speaks them: every prompt of
 * prompts.txt is there, lasts 1 to 10 seconds, is loud enough to hear and
 * short of clipping, and keys no digit when the IVR's own keypad ear hears
 * it (the talk-off test, on real speech).
 */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "keypad.h"

#define RATE	8000

static size_t load(const char *name, uint8_t *buf, size_t max)
{
	char path[1100];
	FILE *f;
	size_t n;

	snprintf(path, sizeof(path), "%s/%s.ul",
		 getenv("BTI_PROMPTS") ? getenv("BTI_PROMPTS") : "build/prompts", name);
	f = fopen(path, "r");
	if (!f)
		fail_msg("%s: missing", path);
	n = fread(buf, 1, max, f);
	fclose(f);
	return n;
}

static void each_prompt(void **state)
{
	FILE *list = fopen("btiprovd/prompts.txt", "r");
	uint8_t *buf = malloc(RATE * 20);
	char line[256], *tab;
	int prompts = 0;

	(void)state;
	assert_non_null(list);
	while (fgets(line, sizeof(line), list)) {
		struct bp_keypad k;
		double sum = 0, rms, peak = 0;
		size_t n, i;

		tab = strchr(line, '\t');
		if (line[0] == '#' || !tab)
			continue;
		*tab = 0;
		n = load(line, buf, RATE * 20);
		if (n < RATE || n > RATE * 10)
			fail_msg("%s: %.1f s long", line, (double)n / RATE);
		for (i = 0; i < n; i++) {
			double x = ulaw_to_linear(buf[i]) / 32768.0;

			sum += x * x;
			if (fabs(x) > peak)
				peak = fabs(x);
		}
		rms = 20 * log10(sqrt(sum / n));
		if (rms < -35 || peak > 0.99)
			fail_msg("%s: %.1f dBFS RMS, peak %.2f", line, rms, peak);
		assert_int_equal(bp_keypad_init(&k), 0);
		bp_keypad_hear(&k, buf, n);
		if (k.len || k.ended)
			fail_msg("%s keyed \"%s\"", line, k.entry);
		bp_keypad_free(&k);
		prompts++;
	}
	fclose(list);
	free(buf);
	assert_int_equal(prompts, 7);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(each_prompt),
	};

	return cmocka_run_group_tests_name("btiprovd_prompts", tests, NULL,
					   NULL);
}
