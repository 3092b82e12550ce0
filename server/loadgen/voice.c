// SPDX-License-Identifier: GPL-2.0
/*
 * btiprov-loadgen's voice channel: the subscriber's keys as DTMF in SRTP,
 * a frame every 20 ms.  What the server says is not listened to.
 *
 * Every device's channel goes through one UDP socket, as devices behind
 * one NAT would (the server tells them apart by SSRC, protocol.rst 4.1),
 * each tick's frames in batches of BATCH a sendmmsg: a generator with a
 * socket and two system calls a channel each tick fell behind long
 * before the server did.
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <math.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <openssl/rand.h>
#include <spandsp.h>

#include "srtp.h"
#include "loadgen.h"

#define RATE		8000
#define FRAME		160
#define PKT		(12 + FRAME + 16)
#define BATCH		64
/* a key as the simulated telephone keys it: 80 ms of tone, 80 of pause */
#define UNIT		1280
#define TONE		640

static const char keys[] = "123A456B789C*0#D";
static uint8_t tones[sizeof(keys) - 1][UNIT];

/* the socket, and the frames of this tick not yet sent */
static struct {
	int fd;
	unsigned int n;
	struct mmsghdr m[BATCH];
	struct iovec iov[BATCH];
	bool ipv6;
	struct sockaddr_storage to[BATCH];
	uint8_t pkt[BATCH][PKT];
} port = { .fd = -1 };

int64_t lg_now(void)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return t.tv_sec * 1000000000LL + t.tv_nsec;
}

/*
 * Each key's tone pair at -10 dBm0 a tone, then its pause, in mu-law; and
 * the socket.  Returns 0 or -1.
 */
int lg_voice_init(void)
{
	int buffer = 4 << 20;	/* a tick's prompts; past the sysctl as root */
	int off = 0;
	static const double lo[] = { 697, 770, 852, 941 };
	static const double hi[] = { 1209, 1336, 1477, 1633 };
	double a = 22755 * pow(10, -10 / 20.0), x;
	size_t k, i;

	for (k = 0; k < sizeof(keys) - 1; k++)
		for (i = 0; i < UNIT; i++) {
			x = i < TONE ? a * sin(2 * M_PI * lo[k / 4] * i / RATE) +
				       a * sin(2 * M_PI * hi[k % 4] * i / RATE) : 0;
			tones[k][i] = linear_to_ulaw((int)x);
		}
	/*
	 * IPv6, which takes IPv4 mapped, for servers of either family; IPv4
	 * alone on a host without IPv6
	 */
	port.fd = socket(AF_INET6, SOCK_DGRAM | SOCK_CLOEXEC, 0);
	port.ipv6 = port.fd >= 0 && !setsockopt(port.fd, IPPROTO_IPV6,
						IPV6_V6ONLY, &off, sizeof(off));
	if (!port.ipv6) {
		if (port.fd >= 0)
			close(port.fd);
		port.fd = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
	}
	if (port.fd < 0)
		return -1;
	if (setsockopt(port.fd, SOL_SOCKET, SO_RCVBUFFORCE, &buffer,
		       sizeof(buffer)))
		setsockopt(port.fd, SOL_SOCKET, SO_RCVBUF, &buffer,
			   sizeof(buffer));
	return 0;
}

/* @bv's address as the socket sends to it; -1 if it cannot */
static int address(const struct bp_voice *bv, struct lg_voice *v)
{
	struct sockaddr_in6 *a6 = (struct sockaddr_in6 *)&v->to;
	struct sockaddr_in *a4 = (struct sockaddr_in *)&v->to;

	if (bv->family == 4 && !port.ipv6) {
		a4->sin_family = AF_INET;
		memcpy(&a4->sin_addr, bv->addr, 4);
		a4->sin_port = htons(bv->port);
		v->to_len = sizeof(*a4);
		return 0;
	}
	if ((bv->family != 4 && bv->family != 6) || !port.ipv6)
		return -1;
	a6->sin6_family = AF_INET6;
	if (bv->family == 4) {
		a6->sin6_addr.s6_addr[10] = 0xff;
		a6->sin6_addr.s6_addr[11] = 0xff;
		memcpy(a6->sin6_addr.s6_addr + 12, bv->addr, 4);
	} else {
		memcpy(&a6->sin6_addr, bv->addr, 16);
	}
	a6->sin6_port = htons(bv->port);
	v->to_len = sizeof(*a6);
	return 0;
}

