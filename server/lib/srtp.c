// SPDX-License-Identifier: GPL-2.0
/*
 * SRTP as the voice channel keys it (protocol.rst, 4.1), on libsrtp2, for
 * both of its ends: btiprovd's IVR and btiprov-loadgen's devices.
 */
#include <string.h>

#include <openssl/crypto.h>
#ifdef BP_SRTP_NSS
#include <nss.h>
#endif

#include "srtp.h"

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
 * bp_srtp_start - libsrtp2, its AES-GCM on OpenSSL, and a session held for
 * the process's life
 * @held: that session, never used for a packet
 *
 * libsrtp2's crypto backend (NSS, in Debian's build) starts with the first
 * session's context and stops with the last: a server whose sessions come
 * and go would load and unload its libraries each time.  NSS is left only
 * the key derivation at each session's start; packets go through OpenSSL
 * (srtp_gcm.c).
 *
 * On NSS, each context starts NSS "for space", and the first start is the
 * one that counts: NSS's softoken then files every key it holds in 32 hash
 * buckets, each lookup walking a chain.  Started for time, as here, it
 * keeps the derivation's key lookups short.
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
	return srtp_init() || bp_srtp_gcm_install() ||
	       bp_srtp_session(held, key, salt, 0) ? -1 : 0;
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

/* RTP version 2, PCMU, no CSRC: the 12 bytes at @pkt. */
void bp_rtp_header(uint8_t *pkt, uint16_t seq, uint32_t ts, uint32_t ssrc)
{
	pkt[0] = 0x80;
	pkt[1] = BP_PT_PCMU;
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

/* The SSRC of an RTP packet of at least the header's length. */
uint32_t bp_rtp_ssrc(const uint8_t *pkt)
{
	return (uint32_t)pkt[8] << 24 | pkt[9] << 16 | pkt[10] << 8 | pkt[11];
}
