// SPDX-License-Identifier: GPL-2.0
/*
 * nl-fuzz: random requests to the bti generic netlink family, for a
 * bounded time, in a VM whose kernel watches for what they break (KASAN,
 * lockdep, kmemleak).
 *
 *   nl-fuzz SECONDS [SEED]
 *
 * Each request is a random command (the family's and a few past them),
 * sometimes a dump.  Half carry the command's own attributes, each of its
 * type, with values at the edges of the type or, for a session's message,
 * a protocol header over random bytes, so that requests get past the
 * policy into the handlers; the rest random sets: types in and past each
 * set, values at the edges, random bytes of random lengths, nests,
 * strings without their NUL.  Now and then an attribute or a message
 * has a length that lies.  Sockets are dropped and
 * opened again as it goes, so the sessions and channels a socket owns end
 * with it.  Every answer must be a well-formed netlink message; the kernel
 * itself is judged by the VM's log.  Prints the seed and what the kernel
 * answered; exits 1 if an answer was malformed.
 */
#include <errno.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <time.h>
#include <unistd.h>
#include <linux/genetlink.h>
#include <linux/netlink.h>

#include "nl.h"

#define MSG_MAX		4096
#define ATTR_TYPE_MAX	(BTI_A_SESSION_MAX + 3)
#define ERRNO_MAX	256

static uint64_t rng;

/* what each command takes, as its request policy has it */
enum kind { U8, U16, U32, BIN, MSG };

static const struct want {
	uint8_t cmd, type;
	enum kind kind;
	uint16_t min, max;	/* BIN and MSG */
} wants[] = {
	{ BTI_CMD_PORT_GET, BTI_A_PORT_INDEX, U32, 0, 0 },
	{ BTI_CMD_PORT_SET, BTI_A_PORT_INDEX, U32, 0, 0 },
	{ BTI_CMD_PORT_SET, BTI_A_PORT_LINEFEED, U8, 0, 0 },
	{ BTI_CMD_PORT_SET, BTI_A_PORT_RING, U8, 0, 0 },
	{ BTI_CMD_KEY_IMPORT, BTI_A_KEY_BLOB, BIN, 0, 1024 },
	{ BTI_CMD_SESSION_NEW, BTI_A_SESSION_PORT, U32, 0, 0 },
	{ BTI_CMD_SESSION_NEW, BTI_A_SESSION_USER_KEY_KIND, U8, 0, 0 },
	{ BTI_CMD_SESSION_STEP, BTI_A_SESSION_PORT, U32, 0, 0 },
	{ BTI_CMD_SESSION_STEP, BTI_A_SESSION_MESSAGE, MSG, 0, 1200 },
	{ BTI_CMD_SESSION_STEP, BTI_A_SESSION_SERVER_KEY, BIN, 65, 544 },
	{ BTI_CMD_SESSION_GET, BTI_A_SESSION_PORT, U32, 0, 0 },
	{ BTI_CMD_SESSION_DEL, BTI_A_SESSION_PORT, U32, 0, 0 },
	{ BTI_CMD_SESSION_DEL, BTI_A_SESSION_ERROR, U8, 0, 0 },
	{ BTI_CMD_CHANNEL_NEW, BTI_A_CHANNEL_PORT, U32, 0, 0 },
	{ BTI_CMD_CHANNEL_GET, BTI_A_CHANNEL_PORT, U32, 0, 0 },
	{ BTI_CMD_CHANNEL_DEL, BTI_A_CHANNEL_PORT, U32, 0, 0 },
};

static uint32_t draw(uint32_t n)
{
	/* xorshift64*: a run repeats from its seed */
	rng ^= rng >> 12;
	rng ^= rng << 25;
	rng ^= rng >> 27;
	return (uint32_t)((rng * 2685821657736338717ULL) >> 32) % n;
}

