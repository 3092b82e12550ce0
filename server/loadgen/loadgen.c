// SPDX-License-Identifier: GPL-2.0
/*
 * btiprov-loadgen: simulated devices for btiprovd, thousands in one
 * process.  Each speaks the device side of the protocol (device.c, on
 * OpenSSL), opens the voice channel on libsrtp2 and keys the account
 * number and PIN as DTMF in it, in real time (voice.c).  One epoll
 * loop carries every device's connection; one 20 ms timer paces every
 * voice channel, and one UDP socket carries them all.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <getopt.h>
#include <netdb.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/timerfd.h>
#include <unistd.h>

#include <openssl/pem.h>

#include "device.h"
#include "srtp.h"
#include "loadgen.h"

#define SERVERS_MAX	8
#define SCRIPT_MAX	160

/**
 * struct opts - what every device does
 * @host: the servers, taken in turn
 * @port: their ports
 * @servers: how many
 * @ca: the operator's CA file
 * @name: the server's host name to check, if not @host
 * @account: keyed at the IVR
 * @pin: keyed after it
 * @wrong_pin: keyed first, if set, to be retried with @pin
 * @suites: the suites to offer, a bit each
 * @kind: the user key kind to bind
 * @keep: a directory where each device keeps its bound key, and finds it
 *	to re-provision
 * @fault: "keys" agrees keys and hangs up; "silent" keys nothing; "stall"
 *	sends REQUEST and nothing more; "voice" holds the call, keying on;
 *	"refresh" refreshes a kept binding (version 2); "vanish" hangs up
 *	after PROVISIONED, without FINISHED (version 2)
 * @rounds: handshakes each device makes, with "keys"
 * @seconds: how long every call is held once all are up, with "voice"
 * @rate: devices started a second at most, 0 for no limit
 * @loss: the voice packets lost, in percent
 * @version: the highest protocol version offered
 * @chain: a maker's chain to attest with, each certificate len16(DER),
 *	leaf first (version 2)
 * @chain_len: its length, 0 for none
 * @identity: the leaf's key pair, every device's identity
 */
struct opts {
	char host[SERVERS_MAX][256];
	char port[SERVERS_MAX][16];
	int servers;
	const char *ca;
	const char *name;
	char account[64];
	char pin[64];
	char wrong_pin[64];
	int suites;
	int kind;
	const char *keep;
	const char *fault;
	int rounds;
	int seconds;
	int rate;
	int loss;
	int version;
	uint8_t chain[BP_DEVICE_CHAIN_MAX];
	size_t chain_len;
	EVP_PKEY *identity;
};

/**
 * struct kept - a provisioned device's bound key, between runs
 * @have: the device is provisioned
 * @b: the bound key's kind, and the key if symmetric
 * @identity: the device's key pair, if it has one
 * @id: the bound key's id, as REQUEST names it
 * @version: the configuration version it holds, 0 for none
 */
struct kept {
	bool have;
	struct bp_bound b;
	EVP_PKEY *identity;
	uint8_t id[32];
	uint64_t version;
};

/* the stages through PROVISIONED are timed */
enum stage { HELLO, CONFIRM, AUTH, PROVISIONED, STALLED, CONFIG, CLOSING };

/**
 * struct device - one simulated device, while it runs
 * @i: its number, which picks its server and its kept key
 * @fd: its connection, -1 when it has none
 * @stage: the message it waits for
 * @rounds: handshakes still to make, with "keys"
 * @dev: the protocol's device side
 * @k: its kept key
 * @path: where that is kept
 * @m: the message coming in
 * @have: how much of it has come
 * @asked_ns: when the message it answers went out
 * @v: its voice channel, once keyed
 * @config: version 2's configuration, as its pieces come
 * @script: what its subscriber keys
 * @in_call: @v is open
 * @running: the slot holds a device
 */
struct device {
	int i;
	int fd;
	enum stage stage;
	int rounds;
	struct bp_dev dev;
	struct kept k;
	char path[512];
	uint8_t m[BP_MSG_MAX];
	size_t have;
	int64_t asked_ns;
	struct lg_voice v;
	uint8_t *config;
	char script[SCRIPT_MAX];
	bool in_call;
	bool running;
};

