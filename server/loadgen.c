// SPDX-License-Identifier: GPL-2.0
/*
 * btiprov-loadgen: simulated devices for btiprovd.  Each speaks the device
 * side of the protocol (device.c, on OpenSSL), opens the voice channel on
 * libsrtp2 and keys the account number and PIN as DTMF in it, in real
 * time.  N devices run at once, one process each.
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <getopt.h>
#include <math.h>
#include <netdb.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <openssl/pem.h>
#include <openssl/rand.h>
#include <spandsp.h>
#include <srtp2/srtp.h>

#include "device.h"
#include "ivr.h"

#define RATE		8000
#define FRAME		160
#define AUDIO_MAX	(RATE * 30)

#define SERVERS_MAX	8

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
 *	sends REQUEST and nothing more
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
};

/**
 * struct kept - a provisioned device's bound key, between runs
 * @have: the device is provisioned
 * @b: the bound key's kind, and the key if symmetric
 * @identity: the device's key pair, if it has one
 * @id: the bound key's id, as REQUEST names it
 */
struct kept {
	bool have;
	struct bp_bound b;
	EVP_PKEY *identity;
	uint8_t id[32];
};

static void die(const char *what)
{
	fprintf(stderr, "btiprov-loadgen: %s\n", what);
	exit(1);
}

static int dial(const struct opts *o, int i)
{
	struct addrinfo hints = { .ai_socktype = SOCK_STREAM }, *ai;
	int fd;

	if (getaddrinfo(o->host[i % o->servers], o->port[i % o->servers],
			&hints, &ai))
		die("cannot resolve the server");
	fd = socket(ai->ai_family, SOCK_STREAM, 0);
	if (fd < 0 || connect(fd, ai->ai_addr, ai->ai_addrlen))
		die("cannot connect to the server");
	freeaddrinfo(ai);
	return fd;
}

static void send_msg(int fd, const uint8_t *m, size_t len)
{
	if (send(fd, m, len, MSG_NOSIGNAL) != (ssize_t)len)
		die("the server closed the connection");
}

static int read_full(int fd, uint8_t *p, size_t len)
{
	ssize_t n;

	while (len) {
		n = recv(fd, p, len, 0);
		if (n <= 0)
			return -1;
		p += n;
		len -= n;
	}
	return 0;
}

/* One whole message from the server. */
static size_t read_msg(int fd, uint8_t *m)
{
	size_t need;

	if (read_full(fd, m, BP_HEADER) || bp_peek(m, BP_HEADER, &need) ||
	    read_full(fd, m + BP_HEADER, need - BP_HEADER))
		die("the server closed the connection");
	if (m[1] == BP_ERROR && need > BP_HEADER) {
		/* untrusted, but worth a line: the code is the first byte */
		fprintf(stderr, "btiprov-loadgen: the server sent ERROR %u\n",
			m[BP_HEADER]);
		exit(1);
	}
	return need;
}

/* DTMF for @digits: 70 ms tones, 70 ms pauses, -10 dBm0 a tone. */
static size_t dtmf(const char *digits, uint8_t *out, size_t max)
{
	static const char keys[] = "123A456B789C*0#D";
	static const double lo[] = { 697, 770, 852, 941 };
	static const double hi[] = { 1209, 1336, 1477, 1633 };
	double a = 22755 * pow(10, -10 / 20.0);
	size_t n = 0, i;
	const char *k;

	for (; *digits && n + 1120 <= max; digits++) {
		k = strchr(keys, *digits);
		if (!k)
			continue;
		for (i = 0; i < 1120; i++, n++) {
			double x = i < 560 ?
				   a * sin(2 * M_PI * lo[(k - keys) / 4] * i / RATE) +
				   a * sin(2 * M_PI * hi[(k - keys) % 4] * i / RATE) : 0;

			out[n] = linear_to_ulaw((int)x);
		}
	}
	return n;
}

static srtp_t srtp_session(const struct bp_dev *dev, uint32_t ssrc)
{
	srtp_t s;

	if (bp_srtp_session(&s, dev->d.audio_key, dev->d.audio_salt, ssrc))
		die("srtp_create failed");
	return s;
}

struct voice {
	int fd;
	srtp_t out, in;
	uint32_t ssrc;
	uint16_t seq;
	uint32_t ts;
	uint8_t audio[AUDIO_MAX];
	size_t len, pos;
	struct timespec next;
};

