// SPDX-License-Identifier: GPL-2.0
/*
 * btiprovd: the provisioning server.  One thread and one epoll loop serve
 * every device: a TCP connection carries a session's protocol messages, a
 * UDP socket its voice channel, and a 20 ms timer paces the IVR's audio
 * and the timeouts.  SIGTERM stops new sessions and lets the others end.
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/signalfd.h>
#include <sys/socket.h>
#include <sys/timerfd.h>
#include <time.h>
#include <unistd.h>

#include <openssl/crypto.h>
#include <openssl/pem.h>
#include <openssl/rand.h>

#include "config.h"
#include "ivr.h"
#include "proto.h"
#include "store.h"

enum { P_ASK_ACCOUNT, P_ASK_PIN, P_RETRY, P_ACCEPTED, P_REFUSED, P_LOCKED,
       P_TIMEOUT, P_COUNT };

static const char *const prompt_names[P_COUNT] = {
	"ask-account", "ask-pin", "retry", "accepted", "refused", "locked",
	"timeout",
};

struct server {
	struct bp_config cfg;
	struct bp_store *store;
	struct bp_identity id;
	struct bp_prompt prompts[P_COUNT];
	int epoll, listener, timer, signals;
	int sessions;
	bool stopping;
	struct conn *conns;
};

enum ivr_stage { ASK_ACCOUNT, ASK_PIN, VERDICT };

struct conn {
	struct conn *next;
	int fd;
	char source[64];
	uint8_t in[BP_MSG_MAX];
	size_t in_len;
	struct bp_session s;
	bool has_bound;
	struct bp_bound bound;
	struct bp_ivr ivr;
	bool voice;
	enum ivr_stage stage;
	int tries;
	char account[BP_ACCOUNT_MAX + 1];
	time_t deadline, input_deadline;
	bool closing;	/* the last message sent: close once heard out */
};

/* structured logs: key=value, nothing secret (see btiprovd.8) */
#define LOG(level, event, fmt, ...)					\
	fprintf(stderr, "level=%s event=%s " fmt "\n", level, event,	\
		##__VA_ARGS__)

static time_t now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec;
}

static int send_all(struct conn *c, const uint8_t *p, size_t len)
{
	ssize_t n;

	while (len) {
		n = send(c->fd, p, len, MSG_NOSIGNAL);
		if (n < 0 && errno == EAGAIN) {
			usleep(1000);
			continue;
		}
		if (n <= 0)
			return -1;
		p += n;
		len -= n;
	}
	return 0;
}

static void conn_free(struct server *sv, struct conn *c)
{
	struct conn **pp;

	for (pp = &sv->conns; *pp; pp = &(*pp)->next)
		if (*pp == c) {
			*pp = c->next;
			break;
		}
	if (c->voice) {
		epoll_ctl(sv->epoll, EPOLL_CTL_DEL, c->ivr.fd, NULL);
		bp_ivr_close(&c->ivr);
	}
	epoll_ctl(sv->epoll, EPOLL_CTL_DEL, c->fd, NULL);
	close(c->fd);
	bp_session_free(&c->s);
	OPENSSL_cleanse(c, sizeof(*c));
	free(c);
	sv->sessions--;
}

/* Send ERROR(@code) if the session can, and end it. */
static void fail(struct server *sv, struct conn *c, uint8_t code,
		 const char *why)
{
	uint8_t out[BP_HEADER + 2 + BP_ERROR_TEXT_MAX + BP_TRAILER];
	size_t len;

	LOG("warning", "session-failed", "source=%s error=%u reason=\"%s\"",
	    c->source, code, why);
	if (!bp_error_build(&c->s, code, why, out, &len))
		send_all(c, out, len);
	conn_free(sv, c);
}

/* The id a binding is kept under: the bound key's, as the device names it. */
static void key_id(const struct bp_session *s, uint8_t id[32])
{
	static const char label[] = "bti v1 user key id";
	struct bp_bytes sym[] = { { label, sizeof(label) - 1 },
				  { s->user_key, 32 } };
	struct bp_bytes pub = { s->user_key, BP_P256_POINT };

	if (s->kind == 1)
		bp_sha256(sym, 2, id);
	else
		bp_sha256(&pub, 1, id);
}

