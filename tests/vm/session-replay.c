// SPDX-License-Identifier: GPL-2.0
/*
 * session-replay: the server's side of the protocol vectors, played to
 * the kernel through the bti session commands, in a VM whose bti.ko was
 * built with BTI_TEST_KEYS.
 *
 *   session-replay run PORT SUITE  a session of the vectors, with their
 *                               draws, on an unprovisioned device; every
 *                               device message must be the vector's, and
 *                               no netlink message received may hold a
 *                               key's bytes
 *   session-replay refusals PORT  a busy port, a stranger's step, a
 *                               tampered message: each refused with the
 *                               extended ACK's reason
 *   session-replay hold PORT    start a session and wait to be killed
 *   session-replay voice PORT   a session of the vectors up to key
 *                               confirmation, then its voice channel, to
 *                               192.0.2.1:5004 as KEY_CONFIRM says; wait
 *                               to be killed
 *   session-replay channel-once PORT  the channel goes only where
 *                               KEY_CONFIRM said, and opens once
 *
 * Exits 0 when every check passed.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <linux/netlink.h>

#include <netlink/genl/ctrl.h>

#include "nl.h"

typedef uint8_t u8;
#include "../kunit/protocol_vectors.h"

#define TEST_KEYS "/sys/kernel/debug/bti/test_keys"

/* struct bti_session_draws, then struct bti_session_keys */
#define DRAWS_LEN	(32 * 4 + 16 + 12 + 32 * 3)
#define KEYS_LEN	(32 * 5)

static struct nl_sock *sk;
static int family;
static int failures;

/* Every netlink message the kernel sent us, kept for the scan. */
static u8 *seen;
static size_t seen_len;

struct reply {
	struct nlattr *tb[BTI_A_SESSION_MAX + 1];
	struct nl_msg *msg;
	int err;
	int done;
	char extack[256];
};

static void check(int ok, const char *what)
{
	printf("%s %s\n", ok ? "ok" : "FAILED", what);
	if (!ok)
		failures++;
}

/* check(), saying what the kernel answered when it fails */
static void expect(const struct reply *r, int ok, const char *what)
{
	check(ok, what);
	if (!ok && r->err)
		printf("  error %d: %s\n", r->err, r->extack);
}

static int keep(struct nl_msg *msg, void *arg)
{
	struct nlmsghdr *h = nlmsg_hdr(msg);

	(void)arg;
	seen = realloc(seen, seen_len + h->nlmsg_len);
	if (!seen)
		abort();
	memcpy(seen + seen_len, h, h->nlmsg_len);
	seen_len += h->nlmsg_len;
	return NL_OK;
}

static int on_valid(struct nl_msg *msg, void *arg)
{
	struct reply *r = arg;

	nlmsg_free(r->msg);
	nlmsg_get(msg);
	r->msg = msg;
	genlmsg_parse(nlmsg_hdr(msg), 0, r->tb, BTI_A_SESSION_MAX, NULL);
	return NL_OK;
}

static int on_error(struct sockaddr_nl *who, struct nlmsgerr *e, void *arg)
{
	struct reply *r = arg;

	(void)who;
	r->done = 1;
	r->err = btictl_nl_error(e, r->extack, sizeof(r->extack));
	return NL_STOP;
}

static int on_stop(struct nl_msg *msg, void *arg)
{
	struct reply *r = arg;

	(void)msg;
	r->done = 1;
	return NL_STOP;
}

static struct nl_sock *open_socket(void)
{
	struct nl_sock *s = nl_socket_alloc();
	int one = 1;

	if (!s || genl_connect(s))
		exit(2);
	setsockopt(nl_socket_get_fd(s), SOL_NETLINK, NETLINK_EXT_ACK, &one,
		   sizeof(one));
	setsockopt(nl_socket_get_fd(s), SOL_NETLINK, NETLINK_CAP_ACK, &one,
		   sizeof(one));
	return s;
}

