// SPDX-License-Identifier: GPL-2.0
/*
 * btictl provision: carry a port's provisioning session between the
 * kernel and the provisioning server.  The kernel holds every key and
 * writes every message; btictl moves the messages over TCP, checks the
 * server's certificate chain (trust.c) before the kernel takes its key,
 * opens the voice channel the server names, rings the telephone, tells
 * the person at it what to do, and writes the configuration received.
 */
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <netdb.h>
#include <poll.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sysexits.h>
#include <time.h>
#include <unistd.h>

#include "btictl.h"
#include "names.h"
#include "trust.h"

#define DEFAULT_PORT	"4170"
#define DEFAULT_SESSION_TIMEOUT	330	/* bti's session_timeout_s */
#define HEADER		4
#define TRAILER		32
#define MSG_MAX		(HEADER + 16384 + TRAILER)
#define CONFIG_MAX	1024
#define TYPE_HELLO	2

/* What session-new, session-step or session-del answered. */
struct answer {
	uint8_t msg[MSG_MAX];
	size_t msg_len;
	bool has_voice;
	uint16_t udp_port;
	int auth_result;
	unsigned int attempts_left;
	uint8_t config[CONFIG_MAX];
	int config_len;
	unsigned int error;
	char error_text[256];
};

struct provision {
	struct btictl_nl *nl;
	unsigned int port;
	unsigned int kind;
	char host[256];
	char service[16];
	char config_path[256];
	X509_STORE *ca;
	int fd;
	time_t deadline;
	bool started;
	bool ringing;
	struct answer a;
};

static volatile sig_atomic_t interrupted;

static void on_signal(int sig)
{
	interrupted = sig;
}

static void say(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static void say(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	putchar('\n');
	fflush(stdout);
}

static void take_voice(struct answer *a, struct nlattr *nest)
{
	struct nlattr *tv[BTI_A_VOICE_MAX + 1];

	if (nla_parse_nested(tv, BTI_A_VOICE_MAX, nest, NULL) ||
	    !tv[BTI_A_VOICE_UDP_PORT])
		return;
	a->has_voice = true;
	a->udp_port = nla_get_u16(tv[BTI_A_VOICE_UDP_PORT]);
}

static int take_answer(struct nlattr **tb, void *arg)
{
	struct answer *a = arg;

	memset(a, 0, sizeof(*a));
	a->auth_result = -1;
	if (tb[BTI_A_SESSION_MESSAGE] &&
	    nla_len(tb[BTI_A_SESSION_MESSAGE]) <= MSG_MAX) {
		a->msg_len = nla_len(tb[BTI_A_SESSION_MESSAGE]);
		memcpy(a->msg, nla_data(tb[BTI_A_SESSION_MESSAGE]), a->msg_len);
	}
	if (tb[BTI_A_SESSION_VOICE])
		take_voice(a, tb[BTI_A_SESSION_VOICE]);
	if (tb[BTI_A_SESSION_AUTH_RESULT])
		a->auth_result = nla_get_u8(tb[BTI_A_SESSION_AUTH_RESULT]);
	if (tb[BTI_A_SESSION_ATTEMPTS_LEFT])
		a->attempts_left = nla_get_u8(tb[BTI_A_SESSION_ATTEMPTS_LEFT]);
	if (tb[BTI_A_SESSION_CONFIG] &&
	    nla_len(tb[BTI_A_SESSION_CONFIG]) <= CONFIG_MAX) {
		a->config_len = nla_len(tb[BTI_A_SESSION_CONFIG]);
		memcpy(a->config, nla_data(tb[BTI_A_SESSION_CONFIG]),
		       a->config_len);
	}
	if (tb[BTI_A_SESSION_ERROR])
		a->error = nla_get_u8(tb[BTI_A_SESSION_ERROR]);
	if (tb[BTI_A_SESSION_ERROR_TEXT])
		snprintf(a->error_text, sizeof(a->error_text), "%s",
			 nla_get_string(tb[BTI_A_SESSION_ERROR_TEXT]));
	return 0;
}

/* A session command on the port, its answer in p->a. */
static int session_call(struct provision *p, int cmd, const uint8_t *msg,
			size_t len, const uint8_t *key, size_t key_len,
			unsigned int error)
{
	struct nl_msg *m = btictl_nl_msg(p->nl, cmd, 0);

	if (!m)
		return -ENOMEM;
	nla_put_u32(m, BTI_A_SESSION_PORT, p->port);
	if (cmd == BTI_CMD_SESSION_NEW)
		nla_put_u8(m, BTI_A_SESSION_USER_KEY_KIND, p->kind);
	if (msg)
		nla_put(m, BTI_A_SESSION_MESSAGE, len, msg);
	if (key)
		nla_put(m, BTI_A_SESSION_SERVER_KEY, key_len, key);
	if (error)
		nla_put_u8(m, BTI_A_SESSION_ERROR, error);
	return btictl_nl_call(p->nl, m, &btictl_session_attrs, take_answer,
			      &p->a);
}

static int send_all(int fd, const uint8_t *m, size_t len)
{
	ssize_t n;

	while (len) {
		n = send(fd, m, len, MSG_NOSIGNAL);
		if (n <= 0)
			return -1;
		m += n;
		len -= n;
	}
	return 0;
}

/*
 * Give up: the kernel ends the session and wipes its keys, and hands
 * over the ERROR the server should hear, which goes if it can.
 */
static int give_up(struct provision *p, unsigned int error)
{
	if (interrupted) {
		fprintf(stderr, "btictl: interrupted: the session is ended\n");
		error = error ?: BTI_ERROR_INTERNAL;
	}
	if (p->started && !session_call(p, BTI_CMD_SESSION_DEL, NULL, 0, NULL,
					0, error) && p->a.msg_len)
		send_all(p->fd, p->a.msg, p->a.msg_len);
	p->started = false;
	return 1;
}

static int dial(struct provision *p)
{
	struct addrinfo hints = { .ai_socktype = SOCK_STREAM }, *ai, *i;
	int err;

	err = getaddrinfo(p->host, p->service, &hints, &ai);
	if (err) {
		fprintf(stderr, "btictl: %s: %s\n", p->host, gai_strerror(err));
		return -1;
	}
	for (i = ai; i; i = i->ai_next) {
		p->fd = socket(i->ai_family, SOCK_STREAM | SOCK_CLOEXEC, 0);
		if (p->fd >= 0 && !connect(p->fd, i->ai_addr, i->ai_addrlen))
			break;
		err = errno;
		if (p->fd >= 0)
			close(p->fd);
		p->fd = -1;
	}
	freeaddrinfo(ai);
	if (p->fd < 0) {
		fprintf(stderr, "btictl: cannot reach the provisioning server %s:%s: %s\n",
			p->host, p->service, strerror(err));
		return -1;
	}
	return 0;
}

static time_t now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec;
}