/**
 * struct run - every device, and what they measured
 * @o: what they do
 * @trust: the operator's CA, and the chain it last passed
 * @ep: the epoll set
 * @slots: the devices running at once
 * @nslots: how many
 * @n: devices in all
 * @started: devices started so far
 * @ended: devices ended
 * @ok: devices that did what they set out to
 * @running: devices running now
 * @calls: voice channels open now
 * @steady_ns: when every call of "voice" was up, 0 before
 * @behind: ticks the load generator took late once they were
 * @lat: each exchange's round trip, REQUEST to KEY_CONFIRM and USER_KEY
 *	to PROVISIONED, ns
 * @nlat: how many
 * @by_stage: the same, by the message answered
 * @nby_stage: how many of each
 * @verdict: each PIN's verdict, from its last key's release, ns
 * @nverdict: how many
 */
struct run {
	const struct opts *o;
	struct bp_dev_trust trust;
	int ep;
	struct device *slots;
	int nslots;
	int n, started, ended, ok, running, calls;
	int64_t steady_ns;
	uint64_t behind;
	int64_t *lat, *verdict, *by_stage[PROVISIONED + 1];
	size_t nlat, nverdict, nby_stage[PROVISIONED + 1];
};

static void die(const char *what)
{
	fprintf(stderr, "btiprov-loadgen: %s\n", what);
	exit(1);
}

static bool mode(const struct opts *o, const char *fault)
{
	return o->fault && !strcmp(o->fault, fault);
}

static X509_STORE *trust_of(const char *ca)
{
	X509_STORE *st = X509_STORE_new();
	FILE *f = fopen(ca, "r");
	X509 *x;

	while (st && f && (x = PEM_read_X509(f, NULL, NULL, NULL))) {
		X509_STORE_add_cert(st, x);
		X509_free(x);
	}
	if (!f)
		die("cannot read the CA file");
	fclose(f);
	return st;
}

/* What a device keeps beside its key, PATH.SUFFIX. */
static void kept_name(char name[520], const char *path, const char *suffix)
{
	snprintf(name, 520, "%s.%s", path, suffix);
}

/* The configuration version a kept binding holds: PATH.version. */
static uint64_t kept_version(const char *path)
{
	unsigned long long v = 0;
	char name[520];
	FILE *f;

	kept_name(name, path, "version");
	f = fopen(name, "r");
	if (f && fscanf(f, "%llu", &v) != 1)
		v = 0;
	if (f)
		fclose(f);
	return v;
}

static int kept_save_version(const char *path, uint64_t version)
{
	char name[520];
	FILE *f;

	kept_name(name, path, "version");
	f = fopen(name, "w");
	if (!f)
		return -1;
	fprintf(f, "%llu\n", (unsigned long long)version);
	return fclose(f) ? -1 : 0;
}

/*
 * A binding the server said, under its MAC, it does not hold: a symmetric
 * key goes; an identity key stays, marked unbound (PATH.unbound), for
 * the device to provision with anew (protocol.rst, 7).
 */
static void kept_forget(const char *path, const struct kept *k)
{
	char name[520];
	FILE *f;

	kept_name(name, path, "version");
	unlink(name);
	if (k->b.kind == 1) {
		unlink(path);
		return;
	}
	kept_name(name, path, "unbound");
	f = fopen(name, "w");
	if (f)
		fclose(f);
}

static bool kept_unbound(const char *path)
{
	char name[520];

	kept_name(name, path, "unbound");
	return !access(name, F_OK);
}

/* A provisioned device's bound key: "1 HEX" for a symmetric key, else PEM. */
static int kept_load(struct kept *k, const char *path)
{
	uint8_t pub[BP_P256_POINT];
	char hex[80];
	FILE *f = fopen(path, "r");
	int i;

	memset(k, 0, sizeof(*k));
	if (!f)
		return 0;	/* not provisioned yet */
	k->have = true;
	if (fscanf(f, "1 %64s", hex) == 1 && strlen(hex) == 64) {
		k->b.kind = 1;
		for (i = 0; i < 32; i++)
			sscanf(hex + 2 * i, "%2hhx", &k->b.key[i]);
	} else {
		rewind(f);
		k->b.kind = 2;
		k->identity = PEM_read_PrivateKey(f, NULL, NULL, NULL);
	}
	fclose(f);
	OPENSSL_cleanse(hex, sizeof(hex));
	k->version = kept_version(path);
	k->have = !kept_unbound(path);
	if (k->b.kind == 2 && (!k->identity || bp_p256_public(k->identity, pub)))
		return -1;
	return bp_key_id(k->b.kind, k->b.kind == 1 ? k->b.key : pub, k->id);
}

