// SPDX-License-Identifier: GPL-2.0
/*
 * btiprovd.conf: "key = value" lines, '#' comments.  Every key has a
 * default; an unknown key or a bad value is an error naming its line.
 */
#include <ctype.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "config.h"
#include "store.h"

static void defaults(struct bp_config *c)
{
	memset(c, 0, sizeof(*c));
	strcpy(c->listen, "0.0.0.0:4170");
	strcpy(c->voice, "0.0.0.0");
	strcpy(c->store, "/var/lib/btiprovd/btiprovd.db");
	strcpy(c->kek, "/etc/btiprovd/kek");
	strcpy(c->p256_key, "/etc/btiprovd/server-p256.key");
	strcpy(c->p256_chain, "/etc/btiprovd/server-p256.pem");
	strcpy(c->prompts, "/usr/share/btiprovd/prompts");
	strcpy(c->metrics, "127.0.0.1:9417");
	c->request_timeout = 10;
	c->session_timeout = 300;
	c->input_timeout = 20;
	c->max_sessions = 1000;
	c->max_per_address = 16;
	c->max_per_prefix = 32;
	c->busy_retry = 30;
	c->backoff_after = BP_BACKOFF_AFTER;
	c->backoff_wait = BP_BACKOFF_WAIT;
	c->lock_after = BP_LOCK_AFTER;
	c->workers = 4;
	c->loops = 0;
	c->voice_port = 5004;	/* RFC 3551, 11: RTP's default port */
	c->stop_timeout = 60;
}

static char *trim(char *s)
{
	char *e;

	while (isspace((unsigned char)*s))
		s++;
	e = s + strlen(s);
	while (e > s && isspace((unsigned char)e[-1]))
		*--e = 0;
	return s;
}

static int number(const char *v, int min, int max, int *out)
{
	char *end;
	long n = strtol(v, &end, 10);

	if (!*v || *end || n < min || n > max)
		return -1;
	*out = n;
	return 0;
}

/**
 * bp_config_load - read btiprovd.conf over the defaults
 * @path: the file, or NULL for the defaults alone
 * @c: the configuration
 * @err: why it could not be read
 * @err_len: its size
 *
 * Returns 0 or -1.
 */
int bp_config_load(const char *path, struct bp_config *c, char *err,
		   int err_len)
{
	static const struct {
		const char *key;
		size_t off, len;
	} strings[] = {
#define S(k, f) { k, offsetof(struct bp_config, f), sizeof(((struct bp_config *)0)->f) }
		S("listen", listen), S("voice", voice),
		S("voice_advertise", voice_advertise), S("store", store),
		S("kek", kek),
		S("p256_key", p256_key), S("p256_chain", p256_chain),
		S("rsa_key", rsa_key), S("rsa_chain", rsa_chain),
		S("prompts", prompts), S("metrics", metrics),
#undef S
	};
	static const struct {
		const char *key;
		size_t off;
		int min, max;
	} numbers[] = {
#define N(k, f, min, max) { k, offsetof(struct bp_config, f), min, max }
		N("request_timeout", request_timeout, 1, 300),
		N("session_timeout", session_timeout, 10, 3600),
		N("input_timeout", input_timeout, 5, 120),
		N("max_sessions", max_sessions, 1, 100000),
		N("max_per_address", max_per_address, 1, 100000),
		N("max_per_prefix", max_per_prefix, 1, 100000),
		N("busy_retry", busy_retry, 1, 3600),
		N("backoff_after", backoff_after, 1, 1000),
		N("backoff_wait", backoff_wait, 1, BP_WAIT_MAX),
		N("lock_after", lock_after, 1, 1000),
		N("workers", workers, 1, 64),
		N("loops", loops, 0, 64),
		N("voice_port", voice_port, 0, 65535),
		N("stop_timeout", stop_timeout, 0, 3600),
#undef N
	};
	char line[1024], *k, *v, *eq;
	int n = 0, bad;
	size_t i;
	FILE *f;

	defaults(c);
	if (!path)
		return 0;
	f = fopen(path, "r");
	if (!f) {
		snprintf(err, err_len, "%s: cannot open", path);
		return -1;
	}
	while (fgets(line, sizeof(line), f)) {
		n++;
		k = trim(line);
		if (!*k || *k == '#')
			continue;
		eq = strchr(k, '=');
		bad = !eq;
		if (eq) {
			*eq = 0;
			k = trim(k);
			v = trim(eq + 1);
			bad = 1;
			for (i = 0; i < sizeof(strings) / sizeof(*strings); i++)
				if (!strcmp(k, strings[i].key) &&
				    strlen(v) < strings[i].len) {
					strcpy((char *)c + strings[i].off, v);
					bad = 0;
				}
			for (i = 0; i < sizeof(numbers) / sizeof(*numbers); i++)
				if (!strcmp(k, numbers[i].key))
					bad = number(v, numbers[i].min,
						     numbers[i].max,
						     (int *)((char *)c +
							     numbers[i].off));
		}
		if (bad) {
			snprintf(err, err_len, "%s:%d: not a known key = value",
				 path, n);
			fclose(f);
			return -1;
		}
	}
	fclose(f);
	return 0;
}
