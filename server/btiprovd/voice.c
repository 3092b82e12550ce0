// SPDX-License-Identifier: GPL-2.0
/*
 * A loop's voice port: the one UDP socket through which every voice
 * channel of the loop goes, so that a server has as many voice ports as
 * loops, a set an operator can open in a firewall, and a channel costs no
 * descriptor.  A packet finds its channel by its SSRC, which the server
 * chose for the device in KEY_CONFIRM, unique on the port; SRTP then tells
 * whether it is the device's.  Packets go in and out in batches, a system
 * call for up to BP_VOICE_BATCH of them.
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <openssl/rand.h>

#include "voice.h"

/* a second of a thousand calls' packets */
#define BUFFER		(1000 * 50 * BP_FRAME_PKT)

/**
 * bp_voice_address - parse a voice address
 * @text: an IPv4 or IPv6 address, without a port
 * @a: the address, port 0
 *
 * Returns its length, or 0 if @text is no address.
 */
socklen_t bp_voice_address(const char *text, struct sockaddr_storage *a)
{
	struct sockaddr_in6 *a6 = (struct sockaddr_in6 *)a;
	struct sockaddr_in *a4 = (struct sockaddr_in *)a;

	memset(a, 0, sizeof(*a));
	if (inet_pton(AF_INET, text, &a4->sin_addr) == 1) {
		a4->sin_family = AF_INET;
		return sizeof(*a4);
	}
	if (inet_pton(AF_INET6, text, &a6->sin6_addr) == 1) {
		a6->sin6_family = AF_INET6;
		return sizeof(*a6);
	}
	return 0;
}

/* @a as KEY_CONFIRM gives it: an IPv4 address mapped into IPv6 as IPv4 */
static void as_told(const struct sockaddr_storage *a, struct bp_voice *out)
{
	const struct sockaddr_in6 *a6 = (const struct sockaddr_in6 *)a;
	const struct sockaddr_in *a4 = (const struct sockaddr_in *)a;

	if (a->ss_family == AF_INET) {
		out->family = 4;
		memcpy(out->addr, &a4->sin_addr, 4);
	} else if (IN6_IS_ADDR_V4MAPPED(&a6->sin6_addr)) {
		out->family = 4;
		memcpy(out->addr, a6->sin6_addr.s6_addr + 12, 4);
	} else {
		out->family = 6;
		memcpy(out->addr, &a6->sin6_addr, 16);
	}
}

/**
 * bp_voice_any - whether @a is every address of its family: 0.0.0.0 or ::
 * @a: an address
 */
bool bp_voice_any(const struct sockaddr_storage *a)
{
	const struct sockaddr_in6 *a6 = (const struct sockaddr_in6 *)a;
	const struct sockaddr_in *a4 = (const struct sockaddr_in *)a;

	return a->ss_family == AF_INET ? a4->sin_addr.s_addr == INADDR_ANY :
	       IN6_IS_ADDR_UNSPECIFIED(&a6->sin6_addr);
}

/**
 * bp_voice_takes - whether a port bound to @a takes packets sent to an
 *	address of @family: an IPv6 port takes IPv4 only where it is bound
 *	to every address
 * @a: the port's address
 * @family: AF_INET or AF_INET6
 */
bool bp_voice_takes(const struct sockaddr_storage *a, sa_family_t family)
{
	return a->ss_family == family ||
	       (family == AF_INET && bp_voice_any(a));
}

/**
 * bp_voice_open - a voice port on @addr:@port
 * @v: the port
 * @addr: the server's voice address, IPv4 or IPv6; "::" takes both
 * @advertise: the address devices are told to send to, through NAT; ""
 *	for @addr, or, if @addr is every address, for the one each device's
 *	connection reached
 * @port: its port; 0 for any the kernel picks
 * @channels: how many channels it may carry at once, to size its table
 *
 * Returns 0 or -1.
 */