static int kept_save(const char *path, uint8_t kind, const uint8_t *key,
		     EVP_PKEY *identity)
{
	char tmp[520];
	FILE *f;
	int i, err;

	kept_name(tmp, path, "new");
	f = fopen(tmp, "w");
	if (!f)
		return -1;
	if (kind == 1) {
		fputs("1 ", f);
		for (i = 0; i < 32; i++)
			fprintf(f, "%02x", key[i]);
		err = fputs("\n", f) < 0;
	} else {
		err = !PEM_write_PrivateKey(f, identity, NULL, NULL, 0, NULL,
					    NULL);
	}
	if (fclose(f) || err || rename(tmp, path))
		return -1;
	kept_name(tmp, path, "unbound");
	unlink(tmp);
	return 0;
}

static void note(int64_t **list, size_t *n, int64_t ns)
{
	int64_t *l = realloc(*list, (*n + 1) * sizeof(**list));

	if (!l)
		die("out of memory");
	l[(*n)++] = ns;
	*list = l;
}

/* The device is done with, provisioned or not; @why says why not. */
static void end(struct run *r, struct device *d, const char *why)
{
	if (why)
		fprintf(stderr, "btiprov-loadgen: device %d: %s\n", d->i, why);
	else
		r->ok++;
	if (d->in_call) {
		lg_voice_close(&d->v);
		r->calls--;
	}
	if (d->fd >= 0)
		close(d->fd);
	bp_dev_free(&d->dev);
	EVP_PKEY_free(d->k.identity);
	free(d->config);
	OPENSSL_cleanse(d, sizeof(*d));
	d->fd = -1;
	r->running--;
	r->ended++;
}

static int dial(const struct opts *o, int i)
{
	struct addrinfo hints = { .ai_socktype = SOCK_STREAM }, *ai;
	int fd;

	if (getaddrinfo(o->host[i % o->servers], o->port[i % o->servers],
			&hints, &ai))
		return -1;
	fd = socket(ai->ai_family, SOCK_STREAM | SOCK_CLOEXEC, 0);
	if (fd >= 0 && connect(fd, ai->ai_addr, ai->ai_addrlen)) {
		close(fd);
		fd = -1;
	}
	freeaddrinfo(ai);
	return fd;
}

static const char *send_msg(struct device *d, const uint8_t *m, size_t len)
{
	d->asked_ns = lg_now();
	return send(d->fd, m, len, MSG_NOSIGNAL) == (ssize_t)len ? NULL :
	       "the server closed the connection";
}

/* A connection, and REQUEST on it. */
static const char *request(struct run *r, struct device *d)
{
	struct epoll_event ev = { .events = EPOLLIN, .data.ptr = d };
	size_t len;

	d->fd = dial(r->o, d->i);
	if (d->fd < 0)
		return "cannot connect to the server";
	if (epoll_ctl(r->ep, EPOLL_CTL_ADD, d->fd, &ev))
		return "epoll";
	if (bp_dev_init(&d->dev, r->o->kind, NULL))
		return "out of memory";
	d->dev.suites = r->o->suites;
	d->dev.max_version = r->o->version;
	if (mode(r->o, "refresh"))
		d->dev.purpose = BP_REFRESHING;
	if (bp_dev_request(&d->dev, d->k.have ? d->k.id : NULL, d->m, &len))
		return "cannot build REQUEST";
	d->stage = mode(r->o, "stall") ? STALLED : HELLO;
	return send_msg(d, d->m, len);
}

static void start(struct run *r, struct device *d)
{
	const char *why;

	memset(d, 0, sizeof(*d));
	d->fd = -1;
	d->running = true;
	r->running++;
	d->i = r->started++;
	d->rounds = r->o->rounds;
	if (r->o->keep) {
		snprintf(d->path, sizeof(d->path), "%s/%d.key", r->o->keep,
			 d->i);
		if (kept_load(&d->k, d->path))
			return end(r, d, "cannot read a kept key");
	}
	if (mode(r->o, "refresh") && !d->k.have)
		return end(r, d, "no binding to refresh");
	why = request(r, d);
	if (why)
		end(r, d, why);
}

/* What the subscriber keys: the account number, then @pin. */
static void key_in(struct device *d, const struct opts *o, const char *pin)
{
	/* 2.4 s to hear the prompt out, 1.1 s for the next */
	snprintf(d->script, sizeof(d->script), "...............%s#.......%s#",
		 o->account, pin);
	lg_voice_say(&d->v, d->script, false);
}