/* Who keys the PIN, for counting failures: the device, or its address. */
static void attempt_id(const struct conn *c, uint8_t id[32])
{
	static const char label[] = "bti v1 source ";
	struct bp_bytes src[] = { { label, sizeof(label) - 1 },
				  { c->source, strcspn(c->source, ":") } };

	if (c->s.reprovision)
		memcpy(id, c->s.device_id, 32);
	else
		bp_sha256(src, 2, id);
}

static void reply(struct server *sv, struct conn *c, const uint8_t *out,
		  size_t len)
{
	if (send_all(c, out, len)) {
		LOG("warning", "device-gone", "source=%s", c->source);
		conn_free(sv, c);
	}
}

static void take_request(struct server *sv, struct conn *c, const uint8_t *m,
			 size_t len, uint8_t *out)
{
	size_t n;

	if (bp_request(&c->s, &sv->id, m, len, out, &n))
		return fail(sv, c, c->s.w.error, "request refused");
	if (c->s.reprovision) {
		if (bp_store_bound(sv->store, c->s.device_id, &c->bound))
			return fail(sv, c, BP_E_MALFORMED, "unknown device");
		c->has_bound = true;
	}
	LOG("info", "session-start", "source=%s suite=%u reprovision=%d",
	    c->source, c->s.suite, c->s.reprovision);
	reply(sv, c, out, n);
}

static void take_transport(struct server *sv, struct conn *c,
			   const uint8_t *m, size_t len, uint8_t *out)
{
	struct bp_voice v = { .family = 4 };
	struct epoll_event ev = { .events = EPOLLIN };
	size_t n;

	RAND_bytes((uint8_t *)&v.device_ssrc, sizeof(v.device_ssrc));
	RAND_bytes((uint8_t *)&v.server_ssrc, sizeof(v.server_ssrc));
	/* the channel's port goes into KEY_CONFIRM; its keys come with it */
	if (inet_pton(AF_INET, sv->cfg.voice, v.addr) != 1 ||
	    bp_ivr_open(&c->ivr, sv->cfg.voice))
		return fail(sv, c, BP_E_INTERNAL, "voice channel");
	c->voice = true;
	v.port = c->ivr.port;
	if (bp_key_transport(&c->s, &sv->id, m, len, &v, out, &n))
		return fail(sv, c, c->s.w.error, "key transport refused");
	if (bp_ivr_key(&c->ivr, c->s.audio_key, c->s.audio_salt,
		       v.device_ssrc, v.server_ssrc))
		return fail(sv, c, BP_E_INTERNAL, "voice channel");
	ev.data.ptr = &c->ivr;
	epoll_ctl(sv->epoll, EPOLL_CTL_ADD, c->ivr.fd, &ev);
	c->stage = ASK_ACCOUNT;
	c->input_deadline = now() + sv->cfg.input_timeout;
	bp_ivr_play(&c->ivr, &sv->prompts[P_ASK_ACCOUNT]);
	reply(sv, c, out, n);
}

/* The verdict, as AUTH_RESULT and a prompt. */
static void verdict(struct server *sv, struct conn *c, uint8_t result,
		    uint8_t left, int prompt)
{
	uint8_t out[64];
	size_t n;

	if (bp_auth_result(&c->s, result, left, out, &n))
		return fail(sv, c, BP_E_INTERNAL, "verdict");
	bp_ivr_play(&c->ivr, &sv->prompts[prompt]);
	c->stage = result == 1 && left ? ASK_ACCOUNT : VERDICT;
	c->input_deadline = now() + sv->cfg.input_timeout;
	/* a final refusal ends the call once its prompt has played */
	c->closing = c->s.state == BP_FAILED;
	reply(sv, c, out, n);
}

static void check_pin(struct server *sv, struct conn *c)
{
	unsigned int left;
	enum bp_verdict v;
	uint8_t who[32];
	int err;

	attempt_id(c, who);
	err = bp_store_check_pin(sv->store, c->account, c->ivr.pad.entry, who,
				 c->source, &v, &left);
	bp_keypad_clear(&c->ivr.pad);
	if (err)
		return fail(sv, c, BP_E_INTERNAL, "store");
	LOG("info", "verdict", "source=%s verdict=%s", c->source,
	    v == BP_PIN_OK ? "accepted" : v == BP_PIN_LOCKED ? "locked" :
	    "wrong");
	if (v == BP_PIN_OK)
		return verdict(sv, c, 0, left, P_ACCEPTED);
	if (v == BP_PIN_LOCKED)
		return verdict(sv, c, 2, 0, P_LOCKED);
	/* one retry for a mistyped entry */
	if (++c->tries < 2 && left)
		return verdict(sv, c, 1, left, P_RETRY);
	verdict(sv, c, 1, 0, P_REFUSED);
}

