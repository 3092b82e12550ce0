// SPDX-License-Identifier: GPL-2.0
/*
 * The IVR's voice channel: SRTP (AEAD_AES_128_GCM) on libsrtp2 over a UDP
 * socket, prompts out at 20 ms a packet, the device's audio into the
 * keypad ear.  The device's address is learned from its first packet that
 * authenticates, as symmetric RTP does.  Between prompts nothing is sent
 * (RFC 3551's silence suppression): the device plays silence when no
 * frame comes, and a call waiting for keys costs the server half as much.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <openssl/crypto.h>
#include <openssl/rand.h>
#ifdef BP_SRTP_NSS
#include <nss.h>
#endif

#include "ivr.h"

/* protocol.rst, 4.1: PCMU (RFC 3551's payload type 0), 8000 Hz, 20 ms */
#define PT_PCMU		0
#define FRAME		160
#define FRAME_NS	20000000LL

/**
 * bp_srtp_session - libsrtp2 for one direction: AEAD_AES_128_GCM, one SSRC
 * @s: the session
 * @key: the audio master key
 * @salt: its salt
 * @ssrc: the SSRC of the direction
 *
 * Returns 0 or -1.
 */
int bp_srtp_session(srtp_t *s, const uint8_t key[16], const uint8_t salt[12],
		    uint32_t ssrc)
{
	uint8_t k[SRTP_AES_GCM_128_KEY_LEN_WSALT];
	srtp_policy_t p;
	int err;

	memcpy(k, key, 16);
	memcpy(k + 16, salt, 12);
	memset(&p, 0, sizeof(p));
	srtp_crypto_policy_set_aes_gcm_128_16_auth(&p.rtp);
	srtp_crypto_policy_set_aes_gcm_128_16_auth(&p.rtcp);
	p.ssrc.type = ssrc_specific;
	p.ssrc.value = ssrc;
	p.key = k;
	p.window_size = 128;
	err = srtp_create(s, &p);
	OPENSSL_cleanse(k, sizeof(k));
	return err ? -1 : 0;
}

#ifdef BP_SRTP_NSS
static NSSInitContext *nss;
#endif

/**
 * bp_srtp_start - libsrtp2, with a session held for the process's life
 * @held: that session, never used for a packet
 *
 * libsrtp2's crypto backend (NSS, in Debian's build) starts with the first
 * session's context and stops with the last: a server whose sessions come
 * and go would load and unload its libraries each time.
 *
 * On NSS, each context starts NSS "for space", and the first start is the
 * one that counts: NSS's softoken then files every channel's keys in 32
 * hash buckets, and each packet's one-shot AES-GCM walks a chain that
 * grows with the channels open (5.1 us a packet with 2000 keys, against
 * 2.2 us with NSS started for time, as here; tests/bench/voice-cost.c).
 *
 * Returns 0 or -1.
 */
int bp_srtp_start(srtp_t *held)
{
	static const uint8_t key[16], salt[12];

#ifdef BP_SRTP_NSS
	nss = NSS_InitContext("", "", "", "", NULL,
			      NSS_INIT_READONLY | NSS_INIT_NOCERTDB |
			      NSS_INIT_NOMODDB | NSS_INIT_FORCEOPEN);
	if (!nss)
		return -1;
#endif
	return srtp_init() || bp_srtp_session(held, key, salt, 0) ? -1 : 0;
}

/**
 * bp_srtp_stop - the held session gone, libsrtp2 shut down
 * @held: as bp_srtp_start() gave it
 */
void bp_srtp_stop(srtp_t held)
{
	srtp_dealloc(held);
	srtp_shutdown();
#ifdef BP_SRTP_NSS
	NSS_ShutdownContext(nss);
#endif
}

/**
 * bp_ivr_open - a voice channel on a fresh UDP port of @addr, not keyed
 * @ivr: the channel
 * @addr: the server's voice address, IPv4
 *
 * Returns 0 or -1.
 */