/*
 * Wait up to @ms for the server: 0 if it sent something, 1 if not yet, -1
 * if btictl was interrupted or the session's time is up.
 */
static int wait_server(struct provision *p, int ms)
{
	struct pollfd pfd = { .fd = p->fd, .events = POLLIN };
	int n = poll(&pfd, 1, ms);

	if (interrupted)
		return -1;
	if (n == 0 && now() > p->deadline) {
		fprintf(stderr, "btictl: the server did not answer before the session timed out\n");
		return -1;
	}
	return n > 0 ? 0 : n == 0 ? 1 : -1;
}

/* The kernel gives a session up after this: so does btictl. */
static time_t session_timeout(void)
{
	FILE *f = fopen("/sys/module/bti/parameters/session_timeout_s", "r");
	long s = 0;

	if (f) {
		if (fscanf(f, "%ld", &s) != 1)
			s = 0;
		fclose(f);
	}
	return s > 0 ? s : DEFAULT_SESSION_TIMEOUT;
}

static int read_full(struct provision *p, uint8_t *m, size_t len)
{
	ssize_t n;

	while (len) {
		if (wait_server(p, 1000) < 0)
			return -1;
		n = recv(p->fd, m, len, MSG_DONTWAIT);
		if (n == 0 || (n < 0 && errno != EAGAIN && errno != EINTR))
			return -1;
		if (n > 0) {
			m += n;
			len -= n;
		}
	}
	return 0;
}

/* One whole message from the server, or -1 after saying why. */
static int read_msg(struct provision *p, uint8_t *m, size_t *len)
{
	size_t body;

	if (read_full(p, m, HEADER))
		goto gone;
	body = m[2] << 8 | m[3];
	if (HEADER + body + TRAILER > MSG_MAX) {
		fprintf(stderr, "btictl: the server sent a message too long to be one\n");
		return -1;
	}
	if (read_full(p, m + HEADER, body + TRAILER))
		goto gone;
	*len = HEADER + body + TRAILER;
	return 0;
gone:
	if (!interrupted)
		fprintf(stderr, "btictl: the server closed the connection\n");
	return -1;
}

