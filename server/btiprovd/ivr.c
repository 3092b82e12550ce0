// SPDX-License-Identifier: GPL-2.0
/*
 * The IVR's end of one voice channel: SRTP (AEAD_AES_128_GCM) on
 * libsrtp2, prompts out at 20 ms a packet, the device's audio into the
 * keypad ear.  The device's address is learned from its first packet that
 * authenticates, as symmetric RTP does.  Between prompts nothing is sent
 * (RFC 3551's silence suppression): the device plays silence when no
 * frame comes, and a call waiting for keys costs the server half as much.
 * The packets themselves travel through the loop's voice port (voice.c).
 */
#include <string.h>

#include <openssl/crypto.h>
#include <openssl/rand.h>

#include "ivr.h"

/**
 * bp_ivr_open - a voice channel, not keyed
 * @ivr: the channel
 *
 * Returns 0 or -1.
 */
int bp_ivr_open(struct bp_ivr *ivr)
{
	memset(ivr, 0, sizeof(*ivr));
	if (bp_keypad_init(&ivr->pad))
		return -1;
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
	ivr->device_ssrc = device_ssrc;
	ivr->server_ssrc = server_ssrc;
	return bp_srtp_session(&ivr->in, key, salt, device_ssrc) ||
	       bp_srtp_session(&ivr->out, key, salt, server_ssrc) ? -1 : 0;
}

void bp_ivr_close(struct bp_ivr *ivr)
{
	if (ivr->in)
		srtp_dealloc(ivr->in);
	if (ivr->out)
		srtp_dealloc(ivr->out);
	if (ivr->pad.rx)
		bp_keypad_free(&ivr->pad);
	OPENSSL_cleanse(ivr, sizeof(*ivr));
}

/* @p from its start, at the next tick: through bp_voice_play() */
void bp_ivr_play(struct bp_ivr *ivr, const struct bp_prompt *p)
{
	ivr->play = p;
	ivr->pos = 0;
}

bool bp_ivr_playing(const struct bp_ivr *ivr)
{
	return ivr->play && ivr->pos < ivr->play->len;
}

/**
 * bp_ivr_tick - 20 ms of the prompt, for the device once it is known
 * @ivr: the channel
 * @tick: the voice port's tick, one each 20 ms
 * @pkt: where the sealed packet goes
 *
 * The timestamp moves on with the ticks, in a pause too (RFC 3550, 5.1),
 * the sequence number only with a frame sent.
 *
 * Returns the packet's length, or 0 if there is none to send.
 */
size_t bp_ivr_tick(struct bp_ivr *ivr, uint64_t tick,
		   uint8_t pkt[BP_FRAME_PKT])
{
	int len = BP_RTP_HEADER + BP_FRAME;
	size_t n;

	if (!ivr->peer_len || !bp_ivr_playing(ivr))
		return 0;
	n = ivr->play->len - ivr->pos < BP_FRAME ? ivr->play->len - ivr->pos :
						   BP_FRAME;
	memcpy(pkt + BP_RTP_HEADER, ivr->play->audio + ivr->pos, n);
	ivr->pos += n;
	/* mu-law silence */
	memset(pkt + BP_RTP_HEADER + n, 0xff, BP_FRAME - n);
	bp_rtp_header(pkt, ivr->seq++, ivr->ts + (uint32_t)tick * BP_FRAME,
		      ivr->server_ssrc);
	/* RFC 3551, 4.1: the first packet after a silence is marked */
	if (ivr->talk_tick != tick)
		bp_rtp_mark(pkt);
	ivr->talk_tick = tick + 1;
	if (srtp_protect(ivr->out, pkt, &len) != srtp_err_status_ok)
		return 0;
	return len;
}

/**
 * bp_ivr_prefetch - ask the CPU for what the channel's next packet reads
 *	first: its SRTP session, its keypad, and the DTMF receiver's filters
 * @ivr: the channel
 */
void bp_ivr_prefetch(const struct bp_ivr *ivr)
{
	const char *rx = (const char *)ivr->pad.rx;

	__builtin_prefetch(ivr->in);
	__builtin_prefetch(&ivr->pad);
	__builtin_prefetch(rx);
	__builtin_prefetch(rx + 64);
	__builtin_prefetch(rx + 128);
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
		if (bp_keypad_lost(&ivr->pad, gap * BP_FRAME))
			return true;
	}
	ivr->next_seq = seq + 1;
	return bp_keypad_hear(&ivr->pad, pkt + BP_RTP_HEADER, BP_FRAME);
}

/**
 * bp_ivr_hear - take a packet the device sent, if it is authentic
 * @ivr: the channel its SSRC names
 * @pkt: the packet, opened in place
 * @len: its length
 * @from: where it came from
 * @from_len: that address's length
 * @late: it waited more than a frame time before it was taken
 *
 * Returns true once the keypad has an entry that '#' ended.
 */
bool bp_ivr_hear(struct bp_ivr *ivr, uint8_t *pkt, int len,
		 const struct sockaddr_storage *from, socklen_t from_len,
		 bool late)
{
	if (srtp_unprotect(ivr->in, pkt, &len) != srtp_err_status_ok)
		return false;	/* not the device's */
	/* no CSRC, no extension, no padding: one frame, and only that */
	if (pkt[0] != 0x80 || (pkt[1] & 0x7f) != BP_PT_PCMU ||
	    len != BP_RTP_HEADER + BP_FRAME) {
		ivr->refused++;
		return false;
	}
	ivr->heard++;
	ivr->late += late;
	if (!ivr->peer_len) {
		memcpy(&ivr->peer, from, from_len);
		ivr->peer_len = from_len;
	}
	return ivr_take(ivr, pkt);
}
