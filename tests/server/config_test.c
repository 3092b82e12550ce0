// SPDX-License-Identifier: GPL-2.0
/*
 * btiprovd.conf: defaults, overrides, comments, and each bad line refused
 * with its number.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "config.h"

static char *file(const char *text)
{
	static char path[32];
	FILE *f;
	int fd;

	strcpy(path, "/tmp/bti-conf-XXXXXX");
	fd = mkstemp(path);
	assert_true(fd >= 0);
	f = fdopen(fd, "w");
	fputs(text, f);
	fclose(f);
	return path;
}

static void defaults(void **state)
{
	struct bp_config c;
	char err[128];

	(void)state;
	assert_int_equal(bp_config_load(NULL, &c, err, sizeof(err)), 0);
	assert_string_equal(c.listen, "0.0.0.0:4170");
	assert_int_equal(c.session_timeout, 300);
	assert_int_equal(c.input_timeout, 20);
	/* protocol.rst, section 8 */
	assert_int_equal(c.request_timeout, 10);
	assert_int_equal(c.busy_retry, 30);
}

static void overrides(void **state)
{
	char *p = file("# btiprovd\n\nlisten = 127.0.0.1:5000\n"
		       "  store=postgresql:///bti  \n"
		       "session_timeout = 120\n");
	struct bp_config c;
	char err[128];

	(void)state;
	assert_int_equal(bp_config_load(p, &c, err, sizeof(err)), 0);
	assert_string_equal(c.listen, "127.0.0.1:5000");
	assert_string_equal(c.store, "postgresql:///bti");
	assert_int_equal(c.session_timeout, 120);
	assert_string_equal(c.voice, "0.0.0.0");	/* untouched */
	unlink(p);
}

static void refused(void **state)
{
	static const char *const bad[] = {
		"listen = 1\nnonsense = 3\n",
		"listen = 1\nsession_timeout = 5\n",
		"listen = 1\ninput_timeout = twenty\n",
		"listen = 1\njust words\n",
		"listen = 1\nrequest_timeout = 0\n",
	};
	struct bp_config c;
	char err[128];
	unsigned int i;

	(void)state;
	for (i = 0; i < sizeof(bad) / sizeof(*bad); i++) {
		char *p = file(bad[i]);

		assert_int_equal(bp_config_load(p, &c, err, sizeof(err)), -1);
		assert_non_null(strstr(err, ":2:"));
		unlink(p);
	}
	assert_int_equal(bp_config_load("/nonexistent/btiprovd.conf", &c, err,
					sizeof(err)), -1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(defaults),
		cmocka_unit_test(overrides),
		cmocka_unit_test(refused),
	};

	return cmocka_run_group_tests_name("btiprovd_config", tests, NULL, NULL);
}
