/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _BTI_TRANSCRIPT_H
#define _BTI_TRANSCRIPT_H

#include "session.h"

int bti_session_refuse(struct bti_session *s, enum bti_error code);
void bti_transcript_hash(const struct bti_session *s,
			 u8 th[SHA256_DIGEST_SIZE]);
int bti_transcript_add(struct bti_session *s, const u8 *msg, size_t len);
int bti_frame(struct bti_session *s, u8 type, u8 *out, size_t body_len,
	      size_t *len);
int bti_unframe(struct bti_session *s, u8 type, const u8 *msg, size_t len,
		bool mac, size_t *body_len);
int bti_receive(struct bti_session *s, enum bti_stage stage, u8 type,
		const u8 *msg, size_t len, size_t *body_len);

#endif /* _BTI_TRANSCRIPT_H */
