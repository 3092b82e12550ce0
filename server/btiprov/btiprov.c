// SPDX-License-Identifier: GPL-2.0
/*
 * btiprov: the operator's command line for btiprovd's subscriber store.
 * A PIN is read from a file or from the terminal, never from the command
 * line, where other users could see it.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <termios.h>
#include <unistd.h>

#include <json-c/json.h>
#include <openssl/crypto.h>

#include "store.h"
#include "verifier.h"

#define DEFAULT_DB "/var/lib/btiprovd/btiprovd.db"

static bool json;

static void usage(FILE *f)
{
	fputs("usage: btiprov [-j] [-d DB] subscriber add ACCOUNT [CONFIG-FILE]\n"
	      "       btiprov [-j] [-d DB] subscriber list\n"
	      "       btiprov [-j] [-d DB] subscriber show ACCOUNT\n"
	      "       btiprov [-d DB] subscriber lock|unlock ACCOUNT\n"
	      "       btiprov [-d DB] config set ACCOUNT CONFIG-FILE\n"
	      "       btiprov [-j] [-d DB] config show ACCOUNT\n"
	      "       btiprov [-d DB] pin set ACCOUNT [PIN-FILE]\n"
	      "       btiprov [-j] [-d DB] bindings\n"
	      "       btiprov [-d DB] revoke DEVICE-ID\n"
	      "       btiprov [-d DB] device unlock DEVICE-ID|ADDRESS\n"
	      "       btiprov [-j] [-d DB] audit\n"
	      "       btiprov kek new KEK-FILE\n"
	      "       btiprov [-d DB] kek rotate KEK-FILE\n"
	      "  -d  the store (default $BTIPROV_DB, or " DEFAULT_DB ")\n"
	      "  -j  JSON output\n", f);
}

static int fail(int err, const char *what)
{
	fprintf(stderr, "btiprov: %s: %s\n", what,
		err == -EEXIST ? "already exists" :
		err == -ENOENT ? "no such entry" :
		err == -EINVAL ? "not valid" : strerror(-err));
	return 1;
}

static void emit(struct json_object *o)
{
	printf("%s\n", json_object_to_json_string_ext(o, JSON_C_TO_STRING_PLAIN));
	json_object_put(o);
}

/* When a backing-off account may be checked again, UTC; "" if it may now. */
static void wait_text(const struct bp_subscriber *s, char out[32])
{
	time_t t = s->wait_until;
	struct tm tm;

	out[0] = 0;
	if (s->wait_until > time(NULL) && gmtime_r(&t, &tm))
		strftime(out, 32, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

static struct json_object *subscriber_json(const struct bp_subscriber *s)
{
	struct json_object *o = json_object_new_object();
	char until[32];

	wait_text(s, until);
	json_object_object_add(o, "account", json_object_new_string(s->account));
	json_object_object_add(o, "pin", json_object_new_boolean(s->has_pin));
	json_object_object_add(o, "locked", json_object_new_boolean(s->locked));
	json_object_object_add(o, "failures", json_object_new_int(s->failures));
	json_object_object_add(o, "waits_until", until[0] ?
			       json_object_new_string(until) : NULL);
	json_object_object_add(o, "config_version",
			       json_object_new_int64((int64_t)s->config_version));
	return o;
}

static int print_subscriber(const struct bp_subscriber *s, void *arg)
{
	char until[32];

	(void)arg;
	wait_text(s, until);
	if (json)
		emit(subscriber_json(s));
	else
		printf("%-16s pin:%s locked:%s failures:%u config:%llu%s%s\n",
		       s->account, s->has_pin ? "set" : "none",
		       s->locked ? "yes" : "no", s->failures,
		       (unsigned long long)s->config_version,
		       until[0] ? " waits-until:" : "", until);
	return 0;
}

static int print_binding(const struct bp_binding *b, void *arg)
{
	struct json_object *o;

	(void)arg;
	if (!json) {
		printf("%s %-16s %s bound %s%s%s\n", b->device_id, b->account,
		       b->kind == 1 ? "symmetric" : "public", b->bound,
		       b->revoked[0] ? " revoked " : "", b->revoked);
		return 0;
	}
	o = json_object_new_object();
	json_object_object_add(o, "device_id", json_object_new_string(b->device_id));
	json_object_object_add(o, "account", json_object_new_string(b->account));
	json_object_object_add(o, "user_key", json_object_new_string(
		b->kind == 1 ? "symmetric" : "public"));
	json_object_object_add(o, "bound", json_object_new_string(b->bound));
	if (b->revoked[0])
		json_object_object_add(o, "revoked",
				       json_object_new_string(b->revoked));
	emit(o);
	return 0;
}

static int print_audit(const struct bp_audit *a, void *arg)
{
	struct json_object *o;

	(void)arg;
	if (!json) {
		printf("%s %-18s account:%s device:%s source:%s", a->at,
		       a->event, a->account, a->device_id, a->source);
		if (a->config_version)
			printf(" config:%llu",
			       (unsigned long long)a->config_version);
		putchar('\n');
		return 0;
	}
	o = json_object_new_object();
	json_object_object_add(o, "id", json_object_new_int64(a->id));
	json_object_object_add(o, "at", json_object_new_string(a->at));
	json_object_object_add(o, "event", json_object_new_string(a->event));
	json_object_object_add(o, "account", json_object_new_string(a->account));
	json_object_object_add(o, "device_id",
			       json_object_new_string(a->device_id));
	json_object_object_add(o, "source", json_object_new_string(a->source));
	if (a->config_version)
		json_object_object_add(o, "config_version",
				       json_object_new_int64((int64_t)a->config_version));
	emit(o);
	return 0;
}

/* A PIN from @file, or typed at the terminal without echo. */
static int read_pin(const char *file, char *pin, size_t len)
{
	struct termios old, quiet;
	FILE *f = file ? fopen(file, "r") : fopen("/dev/tty", "r+");
	bool tty = !file;
	size_t n;

	if (!f) {
		fprintf(stderr, "btiprov: %s: %s\n", file ? file : "/dev/tty",
			strerror(errno));
		return -1;
	}
	if (tty) {
		fputs("PIN: ", f);
		fflush(f);
		tcgetattr(fileno(f), &old);
		quiet = old;
		quiet.c_lflag &= ~ECHO;
		tcsetattr(fileno(f), TCSAFLUSH, &quiet);
	}
	if (!fgets(pin, len, f))
		pin[0] = 0;
	if (tty) {
		tcsetattr(fileno(f), TCSAFLUSH, &old);
		fputs("\n", f);
	}
	fclose(f);
	n = strcspn(pin, "\r\n");
	pin[n] = 0;
	return 0;
}

static int pin_set(struct bp_store *st, const char *account, const char *file)
{
	char pin[64], v[BP_VERIFIER_MAX];
	int err;

	if (read_pin(file, pin, sizeof(pin)))
		return 1;
	err = bp_verifier_make(pin, BP_VERIFIER_COST, v);
	OPENSSL_cleanse(pin, sizeof(pin));
	if (err) {
		fprintf(stderr, "btiprov: a PIN is 4 to 12 digits\n");
		return 1;
	}
	err = bp_subscriber_set_pin(st, account, v);
	return err ? fail(err, account) : 0;
}

/* A configuration file: text, BP_CONFIG_V2_MAX bytes at most. */
static char *read_config(const char *file, size_t *len)
{
	FILE *f = fopen(file, "r");
	char *buf;

	if (!f) {
		fprintf(stderr, "btiprov: %s: %s\n", file, strerror(errno));
		return NULL;
	}
	buf = malloc(BP_CONFIG_V2_MAX + 2);
	*len = buf ? fread(buf, 1, BP_CONFIG_V2_MAX + 1, f) : 0;
	fclose(f);
	if (!buf) {
		fprintf(stderr, "btiprov: out of memory\n");
		return NULL;
	}
	buf[*len] = 0;
	if (*len > BP_CONFIG_V2_MAX || strlen(buf) != *len) {
		fprintf(stderr, "btiprov: %s: a configuration is UTF-8 text of at most %d bytes\n",
			file, BP_CONFIG_V2_MAX);
		free(buf);
		return NULL;
	}
	return buf;
}

static int subscriber(struct bp_store *st, int argc, char **argv)
{
	struct bp_subscriber s;
	char *text = NULL;
	size_t len;
	int err;

	if (argc == 1 && !strcmp(argv[0], "list")) {
		err = bp_subscriber_list(st, print_subscriber, NULL);
		return err ? fail(err, "list") : 0;
	}
	if (argc < 2)
		goto usage;
	if (!strcmp(argv[0], "add") && argc <= 3) {
		if (argc == 3 && !(text = read_config(argv[2], &len)))
			return 1;
		err = bp_subscriber_add(st, argv[1], text ? text : "");
		free(text);
		return err ? fail(err, argv[1]) : 0;
	}
	if (!strcmp(argv[0], "show") && argc == 2) {
		err = bp_subscriber_get(st, argv[1], &s);
		if (err)
			return fail(err, argv[1]);
		if (json)
			emit(subscriber_json(&s));
		else
			print_subscriber(&s, NULL);
		return 0;
	}
	if ((!strcmp(argv[0], "lock") || !strcmp(argv[0], "unlock")) &&
	    argc == 2) {
		err = bp_subscriber_lock(st, argv[1], argv[0][0] == 'l',
					 "btiprov");
		return err ? fail(err, argv[1]) : 0;
	}
usage:
	usage(stderr);
	return 2;
}

/*
 * A device's id, or for a device not yet bound the address it came from:
 * for IPv6, any address of its /64, where its failures count.
 */
static int device_unlock(struct bp_store *st, const char *who)
{
	char hex[65], name[BP_SOURCE_NAME_MAX];
	const char *id_hex = who;
	uint8_t id[32];
	int err, i;

	if (!bp_source_name(who, name)) {
		bp_source_id(name, id);
		for (i = 0; i < 32; i++)
			sprintf(hex + 2 * i, "%02x", id[i]);
		id_hex = hex;
	}
	err = bp_device_unlock(st, id_hex, "btiprov");
	return err ? fail(err, who) : 0;
}

/*
 * A rotation's second step: the store seals every key under the file's
 * newest, once the file with it is on every instance.
 */
static int kek_rotate(struct bp_store *st, const char *file)
{
	char id[BP_KEK_ID], err[512];
	long n;

	if (bp_store_rekey(st, file, id, &n, err, sizeof(err))) {
		fprintf(stderr, "btiprov: %s\n", err);
		return 1;
	}
	printf("%ld keys sealed under %s; the other keys of %s seal none\n",
	       n, id, file);
	return 0;
}

/*
 * An account's configuration: set from a file as its next version, or
 * shown as it is now, with its version.
 */
static int config(struct bp_store *st, int argc, char **argv)
{
	struct bp_account_config c;
	struct json_object *o;
	uint64_t version;
	char *text;
	size_t len;
	int err;

	if (argc == 3 && !strcmp(argv[0], "set")) {
		text = read_config(argv[2], &len);
		if (!text)
			return 1;
		err = bp_account_config_set(st, argv[1], text, len, &version,
					    "btiprov");
		free(text);
		if (err)
			return fail(err, argv[1]);
		printf("%s: configuration version %llu\n", argv[1],
		       (unsigned long long)version);
		return 0;
	}
	if (argc != 2 || strcmp(argv[0], "show")) {
		usage(stderr);
		return 2;
	}
	err = bp_account_config_get(st, argv[1], &c);
	if (err)
		return fail(err, argv[1]);
	if (json) {
		o = json_object_new_object();
		json_object_object_add(o, "account",
				       json_object_new_string(argv[1]));
		json_object_object_add(o, "version",
				       json_object_new_int64((int64_t)c.version));
		json_object_object_add(o, "config",
				       json_object_new_string_len(c.text,
								  (int)c.len));
		emit(o);
	} else {
		printf("version: %llu\n%s", (unsigned long long)c.version,
		       c.text);
		if (c.len && c.text[c.len - 1] != '\n')
			putchar('\n');
	}
	bp_account_config_free(&c);
	return 0;
}

static int command(struct bp_store *st, int argc, char **argv)
{
	int err;

	if (!strcmp(argv[0], "subscriber"))
		return subscriber(st, argc - 1, argv + 1);
	if (!strcmp(argv[0], "config"))
		return config(st, argc - 1, argv + 1);
	if (!strcmp(argv[0], "pin") && (argc == 3 || argc == 4) &&
	    !strcmp(argv[1], "set"))
		return pin_set(st, argv[2], argc == 4 ? argv[3] : NULL);
	if (!strcmp(argv[0], "bindings") && argc == 1) {
		err = bp_binding_list(st, print_binding, NULL);
		return err ? fail(err, "bindings") : 0;
	}
	if (!strcmp(argv[0], "revoke") && argc == 2) {
		err = bp_store_revoke(st, argv[1], "btiprov");
		return err ? fail(err, argv[1]) : 0;
	}
	if (!strcmp(argv[0], "device") && argc == 3 &&
	    !strcmp(argv[1], "unlock"))
		return device_unlock(st, argv[2]);
	if (!strcmp(argv[0], "kek") && argc == 3 && !strcmp(argv[1], "rotate"))
		return kek_rotate(st, argv[2]);
	if (!strcmp(argv[0], "audit") && argc == 1) {
		err = bp_audit_list(st, print_audit, NULL);
		return err ? fail(err, "audit") : 0;
	}
	usage(stderr);
	return 2;
}

/* A rotation's first step, and a new server's key: no store needed. */
static int kek_new(const char *file)
{
	char id[BP_KEK_ID], err[512];

	if (bp_kek_append(file, id, err, sizeof(err))) {
		fprintf(stderr, "btiprov: %s\n", err);
		return 1;
	}
	printf("%s\n", id);
	return 0;
}

int main(int argc, char **argv)
{
	const char *db = getenv("BTIPROV_DB") ? getenv("BTIPROV_DB") : DEFAULT_DB;
	struct bp_store *st;
	char err[256];
	int opt, rc;

	while ((opt = getopt(argc, argv, "+jd:h")) != -1) {
		switch (opt) {
		case 'j':
			json = true;
			break;
		case 'd':
			db = optarg;
			break;
		case 'h':
			usage(stdout);
			return 0;
		default:
			usage(stderr);
			return 2;
		}
	}
	if (optind >= argc) {
		usage(stderr);
		return 2;
	}
	if (argc - optind == 3 && !strcmp(argv[optind], "kek") &&
	    !strcmp(argv[optind + 1], "new"))
		return kek_new(argv[optind + 2]);
	st = bp_store_open(db, err, sizeof(err));
	if (!st) {
		fprintf(stderr, "btiprov: %s\n", err);
		return 1;
	}
	rc = command(st, argc - optind, argv + optind);
	bp_store_close(st);
	return rc;
}
