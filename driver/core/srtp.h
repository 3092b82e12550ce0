/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _BTI_SRTP_H
#define _BTI_SRTP_H

#include <crypto/aead.h>
#include <linux/bits.h>
#include <linux/types.h>

#define BTI_SRTP_KEY		16	/* AEAD_AES_128_GCM */
#define BTI_SRTP_SALT		12
#define BTI_SRTP_TAG		16
#define BTI_RTP_HEADER		12
#define BTI_SRTP_WINDOW		64
/* RFC 7714 section 13: at most 2^48 packets under one key */
#define BTI_SRTP_MAX_PACKETS	BIT_ULL(48)

/**
 * struct bti_srtp - one direction of an SRTP stream, RFC 7714
 * @aead: gcm(aes) under the session key
 * @req: the one request, reused; a direction is used by one context
 * @salt: the session salt
 * @started: a packet was accepted (receive) or sent (send)
 * @index: send: the next packet's index; receive: the highest accepted
 * @seen: receive: bit n set if packet @index - n was accepted
 */
struct bti_srtp {
	struct crypto_aead *aead;
	struct aead_request *req;
	u8 salt[BTI_SRTP_SALT];
	bool started;
	u64 index;
	u64 seen;
};

int bti_srtp_kdf(const u8 *master_key, const u8 *master_salt, size_t salt_len,
		 u8 label, u8 *out, size_t len);
int bti_srtp_init(struct bti_srtp *c, const u8 master_key[BTI_SRTP_KEY],
		  const u8 master_salt[BTI_SRTP_SALT]);
int bti_srtp_init_session(struct bti_srtp *c, const u8 key[BTI_SRTP_KEY],
			  const u8 salt[BTI_SRTP_SALT]);
void bti_srtp_destroy(struct bti_srtp *c);
int bti_srtp_protect(struct bti_srtp *c, u8 *pkt, size_t hdr_len,
		     size_t payload_len, u64 index);
int bti_srtp_unprotect(struct bti_srtp *c, u8 *pkt, size_t len,
		       size_t *hdr_len, size_t *payload_len, u64 *index);

#endif /* _BTI_SRTP_H */