int bp_ivr_open(struct bp_ivr *ivr, const char *addr)
{
	struct sockaddr_in a = { .sin_family = AF_INET };
	socklen_t len = sizeof(a);
	int on = 1;

	memset(ivr, 0, sizeof(*ivr));
	ivr->fd = -1;
	if (inet_pton(AF_INET, addr, &a.sin_addr) != 1 ||
	    bp_keypad_init(&ivr->pad))
		return -1;
	ivr->fd = socket(AF_INET, SOCK_DGRAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
	if (ivr->fd < 0 ||
	    setsockopt(ivr->fd, SOL_SOCKET, SO_TIMESTAMPNS, &on, sizeof(on)) ||
	    bind(ivr->fd, (struct sockaddr *)&a, sizeof(a)) ||
	    getsockname(ivr->fd, (struct sockaddr *)&a, &len)) {
		bp_ivr_close(ivr);
		return -1;
	}
	ivr->port = ntohs(a.sin_port);
	/* RFC 3550, 5.1: both start at random, the ROC at 0 */
	if (RAND_bytes((uint8_t *)&ivr->seq, sizeof(ivr->seq)) != 1 ||
	    RAND_bytes((uint8_t *)&ivr->ts, sizeof(ivr->ts)) != 1) {
		bp_ivr_close(ivr);
		return -1;
	}
	return 0;
}

/**
 * bp_ivr_key - key the channel, once KEY_TRANSPORT has given the key
 * @ivr: the channel
 * @key: the audio master key
 * @salt: its salt
 * @device_ssrc: the SSRC the device sends with
 * @server_ssrc: the SSRC this end sends with
 *
 * Returns 0 or -1.
 */
int bp_ivr_key(struct bp_ivr *ivr, const uint8_t key[16],
	       const uint8_t salt[12], uint32_t device_ssrc,
	       uint32_t server_ssrc)
{
	ivr->server_ssrc = server_ssrc;
	return bp_srtp_session(&ivr->in, key, salt, device_ssrc) ||
	       bp_srtp_session(&ivr->out, key, salt, server_ssrc) ? -1 : 0;
}

/* RTP version 2, PCMU, no CSRC: the 12 bytes at @pkt. */
void bp_rtp_header(uint8_t *pkt, uint16_t seq, uint32_t ts, uint32_t ssrc)
{
	pkt[0] = 0x80;
	pkt[1] = PT_PCMU;
	pkt[2] = seq >> 8;
	pkt[3] = seq & 0xff;
	pkt[4] = ts >> 24;
	pkt[5] = (ts >> 16) & 0xff;
	pkt[6] = (ts >> 8) & 0xff;
	pkt[7] = ts & 0xff;
	pkt[8] = ssrc >> 24;
	pkt[9] = (ssrc >> 16) & 0xff;
	pkt[10] = (ssrc >> 8) & 0xff;
	pkt[11] = ssrc & 0xff;
}

/* The marker bit: the first frame of a talkspurt. */
void bp_rtp_mark(uint8_t *pkt)
{
	pkt[1] |= 0x80;
}

void bp_ivr_close(struct bp_ivr *ivr)
{
	if (ivr->fd >= 0)
		close(ivr->fd);
	if (ivr->in)
		srtp_dealloc(ivr->in);
	if (ivr->out)
		srtp_dealloc(ivr->out);
	if (ivr->pad.rx)
		bp_keypad_free(&ivr->pad);
	OPENSSL_cleanse(ivr, sizeof(*ivr));
	ivr->fd = -1;
}

void bp_ivr_play(struct bp_ivr *ivr, const struct bp_prompt *p)
{
	ivr->play = p;
	ivr->pos = 0;
}

bool bp_ivr_playing(const struct bp_ivr *ivr)
{
	return ivr->play && ivr->pos < ivr->play->len;
}

/*
 * 20 ms of the prompt to the device once it is known.  The timestamp
 * moves on in a pause too, the sequence number only with a frame sent.
 */
void bp_ivr_tick(struct bp_ivr *ivr)
{
	uint8_t pkt[12 + FRAME + 16];
	int len = 12 + FRAME;
	size_t n;

	if (!ivr->peer_len || !bp_ivr_playing(ivr)) {
		ivr->talking = false;
		ivr->ts += FRAME;
		return;
	}
	n = ivr->play->len - ivr->pos < FRAME ? ivr->play->len - ivr->pos :
						FRAME;
	memcpy(pkt + 12, ivr->play->audio + ivr->pos, n);
	ivr->pos += n;
	memset(pkt + 12 + n, 0xff, FRAME - n);	/* mu-law silence */
	bp_rtp_header(pkt, ivr->seq++, ivr->ts, ivr->server_ssrc);
	if (!ivr->talking)
		bp_rtp_mark(pkt);
	ivr->talking = true;
	ivr->ts += FRAME;
	if (srtp_protect(ivr->out, pkt, &len) == srtp_err_status_ok)
		sendto(ivr->fd, pkt, len, 0, (struct sockaddr *)&ivr->peer,
		       ivr->peer_len);
}

/* Whether a packet the kernel took in at @msg's time waited over a frame. */
static bool late(struct msghdr *msg)
{
	struct cmsghdr *c = CMSG_FIRSTHDR(msg);
	struct timespec in, now;
	int64_t ns;

	if (!c || c->cmsg_level != SOL_SOCKET || c->cmsg_type != SCM_TIMESTAMPNS)
		return false;
	memcpy(&in, CMSG_DATA(c), sizeof(in));
	clock_gettime(CLOCK_REALTIME, &now);
	ns = (now.tv_sec - in.tv_sec) * 1000000000LL + now.tv_nsec - in.tv_nsec;
	return ns > FRAME_NS;
}

/*
 * Frames lost on the way are stood in for (the keypad conceals them), as
 * many as the device's sequence numbers say are missing; a longer gap is
 * a pause in what it sends, not a loss.  A frame later than those after it
 * has been stood in for already.
 */
#define CONCEAL_MAX	10

static bool ivr_take(struct bp_ivr *ivr, const uint8_t *pkt)
{
	uint16_t seq = pkt[2] << 8 | pkt[3], gap = seq - ivr->next_seq;
	bool first = ivr->heard == 1;

	if (!first && gap >= 0x8000)
		return false;
	if (!first && gap && gap <= CONCEAL_MAX) {
		ivr->concealed += gap;
		if (bp_keypad_lost(&ivr->pad, gap * FRAME))
			return true;
	}
	ivr->next_seq = seq + 1;
	return bp_keypad_hear(&ivr->pad, pkt + 12, FRAME);
}

/**
 * bp_ivr_hear - take the device's packets waiting on the socket
 * @ivr: the channel
 *
 * Returns true once the keypad has an entry that '#' ended.
 */
bool bp_ivr_hear(struct bp_ivr *ivr)
{
	union {
		char buf[CMSG_SPACE(sizeof(struct timespec))];
		struct cmsghdr align;
	} ctl;
	struct sockaddr_storage from;
	uint8_t pkt[1500];
	struct iovec iov = { pkt, sizeof(pkt) };
	struct msghdr msg = { .msg_iov = &iov, .msg_iovlen = 1 };
	int len;

	for (;;) {
		msg.msg_name = &from;
		msg.msg_namelen = sizeof(from);
		msg.msg_control = ctl.buf;
		msg.msg_controllen = sizeof(ctl.buf);
		len = recvmsg(ivr->fd, &msg, 0);
		if (len < 0)
			break;
		if (srtp_unprotect(ivr->in, pkt, &len) != srtp_err_status_ok)
			continue;	/* not ours */
		/* no CSRC, no extension, no padding: one frame, and only that */
		if (pkt[0] != 0x80 || (pkt[1] & 0x7f) != PT_PCMU ||
		    len != 12 + FRAME) {
			ivr->refused++;
			continue;
		}
		ivr->heard++;
		ivr->late += late(&msg);
		if (!ivr->peer_len) {
			ivr->peer = from;
			ivr->peer_len = msg.msg_namelen;
		}
		if (ivr_take(ivr, pkt))
			return true;
	}
	return ivr->pad.ended;
}
