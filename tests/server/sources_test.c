// SPDX-License-Identifier: GPL-2.0
/*
 * Sessions counted by source: the cap per address and per IPv6 /64, an
 * IPv4 address the same whether it comes as IPv4 or mapped into IPv6, the
 * cap on the whole server, each session's end giving its place back, and
 * loops on several threads counting at once.
 */
#include <arpa/inet.h>
#include <pthread.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "sources.h"
#include "store.h"

static struct sockaddr_storage v4(const char *text)
{
	struct sockaddr_storage ss = { 0 };
	struct sockaddr_in *a = (struct sockaddr_in *)&ss;

	a->sin_family = AF_INET;
	assert_int_equal(inet_pton(AF_INET, text, &a->sin_addr), 1);
	return ss;
}

static struct sockaddr_storage v6(const char *text)
{
	struct sockaddr_storage ss = { 0 };
	struct sockaddr_in6 *a = (struct sockaddr_in6 *)&ss;

	a->sin6_family = AF_INET6;
	assert_int_equal(inet_pton(AF_INET6, text, &a->sin6_addr), 1);
	return ss;
}

static void per_address(void **state)
{
	struct bp_sources *s = bp_sources_new(100, 3, 100);
	struct sockaddr_storage a = v4("192.0.2.1"), b = v4("192.0.2.2");
	struct sockaddr_storage mapped = v6("::ffff:192.0.2.1");
	int i;

	(void)state;
	assert_non_null(s);
	for (i = 0; i < 2; i++)
		assert_int_equal(bp_sources_take(s, &a), 0);
	/* the same address, mapped into IPv6, is the third */
	assert_int_equal(bp_sources_take(s, &mapped), 0);
	assert_int_equal(bp_sources_take(s, &a), BP_SOURCE_ADDRESS);
	assert_int_equal(bp_sources_take(s, &mapped), BP_SOURCE_ADDRESS);
	/* another address is not held back */
	assert_int_equal(bp_sources_take(s, &b), 0);
	/* one ends: one more comes in, and no more */
	bp_sources_put(s, &a);
	assert_int_equal(bp_sources_take(s, &a), 0);
	assert_int_equal(bp_sources_take(s, &a), BP_SOURCE_ADDRESS);
	bp_sources_free(s);
}

static void per_prefix(void **state)
{
	struct bp_sources *s = bp_sources_new(100, 2, 3);
	struct sockaddr_storage a = v6("2001:db8:0:1::1");
	struct sockaddr_storage b = v6("2001:db8:0:1::2");
	struct sockaddr_storage c = v6("2001:db8:0:1:ffff::3");
	struct sockaddr_storage other = v6("2001:db8:0:2::1");

	(void)state;
	assert_non_null(s);
	assert_int_equal(bp_sources_take(s, &a), 0);
	assert_int_equal(bp_sources_take(s, &a), 0);
	assert_int_equal(bp_sources_take(s, &a), BP_SOURCE_ADDRESS);
	assert_int_equal(bp_sources_take(s, &b), 0);
	/* a fourth address in the /64 is past its cap */
	assert_int_equal(bp_sources_take(s, &c), BP_SOURCE_PREFIX);
	assert_int_equal(bp_sources_take(s, &other), 0);
	bp_sources_put(s, &b);
	assert_int_equal(bp_sources_take(s, &c), 0);
	bp_sources_free(s);
}

/* Every session ended: nothing is left counted, and the caps are whole. */
static void all_given_back(void **state)
{
	struct bp_sources *s = bp_sources_new(192, 2, 2);
	struct sockaddr_storage a[64];
	char text[64];
	int i;

	(void)state;
	assert_non_null(s);
	for (i = 0; i < 64; i++) {
		snprintf(text, sizeof(text), "2001:db8:%x::1", i);
		a[i] = v6(text);
		assert_int_equal(bp_sources_take(s, &a[i]), 0);
		assert_int_equal(bp_sources_take(s, &a[i]), 0);
	}
	for (i = 0; i < 64; i++) {
		bp_sources_put(s, &a[i]);
		bp_sources_put(s, &a[i]);
	}
	for (i = 0; i < 64; i++) {
		assert_int_equal(bp_sources_take(s, &a[i]), 0);
		assert_int_equal(bp_sources_take(s, &a[i]), 0);
		assert_int_equal(bp_sources_take(s, &a[i]), BP_SOURCE_ADDRESS);
	}
	bp_sources_free(s);
}

/* max_sessions, whatever the sources. */
static void whole_server(void **state)
{
	struct bp_sources *s = bp_sources_new(3, 10, 10);
	struct sockaddr_storage a = v4("192.0.2.1"), b = v4("192.0.2.2");

	(void)state;
	assert_non_null(s);
	assert_int_equal(bp_sources_take(s, &a), 0);
	assert_int_equal(bp_sources_take(s, &a), 0);
	assert_int_equal(bp_sources_take(s, &b), 0);
	assert_int_equal(bp_sources_take(s, &b), BP_SOURCE_FULL);
	bp_sources_put(s, &a);
	assert_int_equal(bp_sources_take(s, &b), 0);
	assert_int_equal(bp_sources_take(s, &a), BP_SOURCE_FULL);
	bp_sources_free(s);
}

static void *take_and_put(void *p)
{
	struct sockaddr_storage a = v4("192.0.2.9");
	struct bp_sources *s = p;
	int i;

	for (i = 0; i < 100000; i++)
		if (!bp_sources_take(s, &a))
			bp_sources_put(s, &a);
	return NULL;
}

/* Loops on their own threads: every place taken is given back. */
static void loops_at_once(void **state)
{
	struct bp_sources *s = bp_sources_new(2, 2, 2);
	struct sockaddr_storage a = v4("192.0.2.9");
	pthread_t t[4];
	int i;

	(void)state;
	assert_non_null(s);
	for (i = 0; i < 4; i++)
		assert_int_equal(pthread_create(&t[i], NULL, take_and_put, s), 0);
	for (i = 0; i < 4; i++)
		pthread_join(t[i], NULL);
	assert_int_equal(bp_sources_take(s, &a), 0);
	assert_int_equal(bp_sources_take(s, &a), 0);
	assert_int_equal(bp_sources_take(s, &a), BP_SOURCE_FULL);
	bp_sources_free(s);
}

/* A new device's failures count by its IPv4 address, or its IPv6 /64. */
static void names(void **state)
{
	char name[BP_SOURCE_NAME_MAX];

	(void)state;
	assert_int_equal(bp_source_name("192.0.2.7", name), 0);
	assert_string_equal(name, "192.0.2.7");
	assert_int_equal(bp_source_name("::ffff:192.0.2.7", name), 0);
	assert_string_equal(name, "192.0.2.7");
	assert_int_equal(bp_source_name("2001:db8:0:1:a:b:c:d", name), 0);
	assert_string_equal(name, "2001:db8:0:1::/64");
	assert_int_equal(bp_source_name("2001:db8:0:1::ffff", name), 0);
	assert_string_equal(name, "2001:db8:0:1::/64");
	assert_int_equal(bp_source_name("2001:db8::/64", name), -1);
	assert_int_equal(bp_source_name("prov.example", name), -1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(per_address),
		cmocka_unit_test(per_prefix),
		cmocka_unit_test(all_given_back),
		cmocka_unit_test(whole_server),
		cmocka_unit_test(loops_at_once),
		cmocka_unit_test(names),
	};

	return cmocka_run_group_tests_name("btiprovd_sources", tests, NULL,
					   NULL);
}