/* Send @msg on @s; the reply's attributes, or its error, land in @r. */
static void call(struct nl_sock *s, struct nl_msg *msg, struct reply *r)
{
	struct nl_cb *cb = nl_cb_alloc(NL_CB_DEFAULT);
	int err;

	memset(r, 0, sizeof(*r));
	nl_cb_set(cb, NL_CB_MSG_IN, NL_CB_CUSTOM, keep, NULL);
	nl_cb_set(cb, NL_CB_VALID, NL_CB_CUSTOM, on_valid, r);
	nl_cb_set(cb, NL_CB_ACK, NL_CB_CUSTOM, on_stop, r);
	nl_cb_set(cb, NL_CB_FINISH, NL_CB_CUSTOM, on_stop, r);
	nl_cb_err(cb, NL_CB_CUSTOM, on_error, r);
	nlmsg_hdr(msg)->nlmsg_flags |= NLM_F_ACK;
	/* a reply and its ACK may come in separate reads */
	err = nl_send_auto(s, msg);
	while (err >= 0 && !r->done)
		err = nl_recvmsgs(s, cb);
	if (err < 0 && !r->err) {
		printf("  netlink: %s\n", nl_geterror(err));
		r->err = -EIO;
	}
	nlmsg_free(msg);
	nl_cb_put(cb);
}

static void reply_free(struct reply *r)
{
	nlmsg_free(r->msg);
	r->msg = NULL;
}

static struct nl_msg *request(int cmd, unsigned int port)
{
	struct nl_msg *msg = nlmsg_alloc_size(32768);

	genlmsg_put(msg, NL_AUTO_PORT, NL_AUTO_SEQ, family, 0, 0, cmd,
		    BTI_FAMILY_VERSION);
	nla_put_u32(msg, BTI_A_SESSION_PORT, port);
	return msg;
}

static void session_new(struct nl_sock *s, unsigned int port,
			struct reply *r)
{
	struct nl_msg *msg = request(BTI_CMD_SESSION_NEW, port);

	nla_put_u8(msg, BTI_A_SESSION_USER_KEY_KIND, BTI_USER_KEY_KIND_SYMMETRIC);
	call(s, msg, r);
}

static void session_step(struct nl_sock *s, unsigned int port, const u8 *m,
			 size_t len, const u8 *key, size_t key_len,
			 struct reply *r)
{
	struct nl_msg *msg = request(BTI_CMD_SESSION_STEP, port);

	nla_put(msg, BTI_A_SESSION_MESSAGE, len, m);
	if (key)
		nla_put(msg, BTI_A_SESSION_SERVER_KEY, key_len, key);
	call(s, msg, r);
}

static void session_del(struct nl_sock *s, unsigned int port,
			struct reply *r)
{
	call(s, request(BTI_CMD_SESSION_DEL, port), r);
}

static int same(const struct nlattr *a, const u8 *want, size_t len)
{
	int i;

	if (a && (size_t)nla_len(a) == len && !memcmp(nla_data(a), want, len))
		return 1;
	printf("  got %d bytes:", a ? nla_len(a) : -1);
	for (i = 0; a && i < nla_len(a) && i < 16; i++)
		printf(" %02x", ((u8 *)nla_data(a))[i]);
	printf("; want %zu\n", len);
	return 0;
}

static void arm_draws(void)
{
	u8 d[DRAWS_LEN], *p = d;
	int fd = open(TEST_KEYS, O_WRONLY);

#define PUT(v) do { memcpy(p, v, sizeof(v)); p += sizeof(v); } while (0)
	PUT(pv_device_nonce);
	PUT(pv_key_nonce);
	PUT(pv_kek);
	PUT(pv_session_key);
	PUT(pv_audio_key);
	PUT(pv_audio_salt);
	PUT(pv_hpke_ephemeral_key);
	PUT(pv_oaep_seed);
	PUT(pv_user_key);
#undef PUT
	if (fd < 0 || p != d + sizeof(d) || write(fd, d, sizeof(d)) != sizeof(d)) {
		perror(TEST_KEYS);
		exit(2);
	}
	close(fd);
}

static void read_keys(u8 *keys)
{
	int fd = open(TEST_KEYS, O_RDONLY);

	if (fd < 0 || read(fd, keys, DRAWS_LEN + KEYS_LEN) != DRAWS_LEN + KEYS_LEN) {
		perror(TEST_KEYS);
		exit(2);
	}
	close(fd);
}