static const char *call(struct run *r, struct device *d,
			const struct bp_voice *bv)
{
	if (lg_voice_open(&d->v, d->dev.d.audio_key, d->dev.d.audio_salt, bv))
		return "cannot open the voice channel";
	d->v.loss = r->o->loss;
	d->v.rng = d->i;
	d->in_call = true;
	r->calls++;
	d->stage = AUTH;
	if (mode(r->o, "voice"))	/* keys, and '*' starts again */
		lg_voice_say(&d->v, "1234*", true);
	else if (!mode(r->o, "silent"))
		key_in(d, r->o, r->o->wrong_pin[0] ? r->o->wrong_pin : r->o->pin);
	return NULL;
}

static const char *hello(struct run *r, struct device *d, size_t len)
{
	size_t more;

	if (bp_dev_hello(&d->dev, d->m, len, &r->trust))
		return d->dev.w.error == BP_E_CERTIFICATE ?
		       "the server's certificate does not validate" :
		       "SERVER_HELLO refused";
	if (bp_dev_key_transport(&d->dev, d->m, &len))
		return "cannot build KEY_TRANSPORT";
	d->stage = CONFIRM;
	if (d->dev.w.version == 1)
		return send_msg(d, d->m, len);
	if (bp_dev_attestation(&d->dev, r->o->chain, r->o->chain_len,
			       r->o->identity, d->m + len, &more))
		return "cannot build ATTESTATION";
	return send_msg(d, d->m, len + more);
}

/* A refresh's KEY_CONFIRM: no call, and REFRESH at once. */
static const char *confirm_refresh(struct device *d, size_t len)
{
	if (bp_dev_confirm(&d->dev, d->m, len, NULL))
		return "key confirmation failed";
	if (bp_dev_refresh(&d->dev, d->k.version, &d->k.b, d->k.identity,
			   d->m, &len))
		return "cannot build REFRESH";
	d->stage = PROVISIONED;
	return send_msg(d, d->m, len);
}

static const char *confirm(struct run *r, struct device *d, size_t len)
{
	struct bp_voice bv;

	if (d->dev.purpose == BP_REFRESHING)
		return confirm_refresh(d, len);
	if (bp_dev_confirm(&d->dev, d->m, len, &bv))
		return "key confirmation failed";
	if (!mode(r->o, "keys"))
		return call(r, d, &bv);
	/* keys only: hang up, and again while rounds are left */
	close(d->fd);
	d->fd = -1;
	bp_dev_free(&d->dev);
	if (--d->rounds == 0) {
		end(r, d, NULL);
		return NULL;
	}
	return request(r, d);
}

static const char *user_key(struct device *d, const struct opts *o)
{
	uint8_t pub[BP_P256_POINT];
	size_t len;

	/* a public user key is the identity's: kept, given, or made now */
	if (o->kind == 2 && !d->k.identity && o->identity &&
	    EVP_PKEY_up_ref(o->identity))
		d->k.identity = o->identity;
	if (o->kind == 2 && !d->k.identity)
		d->k.identity = bp_p256_generate();
	if (o->kind == 2 &&
	    (!d->k.identity || bp_p256_public(d->k.identity, pub)))
		return "cannot make an identity";
	if (bp_dev_user_key(&d->dev, o->kind == 1 ? d->dev.d.user_key : pub,
			    o->kind == 1 ? 32 : BP_P256_POINT,
			    d->k.have ? &d->k.b : NULL, d->k.identity, d->m,
			    &len))
		return "cannot build USER_KEY";
	d->stage = PROVISIONED;
	return send_msg(d, d->m, len);
}

static const char *auth(struct run *r, struct device *d, size_t len)
{
	uint8_t result, left;

	if (bp_dev_auth(&d->dev, d->m, len, &result, &left))
		return "AUTH_RESULT refused";
	if (d->v.keyed_ns)
		note(&r->verdict, &r->nverdict, lg_now() - d->v.keyed_ns);
	if (!result)
		return user_key(d, r->o);
	if (result == 1 && left) {
		key_in(d, r->o, r->o->pin);	/* the retry */
		return NULL;
	}
	return result == 2 ? "refused: locked" :
	       result == 3 ? "refused: timed out" :
	       "refused: wrong account number or PIN";
}

/* The bound key's id, as the device will name itself. */
static const char *bound_id(struct device *d, const struct opts *o,
			    uint8_t id[32])
{
	uint8_t pub[BP_P256_POINT];

	if ((o->kind == 2 && bp_p256_public(d->k.identity, pub)) ||
	    bp_key_id(o->kind, o->kind == 1 ? d->dev.d.user_key : pub, id))
		return "cannot name the bound key";
	return NULL;
}

