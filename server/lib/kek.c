// SPDX-License-Identifier: GPL-2.0
/*
 * Key-encryption keys: the file that holds them, and the seal they put on
 * a symmetric user key in the store, so that whoever reads the store (a
 * stolen disk, a backup, a database dump) learns no key that lets him
 * pass for a device.
 *
 * The file holds a key a line, 64 hex digits, newest last, and only its
 * owner may read it.  The store names each key by its id, the first 8
 * bytes of SHA-256("bti kek id " || key), and never holds the key.  A
 * seal is AES-256-GCM under a fresh random nonce; its associated data
 * names the binding's device id and key kind, so that a sealed key moved
 * to another row does not open.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <openssl/crypto.h>
#include <openssl/rand.h>

#include "kek.h"

#define SEALED_BYTES	(BP_GCM_NONCE + BP_KEK_KEY + BP_GCM_TAG)

static void to_hex(const uint8_t *b, size_t n, char *out)
{
	static const char digits[] = "0123456789abcdef";
	size_t i;

	for (i = 0; i < n; i++) {
		out[2 * i] = digits[b[i] >> 4];
		out[2 * i + 1] = digits[b[i] & 15];
	}
	out[2 * n] = 0;
}

static int nibble(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/**
 * bp_unhex - bytes from their hex
 * @s: exactly 2 * @n hex digits
 * @out: the bytes
 * @n: how many
 *
 * Return: 0, or -1 if @s is not that.
 */
int bp_unhex(const char *s, uint8_t *out, size_t n)
{
	size_t i;
	int hi, lo;

	if (strlen(s) != 2 * n)
		return -1;
	for (i = 0; i < n; i++) {
		hi = nibble(s[2 * i]);
		lo = nibble(s[2 * i + 1]);
		if (hi < 0 || lo < 0)
			return -1;
		out[i] = hi << 4 | lo;
	}
	return 0;
}

static int name_key(struct bp_kek *k)
{
	static const char label[] = "bti kek id ";
	struct bp_bytes in[] = { { label, sizeof(label) - 1 },
				 { k->key, sizeof(k->key) } };
	uint8_t h[BP_SHA256];

	if (bp_sha256(in, 2, h))
		return -1;
	to_hex(h, (BP_KEK_ID - 1) / 2, k->id);
	return 0;
}

/* Only its owner may read a file of keys, as ssh asks of a private key. */
static int check_mode(int fd, const char *path, char *err, size_t err_len)
{
	struct stat s;

	if (fstat(fd, &s)) {
		snprintf(err, err_len, "%s: %s", path, strerror(errno));
		return -1;
	}
	if (!S_ISREG(s.st_mode)) {
		snprintf(err, err_len, "%s: not a file", path);
		return -1;
	}
	if (s.st_mode & 077) {
		snprintf(err, err_len,
			 "%s: others than its owner may read it (chmod 600)",
			 path);
		return -1;
	}
	return 0;
}

/* One line of the file: a key, or nothing (blank, or a # comment). */
static int parse_line(struct bp_keks *ks, char *line, int at, char *err,
		      size_t err_len)
{
	size_t len = strcspn(line, "\r\n");
	struct bp_kek *k = &ks->k[ks->n];
	int i;

	while (len && (line[len - 1] == ' ' || line[len - 1] == '\t'))
		len--;
	line[len] = 0;
	if (!line[strspn(line, " \t")] || line[0] == '#')
		return 0;
	if (ks->n == BP_KEK_MAX) {
		snprintf(err, err_len, "%s: more than %d keys", ks->path,
			 BP_KEK_MAX);
		return -1;
	}
	if (bp_unhex(line, k->key, sizeof(k->key)) || name_key(k)) {
		snprintf(err, err_len, "%s:%d: not a key (64 hex digits)",
			 ks->path, at);
		return -1;
	}
	for (i = 0; i < ks->n; i++)
		if (!strcmp(ks->k[i].id, k->id)) {
			snprintf(err, err_len, "%s:%d: key %s twice", ks->path,
				 at, k->id);
			return -1;
		}
	ks->n++;
	return 0;
}

/**
 * bp_keks_load - read a file of key-encryption keys
 * @ks: the keys, newest last
 * @path: the file
 * @err: why not
 * @err_len: its size
 *
 * Refuses a file that others than its owner may read, a line that is not
 * a key, and a file with none.
 *
 * Return: 0, or -1 with @ks empty.
 */
int bp_keks_load(struct bp_keks *ks, const char *path, char *err,
		 size_t err_len)
{
	char line[160], buf[4096];
	int fd, at = 0, rc = 0;
	FILE *f;

	memset(ks, 0, sizeof(*ks));
	snprintf(ks->path, sizeof(ks->path), "%s", path);
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0) {
		snprintf(err, err_len, "%s: %s%s", path, strerror(errno),
			 errno == ENOENT ? " (btiprov kek new makes it)" : "");
		return -1;
	}
	if (check_mode(fd, path, err, err_len) || !(f = fdopen(fd, "r"))) {
		close(fd);
		return -1;
	}
	/* stdio's buffer holds the keys too: one of ours, wiped after */
	setvbuf(f, buf, _IOFBF, sizeof(buf));
	while (!rc && fgets(line, sizeof(line), f))
		rc = parse_line(ks, line, ++at, err, err_len);
	fclose(f);
	OPENSSL_cleanse(line, sizeof(line));
	OPENSSL_cleanse(buf, sizeof(buf));
	if (!rc && !ks->n) {
		snprintf(err, err_len, "%s: holds no key", path);
		rc = -1;
	}
	if (rc)
		bp_keks_wipe(ks);
	return rc;
}

