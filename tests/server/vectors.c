// SPDX-License-Identifier: GPL-2.0
/*
 * The protocol vectors as the server's tests read them: each session's
 * messages in order and its key schedule; the test PKI's keys and chains;
 * the fixed inputs, SHA-256("bti vector " | name).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/pem.h>

#include "vectors.h"

static void hex(const char *s, uint8_t *out, size_t *len, size_t max)
{
	unsigned int b;

	while (*s && *s != '\n' && *len < max) {
		if (*s == ' ') {
			s++;
			continue;
		}
		if (sscanf(s, "%2x", &b) != 1)
			break;
		out[(*len)++] = b;
		s += 2;
	}
}

static FILE *vectors_file(const char *top)
{
	char path[4096];

	snprintf(path, sizeof(path), "%s/Documentation/protocol-vectors.txt",
		 top);
	return fopen(path, "r");
}

/* What a session's title says of it. */
static void title(struct tv_session *v, const char *line)
{
	const char *p;

	v->version = strncmp(line, "Version 2", 9) ? 1 : 2;
	p = strstr(line, "uite ");	/* "Suite 1, ..." or "..., suite 1" */
	v->suite = p ? atoi(p + 5) : 0;
	p = strstr(line, "kind ");
	v->kind = p ? atoi(p + 5) : 0;
	v->refresh = strstr(line, "refresh") != NULL;
	v->reprovision = v->refresh || strstr(line, "re-provisioning");
	v->attested = v->version == 2 && !strstr(line, "not attested");
	v->long_config = strstr(line, "long configuration") != NULL;
	v->refused = strstr(line, "revoked") ? BP_E_REVOKED :
		     strstr(line, "does not hold") ? BP_E_UNKNOWN : 0;
}

/*
 * A message's first line: "NAME (who), N bytes:" with its hex to follow,
 * or, for a long one, "NAME (who), N bytes, SHA-256 H," and its ends.
 */
static struct tv_msg *message(struct tv_session *v, const char *line)
{
	const char *sha = strstr(line, "SHA-256 ");
	struct tv_msg *m;

	if (v->n == TV_MSGS || line[0] < 'A' || line[0] > 'Z' ||
	    !strstr(line, " bytes"))
		return NULL;
	m = &v->m[v->n++];
	sscanf(line, "%15s", m->name);
	if (sha) {
		sscanf(strchr(line, ',') + 1, "%zu", &m->len);
		hex(sha + 8, m->sha, &(size_t){ 0 }, 32);
		return NULL;	/* its ends are not the message */
	}
	m->bytes = malloc(BP_MSG_MAX);
	m->len = 0;
	return m;
}

/**
 * tv_load - read the vectors file
 * @top: the source tree
 * @s: the sessions
 * @max: room for how many
 * @after_voice: the sessions after the voice channel (a device offering
 *	versions 1 to 2, and version 2's), not those before it
 *
 * Returns how many sessions, or -1.
 */
int tv_load(const char *top, struct tv_session *s, int max, bool after_voice)
{
	static const char *const key_names[] = {
		"K_mac_ds: ", "K_mac_sd: ", "K_enc_ds: ", "K_enc_sd: ",
		"K_confirm: ",
	};
	struct tv_session *v = NULL;
	struct tv_msg *m = NULL;
	FILE *f = vectors_file(top);
	bool voice = false;
	size_t n, i;
	int count = 0;
	char line[512];

	if (!f)
		return -1;
	memset(s, 0, max * sizeof(*s));
	while (fgets(line, sizeof(line), f)) {
		if (!strncmp(line, "Voice channel", 13)) {
			voice = true;
			v = NULL;
			m = NULL;
		}
		if (voice != after_voice)
			continue;
		if ((!strncmp(line, "Suite ", 6) ||
		     !strncmp(line, "Version ", 8)) && !strchr(line, '=')) {
			v = count < max ? &s[count++] : NULL;
			if (v)
				title(v, line);
			m = NULL;
			continue;
		}
		for (i = 0; v && i < 5; i++)
			if (!strncmp(line, key_names[i], strlen(key_names[i]))) {
				n = 0;
				hex(line + strlen(key_names[i]), v->keys[i], &n,
				    32);
			}
		if (v && strstr(line, " bytes"))
			m = message(v, line);
		else if (m && !strncmp(line, "  ", 2))
			hex(line + 2, m->bytes, &m->len, BP_MSG_MAX);
	}
	fclose(f);
	return count;
}