static void print_id(const char *what, const uint8_t id[32])
{
	int i;

	printf("%s device=", what);
	for (i = 0; i < 32; i++)
		printf("%02x", id[i]);
}

/*
 * The device holds what the session gave it: it keeps it, then says so
 * in FINISHED, and waits for the server to close once it has committed.
 */
static const char *finish(struct run *r, struct device *d)
{
	const struct opts *o = r->o;
	bool refresh = d->dev.purpose == BP_REFRESHING;
	const char *why;
	uint8_t id[32];
	size_t len;

	if (refresh)
		memcpy(id, d->k.id, 32);
	else if ((why = bound_id(d, o, id)))
		return why;
	if (mode(o, "vanish")) {
		print_id("vanished", id);
		printf("\n");
		end(r, d, NULL);
		return NULL;
	}
	if (o->keep && ((!refresh && kept_save(d->path, o->kind,
					       d->dev.d.user_key,
					       d->k.identity)) ||
			kept_save_version(d->path, d->dev.config_version)))
		return "cannot keep the bound key";
	if (bp_dev_finished(&d->dev, d->m, &len))
		return "cannot build FINISHED";
	print_id(refresh ? "refreshed" : "provisioned", id);
	printf(" version=%llu", (unsigned long long)d->dev.config_version);
	if (d->dev.config_len)
		printf(" config=%.*s", (int)d->dev.config_len, d->config);
	printf("\n");
	d->stage = CLOSING;
	return send_msg(d, d->m, len);
}

static const char *provisioned(struct run *r, struct device *d, size_t len)
{
	uint8_t config[BP_CONFIG_MAX + 1], id[32];
	const struct opts *o = r->o;
	const char *why;

	if (bp_dev_provisioned(&d->dev, d->m, len, config, &len))
		return "PROVISIONED refused";
	if (d->dev.w.version > 1) {
		d->config = malloc(d->dev.config_len + 1);
		if (!d->config)
			return "out of memory";
		d->stage = CONFIG;
		return d->dev.config_len ? NULL : finish(r, d);
	}
	config[len] = 0;
	why = bound_id(d, o, id);
	if (why)
		return why;
	if (o->keep && kept_save(d->path, o->kind, d->dev.d.user_key,
				 d->k.identity))
		return "cannot keep the bound key";
	print_id("provisioned", id);
	printf(" config=%s\n", config);
	end(r, d, NULL);
	return NULL;
}

static const char *config_piece(struct run *r, struct device *d, size_t len)
{
	if (bp_dev_config(&d->dev, d->m, len, d->config))
		return "CONFIG refused";
	return d->dev.stage == BP_DEV_CONFIGURED ? finish(r, d) : NULL;
}

/*
 * An ERROR: its code is worth a line, trusted or not.  A version 2 one
 * under a MAC that says the binding is gone makes the device forget it.
 */
static const char *error(struct run *r, struct device *d, size_t len)
{
	static char why[96];
	uint8_t code = 0;
	int trusted = bp_dev_error(&d->dev, d->m, len, &code);

	if (trusted < 0)
		return "the server sent a malformed ERROR";
	if (trusted && (code == BP_E_REVOKED || code == BP_E_UNKNOWN) &&
	    r->o->keep) {
		kept_forget(d->path, &d->k);
		snprintf(why, sizeof(why), "the server sent ERROR %u: %s",
			 code, "binding forgotten");
		return why;
	}
	snprintf(why, sizeof(why), "the server sent ERROR %u", code);
	return why;
}

/* A whole message from the server, taken at its stage. */
static const char *take(struct run *r, struct device *d, size_t len)
{
	if (d->m[1] == BP_ERROR)
		return error(r, d, len);
	if (d->stage <= PROVISIONED && d->stage != AUTH) {
		note(&r->lat, &r->nlat, lg_now() - d->asked_ns);
		note(&r->by_stage[d->stage], &r->nby_stage[d->stage],
		     r->lat[r->nlat - 1]);
	}
	switch (d->stage) {
	case HELLO:
		return hello(r, d, len);
	case CONFIRM:
		return confirm(r, d, len);
	case AUTH:
		return auth(r, d, len);
	case PROVISIONED:
		return provisioned(r, d, len);
	case CONFIG:
		return config_piece(r, d, len);
	case CLOSING:
		return "the server sent something after FINISHED";
	default:
		if (d->m[1] != BP_SERVER_HELLO)
			return "the server sent something else";
		return NULL;
	}
}

