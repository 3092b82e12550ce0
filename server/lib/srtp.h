/* SPDX-License-Identifier: GPL-2.0 */
#ifndef BTIPROV_SRTP_H
#define BTIPROV_SRTP_H

#include <stdint.h>

#include <srtp2/srtp.h>

/* protocol.rst, 4.1: PCMU (RFC 3551's payload type 0), 8000 Hz, 20 ms */
#define BP_PT_PCMU	0
#define BP_FRAME	160
#define BP_FRAME_NS	20000000LL
/* a frame's packet: the bare header, the frame, GCM's tag */
#define BP_RTP_HEADER	12
#define BP_SRTP_TAG	16
#define BP_FRAME_PKT	(BP_RTP_HEADER + BP_FRAME + BP_SRTP_TAG)

int bp_srtp_gcm_install(void);
int bp_srtp_icm_install(void);
int bp_srtp_start(void);
void bp_srtp_stop(void);
int bp_srtp_session(srtp_t *s, const uint8_t key[16], const uint8_t salt[12],
		    uint32_t ssrc);
void bp_rtp_header(uint8_t *pkt, uint16_t seq, uint32_t ts, uint32_t ssrc);
void bp_rtp_mark(uint8_t *pkt);
uint32_t bp_rtp_ssrc(const uint8_t *pkt);

#endif