/* One attribute at @p, of at most @room bytes; returns its length. */
static size_t attr(uint8_t *p, size_t room, int depth)
{
	static const uint32_t edges[] = { 0, 1, 2, 3, 7, 0x7f, 0xff, 0x100,
					  0xffff, 0x10000, 0x7fffffff,
					  0xffffffff };
	static const size_t sizes[] = { 0, 1, 2, 3, 4, 8, 12, 16, 31, 32, 33,
					64, 65, 66, 256, 1024, 1025 };
	struct nlattr *a = (struct nlattr *)p;
	size_t len, i;
	uint32_t v;

	if (room < NLA_HDRLEN + 8)
		return 0;
	a->nla_type = draw(ATTR_TYPE_MAX + 1);
	switch (draw(6)) {
	case 0:		/* an integer at an edge, as u8, u16 or u32 */
		v = edges[draw(sizeof(edges) / sizeof(edges[0]))];
		len = 1u << draw(3);
		memcpy(p + NLA_HDRLEN, &v, len);
		break;
	case 1:		/* a small integer: a port, a kind, a stage */
		v = draw(4);
		len = draw(2) ? 4 : 1;
		memcpy(p + NLA_HDRLEN, &v, len);
		break;
	case 2:		/* random bytes of a length that matters somewhere */
		len = sizes[draw(sizeof(sizes) / sizeof(sizes[0]))];
		if (len > room - NLA_HDRLEN)
			len = room - NLA_HDRLEN;
		for (i = 0; i < len; i++)
			p[NLA_HDRLEN + i] = draw(256);
		break;
	case 3:		/* a string, with or without its NUL */
		len = 1 + draw(20);
		for (i = 0; i < len; i++)
			p[NLA_HDRLEN + i] = 'a' + draw(26);
		if (draw(2))
			p[NLA_HDRLEN + len - 1] = 0;
		break;
	case 4:		/* a nest */
		len = 0;
		if (depth < 3)
			for (i = draw(4); i; i--)
				len += attr(p + NLA_HDRLEN + len,
					    room - NLA_HDRLEN - len, depth + 1);
		a->nla_type |= NLA_F_NESTED;
		break;
	default:	/* nothing in it */
		len = 0;
		break;
	}
	a->nla_len = NLA_HDRLEN + len;
	if (!draw(50))	/* a length that lies */
		a->nla_len = draw(0x10000);
	len = NLA_ALIGN(NLA_HDRLEN + len);
	return len <= room ? len : room;
}

/* Mostly small (a port, a kind), else at an edge of a type. */
static uint32_t value(void)
{
	static const uint32_t edges[] = { 0, 1, 2, 3, 0x7f, 0xff, 0xffff,
					  0x10000, 0xffffffff };

	return draw(2) ? draw(4) : edges[draw(sizeof(edges) / sizeof(edges[0]))];
}

/* The attribute @w asks for, its value drawn; returns its length. */
static size_t typed(uint8_t *p, size_t room, const struct want *w)
{
	static const uint8_t size[] = { [U8] = 1, [U16] = 2, [U32] = 4 };
	struct nlattr *a = (struct nlattr *)p;
	size_t len, i;
	uint32_t v;

	a->nla_type = w->type;
	if (w->kind == BIN || w->kind == MSG) {
		len = w->min + draw(w->max - w->min + 1);
		if (len > room - NLA_HDRLEN)
			len = room - NLA_HDRLEN;
		for (i = 0; i < len; i++)
			p[NLA_HDRLEN + i] = draw(256);
		/* a protocol header: version 1, a type, the body's length */
		if (w->kind == MSG && len >= 4) {
			v = len >= 36 ? len - 36 : draw(0x10000);
			p[NLA_HDRLEN] = 1;
			p[NLA_HDRLEN + 1] = 1 + draw(16);
			p[NLA_HDRLEN + 2] = v >> 8;
			p[NLA_HDRLEN + 3] = v;
		}
	} else {
		len = size[w->kind];
		v = value();
		memcpy(p + NLA_HDRLEN, &v, len);
	}
	a->nla_len = NLA_HDRLEN + len;
	return NLA_ALIGN(NLA_HDRLEN + len);
}

/* Each of @cmd's attributes, two times in three. */
static size_t typed_set(uint8_t *buf, size_t len, uint8_t cmd)
{
	size_t i;

	for (i = 0; i < sizeof(wants) / sizeof(wants[0]); i++)
		if (wants[i].cmd == cmd && draw(3))
			len += typed(buf + len, MSG_MAX - len, &wants[i]);
	return len;
}