/* The device's connection is readable: one message at a time. */
static void readable(struct run *r, struct device *d)
{
	const char *why = NULL;
	size_t need;
	ssize_t n;

	for (;;) {
		need = BP_HEADER;
		if (d->have >= BP_HEADER && bp_peek(d->m, BP_HEADER, &need))
			return end(r, d, "the server sent a malformed message");
		if (d->have == need) {
			d->have = 0;
			why = take(r, d, need);
			if (why)
				return end(r, d, why);
			if (!d->running)
				return;
			continue;
		}
		n = recv(d->fd, d->m + d->have, need - d->have, MSG_DONTWAIT);
		if (n < 0 && (errno == EAGAIN || errno == EINTR))
			return;
		/* after FINISHED, the server closes once it has committed */
		if (n == 0 && d->stage == CLOSING)
			return end(r, d, NULL);
		if (n <= 0)
			return end(r, d, "the server closed the connection");
		d->have += n;
	}
}

/*
 * 20 ms passed (@ticks times, if the load generator fell behind): a frame
 * from every call for each, and the server's frames taken.  With "voice",
 * the calls are held for their time once all are up.
 */
static void tick(struct run *r, uint64_t ticks)
{
	int64_t now = lg_now();
	bool over;
	struct device *d;
	int i;

	if (r->steady_ns)
		r->behind += ticks - 1;
	if (mode(r->o, "voice") && !r->steady_ns && r->started == r->n &&
	    r->calls == r->running)
		r->steady_ns = now;
	over = r->steady_ns &&
	       now - r->steady_ns >= r->o->seconds * 1000000000LL;
	for (i = 0; i < r->nslots; i++) {
		d = &r->slots[i];
		if (!d->running || !d->in_call)
			continue;
		if (over) {
			end(r, d, NULL);
			continue;
		}
		for (uint64_t t = 0; t < ticks; t++)
			lg_voice_send(&d->v, now);
	}
	lg_voice_flush();
}

static int by_value(const void *a, const void *b)
{
	int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;

	return (x > y) - (x < y);
}

static int64_t percentile(int64_t *l, size_t n, int p)
{
	qsort(l, n, sizeof(*l), by_value);
	return n ? l[(n - 1) * p / 100] : 0;
}

static void report(struct run *r, double wall)
{
	const struct opts *o = r->o;

	if (mode(o, "keys")) {
		printf("%d handshakes in %.3f s, %d devices failed\n",
		       r->ok * o->rounds, wall, r->n - r->ok);
		return;
	}
	if (mode(o, "voice")) {
		printf("%d calls held %d s; the load generator fell behind %llu ticks\n",
		       r->ok, o->seconds, (unsigned long long)r->behind);
		return;
	}
	if (r->nlat)
		printf("exchanges %zu: p50 %.2f ms, p99 %.2f ms\n", r->nlat,
		       percentile(r->lat, r->nlat, 50) / 1e6,
		       percentile(r->lat, r->nlat, 99) / 1e6);
	for (int s = HELLO; s <= PROVISIONED; s++)
		if (r->nby_stage[s])
			printf("  %s: p50 %.2f ms, p99 %.2f ms\n",
			       s == HELLO ? "REQUEST to SERVER_HELLO" :
			       s == CONFIRM ? "KEY_TRANSPORT to KEY_CONFIRM" :
			       "USER_KEY to PROVISIONED",
			       percentile(r->by_stage[s], r->nby_stage[s], 50) / 1e6,
			       percentile(r->by_stage[s], r->nby_stage[s], 99) / 1e6);
	if (r->nverdict)
		printf("PIN verdicts %zu, from the last key: p50 %.1f ms, p99 %.1f ms\n",
		       r->nverdict, percentile(r->verdict, r->nverdict, 50) / 1e6,
		       percentile(r->verdict, r->nverdict, 99) / 1e6);
	printf("%d provisioned, %d failed in %.3f s\n", r->ok, r->n - r->ok,
	       wall);
}

/* Whether the next device may start: -R spreads the starts out. */
static bool may_start(const struct run *r, int64_t t0)
{
	return r->started < r->n &&
	       (!r->o->rate ||
		r->started < (lg_now() - t0) * r->o->rate / 1000000000LL + 1);
}