/**
 * bp_keks_find - the key of an id, the file read again if it lacks it
 * @ks: the keys
 * @id: the id
 *
 * So a key added to the file (the first step of a rotation) is taken
 * without a restart.
 *
 * Return: the key, or NULL.
 */
const struct bp_kek *bp_keks_find(struct bp_keks *ks, const char *id)
{
	struct bp_keks again;
	char err[300];
	int i, pass;

	for (pass = 0; pass < 2; pass++) {
		for (i = 0; i < ks->n; i++)
			if (!strcmp(ks->k[i].id, id))
				return &ks->k[i];
		if (pass || !ks->path[0] ||
		    bp_keks_load(&again, ks->path, err, sizeof(err)))
			return NULL;
		bp_keks_wipe(ks);
		*ks = again;
		bp_keks_wipe(&again);
	}
	return NULL;
}

/**
 * bp_keks_wipe - forget the keys
 * @ks: the keys
 */
void bp_keks_wipe(struct bp_keks *ks)
{
	char path[sizeof(ks->path)];

	memcpy(path, ks->path, sizeof(path));
	OPENSSL_cleanse(ks, sizeof(*ks));
	memcpy(ks->path, path, sizeof(path));
}

/**
 * bp_kek_append - add a new random key to a file of them, made if need be
 * @path: the file
 * @id: the new key's id
 * @err: why not
 * @err_len: its size
 *
 * The file is made readable by its owner alone; an existing one must be
 * so already, and hold only keys.
 *
 * Return: 0 or -1.
 */
int bp_kek_append(const char *path, char id[BP_KEK_ID], char *err,
		  size_t err_len)
{
	char line[2 * BP_KEK_KEY + 3] = "", last = '\n';
	struct bp_keks ks;
	struct bp_kek k;
	off_t end;
	int fd, rc = -1;

	fd = open(path, O_RDWR | O_APPEND | O_CREAT | O_CLOEXEC, 0600);
	if (fd < 0) {
		snprintf(err, err_len, "%s: %s", path, strerror(errno));
		return -1;
	}
	if (check_mode(fd, path, err, err_len))
		goto out;
	end = lseek(fd, 0, SEEK_END);
	if (end > 0) {
		if (bp_keks_load(&ks, path, err, err_len))
			goto out;
		if (pread(fd, &last, 1, end - 1) != 1) {
			bp_keks_wipe(&ks);
			snprintf(err, err_len, "%s: %s", path, strerror(errno));
			goto out;
		}
		rc = ks.n == BP_KEK_MAX ? -1 : 0;
		bp_keks_wipe(&ks);
		if (rc) {
			snprintf(err, err_len, "%s: holds %d keys already",
				 path, BP_KEK_MAX);
			goto out;
		}
		rc = -1;
	}
	if (RAND_priv_bytes(k.key, sizeof(k.key)) != 1 || name_key(&k)) {
		snprintf(err, err_len, "no random key");
		goto out;
	}
	/* a last line left unended is ended first */
	if (last != '\n')
		strcpy(line, "\n");
	to_hex(k.key, sizeof(k.key), line + strlen(line));
	strcat(line, "\n");
	if (write(fd, line, strlen(line)) != (ssize_t)strlen(line) ||
	    fsync(fd)) {
		snprintf(err, err_len, "%s: %s", path, strerror(errno));
		goto out;
	}
	memcpy(id, k.id, BP_KEK_ID);
	rc = 0;
out:
	OPENSSL_cleanse(&k, sizeof(k));
	OPENSSL_cleanse(line, sizeof(line));
	close(fd);
	return rc;
}

/* The binding a seal belongs to: "bti kek v1 DEVICE-ID KIND". */
static int binding_aad(const char *device_hex, unsigned int kind,
		       char aad[96])
{
	int n = snprintf(aad, 96, "bti kek v1 %s %u", device_hex, kind);

	return n > 0 && n < 96 ? n : -1;
}

/**
 * bp_kek_seal - seal a symmetric user key for the store
 * @k: the key-encryption key
 * @device_hex: the binding's device id, as the store keeps it
 * @kind: the binding's key kind
 * @key: the user key
 * @out: the seal, as hex
 *
 * Return: 0 or -1.
 */
int bp_kek_seal(const struct bp_kek *k, const char *device_hex,
		unsigned int kind, const uint8_t key[BP_KEK_KEY],
		char out[BP_KEK_SEALED])
{
	uint8_t sealed[SEALED_BYTES];
	char aad[96];
	int n = binding_aad(device_hex, kind, aad);

	if (n < 0 || RAND_bytes(sealed, BP_GCM_NONCE) != 1 ||
	    bp_gcm_seal(k->key, sizeof(k->key), sealed, (uint8_t *)aad, n,
			key, BP_KEK_KEY, sealed + BP_GCM_NONCE))
		return -1;
	to_hex(sealed, sizeof(sealed), out);
	return 0;
}

/**
 * bp_kek_open - open a sealed user key
 * @k: the key-encryption key that sealed it
 * @device_hex: the binding's device id
 * @kind: the binding's key kind
 * @sealed: the seal, as hex
 * @key: the user key
 *
 * Return: 0, or -1 if it is not a seal of this key for this binding.
 */
int bp_kek_open(const struct bp_kek *k, const char *device_hex,
		unsigned int kind, const char *sealed,
		uint8_t key[BP_KEK_KEY])
{
	uint8_t raw[SEALED_BYTES];
	char aad[96];
	int n = binding_aad(device_hex, kind, aad);

	if (n < 0 || bp_unhex(sealed, raw, sizeof(raw)))
		return -1;
	return bp_gcm_open(k->key, sizeof(k->key), raw, (uint8_t *)aad, n,
			   raw + BP_GCM_NONCE, BP_KEK_KEY + BP_GCM_TAG, key);
}