static int contains(const u8 *hay, size_t n, const u8 *needle, size_t len)
{
	size_t i;

	for (i = 0; i + len <= n; i++)
		if (!memcmp(hay + i, needle, len))
			return 1;
	return 0;
}

/*
 * How many of the session's secrets, or either half of one, @hay holds:
 * the draws but the device nonce, which REQUEST carries, then the key
 * schedule.
 */
static int leaks(const u8 *keys, const u8 *hay, size_t n, int verbose)
{
	static const struct { size_t off, len; } secret[] = {
		{ 32, 32 }, { 64, 32 }, { 96, 32 }, { 128, 16 }, { 144, 12 },
		{ 156, 32 }, { 188, 32 }, { 220, 32 },
		{ 252, 32 }, { 284, 32 }, { 316, 32 }, { 348, 32 }, { 380, 32 },
	};
	size_t i;
	int found = 0;

	for (i = 0; i < sizeof(secret) / sizeof(*secret); i++) {
		const u8 *k = keys + secret[i].off;
		size_t half = secret[i].len / 2;

		if (contains(hay, n, k, half) ||
		    contains(hay, n, k + half, secret[i].len - half)) {
			if (verbose)
				printf("secret at %zu seen in a netlink message\n",
				       secret[i].off);
			found++;
		}
	}
	return found;
}

struct vectors {
	const char *name;
	const u8 *hello, *key, *transport, *confirm, *auth1, *auth2;
	const u8 *user_key, *provisioned;
	size_t hello_len, key_len, transport_len, confirm_len, auth1_len;
	size_t auth2_len, user_key_len, provisioned_len;
};