int lg_voice_open(struct lg_voice *v, const uint8_t key[16],
		  const uint8_t salt[12], const struct bp_voice *bv)
{
	memset(v, 0, sizeof(*v));
	v->script = "";
	if (address(bv, v) ||
	    bp_srtp_session(&v->out, key, salt, bv->device_ssrc)) {
		lg_voice_close(v);
		return -1;
	}
	v->ssrc = bv->device_ssrc;
	RAND_bytes((uint8_t *)&v->seq, sizeof(v->seq));
	return 0;
}

void lg_voice_close(struct lg_voice *v)
{
	if (v->out)
		srtp_dealloc(v->out);
	v->out = NULL;
}

/* From the next frame on, the subscriber does @script. */
void lg_voice_say(struct lg_voice *v, const char *script, bool loop)
{
	v->script = script;
	v->loop = loop;
	v->frame = 0;
	v->keyed_ns = 0;
}

/* The 160 samples of frame @f of @script, or of silence past its end. */
static void script_frame(const struct lg_voice *v, uint64_t f, uint8_t *out)
{
	size_t len = strlen(v->script), unit = f * FRAME / UNIT;
	const char *k;

	if (len && v->loop)
		unit %= len;
	k = unit < len ? strchr(keys, v->script[unit]) : NULL;
	if (k && *k)
		memcpy(out, tones[k - keys] + f * FRAME % UNIT, FRAME);
	else
		memset(out, 0xff, FRAME);	/* mu-law silence */
}

/**
 * lg_voice_send - the next 20 ms of the script to the server
 * @v: the channel
 * @now_ns: the time, which marks the last key's release
 */
void lg_voice_send(struct lg_voice *v, int64_t now_ns)
{
	uint8_t *pkt = port.pkt[port.n];
	int len = 12 + FRAME;
	size_t units = strlen(v->script);

	script_frame(v, v->frame, pkt + 12);
	bp_rtp_header(pkt, v->seq++, v->ts, v->ssrc);
	v->ts += FRAME;
	/* the network's loss, at random, after SRTP has counted the packet */
	if (srtp_protect(v->out, pkt, &len) == srtp_err_status_ok &&
	    (!v->loss || rand_r(&v->rng) % 100 >= v->loss)) {
		memcpy(&port.to[port.n], &v->to, v->to_len);
		port.iov[port.n] = (struct iovec){ pkt, len };
		port.m[port.n].msg_hdr = (struct msghdr){
			.msg_name = &port.to[port.n],
			.msg_namelen = v->to_len,
			.msg_iov = &port.iov[port.n],
			.msg_iovlen = 1,
		};
		if (++port.n == BATCH)
			lg_voice_flush();
	}
	/* the frame holding the end of the last key's tone has gone */
	if (units && !v->loop && !v->keyed_ns &&
	    v->frame == ((units - 1) * UNIT + TONE - 1) / FRAME)
		v->keyed_ns = now_ns;
	v->frame++;
}

/*
 * The frames of this tick not sent yet, sent; the server's prompts taken
 * off the socket, and left unheard.  A frame the socket will not take is
 * lost, as the network would lose it.
 */
void lg_voice_flush(void)
{
	unsigned int sent = 0;
	int n;

	while (sent < port.n) {
		n = sendmmsg(port.fd, port.m + sent, port.n - sent,
			     MSG_DONTWAIT);
		sent += n > 0 ? n : 1;
	}
	port.n = 0;
	do {
		for (n = 0; n < BATCH; n++) {
			port.iov[n] = (struct iovec){ port.pkt[n], PKT };
			port.m[n].msg_hdr = (struct msghdr){
				.msg_iov = &port.iov[n],
				.msg_iovlen = 1,
			};
		}
		n = recvmmsg(port.fd, port.m, BATCH, MSG_DONTWAIT, NULL);
	} while (n == BATCH);
}