static void loop(struct run *r)
{
	struct itimerspec every = { { 0, 20000000 }, { 0, 20000000 } };
	struct epoll_event ev = { .events = EPOLLIN }, evs[256];
	int64_t t0 = lg_now();
	uint64_t ticks;
	int timer, n, i;

	r->ep = epoll_create1(EPOLL_CLOEXEC);
	timer = timerfd_create(CLOCK_MONOTONIC, TFD_CLOEXEC);
	if (r->ep < 0 || timer < 0 || timerfd_settime(timer, 0, &every, NULL) ||
	    epoll_ctl(r->ep, EPOLL_CTL_ADD, timer, &ev))
		die("epoll");
	while (r->ended < r->n) {
		for (i = 0; i < r->nslots && may_start(r, t0); i++)
			if (!r->slots[i].running)
				start(r, &r->slots[i]);
		n = epoll_wait(r->ep, evs, 256, -1);
		for (i = 0; i < n; i++) {
			if (!evs[i].data.ptr) {
				if (read(timer, &ticks, sizeof(ticks)) == sizeof(ticks))
					tick(r, ticks);
			} else if (((struct device *)evs[i].data.ptr)->running) {
				readable(r, evs[i].data.ptr);
			}
		}
	}
	close(timer);
	close(r->ep);
}

static void read_secret(const char *file, char *out, size_t len)
{
	FILE *f = fopen(file, "r");

	if (!f || !fgets(out, len, f))
		die("cannot read a PIN file");
	out[strcspn(out, "\r\n")] = 0;
	fclose(f);
}

/* -A: a PEM chain, leaf first, as ATTESTATION carries it. */
static void read_chain(struct opts *o, const char *file)
{
	int left = bp_pem_chain(file, o->chain, sizeof(o->chain),
				&o->chain_len);

	if (left < 0)
		die("cannot read the chain file");
	if (left)
		die("the chain is longer than ATTESTATION carries");
	if (!o->chain_len)
		die("no certificate in the chain file");
}

static void read_identity(struct opts *o, const char *file)
{
	FILE *f = fopen(file, "r");

	if (!f)
		die("cannot read the identity key file");
	o->identity = PEM_read_PrivateKey(f, NULL, NULL, NULL);
	fclose(f);
	if (!o->identity)
		die("no private key in the identity key file");
}

static void add_server(struct opts *o, const char *arg)
{
	char *colon;

	if (o->servers == SERVERS_MAX)
		die("too many servers");
	snprintf(o->host[o->servers], sizeof(o->host[0]), "%s", arg);
	colon = strrchr(o->host[o->servers], ':');
	if (!colon)
		die("-s HOST:PORT");
	*colon = 0;
	snprintf(o->port[o->servers], sizeof(o->port[0]), "%s", colon + 1);
	/* [ADDRESS]:PORT for IPv6 */
	if (o->host[o->servers][0] == '[' && colon[-1] == ']') {
		colon[-1] = 0;
		memmove(o->host[o->servers], o->host[o->servers] + 1,
			strlen(o->host[o->servers]));
	}
	o->servers++;
}

static void usage(void)
{
	fputs("usage: btiprov-loadgen -s HOST:PORT [-s HOST:PORT]..."
	      " -c CA-FILE [-H NAME] -a ACCOUNT -P PIN-FILE"
	      " [-W WRONG-PIN-FILE] [-n N] [-j AT-ONCE] [-R PER-SECOND]"
	      " [-S SUITES] [-k 1|2] [-K DIR] [-L LOSS%] [-V 1|2]"
	      " [-A CHAIN-FILE -I KEY-FILE] [-x silent|stall|vanish]\n"
	      "       btiprov-loadgen -x refresh -V 2 -K DIR -s HOST:PORT"
	      " -c CA-FILE [-H NAME] [-n N] [-S SUITES] [-k 1|2]\n"
	      "       btiprov-loadgen -x keys -s HOST:PORT -c CA-FILE"
	      " [-H NAME] [-n N] [-r ROUNDS] [-S SUITES]\n"
	      "       btiprov-loadgen -x voice -d SECONDS -s HOST:PORT -c CA-FILE"
	      " [-H NAME] [-n N] [-R PER-SECOND]\n", stderr);
	exit(2);
}