static size_t request(uint8_t *buf, int family, uint32_t seq)
{
	struct nlmsghdr *h = (struct nlmsghdr *)buf;
	struct genlmsghdr *g = NLMSG_DATA(h);
	size_t len = NLMSG_HDRLEN + GENL_HDRLEN;
	int n;

	memset(buf, 0, MSG_MAX);
	h->nlmsg_type = family;
	h->nlmsg_flags = NLM_F_REQUEST | NLM_F_ACK;
	if (!draw(8))
		h->nlmsg_flags |= NLM_F_DUMP;
	h->nlmsg_seq = seq;
	g->cmd = draw(16) ? 1 + draw(BTI_CMD_MAX) : draw(BTI_CMD_MAX + 3);
	g->version = draw(8) ? BTI_FAMILY_VERSION : draw(256);
	if (draw(2))
		len = typed_set(buf, len, g->cmd);
	for (n = draw(2) ? 0 : draw(7); n; n--)
		len += attr(buf + len, MSG_MAX - len, 0);
	h->nlmsg_len = len;
	if (!draw(50))	/* a message length that lies */
		h->nlmsg_len = draw(len + 1);
	return len;
}

/* Read what the kernel answers to @seq; false if an answer is malformed. */
static bool answers(int fd, uint32_t seq, unsigned long *errs)
{
	static uint8_t buf[65536];
	struct nlmsghdr *h;
	ssize_t n;
	int len;

	for (;;) {
		n = recv(fd, buf, sizeof(buf), 0);
		/* none: a request lost to its lie, or events overran us */
		if (n < 0)
			return errno == EAGAIN || errno == ENOBUFS;
		len = n;
		for (h = (struct nlmsghdr *)buf; NLMSG_OK(h, len);
		     h = NLMSG_NEXT(h, len)) {
			if (h->nlmsg_seq != seq)
				continue;	/* an event, or an old answer */
			if (h->nlmsg_type == NLMSG_DONE)
				return true;
			if (h->nlmsg_type == NLMSG_ERROR) {
				const struct nlmsgerr *e = NLMSG_DATA(h);
				unsigned int code = -e->error;

				if (h->nlmsg_len < NLMSG_LENGTH(sizeof(*e)))
					return false;
				errs[code < ERRNO_MAX ? code : 0]++;
				return true;
			}
		}
		if (len)
			return false;	/* a message cut short */
	}
}

static int open_socket(void)
{
	struct timeval wait = { 0, 200000 };
	struct sockaddr_nl sa = { .nl_family = AF_NETLINK };
	int fd = socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, NETLINK_GENERIC);

	if (fd < 0 || bind(fd, (struct sockaddr *)&sa, sizeof(sa)) ||
	    setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &wait, sizeof(wait))) {
		perror("nl-fuzz: socket");
		exit(1);
	}
	return fd;
}

int main(int argc, char **argv)
{
	static uint8_t buf[MSG_MAX];
	unsigned long errs[ERRNO_MAX] = { 0 }, sent = 0;
	struct btictl_nl nl;
	time_t end;
	uint32_t seq = 0;
	size_t len;
	int fd, i;

	if (argc < 2) {
		fprintf(stderr, "usage: nl-fuzz SECONDS [SEED]\n");
		return 2;
	}
	end = time(NULL) + atoi(argv[1]);
	rng = argc > 2 ? strtoull(argv[2], NULL, 0) : (uint64_t)time(NULL);
	rng |= 1;
	printf("nl-fuzz: seed %llu\n", (unsigned long long)rng);
	if (btictl_nl_open(&nl)) {
		fprintf(stderr, "nl-fuzz: no bti family\n");
		return 1;
	}
	fd = open_socket();
	while (time(NULL) < end) {
		len = request(buf, nl.family, ++seq);
		if (send(fd, buf, len, 0) < 0) {
			errs[errno < ERRNO_MAX ? errno : 0]++;
			continue;
		}
		sent++;
		if (!answers(fd, seq, errs)) {
			fprintf(stderr, "nl-fuzz: a malformed answer to %u\n",
				seq);
			return 1;
		}
		if (!draw(200)) {	/* what this socket owned, ended */
			close(fd);
			fd = open_socket();
		}
	}
	close(fd);
	btictl_nl_close(&nl);
	printf("nl-fuzz: %lu requests; answers:", sent);
	for (i = 0; i < ERRNO_MAX; i++)
		if (errs[i])
			printf(" %s %lu;", i ? strerror(i) : "ok", errs[i]);
	printf("\n");
	return 0;
}