/* The keypad has an entry: the account number, then the PIN. */
static void take_entry(struct server *sv, struct conn *c)
{
	if (c->stage == ASK_ACCOUNT) {
		snprintf(c->account, sizeof(c->account), "%s",
			 c->ivr.pad.entry);
		bp_keypad_clear(&c->ivr.pad);
		c->stage = ASK_PIN;
		c->input_deadline = now() + sv->cfg.input_timeout;
		bp_ivr_play(&c->ivr, &sv->prompts[P_ASK_PIN]);
	} else if (c->stage == ASK_PIN) {
		check_pin(sv, c);
	} else {
		bp_keypad_clear(&c->ivr.pad);
	}
}

static void take_user_key(struct server *sv, struct conn *c,
			  const uint8_t *m, size_t len, uint8_t *out)
{
	struct bp_subscriber sub;
	uint8_t id[32];
	size_t n;
	int err;

	err = bp_user_key(&c->s, m, len, c->has_bound ? &c->bound : NULL);
	if (err == -2) {
		/* a failed attempt against the account, as a wrong PIN is */
		attempt_id(c, id);
		bp_store_count_failure(sv->store, c->account, id,
				       "proof-wrong", c->source);
		LOG("warning", "proof-wrong", "source=%s", c->source);
	}
	if (err)
		return fail(sv, c, c->s.w.error, "user key refused");
	key_id(&c->s, id);
	if (bp_subscriber_get(sv->store, c->account, &sub) ||
	    bp_store_bind(sv->store, c->account, id, c->s.kind, c->s.user_key,
			  c->s.user_key_len, c->source))
		return fail(sv, c, BP_E_INTERNAL, "binding");
	if (bp_provisioned(&c->s, (const uint8_t *)sub.config,
			   strlen(sub.config), out, &n))
		return fail(sv, c, BP_E_INTERNAL, "configuration");
	LOG("info", "bound", "source=%s kind=%u", c->source, c->s.kind);
	reply(sv, c, out, n);
}

/* One whole message from the device. */
static void take(struct server *sv, struct conn *c, const uint8_t *m,
		 size_t len)
{
	static uint8_t out[BP_MSG_MAX];
	char text[BP_ERROR_TEXT_MAX + 1];
	uint8_t code;

	if (m[1] == BP_ERROR) {
		if (!bp_error_parse(&c->s, m, len, &code, text))
			LOG("info", "device-error", "source=%s error=%u",
			    c->source, code);
		conn_free(sv, c);
		return;
	}
	switch (c->s.state) {
	case BP_IDLE:
		return take_request(sv, c, m, len, out);
	case BP_WAIT_TRANSPORT:
		return take_transport(sv, c, m, len, out);
	case BP_WAIT_USER_KEY:
		return take_user_key(sv, c, m, len, out);
	default:
		return fail(sv, c, BP_E_UNEXPECTED, "unexpected message");
	}
}

static void readable(struct server *sv, struct conn *c)
{
	size_t need;
	ssize_t n;
	int rc;

	n = recv(c->fd, c->in + c->in_len, sizeof(c->in) - c->in_len, 0);
	if (n <= 0) {
		if (n < 0 && errno == EAGAIN)
			return;
		LOG("info", "device-closed", "source=%s", c->source);
		conn_free(sv, c);
		return;
	}
	c->in_len += n;
	while ((rc = bp_peek(c->in, c->in_len, &need)) == 0 &&
	       c->in_len >= need) {
		struct conn *alive;
		uint8_t msg[BP_MSG_MAX];

		memcpy(msg, c->in, need);
		memmove(c->in, c->in + need, c->in_len - need);
		c->in_len -= need;
		take(sv, c, msg, need);
		for (alive = sv->conns; alive && alive != c; alive = alive->next)
			;
		if (!alive)
			return;	/* the message ended the session */
	}
	if (rc < 0)
		fail(sv, c, BP_E_MALFORMED, "message too long");
}

