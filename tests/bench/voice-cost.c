// SPDX-License-Identifier: GPL-2.0
/*
 * voice-cost [CHANNELS]: what one voice packet (a 12-byte RTP header, 160
 * bytes of PCMU keying digits, GCM's 16-byte tag) costs to open, with the
 * keys of CHANNELS channels (1) held and their packets taken in turn, on:
 *   libsrtp2       libsrtp2 as Debian builds it (NSS started once, for
 *                  time, so that each context does not start it anew)
 *   libsrtp2+ossl  libsrtp2 with btiprovd's AES-GCM on OpenSSL
 *                  (server/lib/srtp_gcm.c)
 *   openssl        OpenSSL's AES-128-GCM alone, one context a channel,
 *                  without SRTP's index, replay window or checks
 * and what spandsp's DTMF receiver costs on its 160 samples (dtmf_rx),
 * taking them from mu-law.  Prints "NAME NS" for each, nanoseconds a
 * packet; libsrtp2's lines add the first packet as sealed, in hex, to hold
 * against another library's.  voice.sh's reference is openssl + dtmf_rx.
 */
#define _GNU_SOURCE
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <openssl/evp.h>
#include <spandsp.h>
#ifdef BP_SRTP_NSS
#include <nss.h>
#endif

#include "srtp.h"
#include "keyed.h"


static uint8_t sealed[PACKETS][BP_FRAME_PKT];
static uint8_t pkt[BP_FRAME_PKT];
static const uint8_t key[16] = { 1 }, salt[12] = { 2 };
static int keys;

/* one frame of each channel in turn; each channel's in order */
static void frame(int i)
{
	bp_rtp_header(sealed[i], i, i * BP_FRAME, 7);
	memcpy(sealed[i] + BP_RTP_HEADER, audio[i], BP_FRAME);
}

static int libsrtp2(const char *name, int channels)
{
	srtp_t out, *in = calloc(channels, sizeof(*in));
	double t;
	int i, len;

	if (!in || bp_srtp_session(&out, key, salt, 7))
		return -1;
	for (i = 0; i < channels; i++)
		if (bp_srtp_session(&in[i], key, salt, 7))
			return -1;
	for (i = 0; i < PACKETS; i++) {
		frame(i);
		len = BP_RTP_HEADER + BP_FRAME;
		if (srtp_protect(out, sealed[i], &len) || len != BP_FRAME_PKT)
			return -1;
	}
	t = now();
	for (i = 0; i < PACKETS; i++) {
		memcpy(pkt, sealed[i], sizeof(pkt));
		len = BP_FRAME_PKT;
		if (srtp_unprotect(in[i % channels], pkt, &len))
			return -1;
	}
	t = now() - t;
	report(name, t, sealed[0], BP_FRAME_PKT);
	for (i = 0; i < channels; i++)
		srtp_dealloc(in[i]);
	srtp_dealloc(out);
	free(in);
	return 0;
}

/* the IV of RFC 7714, section 8.1, for SSRC 7, ROC 0 and @seq */
static void iv_of(uint8_t iv[12], uint16_t seq)
{
	memcpy(iv, salt, 12);
	iv[5] ^= 7;
	iv[10] ^= seq >> 8;
	iv[11] ^= seq & 0xff;
}

static int gcm(EVP_CIPHER_CTX *c, uint8_t *p, uint16_t seq, int enc)
{
	uint8_t iv[12], *tag = p + BP_RTP_HEADER + BP_FRAME;
	int n;

	iv_of(iv, seq);
	if (!EVP_CipherInit_ex2(c, NULL, NULL, iv, enc, NULL) ||
	    !EVP_CipherUpdate(c, NULL, &n, p, BP_RTP_HEADER) ||
	    (!enc && !EVP_CIPHER_CTX_ctrl(c, EVP_CTRL_AEAD_SET_TAG, 16, tag)) ||
	    !EVP_CipherUpdate(c, p + BP_RTP_HEADER, &n, p + BP_RTP_HEADER,
			      BP_FRAME) ||
	    EVP_CipherFinal_ex(c, NULL, &n) <= 0)
		return -1;
	return enc ? !EVP_CIPHER_CTX_ctrl(c, EVP_CTRL_AEAD_GET_TAG, 16, tag) : 0;
}

static int openssl(int channels)
{
	EVP_CIPHER *aes = EVP_CIPHER_fetch(NULL, "AES-128-GCM", NULL);
	EVP_CIPHER_CTX *out = EVP_CIPHER_CTX_new();
	EVP_CIPHER_CTX **in = calloc(channels, sizeof(*in));
	double t;
	int i;

	if (!aes || !out || !in ||
	    !EVP_CipherInit_ex2(out, aes, key, NULL, 1, NULL))
		return -1;
	for (i = 0; i < channels; i++) {
		in[i] = EVP_CIPHER_CTX_new();
		if (!in[i] || !EVP_CipherInit_ex2(in[i], aes, key, NULL, 0, NULL))
			return -1;
	}
	for (i = 0; i < PACKETS; i++) {
		frame(i);
		if (gcm(out, sealed[i], i, 1))
			return -1;
	}
	t = now();
	for (i = 0; i < PACKETS; i++) {
		memcpy(pkt, sealed[i], sizeof(pkt));
		if (gcm(in[i % channels], pkt, i, 0))
			return -1;
	}
	t = now() - t;
	printf("openssl %.0f\n", t / PACKETS * 1e9);
	for (i = 0; i < channels; i++)
		EVP_CIPHER_CTX_free(in[i]);
	EVP_CIPHER_CTX_free(out);
	EVP_CIPHER_free(aes);
	free(in);
	return 0;
}

static void heard(void *user, const char *digits, int len)
{
	(void)user;
	(void)digits;
	keys += len;
}

static int dtmf(void)
{
	dtmf_rx_state_t *rx = dtmf_rx_init(NULL, heard, NULL);
	int16_t pcm[BP_FRAME];
	double t;
	int i, j;

	if (!rx)
		return -1;
	t = now();
	for (i = 0; i < PACKETS; i++) {
		for (j = 0; j < BP_FRAME; j++)
			pcm[j] = ulaw_to_linear(audio[i][j]);
		dtmf_rx(rx, pcm, BP_FRAME);
	}
	t = now() - t;
	dtmf_rx_free(rx);
	/* the receiver heard keys: the audio was what it is meant to be */
	if (!keys)
		return -1;
	printf("dtmf_rx %.0f\n", t / PACKETS * 1e9);
	return 0;
}

int main(int argc, char **argv)
{
	int channels = argc > 1 ? atoi(argv[1]) : 1;

	if (channels < 1)
		return 1;
#ifdef BP_SRTP_NSS
	if (!NSS_InitContext("", "", "", "", NULL,
			     NSS_INIT_READONLY | NSS_INIT_NOCERTDB |
			     NSS_INIT_NOMODDB | NSS_INIT_FORCEOPEN))
		return 1;
#endif
	if (key_digits() || srtp_init() || libsrtp2("libsrtp2", channels) ||
	    bp_srtp_gcm_install() || libsrtp2("libsrtp2+ossl", channels) ||
	    openssl(channels) || dtmf())
		return 1;
	srtp_shutdown();
	return 0;
}
