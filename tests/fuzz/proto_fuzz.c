// SPDX-License-Identifier: GPL-2.0
/*
 * libFuzzer over btiprovd's protocol engine.  The first byte picks a
 * session of the vectors, of version 1 or 2, the second how far its valid
 * messages go before
 * the input takes over; the rest is a run of messages, each a 2-byte
 * length and its bytes, fed to the engine as the device's next ones.  With
 * the second byte's top bit, a message of the input that comes while a
 * version 2 session waits for ATTESTATION is ATTESTATION's plaintext,
 * sealed and MACed as a device with the session's keys would, so that
 * the chain's parsing is reached.  A
 * refusal must leave a protocol error; anything else a sanitizer sees is
 * a finding.
 */
#include <stdlib.h>
#include <string.h>

#include "proto.h"
#include "vectors.h"

static struct tv_session vecs[2 * TV_SESSIONS];
static int n_vecs;
static struct bp_identity all, id;
static uint8_t out[BP_PROVISIONED_OUT], att[BP_MSG_MAX];

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	const char *top = getenv("BTI_TOP") ? getenv("BTI_TOP") : ".";

	(void)argc;
	(void)argv;
	n_vecs = tv_load(top, vecs, TV_SESSIONS, false);
	if (n_vecs <= 0)
		abort();
	n_vecs += tv_load(top, vecs + n_vecs, TV_SESSIONS, true);
	if (tv_identity(top, &all))
		abort();
	return 0;
}

static const struct bp_voice voice = {
	4, { 192, 0, 2, 1 }, 5004, 0x11223344, 0x55667788,
};

/* The message of @v named @name, or NULL. */
static const struct tv_msg *msg(const struct tv_session *v, const char *name)
{
	int i;

	for (i = 0; i < v->n; i++)
		if (!strcmp(v->m[i].name, name))
			return &v->m[i];
	return NULL;
}

/* Feed one device message where the session stands. */
static int feed(struct bp_session *s, const struct tv_session *v,
		const struct bp_bound *b, const uint8_t *m, size_t len)
{
	uint8_t code;
	char text[BP_ERROR_TEXT_MAX + 1];
	size_t n;

	if (len && m[1 % len] == BP_ERROR)
		return bp_error_parse(s, m, len, &code, text);
	switch (s->state) {
	case BP_IDLE:
		return bp_request(s, &id, m, len, out, &n);
	case BP_WAIT_TRANSPORT:
		return bp_key_transport(s, &id, m, len, &voice, out, &n);
	case BP_WAIT_ATTESTATION:
		return bp_attestation(s, m, len) ?:
		       bp_key_confirm(s, &voice, out, &n);
	case BP_WAIT_REFRESH:
		if (s->refreshed)
			return bp_provisioned(s, s->held + 1, m, len, out, &n);
		return bp_refresh(s, m, len, b);
	case BP_WAIT_FINISHED:
		return bp_finished(s, m, len);
	case BP_IVR:
		return bp_auth_result(s, len ? m[0] % 4 : 0, len > 1 ? m[1] : 0,
				      out, &n);
	case BP_WAIT_USER_KEY:
		if (s->user_key_len)
			return bp_provisioned(s, 1, m, len > BP_CONFIG_MAX ?
					      BP_CONFIG_MAX : len, out, &n);
		return bp_user_key(s, m, len, v->reprovision ? b : NULL);
	default:
		return bp_error_parse(s, m, len, &code, text);
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const char *const prefix[] = {
		"REQUEST", "KEY_TRANSPORT", "ATTESTATION",
	};
	const struct tv_session *v;
	struct bp_draws d = tv_draws();
	struct bp_session s;
	struct bp_bound b;
	unsigned int depth, i;
	bool sealed;
	size_t len;
	int err;

	if (size < 2)
		return 0;
	v = &vecs[data[0] % n_vecs];
	depth = data[1] % 4;
	sealed = data[1] & 0x80;
	/* the server as the vectors': offering only the session's suite */
	id = all;
	id.chain_len[3 - v->suite] = 0;
	b = tv_bound(v);
	if (bp_session_init(&s, &d))
		abort();
	s.max_version = v->version;
	for (i = 0; i < depth && i < 3; i++) {
		const struct tv_msg *m = msg(v, prefix[i]);

		if (!m)
			break;		/* version 1 has no ATTESTATION */
		if (feed(&s, v, &b, m->bytes, m->len))
			abort();	/* the vectors must pass */
	}
	/* as the vectors' subscriber: a wrong entry, then the right one */
	if (depth == 3 && s.state == BP_IVR &&
	    (bp_auth_result(&s, 1, 1, out, &len) ||
	     bp_auth_result(&s, 0, 0, out, &len)))
		abort();
	data += 2;
	size -= 2;
	while (size >= 2) {
		len = data[0] << 8 | data[1];
		if (len > size - 2)
			len = size - 2;
		s.w.error = 0;
		if (sealed && s.state == BP_WAIT_ATTESTATION &&
		    len <= BP_ATTESTATION_MAX - 2 - BP_GCM_TAG)
			err = feed(&s, v, &b, att,
				   tv_attestation(&s, data + 2, len, att));
		else
			err = feed(&s, v, &b, data + 2, len);
		if (err && !s.w.error)
			abort();	/* a refusal says why */
		data += 2 + len;
		size -= 2 + len;
	}
	bp_session_free(&s);
	return 0;
}