static void accept_one(struct server *sv)
{
	struct epoll_event ev = { .events = EPOLLIN };
	struct sockaddr_in a;
	socklen_t len = sizeof(a);
	struct conn *c;
	char ip[INET_ADDRSTRLEN];
	int fd;

	fd = accept4(sv->listener, (struct sockaddr *)&a, &len,
		     SOCK_NONBLOCK | SOCK_CLOEXEC);
	if (fd < 0)
		return;
	if (sv->stopping || sv->sessions >= sv->cfg.max_sessions) {
		close(fd);
		return;
	}
	c = calloc(1, sizeof(*c));
	if (!c || bp_session_init(&c->s, NULL)) {
		free(c);
		close(fd);
		return;
	}
	c->fd = fd;
	inet_ntop(AF_INET, &a.sin_addr, ip, sizeof(ip));
	snprintf(c->source, sizeof(c->source), "%s:%u", ip, ntohs(a.sin_port));
	c->deadline = now() + sv->cfg.session_timeout;
	c->next = sv->conns;
	sv->conns = c;
	sv->sessions++;
	ev.data.ptr = c;
	epoll_ctl(sv->epoll, EPOLL_CTL_ADD, fd, &ev);
}

/* Every 20 ms: the IVR's audio, and the clocks of every session. */
static void tick(struct server *sv)
{
	struct conn *c, *next;
	time_t t = now();
	uint64_t n;

	if (read(sv->timer, &n, sizeof(n)) < 0)
		return;
	for (c = sv->conns; c; c = next) {
		next = c->next;
		if (c->voice)
			bp_ivr_tick(&c->ivr);
		if (c->closing && !bp_ivr_playing(&c->ivr)) {
			conn_free(sv, c);
		} else if (t > c->deadline) {
			fail(sv, c, BP_E_TIMEOUT, "session timed out");
		} else if (c->voice && c->stage != VERDICT &&
			   t > c->input_deadline && !c->closing) {
			LOG("info", "verdict", "source=%s verdict=timeout",
			    c->source);
			verdict(sv, c, 3, 0, P_TIMEOUT);
		}
	}
}

static int load_prompts(struct server *sv)
{
	char path[512];
	FILE *f;
	long n;
	int i;

	for (i = 0; i < P_COUNT; i++) {
		snprintf(path, sizeof(path), "%s/%s.ul", sv->cfg.prompts,
			 prompt_names[i]);
		f = fopen(path, "r");
		if (!f || fseek(f, 0, SEEK_END) || (n = ftell(f)) <= 0 ||
		    fseek(f, 0, SEEK_SET)) {
			fprintf(stderr, "btiprovd: %s: cannot read\n", path);
			if (f)
				fclose(f);
			return -1;
		}
		sv->prompts[i].audio = malloc(n);
		sv->prompts[i].len = sv->prompts[i].audio ?
				     fread(sv->prompts[i].audio, 1, n, f) : 0;
		fclose(f);
	}
	return 0;
}

/* The leaf key and its chain, DER certificates each after its length. */
static int load_suite(struct bp_identity *id, int suite, const char *key,
		      const char *chain)
{
	FILE *f = fopen(key, "r");
	X509 *x;
	uint8_t *p;
	int n;

	id->key[suite] = f ? PEM_read_PrivateKey(f, NULL, NULL, NULL) : NULL;
	if (f)
		fclose(f);
	f = fopen(chain, "r");
	id->chain[suite] = malloc(BP_HELLO_MAX);
	while (f && id->chain[suite] &&
	       (x = PEM_read_X509(f, NULL, NULL, NULL))) {
		p = id->chain[suite] + id->chain_len[suite] + 2;
		n = i2d_X509(x, NULL);
		if (n > 0 && id->chain_len[suite] + 2 + n <= BP_HELLO_MAX - 100 &&
		    i2d_X509(x, &p) == n) {
			bp_put16(id->chain[suite] + id->chain_len[suite], n);
			id->chain_len[suite] += 2 + n;
		}
		X509_free(x);
	}
	if (f)
		fclose(f);
	if (!id->key[suite] || !id->chain_len[suite]) {
		fprintf(stderr, "btiprovd: suite %d: cannot read %s or %s\n",
			suite, key, chain);
		return -1;
	}
	return 0;
}

static int listen_on(const char *spec)
{
	struct sockaddr_in a = { .sin_family = AF_INET };
	char host[64];
	int fd, one = 1;
	unsigned int port;

	if (sscanf(spec, "%63[^:]:%u", host, &port) != 2 || port > 65535 ||
	    inet_pton(AF_INET, host, &a.sin_addr) != 1)
		return -1;
	a.sin_port = htons(port);
	fd = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
	if (fd < 0)
		return -1;
	setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
	if (bind(fd, (struct sockaddr *)&a, sizeof(a)) || listen(fd, 128)) {
		close(fd);
		return -1;
	}
	return fd;
}