#define V(su, p) { #p, pv_s##su##_server_hello, pv_s##su##_server_key,	\
	p##_key_transport, p##_key_confirm, p##_auth_result_1,		\
	p##_auth_result_2, p##_user_key, p##_provisioned,		\
	sizeof(pv_s##su##_server_hello), sizeof(pv_s##su##_server_key),	\
	sizeof(p##_key_transport), sizeof(p##_key_confirm),		\
	sizeof(p##_auth_result_1), sizeof(p##_auth_result_2),		\
	sizeof(p##_user_key), sizeof(p##_provisioned) }

static const struct vectors runs[] = {
	V(1, pv_s1k1),
	V(2, pv_s2k1),
};

static void run_one(unsigned int port, const struct vectors *v)
{
	u8 keys[DRAWS_LEN + KEYS_LEN];
	struct nl_msg *msg;
	struct reply r;

	seen_len = 0;
	arm_draws();
	session_new(sk, port, &r);
	expect(&r, !r.err && same(r.tb[BTI_A_SESSION_MESSAGE], pv_request,
			     sizeof(pv_request)), "REQUEST is the vector's");
	reply_free(&r);
	session_step(sk, port, v->hello, v->hello_len, v->key, v->key_len, &r);
	expect(&r, !r.err && same(r.tb[BTI_A_SESSION_MESSAGE], v->transport,
			     v->transport_len), "KEY_TRANSPORT is the vector's");
	reply_free(&r);
	read_keys(keys);
	check(!memcmp(keys + 32, pv_key_nonce, 32), "the draws were the vector's");
	check(leaks(keys, keys, sizeof(keys), 0) == 13,
	      "the scan finds every secret where it is");

	session_step(sk, port, v->confirm, v->confirm_len, NULL, 0, &r);
	expect(&r, !r.err && r.tb[BTI_A_SESSION_VOICE], "KEY_CONFIRM gives the voice channel");
	reply_free(&r);
	call(sk, request(BTI_CMD_SESSION_GET, port), &r);
	expect(&r, !r.err && r.tb[BTI_A_SESSION_STAGE] &&
	      nla_get_u8(r.tb[BTI_A_SESSION_STAGE]) == BTI_SESSION_STAGE_WAIT_AUTH,
	      "session-get: waiting for the verdict");
	reply_free(&r);
	msg = nlmsg_alloc();
	genlmsg_put(msg, NL_AUTO_PORT, NL_AUTO_SEQ, family, 0, 0,
		    BTI_CMD_DEVICE_GET, BTI_FAMILY_VERSION);
	call(sk, msg, &r);
	reply_free(&r);
	session_step(sk, port, v->auth1, v->auth1_len, NULL, 0, &r);
	expect(&r, !r.err && r.tb[BTI_A_SESSION_ATTEMPTS_LEFT] &&
	      !r.tb[BTI_A_SESSION_MESSAGE], "a mistyped PIN: no USER_KEY");
	reply_free(&r);
	session_step(sk, port, v->auth2, v->auth2_len, NULL, 0, &r);
	expect(&r, !r.err && same(r.tb[BTI_A_SESSION_MESSAGE], v->user_key,
			     v->user_key_len), "USER_KEY is the vector's");
	reply_free(&r);
	session_step(sk, port, v->provisioned, v->provisioned_len, NULL, 0, &r);
	expect(&r, !r.err && same(r.tb[BTI_A_SESSION_CONFIG], pv_config,
			     sizeof(pv_config)), "PROVISIONED opens to the configuration");
	reply_free(&r);
	msg = nlmsg_alloc();
	genlmsg_put(msg, NL_AUTO_PORT, NL_AUTO_SEQ, family, 0, 0,
		    BTI_CMD_KEY_EXPORT, BTI_FAMILY_VERSION);
	call(sk, msg, &r);
	expect(&r, !r.err, "the bound key exports, sealed");
	reply_free(&r);
	printf("%s: %zu bytes of netlink messages scanned\n", v->name, seen_len);
	/* the scan saw at least the device's messages */
	check(seen_len > sizeof(pv_request) + v->transport_len + v->user_key_len &&
	      !leaks(keys, seen, seen_len, 1),
	      "no key bytes in any netlink message");
}

static void refusals(unsigned int port)
{
	struct nl_sock *other = open_socket();
	u8 bad[sizeof(pv_s1k1_key_confirm)];
	struct reply r;

	arm_draws();
	session_new(sk, port, &r);
	reply_free(&r);
	session_new(other, port, &r);
	expect(&r, r.err == -EBUSY && strstr(r.extack, "session is running"),
	      "a second session on a busy port");
	printf("  %s\n", r.extack);
	session_step(other, port, pv_s1_server_hello, sizeof(pv_s1_server_hello),
		     pv_s1_server_key, sizeof(pv_s1_server_key), &r);
	expect(&r, r.err == -EPERM && strstr(r.extack, "another socket"),
	      "a step from another socket");
	session_step(sk, port, pv_s1_server_hello, sizeof(pv_s1_server_hello),
		     NULL, 0, &r);
	expect(&r, r.err == -ENOKEY && strstr(r.extack, "server-key"),
	      "a hello without the server key");
	session_step(sk, port, pv_s1_server_hello, sizeof(pv_s1_server_hello),
		     pv_s1_server_key, sizeof(pv_s1_server_key), &r);
	expect(&r, !r.err, "the session went on");
	reply_free(&r);
	memcpy(bad, pv_s1k1_key_confirm, sizeof(bad));
	bad[20] ^= 0x80;
	session_step(sk, port, bad, sizeof(bad), NULL, 0, &r);
	expect(&r, r.err == -EBADMSG && strstr(r.extack, "tampered"),
	      "a tampered KEY_CONFIRM ends the session");
	printf("  %s\n", r.extack);
	session_del(sk, port, &r);
	expect(&r, !r.err && r.tb[BTI_A_SESSION_MESSAGE] &&
	      nla_len(r.tb[BTI_A_SESSION_MESSAGE]) == 38 &&
	      ((u8 *)nla_data(r.tb[BTI_A_SESSION_MESSAGE]))[4] == BTI_ERROR_INTEGRITY,
	      "session-del gives ERROR(integrity) for the server");
	reply_free(&r);
	session_del(sk, port, &r);
	expect(&r, r.err == -ENOENT && strstr(r.extack, "no provisioning session"),
	      "nothing left to delete");
	nl_socket_free(other);
}

/* Up to KEY_CONFIRM with the vectors: the channel goes to 192.0.2.1:5004. */
static void confirmed(unsigned int port)
{
	struct reply r;

	arm_draws();
	session_new(sk, port, &r);
	reply_free(&r);
	session_step(sk, port, pv_s1_server_hello, sizeof(pv_s1_server_hello),
		     pv_s1_server_key, sizeof(pv_s1_server_key), &r);
	reply_free(&r);
	session_step(sk, port, pv_s1k1_key_confirm,
		     sizeof(pv_s1k1_key_confirm), NULL, 0, &r);
	expect(&r, !r.err, "key confirmed");
	reply_free(&r);
}

static void voice(unsigned int port)
{
	struct reply r;

	confirmed(port);
	call(sk, request(BTI_CMD_CHANNEL_NEW, port), &r);
	expect(&r, !r.err, "channel open");
	reply_free(&r);
}

/*
 * The channel goes only where KEY_CONFIRM said, and a session opens it
 * once: a second channel would seal under the same key and salt again.
 */
static void channel_once(unsigned int port)
{
	static const u8 elsewhere[4] = { 127, 0, 0, 1 };
	struct nl_msg *msg;
	struct reply r;

	confirmed(port);
	msg = request(BTI_CMD_CHANNEL_NEW, port);
	nla_put(msg, BTI_A_CHANNEL_ADDRESS, sizeof(elsewhere), elsewhere);
	call(sk, msg, &r);
	expect(&r, r.err == -EINVAL, "a channel sent elsewhere than KEY_CONFIRM said");
	printf("  %s\n", r.extack);
	msg = request(BTI_CMD_CHANNEL_NEW, port);
	nla_put_u32(msg, BTI_A_CHANNEL_SERVER_SSRC, 0x11223344);
	call(sk, msg, &r);
	expect(&r, r.err == -EINVAL, "a channel with an SSRC of the caller's");
	call(sk, request(BTI_CMD_CHANNEL_NEW, port), &r);
	expect(&r, !r.err, "the channel opens where KEY_CONFIRM said");
	reply_free(&r);
	call(sk, request(BTI_CMD_CHANNEL_GET, port), &r);
	expect(&r, !r.err && r.tb[BTI_A_CHANNEL_UDP_PORT] &&
	       nla_get_u16(r.tb[BTI_A_CHANNEL_UDP_PORT]) == 5004 &&
	       r.tb[BTI_A_CHANNEL_SERVER_SSRC] &&
	       nla_get_u32(r.tb[BTI_A_CHANNEL_SERVER_SSRC]) == 0x55667788,
	       "channel-get: KEY_CONFIRM's port and SSRC");
	reply_free(&r);
	call(sk, request(BTI_CMD_CHANNEL_DEL, port), &r);
	expect(&r, !r.err, "channel closed");
	reply_free(&r);
	call(sk, request(BTI_CMD_CHANNEL_NEW, port), &r);
	expect(&r, r.err == -EALREADY && strstr(r.extack, "opened once"),
	       "a second channel in one session");
	printf("  %s\n", r.extack);
	session_del(sk, port, &r);
	reply_free(&r);
}

int main(int argc, char **argv)
{
	unsigned int port;
	struct reply r;
	size_t i;

	if (argc < 3) {
		fprintf(stderr, "usage: session-replay run|refusals|hold|voice|channel-once PORT [SUITE]\n");
		return 2;
	}
	port = strtoul(argv[2], NULL, 0);
	sk = open_socket();
	family = genl_ctrl_resolve(sk, BTI_FAMILY_NAME);
	if (family < 0) {
		fprintf(stderr, "session-replay: no bti family\n");
		return 2;
	}
	if (!strcmp(argv[1], "run") && argc == 4) {
		i = strtoul(argv[3], NULL, 0) - 1;
		if (i >= sizeof(runs) / sizeof(*runs))
			return 2;
		run_one(port, &runs[i]);
	} else if (!strcmp(argv[1], "refusals")) {
		refusals(port);
	} else if (!strcmp(argv[1], "channel-once")) {
		channel_once(port);
	} else if (!strcmp(argv[1], "voice")) {
		voice(port);
		fflush(stdout);
		pause();
	} else if (!strcmp(argv[1], "hold")) {
		session_new(sk, port, &r);
		expect(&r, !r.err, "a session started");
		reply_free(&r);
		fflush(stdout);
		pause();
	} else {
		return 2;
	}
	free(seen);
	nl_socket_free(sk);
	return failures ? 1 : 0;
}
