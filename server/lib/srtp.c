// SPDX-License-Identifier: GPL-2.0
/*
 * SRTP as the voice channel keys it (protocol.rst, 4.1), on libsrtp2, for
 * both of its ends: btiprovd's IVR and btiprov-loadgen's devices.
 */
#include <string.h>

#include <openssl/crypto.h>

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

/**
 * bp_srtp_start - libsrtp2, with its AES on OpenSSL
 *
 * Debian builds libsrtp2 on NSS, which would import a key and build a
 * context for each key derivation and each packet.  Both go through
 * OpenSSL instead: the key derivation's AES-CM (srtp_icm.c) and the
 * packets' AES-GCM (srtp_gcm.c), so that no session uses NSS.
 *
 * Returns 0 or -1.
 */
int bp_srtp_start(void)
{
	return srtp_init() || bp_srtp_icm_install() || bp_srtp_gcm_install() ?
	       -1 : 0;
}

/**
 * bp_srtp_stop - libsrtp2 shut down, every session deallocated before
 */
void bp_srtp_stop(void)
{
	srtp_shutdown();
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
