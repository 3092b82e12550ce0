/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _BTI_KEY_SCHEDULE_H
#define _BTI_KEY_SCHEDULE_H

#include "crypto/gcm.h"
#include "session.h"

/* the session key, audio key and salt, and key nonce, and the tag */
#define BTI_KEY_TRANSPORT_SEALED	(32 + 16 + 12 + 32 + BTI_GCM_TAG)

int bti_key_wrap_kek(struct bti_session *s, const u8 th[SHA256_DIGEST_SIZE],
		     u8 *out, size_t *len);
int bti_key_seal_transport(struct bti_session *s, u8 *out, size_t aad_len);
int bti_key_derive(struct bti_session *s, const u8 th[SHA256_DIGEST_SIZE]);
int bti_key_check_confirm(struct bti_session *s,
			  const u8 th[SHA256_DIGEST_SIZE],
			  const u8 mac[SHA256_DIGEST_SIZE]);
int bti_key_reprovision_proof(struct bti_session *s,
			      const struct bti_reprovision *re,
			      const u8 th[SHA256_DIGEST_SIZE], u8 proof[32]);

#endif /* _BTI_KEY_SCHEDULE_H */