static int setup(struct server *sv, const char *config)
{
	struct itimerspec every = { { 0, 20000000 }, { 0, 20000000 } };
	struct epoll_event ev = { .events = EPOLLIN };
	char err[512];
	sigset_t sigs;

	if (bp_config_load(config, &sv->cfg, err, sizeof(err))) {
		fprintf(stderr, "btiprovd: %s\n", err);
		return -1;
	}
	sv->store = bp_store_open(sv->cfg.store, err, sizeof(err));
	if (!sv->store) {
		fprintf(stderr, "btiprovd: store: %s\n", err);
		return -1;
	}
	if (load_suite(&sv->id, 1, sv->cfg.p256_key, sv->cfg.p256_chain) ||
	    (sv->cfg.rsa_key[0] &&
	     load_suite(&sv->id, 2, sv->cfg.rsa_key, sv->cfg.rsa_chain)) ||
	    load_prompts(sv))
		return -1;
	sv->listener = listen_on(sv->cfg.listen);
	if (sv->listener < 0) {
		fprintf(stderr, "btiprovd: cannot listen on %s\n",
			sv->cfg.listen);
		return -1;
	}
	sigemptyset(&sigs);
	sigaddset(&sigs, SIGTERM);
	sigaddset(&sigs, SIGINT);
	sigprocmask(SIG_BLOCK, &sigs, NULL);
	sv->signals = signalfd(-1, &sigs, SFD_CLOEXEC);
	sv->timer = timerfd_create(CLOCK_MONOTONIC, TFD_CLOEXEC);
	sv->epoll = epoll_create1(EPOLL_CLOEXEC);
	if (sv->signals < 0 || sv->timer < 0 || sv->epoll < 0 ||
	    timerfd_settime(sv->timer, 0, &every, NULL))
		return -1;
	ev.data.ptr = &sv->listener;
	epoll_ctl(sv->epoll, EPOLL_CTL_ADD, sv->listener, &ev);
	ev.data.ptr = &sv->timer;
	epoll_ctl(sv->epoll, EPOLL_CTL_ADD, sv->timer, &ev);
	ev.data.ptr = &sv->signals;
	epoll_ctl(sv->epoll, EPOLL_CTL_ADD, sv->signals, &ev);
	return 0;
}

/* The connection whose voice channel @ivr is. */
static struct conn *conn_of_ivr(struct server *sv, void *ivr)
{
	struct conn *c;

	for (c = sv->conns; c; c = c->next)
		if (&c->ivr == ivr)
			return c;
	return NULL;
}

int main(int argc, char **argv)
{
	struct server sv = { 0 };
	struct epoll_event evs[64];
	struct conn *c;
	int i, n;

	if (argc > 2 || (argc == 2 && argv[1][0] == '-')) {
		fprintf(stderr, "usage: btiprovd [CONFIG-FILE]\n");
		return 2;
	}
	if (srtp_init() || setup(&sv, argc == 2 ? argv[1] : NULL))
		return 1;
	LOG("info", "started", "listen=%s max_sessions=%d", sv.cfg.listen,
	    sv.cfg.max_sessions);
	while (!sv.stopping || sv.sessions) {
		n = epoll_wait(sv.epoll, evs, 64, -1);
		for (i = 0; i < n; i++) {
			void *p = evs[i].data.ptr;

			if (p == &sv.listener) {
				accept_one(&sv);
			} else if (p == &sv.timer) {
				tick(&sv);
			} else if (p == &sv.signals) {
				struct signalfd_siginfo si;

				if (read(sv.signals, &si, sizeof(si)) > 0 &&
				    !sv.stopping) {
					sv.stopping = true;
					close(sv.listener);
					LOG("info", "stopping", "sessions=%d",
					    sv.sessions);
				}
			} else if ((c = conn_of_ivr(&sv, p))) {
				if (bp_ivr_hear(&c->ivr))
					take_entry(&sv, c);
			} else {
				readable(&sv, p);
			}
		}
	}
	LOG("info", "stopped", "sessions=%d", sv.sessions);
	bp_store_close(sv.store);
	for (i = 1; i <= 2; i++) {
		EVP_PKEY_free(sv.id.key[i]);
		free(sv.id.chain[i]);
	}
	for (i = 0; i < P_COUNT; i++)
		free(sv.prompts[i].audio);
	return 0;
}