/* Queue @pin's entry after the account's, with pauses for the prompts. */
static void key_in(struct voice *v, const char *account, const char *pin)
{
	char entry[80];

	v->len = v->pos = 0;
	memset(v->audio, 0xff, RATE * 2);	/* listen to the prompt */
	v->len = RATE * 2;
	snprintf(entry, sizeof(entry), "%s#", account);
	v->len += dtmf(entry, v->audio + v->len, AUDIO_MAX - v->len);
	memset(v->audio + v->len, 0xff, RATE);
	v->len += RATE;
	snprintf(entry, sizeof(entry), "%s#", pin);
	v->len += dtmf(entry, v->audio + v->len, AUDIO_MAX - v->len);
}

/* 20 ms of the queued audio, or silence, at its time. */
static void voice_tick(struct voice *v)
{
	uint8_t pkt[12 + FRAME + 16], junk[1500];
	int len = 12 + FRAME;
	size_t n = 0;

	clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &v->next, NULL);
	v->next.tv_nsec += 20000000;
	if (v->next.tv_nsec >= 1000000000) {
		v->next.tv_nsec -= 1000000000;
		v->next.tv_sec++;
	}
	if (v->pos < v->len) {
		n = v->len - v->pos < FRAME ? v->len - v->pos : FRAME;
		memcpy(pkt + 12, v->audio + v->pos, n);
		v->pos += n;
	}
	memset(pkt + 12 + n, 0xff, FRAME - n);
	bp_rtp_header(pkt, v->seq++, v->ts, v->ssrc);
	v->ts += FRAME;
	if (srtp_protect(v->out, pkt, &len) == srtp_err_status_ok)
		send(v->fd, pkt, len, 0);
	/* the IVR's prompts: opened, and left unheard */
	while ((len = recv(v->fd, junk, sizeof(junk), MSG_DONTWAIT)) > 0)
		srtp_unprotect(v->in, junk, &len);
}