static void parse(struct opts *o, int *n, int *at_once, int argc, char **argv)
{
	int opt;

	while ((opt = getopt(argc, argv, "s:c:H:a:P:W:n:j:r:d:R:S:k:K:x:L:V:A:I:")) != -1) {
		switch (opt) {
		case 's':
			add_server(o, optarg);
			break;
		case 'c':
			o->ca = optarg;
			break;
		case 'H':
			o->name = optarg;
			break;
		case 'a':
			snprintf(o->account, sizeof(o->account), "%s", optarg);
			break;
		case 'P':
			read_secret(optarg, o->pin, sizeof(o->pin));
			break;
		case 'W':
			read_secret(optarg, o->wrong_pin, sizeof(o->wrong_pin));
			break;
		case 'n':
			*n = atoi(optarg);
			break;
		case 'j':
			*at_once = atoi(optarg);
			break;
		case 'r':
			o->rounds = atoi(optarg);
			break;
		case 'd':
			o->seconds = atoi(optarg);
			break;
		case 'R':
			o->rate = atoi(optarg);
			break;
		case 'S':
			o->suites = atoi(optarg);
			break;
		case 'k':
			o->kind = atoi(optarg);
			break;
		case 'K':
			o->keep = optarg;
			break;
		case 'x':
			o->fault = optarg;
			break;
		case 'L':
			o->loss = atoi(optarg);
			break;
		case 'V':
			o->version = atoi(optarg);
			break;
		case 'A':
			read_chain(o, optarg);
			break;
		case 'I':
			read_identity(o, optarg);
			break;
		default:
			usage();
		}
	}
}

static void check(const struct opts *o, int n, int at_once)
{
	bool calls = !mode(o, "keys") && !mode(o, "voice") &&
		     !mode(o, "refresh");

	if (o->fault && !mode(o, "keys") && !mode(o, "voice") &&
	    !mode(o, "silent") && !mode(o, "stall") && !mode(o, "refresh") &&
	    !mode(o, "vanish"))
		die("-x keys, voice, silent, stall, refresh or vanish");
	if (o->version < 1 || o->version > BP_VERSION_MAX)
		die("-V 1 or 2");
	if ((mode(o, "refresh") || mode(o, "vanish")) && o->version < 2)
		die("-x refresh and -x vanish need -V 2");
	if (mode(o, "refresh") && !o->keep)
		die("-x refresh needs -K");
	if (!o->chain_len != !o->identity || (o->chain_len && o->version < 2))
		die("-A and -I go together, with -V 2");
	if (o->suites < 1 || o->suites > 3)
		die("-S 1 (suite 1), 2 (suite 2) or 3 (both)");
	if (o->kind != 1 && o->kind != 2)
		die("-k 1 (symmetric) or 2 (public)");
	if (n < 1 || at_once < 0 || o->rounds < 1 || o->rate < 0 ||
	    (mode(o, "voice") && o->seconds < 1))
		die("-n, -j, -r, -d and -R take a positive number");
	if (o->loss < 0 || o->loss > 100)
		die("-L takes a percentage");
	if (!o->servers || !o->ca || (calls && (!o->account[0] || !o->pin[0])))
		die("-s, -c, -a and -P are needed");
}

/* Two descriptors a device, as many as the hard limit lets it have. */
static void open_files(int n)
{
	struct rlimit l;

	if (!getrlimit(RLIMIT_NOFILE, &l) && l.rlim_cur < l.rlim_max) {
		l.rlim_cur = l.rlim_max;
		setrlimit(RLIMIT_NOFILE, &l);
	}
	/* a connection a device; their voice channels share one socket */
	if (!getrlimit(RLIMIT_NOFILE, &l) && l.rlim_cur < (rlim_t)n + 16)
		die("too few file descriptors for -j: raise ulimit -n");
}

int main(int argc, char **argv)
{
	struct opts o = { .suites = 3, .kind = 1, .rounds = 1, .version = 1 };
	struct run r = { .o = &o };
	int n = 1, at_once = 0;
	int64_t t0;

	parse(&o, &n, &at_once, argc, argv);
	check(&o, n, at_once);
	r.n = n;
	r.nslots = at_once && at_once < n ? at_once : n;
	open_files(r.nslots);
	r.slots = calloc(r.nslots, sizeof(*r.slots));
	if (!r.slots)
		die("out of memory");
	if (bp_srtp_start())
		die("libsrtp2 did not start");
	if (lg_voice_init())
		die("cannot open a UDP socket");
	r.trust.store = trust_of(o.ca);
	r.trust.host = o.name;
	t0 = lg_now();
	loop(&r);
	report(&r, (lg_now() - t0) / 1e9);
	bp_dev_trust_clear(&r.trust);
	X509_STORE_free(r.trust.store);
	EVP_PKEY_free(o.identity);
	bp_srtp_stop();
	free(r.slots);
	free(r.lat);
	for (int s = HELLO; s <= PROVISIONED; s++)
		free(r.by_stage[s]);
	free(r.verdict);
	return r.ok == r.n ? 0 : 1;
}
