/* SPDX-License-Identifier: GPL-2.0 */
/* The random draws of the sessions of Documentation/protocol-vectors.txt. */
#ifndef _BTI_VECTOR_DRAWS_H
#define _BTI_VECTOR_DRAWS_H

static void draws(struct bti_session_draws *d)
{
	memcpy(d->device_nonce, pv_device_nonce, 32);
	memcpy(d->key_nonce, pv_key_nonce, 32);
	memcpy(d->kek, pv_kek, 32);
	memcpy(d->session_key, pv_session_key, 32);
	memcpy(d->audio_key, pv_audio_key, 16);
	memcpy(d->audio_salt, pv_audio_salt, 12);
	memcpy(d->hpke_ske, pv_hpke_ephemeral_key, 32);
	memcpy(d->oaep_seed, pv_oaep_seed, 32);
	memcpy(d->user_key, pv_user_key, 32);
}

#endif /* _BTI_VECTOR_DRAWS_H */