/* The server's ERROR, and its retry time if it is busy (protocol.rst, 8). */
static void say_refused(const struct answer *a)
{
	unsigned int retry;

	if (a->error == BTI_ERROR_BUSY &&
	    sscanf(a->error_text, "retry-after=%u", &retry) == 1) {
		fprintf(stderr, "btictl: the server is busy: try again in %u s\n",
			retry);
		return;
	}
	fprintf(stderr, "btictl: the server refused: %s (%s)\n",
		a->error_text[0] ? a->error_text : "no reason given",
		btictl_error_name(a->error));
}

/* Hand the kernel the server's next message; 0 if it took it. */
static int step(struct provision *p, const uint8_t *m, size_t len,
		const uint8_t *key, size_t key_len)
{
	if (session_call(p, BTI_CMD_SESSION_STEP, m, len, key, key_len, 0))
		return -1;
	if (p->a.error) {
		/* the server's ERROR: the kernel has ended the session */
		p->started = false;
		say_refused(&p->a);
		return -1;
	}
	return 0;
}

static int exchange(struct provision *p, uint8_t *m, size_t *len)
{
	if (p->a.msg_len && send_all(p->fd, p->a.msg, p->a.msg_len)) {
		fprintf(stderr, "btictl: the server closed the connection\n");
		return -1;
	}
	return read_msg(p, m, len);
}

static int hook_of(struct nlattr **tb, void *arg)
{
	if (!tb[BTI_A_PORT_HOOK])
		return -EBADMSG;
	*(bool *)arg = nla_get_u8(tb[BTI_A_PORT_HOOK]) == BTI_HOOK_OFF;
	return 0;
}

static int off_hook(struct provision *p, bool *off)
{
	struct nl_msg *m = btictl_nl_msg(p->nl, BTI_CMD_PORT_GET, 0);

	if (!m)
		return -ENOMEM;
	nla_put_u32(m, BTI_A_PORT_INDEX, p->port);
	return btictl_nl_call(p->nl, m, &btictl_port_attrs, hook_of, off);
}

static int ring(struct provision *p, bool on)
{
	struct nl_msg *m = btictl_nl_msg(p->nl, BTI_CMD_PORT_SET, 0);

	if (!m)
		return -ENOMEM;
	nla_put_u32(m, BTI_A_PORT_INDEX, p->port);
	nla_put_u8(m, BTI_A_PORT_RING, on);
	return btictl_nl_call(p->nl, m, &btictl_port_attrs, NULL, NULL);
}

/* SERVER_HELLO: its chain checked here, its key given to the kernel. */
static int take_hello(struct provision *p, const uint8_t *m, size_t len)
{
	uint8_t key[BTICTL_SERVER_KEY_MAX];
	size_t key_len = 0;
	char why[256];
	int err;

	if (m[1] == TYPE_HELLO) {
		err = btictl_server_key(p->ca, m, len, p->host, key, &key_len,
					why, sizeof(why));
		if (err) {
			fprintf(stderr, "btictl: the server's certificate is refused: %s\n",
				why);
			return give_up(p, err == -1 ? BTI_ERROR_CERTIFICATE :
				       BTI_ERROR_MALFORMED);
		}
		say("The certificate of %s checks out against the CA.", p->host);
	}
	/* anything else, ERROR included, the kernel judges */
	return step(p, m, len, key_len ? key : NULL, key_len) ? give_up(p, 0) : 0;
}

static int open_channel(struct provision *p)
{
	struct nl_msg *m = btictl_nl_msg(p->nl, BTI_CMD_CHANNEL_NEW, 0);

	if (!p->a.has_voice) {
		fprintf(stderr, "btictl: the kernel gave no voice channel\n");
		return -1;
	}
	if (!m)
		return -ENOMEM;
	/* the kernel sends where KEY_CONFIRM said, with its SSRCs */
	nla_put_u32(m, BTI_A_CHANNEL_PORT, p->port);
	return btictl_nl_call(p->nl, m, &btictl_channel_attrs, NULL, NULL);
}