/**
 * tv_voice - read the vectors file's voice channel
 * @top: the source tree
 * @v: its keys and frames
 *
 * Returns 0, or -1 if the file or any of it is missing.
 */
int tv_voice(const char *top, struct tv_voice *v)
{
	struct tv_msg *m = NULL;
	FILE *f = vectors_file(top);
	bool in = false;
	char line[512];
	int i;

	if (!f)
		return -1;
	memset(v, 0, sizeof(*v));
	while (fgets(line, sizeof(line), f)) {
		/* the sessions after it are not the voice channel's */
		if (in && (!strncmp(line, "Suite ", 6) ||
			   !strncmp(line, "Version ", 8)))
			break;
		in = in || !strncmp(line, "Voice channel", 13);
		if (!in)
			continue;
		if (strstr(line, "bytes:") && v->n < TV_VOICE_FRAMES) {
			m = &v->frame[v->n++];
			snprintf(m->name, sizeof(m->name), "%.*s",
				 (int)strcspn(line, ","), line);
			m->bytes = malloc(BP_MSG_MAX);
			m->len = 0;
		} else if (m && m->bytes && !strncmp(line, "  ", 2)) {
			hex(line + 2, m->bytes, &m->len, BP_MSG_MAX);
		}
	}
	fclose(f);
	tv_fixed("audio master key", v->master_key, 16);
	tv_fixed("audio master salt", v->master_salt, 12);
	for (i = 0; i < TV_VOICE_FRAMES; i++)
		if (!v->frame[i].bytes || !v->frame[i].len)
			return -1;
	return 0;
}

void tv_voice_free(struct tv_voice *v)
{
	int i;

	for (i = 0; i < v->n; i++)
		free(v->frame[i].bytes);
}

void tv_free(struct tv_session *s, int n)
{
	int i, k;

	for (i = 0; i < n; i++)
		for (k = 0; k < s[i].n; k++)
			free(s[i].m[k].bytes);
}

void tv_fixed(const char *name, uint8_t *out, size_t len)
{
	char label[64];
	uint8_t h[32];
	struct bp_bytes in = { label, 0 };

	in.len = snprintf(label, sizeof(label), "bti vector %s", name);
	bp_sha256(&in, 1, h);
	memcpy(out, h, len);
}

/**
 * tv_bound - the key @v's device is bound by when it names a binding: the
 *	"old user key" input for kind 1, the identity key for kind 2
 * @v: the session
 *
 * Returns the binding's key.
 */
struct bp_bound tv_bound(const struct tv_session *v)
{
	struct bp_bound b = { .kind = v->kind };
	uint8_t sk[32];
	EVP_PKEY *k;

	if (v->kind == 1) {
		tv_fixed("old user key", b.key, 32);
		return b;
	}
	tv_fixed("device identity key", sk, 32);
	k = bp_p256_key(sk);
	/* the test's own crypto failing is no finding: stop */
	if (!k || bp_p256_public(k, b.key))
		abort();
	EVP_PKEY_free(k);
	return b;
}

struct bp_draws tv_draws(void)
{
	struct bp_draws d = { 0 };

	tv_fixed("server nonce", d.server_nonce, 32);
	tv_fixed("server ephemeral key", d.ephemeral, 32);
	return d;
}

/* Append len16(DER) of the certificate in @file to @out. */
static int pem_der(const char *file, uint8_t *out, size_t *len)
{
	FILE *f = fopen(file, "r");
	X509 *x = f ? PEM_read_X509(f, NULL, NULL, NULL) : NULL;
	uint8_t *p = out + *len + 2;
	int n = x ? i2d_X509(x, &p) : -1;

	if (n > 0) {
		out[*len] = n >> 8;
		out[*len + 1] = n & 0xff;
		*len += 2 + n;
	}
	X509_free(x);
	if (f)
		fclose(f);
	return n > 0 ? 0 : -1;
}

/**
 * tv_device_chain - the vectors' device's chain, as ATTESTATION holds it
 * @top: the source tree
 * @out: each certificate len16(DER), leaf first
 * @len: their length
 *
 * Returns 0 or -1.
 */