static void voice_open(struct voice *v, const struct bp_dev *dev,
		       const struct bp_voice *bv)
{
	struct sockaddr_in a = { .sin_family = AF_INET };

	memcpy(&a.sin_addr, bv->addr, 4);
	a.sin_port = htons(bv->port);
	v->fd = socket(AF_INET, SOCK_DGRAM, 0);
	if (bv->family != 4 || v->fd < 0 ||
	    connect(v->fd, (struct sockaddr *)&a, sizeof(a)))
		die("cannot open the voice channel");
	v->out = srtp_session(dev, bv->device_ssrc);
	v->in = srtp_session(dev, bv->server_ssrc);
	v->ssrc = bv->device_ssrc;
	RAND_bytes((uint8_t *)&v->seq, sizeof(v->seq));
	clock_gettime(CLOCK_MONOTONIC, &v->next);
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

/* A provisioned device's bound key: "1 HEX" for a symmetric key, else PEM. */
static void kept_load(struct kept *k, const char *path)
{
	uint8_t pub[BP_P256_POINT];
	char hex[80];
	FILE *f = fopen(path, "r");
	int i;

	memset(k, 0, sizeof(*k));
	if (!f)
		return;	/* not provisioned yet */
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
	if (k->b.kind == 2 && (!k->identity || bp_p256_public(k->identity, pub)))
		die("cannot read a kept key");
	if (bp_key_id(k->b.kind, k->b.kind == 1 ? k->b.key : pub, k->id))
		die("cannot name a kept key");
}

static void kept_save(const char *path, uint8_t kind, const uint8_t *key,
		      EVP_PKEY *identity)
{
	char tmp[512];
	FILE *f;
	int i, err;

	snprintf(tmp, sizeof(tmp), "%s.new", path);
	f = fopen(tmp, "w");
	if (!f)
		die("cannot keep the bound key");
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
		die("cannot keep the bound key");
}

static void hex_print(const char *what, const uint8_t *p, size_t len)
{
	printf("%s", what);
	while (len--)
		printf("%02x", *p++);
}

/* The IVR's questions, answered until its verdict. */
static void authorize(int fd, struct bp_dev *dev, struct voice *v,
		      const struct opts *o, uint8_t *m)
{
	const char *pin = o->wrong_pin[0] ? o->wrong_pin : o->pin;
	uint8_t result, left;
	struct pollfd pfd = { .fd = fd, .events = POLLIN };
	size_t len;

	if (!o->fault || strcmp(o->fault, "silent"))
		key_in(v, o->account, pin);
	for (;;) {
		voice_tick(v);
		if (poll(&pfd, 1, 0) <= 0)
			continue;
		len = read_msg(fd, m);
		if (bp_dev_auth(dev, m, len, &result, &left))
			die("AUTH_RESULT refused");
		if (!result)
			return;
		if (result == 1 && left) {
			key_in(v, o->account, o->pin);	/* the retry */
			continue;
		}
		fprintf(stderr, "btiprov-loadgen: refused: %s\n",
			result == 2 ? "locked" : result == 3 ? "timed out" :
			"wrong account number or PIN");
		exit(1);
	}
}

/* A device that sends REQUEST and nothing more, for the server to end. */
static void stall(int fd, uint8_t *m)
{
	read_msg(fd, m);	/* SERVER_HELLO */
	read_msg(fd, m);
	die("the server sent something else");
}

/* REQUEST to KEY_CONFIRM: the keys agreed, the voice channel named. */
static void agree(const struct opts *o, int fd, struct bp_dev *dev,
		  X509_STORE *trust, const uint8_t *id, uint8_t *m,
		  struct bp_voice *bv)
{
	size_t len;

	if (bp_dev_init(dev, o->kind, NULL))
		die("out of memory");
	dev->suites = o->suites;
	if (bp_dev_request(dev, id, m, &len))
		die("cannot build REQUEST");
	send_msg(fd, m, len);
	if (o->fault && !strcmp(o->fault, "stall"))
		stall(fd, m);
	len = read_msg(fd, m);
	if (bp_dev_hello(dev, m, len, trust, o->name))
		die(dev->w.error == BP_E_CERTIFICATE ?
		    "the server's certificate does not validate" :
		    "SERVER_HELLO refused");
	if (bp_dev_key_transport(dev, m, &len))
		die("cannot build KEY_TRANSPORT");
	send_msg(fd, m, len);
	len = read_msg(fd, m);
	if (bp_dev_confirm(dev, m, len, bv))
		die("key confirmation failed");
}

/*
 * Device @i, keys only, @rounds times over: what a handshake costs the
 * server, without the call.  Exits 0 if every one agreed keys.
 */
static void handshakes(const struct opts *o, int i, int rounds)
{
	uint8_t *m = malloc(BP_MSG_MAX);
	X509_STORE *trust = trust_of(o->ca);
	struct bp_voice bv;
	struct bp_dev dev;
	int fd;

	if (!m)
		die("out of memory");
	while (rounds--) {
		fd = dial(o, i);
		agree(o, fd, &dev, trust, NULL, m, &bv);
		bp_dev_free(&dev);
		close(fd);
	}
	X509_STORE_free(trust);
	free(m);
	exit(0);
}

/*
 * Device @i, from REQUEST to PROVISIONED, re-provisioning if it kept a
 * bound key.  Exits 0 if provisioned.
 */
static void device(const struct opts *o, int i)
{
	static struct voice v;
	uint8_t *m = malloc(BP_MSG_MAX), config[BP_CONFIG_MAX + 1];
	uint8_t pub[BP_P256_POINT], id[32];
	X509_STORE *trust = trust_of(o->ca);
	char path[512] = "";
	struct bp_voice bv;
	struct bp_dev dev;
	struct kept k = { 0 };
	size_t len;
	int fd = dial(o, i);

	if (o->keep) {
		snprintf(path, sizeof(path), "%s/%d.key", o->keep, i);
		kept_load(&k, path);
	}
	if (!m)
		die("out of memory");
	agree(o, fd, &dev, trust, k.have ? k.id : NULL, m, &bv);
	voice_open(&v, &dev, &bv);
	authorize(fd, &dev, &v, o, m);
	/* a public user key is the identity's, kept or made now */
	if (o->kind == 2 && !k.identity)
		k.identity = bp_p256_generate();
	if (o->kind == 2 &&
	    (!k.identity || bp_p256_public(k.identity, pub)))
		die("cannot make an identity");
	if (bp_dev_user_key(&dev, o->kind == 1 ? dev.d.user_key : pub,
			    o->kind == 1 ? 32 : BP_P256_POINT,
			    k.have ? &k.b : NULL, k.identity, m, &len))
		die("cannot build USER_KEY");
	send_msg(fd, m, len);
	len = read_msg(fd, m);
	if (bp_dev_provisioned(&dev, m, len, config, &len))
		die("PROVISIONED refused");
	config[len] = 0;
	if (bp_key_id(o->kind, o->kind == 1 ? dev.d.user_key : pub, id))
		die("cannot name the bound key");
	if (o->keep)
		kept_save(path, o->kind, dev.d.user_key, k.identity);
	hex_print("provisioned device=", id, sizeof(id));
	printf(" config=%s\n", config);
	bp_dev_free(&dev);
	EVP_PKEY_free(k.identity);
	OPENSSL_cleanse(&k, sizeof(k));
	X509_STORE_free(trust);
	srtp_dealloc(v.in);
	srtp_dealloc(v.out);
	close(v.fd);
	close(fd);
	free(m);
	exit(0);
}

static void read_secret(const char *file, char *out, size_t len)
{
	FILE *f = fopen(file, "r");

	if (!f || !fgets(out, len, f))
		die("cannot read a PIN file");
	out[strcspn(out, "\r\n")] = 0;
	fclose(f);
}

int main(int argc, char **argv)
{
	struct opts o = { .suites = 3, .kind = 1 };
	int opt, n = 1, rounds = 1, i, ok = 0, status;
	struct timespec t0, t1;
	bool keys_only;
	char *colon;

	while ((opt = getopt(argc, argv, "s:c:H:a:P:W:n:r:S:k:K:x:")) != -1) {
		switch (opt) {
		case 's':
			if (o.servers == SERVERS_MAX)
				die("too many servers");
			snprintf(o.host[o.servers], sizeof(o.host[0]), "%s",
				 optarg);
			colon = strrchr(o.host[o.servers], ':');
			if (!colon)
				die("-s HOST:PORT");
			*colon = 0;
			snprintf(o.port[o.servers], sizeof(o.port[0]), "%s",
				 colon + 1);
			o.servers++;
			break;
		case 'c':
			o.ca = optarg;
			break;
		case 'H':
			o.name = optarg;
			break;
		case 'a':
			snprintf(o.account, sizeof(o.account), "%s", optarg);
			break;
		case 'P':
			read_secret(optarg, o.pin, sizeof(o.pin));
			break;
		case 'W':
			read_secret(optarg, o.wrong_pin, sizeof(o.wrong_pin));
			break;
		case 'n':
			n = atoi(optarg);
			break;
		case 'r':
			rounds = atoi(optarg);
			break;
		case 'S':
			o.suites = atoi(optarg);
			break;
		case 'k':
			o.kind = atoi(optarg);
			break;
		case 'K':
			o.keep = optarg;
			break;
		case 'x':
			o.fault = optarg;
			break;
		default:
			fputs("usage: btiprov-loadgen -s HOST:PORT [-s HOST:PORT]..."
			      " -c CA-FILE [-H NAME] -a ACCOUNT -P PIN-FILE"
			      " [-W WRONG-PIN-FILE] [-n N] [-S SUITES] [-k 1|2]"
			      " [-K DIR] [-x silent|stall]\n"
			      "       btiprov-loadgen -x keys -s HOST:PORT -c CA-FILE"
			      " [-H NAME] [-n N] [-r ROUNDS] [-S SUITES]\n", stderr);
			return 2;
		}
	}
	keys_only = o.fault && !strcmp(o.fault, "keys");
	if (o.fault && !keys_only && strcmp(o.fault, "silent") &&
	    strcmp(o.fault, "stall"))
		die("-x keys, -x silent or -x stall");
	if (o.suites < 1 || o.suites > 3)
		die("-S 1 (suite 1), 2 (suite 2) or 3 (both)");
	if (!o.servers || !o.ca || n < 1 || rounds < 1 ||
	    (!keys_only && (!o.account[0] || !o.pin[0])) ||
	    (o.kind != 1 && o.kind != 2))
		die("-s, -c, -a and -P are needed");
	srtp_init();
	clock_gettime(CLOCK_MONOTONIC, &t0);
	for (i = 0; i < n; i++)
		if (!fork()) {
			if (keys_only)
				handshakes(&o, i, rounds);
			device(&o, i);
		}
	for (i = 0; i < n; i++)
		if (wait(&status) > 0 && WIFEXITED(status) &&
		    !WEXITSTATUS(status))
			ok++;
	clock_gettime(CLOCK_MONOTONIC, &t1);
	if (keys_only)
		printf("%d handshakes in %.3f s, %d devices failed\n",
		       ok * rounds, t1.tv_sec - t0.tv_sec +
		       (t1.tv_nsec - t0.tv_nsec) / 1e9, n - ok);
	else
		printf("%d provisioned, %d failed\n", ok, n - ok);
	return ok == n ? 0 : 1;
}