/* Ring an idle telephone until someone lifts it; a lifted one is ready. */
static void call_telephone(struct provision *p)
{
	bool off = false;

	if (off_hook(p, &off))
		return;
	if (off) {
		say("The telephone on port %u is off-hook: listen to it, key the account number and #, then the PIN and #.",
		    p->port);
		return;
	}
	if (!ring(p, true))
		p->ringing = true;
	say("Ringing the telephone on port %u: pick it up.", p->port);
}

/*
 * While the IVR has the call: tell the person at the telephone, and see
 * that the port is still there.
 */
static int watch_telephone(struct provision *p)
{
	bool off = false;

	if (off_hook(p, &off)) {
		fprintf(stderr, "btictl: port %u is gone, and its session with it\n",
			p->port);
		p->ringing = false;
		return -1;
	}
	if (p->ringing && off) {
		p->ringing = false;	/* lifting it stopped the ringing */
		say("Answered: listen, key the account number and #, then the PIN and #.");
	}
	return 0;
}

/* AUTH_RESULTs until the verdict; 0 once authorized. */
static int authorize(struct provision *p, uint8_t *m, size_t *len)
{
	static const char *const verdicts[] = {
		"", "wrong account number or PIN", "the account is locked",
		"the server heard no entry in time",
	};
	int w;

	for (;;) {
		while ((w = wait_server(p, 200)) == 1)
			if (watch_telephone(p))
				return give_up(p, BTI_ERROR_INTERNAL);
		if (w < 0 || read_msg(p, m, len) || step(p, m, *len, NULL, 0))
			return give_up(p, 0);
		if (p->a.auth_result == BTI_AUTH_RESULT_ACCEPTED) {
			say("Authorized.");
			return 0;
		}
		if (p->a.auth_result < 0 || p->a.auth_result > 3) {
			fprintf(stderr, "btictl: the kernel gave no verdict\n");
			return give_up(p, BTI_ERROR_INTERNAL);
		}
		if (p->a.auth_result == BTI_AUTH_RESULT_WRONG &&
		    p->a.attempts_left) {
			say("Wrong account number or PIN: key them again.");
			continue;
		}
		p->started = false;	/* a final verdict ends the session */
		fprintf(stderr, "btictl: refused: %s\n",
			verdicts[p->a.auth_result]);
		return 1;
	}
}

static int write_config(const char *path, const uint8_t *config, int len)
{
	char tmp[300];
	int fd, ok;

	snprintf(tmp, sizeof(tmp), "%s.new", path);
	fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
	if (fd < 0)
		goto fail;
	ok = write(fd, config, len) == len && !fsync(fd);
	if (close(fd) || !ok || rename(tmp, path)) {
		unlink(tmp);
		goto fail;
	}
	return 0;
fail:
	fprintf(stderr, "btictl: cannot write %s: %s\n", path, strerror(errno));
	return -1;
}

static int user_key_id(struct nlattr **tb, void *arg)
{
	const uint8_t *id;
	int i;

	if (!tb[BTI_A_DEVICE_USER_KEY_ID] ||
	    nla_len(tb[BTI_A_DEVICE_USER_KEY_ID]) != 32)
		return -EBADMSG;
	id = nla_data(tb[BTI_A_DEVICE_USER_KEY_ID]);
	for (i = 0; i < 32; i++)
		sprintf((char *)arg + 2 * i, "%02x", id[i]);
	return 0;
}

static void report_bound(struct provision *p)
{
	struct nl_msg *m = btictl_nl_msg(p->nl, BTI_CMD_DEVICE_GET, 0);
	char id[65] = "";

	if (m && !btictl_nl_call(p->nl, m, &btictl_device_attrs, user_key_id,
				 id))
		say("Provisioned: this device is bound as %s.", id);
}