int tv_device_chain(const char *top, uint8_t *out, size_t *len)
{
	static const char *const certs[] = { "device", "maker-ca" };
	char file[4096];
	int i;

	*len = 0;
	for (i = 0; i < 2; i++) {
		snprintf(file, sizeof(file), "%s/tests/vectors/pki/%s.pem", top,
			 certs[i]);
		if (pem_der(file, out, len))
			return -1;
	}
	return 0;
}

/**
 * tv_device_msg - a device message of @type and @body, MACed where the
 *	server's session @s stands, as a peer with its keys would make it
 * @s: the session
 * @type: the message type
 * @body: its body
 * @body_len: its length
 * @m: the message, BP_MSG_MAX bytes
 *
 * Returns the message's length.
 */
size_t tv_device_msg(const struct bp_session *s, uint8_t type,
		     const uint8_t *body, size_t body_len, uint8_t *m)
{
	uint8_t th[BP_SHA256];
	struct bp_bytes in[] = { { th, sizeof(th) },
				 { m, BP_HEADER + body_len } };

	m[0] = s->w.version;
	m[1] = type;
	bp_put16(m + 2, body_len);
	memcpy(m + BP_HEADER, body, body_len);
	/* the test's own crypto failing is no finding: stop */
	if (bp_wire_th(&s->w, th) ||
	    bp_hmac(s->k.mac_ds, 32, in, 2, m + BP_HEADER + body_len))
		abort();
	return BP_HEADER + body_len + BP_TRAILER;
}

/**
 * tv_attestation - ATTESTATION of @plain (chain_len | chain | proof),
 *	sealed and MACed as protocol.rst, section 4, says
 * @s: the session, after version 2's KEY_TRANSPORT
 * @plain: the plaintext
 * @len: its length, at most BP_ATTESTATION_MAX - 2 - 16
 * @m: the message, BP_MSG_MAX bytes
 *
 * Returns the message's length.
 */
size_t tv_attestation(const struct bp_session *s, const uint8_t *plain,
		      size_t len, uint8_t *m)
{
	uint8_t aad[BP_HEADER + BP_SHA256], n[BP_GCM_NONCE] = { 0 };
	uint8_t body[BP_ATTESTATION_MAX];

	n[11] = 1;
	aad[0] = s->w.version;
	aad[1] = BP_ATTESTATION;
	bp_put16(aad + 2, 2 + len + BP_GCM_TAG);
	bp_put16(body, len + BP_GCM_TAG);
	if (bp_wire_th(&s->w, aad + BP_HEADER) ||
	    bp_gcm_seal(s->k.enc_ds, 32, n, aad, sizeof(aad), plain, len,
			body + 2))
		abort();
	return tv_device_msg(s, BP_ATTESTATION, body, 2 + len + BP_GCM_TAG, m);
}

static EVP_PKEY *pem_key(const char *file)
{
	FILE *f = fopen(file, "r");
	EVP_PKEY *k = f ? PEM_read_PrivateKey(f, NULL, NULL, NULL) : NULL;

	if (f)
		fclose(f);
	return k;
}

/**
 * tv_identity - the test PKI's server, offering both suites
 * @top: the source tree
 * @id: filled
 *
 * Returns 0 or -1.
 */
int tv_identity(const char *top, struct bp_identity *id)
{
	static const char *const leaf[] = { NULL, "server-p256", "server-rsa" };
	char file[4096];
	int suite, err = 0;

	memset(id, 0, sizeof(*id));
	for (suite = 1; suite <= 2; suite++) {
		snprintf(file, sizeof(file), "%s/tests/vectors/pki/%s.key", top,
			 leaf[suite]);
		id->key[suite] = pem_key(file);
		id->chain[suite] = malloc(8192);
		snprintf(file, sizeof(file), "%s/tests/vectors/pki/%s.pem", top,
			 leaf[suite]);
		err |= !id->key[suite] || !id->chain[suite] ||
		       pem_der(file, id->chain[suite], &id->chain_len[suite]);
		snprintf(file, sizeof(file), "%s/tests/vectors/pki/ca.pem", top);
		err |= !id->chain[suite] ||
		       pem_der(file, id->chain[suite], &id->chain_len[suite]);
	}
	return err ? -1 : 0;
}

void tv_identity_free(struct bp_identity *id)
{
	int suite;

	for (suite = 1; suite <= 2; suite++) {
		EVP_PKEY_free(id->key[suite]);
		free(id->chain[suite]);
	}
}