int bp_voice_open(struct bp_voice_port *v, const char *addr,
		  const char *advertise, uint16_t port, unsigned int channels)
{
	struct sockaddr_in6 *a6 = (struct sockaddr_in6 *)&v->bound;
	struct sockaddr_in *a4 = (struct sockaddr_in *)&v->bound;
	int on = 1, off = 0, buffer = BUFFER;
	struct sockaddr_storage told;
	socklen_t len;
	size_t n = 16;

	memset(v, 0, sizeof(*v));
	v->fd = -1;
	while (n < channels)
		n *= 2;
	v->bucket = calloc(n, sizeof(*v->bucket));
	v->mask = n - 1;
	len = bp_voice_address(addr, &v->bound);
	if (!v->bucket || !len ||
	    (advertise[0] && !bp_voice_address(advertise, &told)))
		goto fail;
	if (v->bound.ss_family == AF_INET)
		a4->sin_port = htons(port);
	else
		a6->sin6_port = htons(port);
	v->fd = socket(v->bound.ss_family,
		       SOCK_DGRAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
	/*
	 * One socket holds what every call of the loop sends in the time the
	 * loop is busy elsewhere: a buffer as large as the system allows
	 * (net.core.rmem_max) up to BUFFER, where a call's own socket once
	 * had the default.
	 */
	if (v->fd >= 0) {
		setsockopt(v->fd, SOL_SOCKET, SO_RCVBUF, &buffer, sizeof(buffer));
		setsockopt(v->fd, SOL_SOCKET, SO_SNDBUF, &buffer, sizeof(buffer));
		if (v->bound.ss_family == AF_INET6)
			setsockopt(v->fd, IPPROTO_IPV6, IPV6_V6ONLY, &off,
				   sizeof(off));
	}
	/*
	 * Bound to every address, the port learns which one each packet was
	 * sent to, and answers from it: a device's connected socket takes
	 * prompts only from the address it sends to (RFC 4961's symmetric
	 * RTP), which on a host of many addresses need not be the one the
	 * kernel would pick.
	 */
	v->any = bp_voice_any(&v->bound);
	if (v->fd >= 0 && v->any &&
	    (setsockopt(v->fd, IPPROTO_IP, IP_PKTINFO, &on, sizeof(on)) ||
	     (v->bound.ss_family == AF_INET6 &&
	      setsockopt(v->fd, IPPROTO_IPV6, IPV6_RECVPKTINFO, &on,
			 sizeof(on)))))
		goto fail;
	if (v->fd < 0 ||
	    setsockopt(v->fd, SOL_SOCKET, SO_TIMESTAMPNS, &on, sizeof(on)) ||
	    bind(v->fd, (struct sockaddr *)&v->bound, len) ||
	    getsockname(v->fd, (struct sockaddr *)&v->bound, &len))
		goto fail;
	v->port = ntohs(v->bound.ss_family == AF_INET ? a4->sin_port :
			a6->sin6_port);
	if (advertise[0])
		as_told(&told, &v->told);
	else if (!bp_voice_any(&v->bound))
		as_told(&v->bound, &v->told);
	return 0;
fail:
	bp_voice_close(v);
	return -1;
}

/**
 * bp_voice_tell - where KEY_CONFIRM tells a device to send its voice
 * @v: the port
 * @local: the server's end of the device's connection, which the device
 *	reached: a port bound to every address takes its voice there
 * @out: the family, address and port; the SSRCs are left as they are
 *
 * Returns 0, or -1 if the port cannot take the device's packets: an IPv4
 * port, and a device whose connection came over IPv6.
 */
int bp_voice_tell(const struct bp_voice_port *v,
		  const struct sockaddr_storage *local, struct bp_voice *out)
{
	if (v->told.family) {
		out->family = v->told.family;
		memcpy(out->addr, v->told.addr, sizeof(out->addr));
	} else {
		as_told(local, out);
	}
	out->port = v->port;
	return bp_voice_takes(&v->bound, out->family == 4 ? AF_INET :
			      AF_INET6) ? 0 : -1;
}

void bp_voice_close(struct bp_voice_port *v)
{
	if (v->fd >= 0)
		close(v->fd);
	free(v->bucket);
	v->bucket = NULL;
	v->fd = -1;
}

static struct bp_ivr **find(const struct bp_voice_port *v, uint32_t ssrc)
{
	struct bp_ivr **pp = &v->bucket[ssrc & v->mask];

	while (*pp && (*pp)->device_ssrc != ssrc)
		pp = &(*pp)->next;
	return pp;
}

/**
 * bp_voice_free_ssrc - an SSRC for a device, drawn at random among those
 *	no channel of the port uses
 * @v: the port
 *
 * Returns the SSRC.
 */
uint32_t bp_voice_free_ssrc(const struct bp_voice_port *v)
{
	uint32_t ssrc;

	do {
		RAND_bytes((uint8_t *)&ssrc, sizeof(ssrc));
	} while (*find(v, ssrc));
	return ssrc;
}

/**
 * bp_voice_add - the port carries @ivr's packets from now on
 * @v: the port
 * @ivr: a keyed channel, whose device SSRC bp_voice_free_ssrc() gave
 */
void bp_voice_add(struct bp_voice_port *v, struct bp_ivr *ivr)
{
	struct bp_ivr **pp = &v->bucket[ivr->device_ssrc & v->mask];

	ivr->next = *pp;
	*pp = ivr;
}

/* @ivr is not on the port's list of channels playing a prompt */
static void off_air(struct bp_ivr *ivr)
{
	if (!ivr->air.le_prev)
		return;
	LIST_REMOVE(ivr, air);
	ivr->air.le_prev = NULL;
}

/**
 * bp_voice_remove - the port no longer carries @ivr's packets
 * @v: the port
 * @ivr: a channel bp_voice_add() added
 */
void bp_voice_remove(struct bp_voice_port *v, struct bp_ivr *ivr)
{
	struct bp_ivr **pp = find(v, ivr->device_ssrc);

	if (*pp == ivr)
		*pp = ivr->next;
	ivr->next = NULL;
	off_air(ivr);
}

/**
 * bp_voice_play - play @p on @ivr from the next tick, in place of what it
 *	played
 * @v: the port
 * @ivr: a channel on the port
 * @p: the prompt
 */
void bp_voice_play(struct bp_voice_port *v, struct bp_ivr *ivr,
		   const struct bp_prompt *p)
{
	bp_ivr_play(ivr, p);
	if (!ivr->air.le_prev)
		LIST_INSERT_HEAD(&v->playing, ivr, air);
}

/*
 * A packet the socket has no room for is lost, as on the network: voice
 * is not sent again.
 */
static void flush(struct bp_voice_port *v)
{
	unsigned int i = 0;
	int n;

	while (i < v->out_n) {
		n = sendmmsg(v->fd, v->out + i, v->out_n - i, MSG_DONTWAIT);
		i += n > 0 ? n : 1;
	}
	v->out_n = 0;
}

/* A cmsg in @m's @buf that sends from @here, an IPv4 address mapped. */
static void send_from(struct msghdr *m, void *buf, const struct in6_addr *here)
{
	struct in6_pktinfo six = { .ipi6_addr = *here };
	struct in_pktinfo four = { 0 };
	struct cmsghdr *c;

	m->msg_control = buf;
	m->msg_controllen = CMSG_SPACE(IN6_IS_ADDR_V4MAPPED(here) ?
				       sizeof(four) : sizeof(six));
	c = CMSG_FIRSTHDR(m);
	if (IN6_IS_ADDR_V4MAPPED(here)) {
		memcpy(&four.ipi_spec_dst, here->s6_addr + 12, 4);
		c->cmsg_level = IPPROTO_IP;
		c->cmsg_type = IP_PKTINFO;
		c->cmsg_len = CMSG_LEN(sizeof(four));
		memcpy(CMSG_DATA(c), &four, sizeof(four));
	} else {
		c->cmsg_level = IPPROTO_IPV6;
		c->cmsg_type = IPV6_PKTINFO;
		c->cmsg_len = CMSG_LEN(sizeof(six));
		memcpy(CMSG_DATA(c), &six, sizeof(six));
	}
}

/* 20 ms of @ivr's prompt, queued to go with the others */
static void send_frame(struct bp_voice_port *v, struct bp_ivr *ivr)
{
	struct mmsghdr *m = &v->out[v->out_n];
	size_t len;

	len = bp_ivr_tick(ivr, v->ticks, v->out_pkt[v->out_n]);
	if (!len)
		return;
	v->out_iov[v->out_n] = (struct iovec){ v->out_pkt[v->out_n], len };
	memset(m, 0, sizeof(*m));
	memcpy(&v->out_to[v->out_n], &ivr->peer, ivr->peer_len);
	m->msg_hdr.msg_name = &v->out_to[v->out_n];
	m->msg_hdr.msg_namelen = ivr->peer_len;
	m->msg_hdr.msg_iov = &v->out_iov[v->out_n];
	m->msg_hdr.msg_iovlen = 1;
	if (v->any && !IN6_IS_ADDR_UNSPECIFIED(&ivr->here))
		send_from(&m->msg_hdr, v->out_ctl[v->out_n].buf, &ivr->here);
	if (++v->out_n == BP_VOICE_BATCH)
		flush(v);
}

/**
 * bp_voice_tick - 20 ms of every prompt playing, sent
 * @v: the port
 * @played: called for each channel whose prompt has ended; it may remove
 *	the channel
 * @arg: for @played
 *
 * Only the channels playing are visited: a channel that listens costs
 * nothing here, its timestamp moving on with the port's ticks.
 */
void bp_voice_tick(struct bp_voice_port *v,
		   void (*played)(struct bp_ivr *ivr, void *arg), void *arg)
{
	struct bp_ivr *ivr, *next;

	v->ticks++;
	for (ivr = LIST_FIRST(&v->playing); ivr; ivr = next) {
		next = LIST_NEXT(ivr, air);
		send_frame(v, ivr);
		if (bp_ivr_playing(ivr))
			continue;
		off_air(ivr);
		played(ivr, arg);
	}
	flush(v);
}

/* Whether a packet the kernel took in at @msg's time waited over a frame. */
static bool late(struct msghdr *msg, const struct timespec *now)
{
	struct cmsghdr *c;
	struct timespec in;
	int64_t ns;

	for (c = CMSG_FIRSTHDR(msg); c; c = CMSG_NXTHDR(msg, c)) {
		if (c->cmsg_level != SOL_SOCKET ||
		    c->cmsg_type != SCM_TIMESTAMPNS)
			continue;
		memcpy(&in, CMSG_DATA(c), sizeof(in));
		ns = (now->tv_sec - in.tv_sec) * 1000000000LL + now->tv_nsec -
		     in.tv_nsec;
		return ns > BP_FRAME_NS;
	}
	return false;
}

/* The address @msg's packet was sent to, IPv4 mapped; :: if not said. */
static struct in6_addr sent_to(struct msghdr *msg)
{
	struct in6_addr to = IN6ADDR_ANY_INIT;
	struct in6_pktinfo six;
	struct in_pktinfo four;
	struct cmsghdr *c;

	for (c = CMSG_FIRSTHDR(msg); c; c = CMSG_NXTHDR(msg, c)) {
		if (c->cmsg_level == IPPROTO_IP && c->cmsg_type == IP_PKTINFO) {
			memcpy(&four, CMSG_DATA(c), sizeof(four));
			to.s6_addr[10] = 0xff;
			to.s6_addr[11] = 0xff;
			memcpy(to.s6_addr + 12, &four.ipi_addr, 4);
		} else if (c->cmsg_level == IPPROTO_IPV6 &&
			   c->cmsg_type == IPV6_PKTINFO) {
			memcpy(&six, CMSG_DATA(c), sizeof(six));
			to = six.ipi6_addr;
		}
	}
	return to;
}

/* The channel that packet @i of the batch read names, or NULL. */
static struct bp_ivr *channel_of(const struct bp_voice_port *v, int i)
{
	if (v->in.m[i].msg_len < BP_RTP_HEADER)
		return NULL;
	return *find(v, bp_rtp_ssrc(v->in.pkt[i]));
}

/**
 * bp_voice_hear - take a batch of the packets waiting on the port, each
 *	to its channel
 * @v: the port
 * @entry: called when a channel's keypad has an entry; it may remove the
 *	channel
 * @arg: for @entry
 *
 * Returns how many packets were read: fewer than BP_VOICE_BATCH when the
 * socket is empty.
 */
int bp_voice_hear(struct bp_voice_port *v,
		  void (*entry)(struct bp_ivr *ivr, void *arg), void *arg)
{
	struct bp_voice_in *in = &v->in;
	bool known, keyed;
	struct timespec now;
	struct bp_ivr *ivr;
	struct msghdr *h;
	int i, n;

	for (i = 0; i < BP_VOICE_BATCH; i++) {
		in->iov[i] = (struct iovec){ in->pkt[i], sizeof(in->pkt[i]) };
		in->m[i].msg_hdr = (struct msghdr){
			.msg_name = &in->from[i],
			.msg_namelen = sizeof(in->from[i]),
			.msg_iov = &in->iov[i],
			.msg_iovlen = 1,
			.msg_control = in->ctl[i].buf,
			.msg_controllen = sizeof(in->ctl[i].buf),
		};
	}
	n = recvmmsg(v->fd, in->m, BP_VOICE_BATCH, MSG_DONTWAIT, NULL);
	if (n <= 0)
		return 0;
	clock_gettime(CLOCK_REALTIME, &now);
	/*
	 * Thousands of channels are not in the CPU's caches: each packet's
	 * channel is asked for before the first is opened, and the next
	 * one's state while one is, so that their misses overlap.  The
	 * channel is looked up again when its turn comes, as an entry may
	 * have removed it meanwhile.
	 */
	for (i = 0; i < n; i++)
		if (in->m[i].msg_len >= BP_RTP_HEADER)
			__builtin_prefetch(v->bucket[bp_rtp_ssrc(in->pkt[i]) &
						     v->mask]);
	for (i = 0; i < n; i++) {
		if (i + 1 < n && (ivr = channel_of(v, i + 1)))
			bp_ivr_prefetch(ivr);
		ivr = channel_of(v, i);
		if (!ivr)
			continue;
		h = &in->m[i].msg_hdr;
		known = ivr->peer_len;
		keyed = bp_ivr_hear(ivr, in->pkt[i], in->m[i].msg_len,
				    &in->from[i], h->msg_namelen, late(h, &now));
		/* the device's packets go where its first authentic one did */
		if (!known && ivr->peer_len && v->any)
			ivr->here = sent_to(h);
		if (keyed)
			entry(ivr, arg);
	}
	return n;
}