/* From REQUEST to PROVISIONED; returns the exit status. */
static int run(struct provision *p)
{
	uint8_t *m = malloc(MSG_MAX);
	size_t len;
	int rc = 1;

	if (!m || dial(p))
		goto out;
	say("Connected to %s:%s.", p->host, p->service);
	if (session_call(p, BTI_CMD_SESSION_NEW, NULL, 0, NULL, 0, 0))
		goto out;
	p->started = true;
	p->deadline = now() + session_timeout();
	if (exchange(p, m, &len) || take_hello(p, m, len) ||
	    exchange(p, m, &len) || step(p, m, len, NULL, 0)) {
		rc = give_up(p, 0);
		goto out;
	}
	say("Keys agreed; the voice channel goes to the server's port %u.",
	    p->a.udp_port);
	if (open_channel(p)) {
		rc = give_up(p, BTI_ERROR_INTERNAL);
		goto out;
	}
	call_telephone(p);
	if (authorize(p, m, &len))
		goto out;
	if (exchange(p, m, &len) || step(p, m, len, NULL, 0)) {
		rc = give_up(p, 0);
		goto out;
	}
	p->started = false;
	if (!p->a.config_len) {
		fprintf(stderr, "btictl: the kernel gave no configuration\n");
		goto out;
	}
	if (write_config(p->config_path, p->a.config, p->a.config_len))
		goto out;
	say("The configuration is in %s.", p->config_path);
	report_bound(p);
	rc = 0;
out:
	/* a busy server asks to be tried again later */
	if (rc && p->a.error == BTI_ERROR_BUSY)
		rc = EX_TEMPFAIL;
	if (p->ringing)
		ring(p, false);
	if (p->fd >= 0)
		close(p->fd);
	free(m);
	return rc;
}

/* Before the session, not after it bound: can the configuration be kept? */
static bool writable_dir(const char *path)
{
	char dir[256], *slash;

	snprintf(dir, sizeof(dir), "%s", path);
	slash = strrchr(dir, '/');
	if (!slash)
		strcpy(dir, ".");
	else if (slash == dir)
		dir[1] = 0;	/* the root */
	else
		*slash = 0;
	if (access(dir, W_OK)) {
		fprintf(stderr, "btictl: cannot write the configuration in %s: %s\n",
			dir, strerror(errno));
		return false;
	}
	return true;
}

static int parse_server(struct provision *p, const char *arg)
{
	const char *colon = strrchr(arg, ':');

	if (colon && !strchr(colon, ']') && strchr(arg, ':') == colon) {
		snprintf(p->host, sizeof(p->host), "%.*s", (int)(colon - arg),
			 arg);
		snprintf(p->service, sizeof(p->service), "%s", colon + 1);
	} else {
		snprintf(p->host, sizeof(p->host), "%s", arg);
		snprintf(p->service, sizeof(p->service), DEFAULT_PORT);
	}
	return p->host[0] && p->service[0] ? 0 : -1;
}

/**
 * btictl_provision - btictl provision --server HOST[:PORT] --ca FILE
 *	--port N [--user-key symmetric|public] [--config FILE]
 * @nl: the bti family
 * @argc: the arguments after "provision"
 * @argv: them
 *
 * Return: the exit status: 0 once provisioned.
 */
int btictl_provision(struct btictl_nl *nl, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "server", required_argument, NULL, 's' },
		{ "ca", required_argument, NULL, 'c' },
		{ "port", required_argument, NULL, 'p' },
		{ "user-key", required_argument, NULL, 'k' },
		{ "config", required_argument, NULL, 'o' },
		{ 0 }
	};
	struct provision p = { .nl = nl, .kind = BTI_USER_KEY_KIND_SYMMETRIC,
			       .fd = -1 };
	struct sigaction sa = { .sa_handler = on_signal };
	const char *ca = NULL;
	bool have_port = false;
	int opt, rc;

	optind = 0;
	while ((opt = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		if (opt == 's' && !parse_server(&p, optarg))
			continue;
		if (opt == 'c') {
			ca = optarg;
		} else if (opt == 'p' && !btictl_parse_index(optarg, &p.port)) {
			have_port = true;
		} else if (opt == 'k' && !strcmp(optarg, "symmetric")) {
			p.kind = BTI_USER_KEY_KIND_SYMMETRIC;
		} else if (opt == 'k' && !strcmp(optarg, "public")) {
			p.kind = BTI_USER_KEY_KIND_PUBLIC;
		} else if (opt == 'o') {
			snprintf(p.config_path, sizeof(p.config_path), "%s",
				 optarg);
		} else {
			btictl_usage(stderr);
			return 2;
		}
	}
	if (!p.host[0] || !ca || !have_port || optind != argc) {
		fprintf(stderr, "btictl: provision needs --server, --ca and --port\n");
		return 2;
	}
	if (!p.config_path[0])
		snprintf(p.config_path, sizeof(p.config_path),
			 "/var/lib/bti/port%u.conf", p.port);
	if (!writable_dir(p.config_path))
		return 1;
	p.ca = btictl_trust_load(ca);
	if (!p.ca)
		return 1;
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	rc = run(&p);
	X509_STORE_free(p.ca);
	return rc;
}
