// SPDX-License-Identifier: GPL-2.0
/*
 * SRTP with AEAD_AES_128_GCM (RFC 7714) for one direction of a stream: the
 * key derivation of RFC 3711, the packet transform, and on receive the
 * packet index estimate and the replay window.  No sockets, no chip.
 */
#include <crypto/skcipher.h>
#include <kunit/visibility.h>
#include <linux/scatterlist.h>
#include <linux/slab.h>
#include <linux/string.h>

#include "srtp.h"

/**
 * bti_srtp_kdf - RFC 3711 section 4.3.1 with a key derivation rate of 0
 * @master_key: 16 bytes
 * @master_salt: the master salt
 * @salt_len: its length, at most 14; a shorter salt is padded with zeroes
 * @label: 0 for the cipher key, 2 for the salt, as RFC 3711 numbers them
 * @out: the derived bytes
 * @len: how many, at most 64
 *
 * Return: 0 or a negative errno.
 */
int bti_srtp_kdf(const u8 *master_key, const u8 *master_salt, size_t salt_len,
		 u8 label, u8 *out, size_t len)
{
	struct crypto_sync_skcipher *ctr;
	struct scatterlist sg;
	u8 iv[16] = { }, *buf;
	int err;

	if (salt_len > 14 || len > 64)
		return -EINVAL;
	buf = kzalloc(len, GFP_KERNEL);
	if (!buf)
		return -ENOMEM;
	ctr = crypto_alloc_sync_skcipher("ctr(aes)", 0, 0);
	if (IS_ERR(ctr)) {
		kfree(buf);
		return PTR_ERR(ctr);
	}
	memcpy(iv, master_salt, salt_len);
	iv[7] ^= label;
	err = crypto_sync_skcipher_setkey(ctr, master_key, BTI_SRTP_KEY);
	if (!err) {
		SYNC_SKCIPHER_REQUEST_ON_STACK(req, ctr);

		sg_init_one(&sg, buf, len);
		skcipher_request_set_sync_tfm(req, ctr);
		skcipher_request_set_callback(req, 0, NULL, NULL);
		skcipher_request_set_crypt(req, &sg, &sg, len, iv);
		err = crypto_skcipher_encrypt(req);
		skcipher_request_zero(req);
	}
	memcpy(out, buf, len);
	kfree_sensitive(buf);
	/* the salt, and the counter that CTR left after it */
	memzero_explicit(iv, sizeof(iv));
	crypto_free_sync_skcipher(ctr);
	return err;
}
EXPORT_SYMBOL_IF_KUNIT(bti_srtp_kdf);

/**
 * bti_srtp_init_session - key a direction with session keys directly
 * @c: the direction, zeroed
 * @key: the session encryption key
 * @salt: the session salt
 *
 * Return: 0 or a negative errno.
 */
int bti_srtp_init_session(struct bti_srtp *c, const u8 key[BTI_SRTP_KEY],
			  const u8 salt[BTI_SRTP_SALT])
{
	int err;

	/* synchronous only: packets are sealed and opened in softirq */
	c->aead = crypto_alloc_aead("gcm(aes)", 0, CRYPTO_ALG_ASYNC);
	if (IS_ERR(c->aead)) {
		err = PTR_ERR(c->aead);
		c->aead = NULL;
		return err;
	}
	err = crypto_aead_setkey(c->aead, key, BTI_SRTP_KEY);
	err = err ?: crypto_aead_setauthsize(c->aead, BTI_SRTP_TAG);
	if (!err) {
		c->req = aead_request_alloc(c->aead, GFP_KERNEL);
		err = c->req ? 0 : -ENOMEM;
	}
	if (err) {
		bti_srtp_destroy(c);
		return err;
	}
	aead_request_set_callback(c->req, 0, NULL, NULL);
	memcpy(c->salt, salt, BTI_SRTP_SALT);
	return 0;
}
EXPORT_SYMBOL_IF_KUNIT(bti_srtp_init_session);

/**
 * bti_srtp_init - key a direction from the master key and salt
 * @c: the direction, zeroed
 * @master_key: the audio master key of the key transport
 * @master_salt: its master salt
 *
 * Return: 0 or a negative errno.
 */
int bti_srtp_init(struct bti_srtp *c, const u8 master_key[BTI_SRTP_KEY],
		  const u8 master_salt[BTI_SRTP_SALT])
{
	u8 key[BTI_SRTP_KEY], salt[BTI_SRTP_SALT];
	int err;

	err = bti_srtp_kdf(master_key, master_salt, BTI_SRTP_SALT, 0, key,
			   sizeof(key));
	err = err ?: bti_srtp_kdf(master_key, master_salt, BTI_SRTP_SALT, 2,
				  salt, sizeof(salt));
	err = err ?: bti_srtp_init_session(c, key, salt);
	memzero_explicit(key, sizeof(key));
	memzero_explicit(salt, sizeof(salt));
	return err;
}
EXPORT_SYMBOL_IF_KUNIT(bti_srtp_init);

/**
 * bti_srtp_destroy - free a direction and wipe its keys
 * @c: the direction
 */
void bti_srtp_destroy(struct bti_srtp *c)
{
	aead_request_free(c->req);
	crypto_free_aead(c->aead);
	memzero_explicit(c, sizeof(*c));
}
EXPORT_SYMBOL_IF_KUNIT(bti_srtp_destroy);

/* RFC 7714 section 8.1: the salt XOR 00 00 | SSRC | ROC | SEQ */
static int bti_srtp_crypt(struct bti_srtp *c, u8 *pkt, size_t hdr_len,
			  size_t len, u64 index, bool encrypt)
{
	struct scatterlist sg;
	u8 iv[BTI_SRTP_SALT];
	unsigned int i;
	int err;

	memcpy(iv, c->salt, sizeof(iv));
	for (i = 0; i < 4; i++)
		iv[2 + i] ^= pkt[8 + i];
	for (i = 0; i < 6; i++)
		iv[6 + i] ^= index >> (8 * (5 - i));
	/* sealing appends the tag; opening takes it as part of @len */
	sg_init_one(&sg, pkt, hdr_len + len + (encrypt ? BTI_SRTP_TAG : 0));
	aead_request_set_crypt(c->req, &sg, &sg, len, iv);
	aead_request_set_ad(c->req, hdr_len);
	err = encrypt ? crypto_aead_encrypt(c->req) :
			crypto_aead_decrypt(c->req);
	memzero_explicit(iv, sizeof(iv));
	return err;
}

/**
 * bti_srtp_protect - seal an RTP packet in place
 * @c: the sending direction
 * @pkt: the packet: header, payload, and room for the tag after it
 * @hdr_len: the header's length
 * @payload_len: the payload's length
 * @index: the packet's index, ROC and sequence number; its low 16 bits
 *	go into the header
 *
 * Return: 0; -EKEYEXPIRED once the key has sealed its 2^48 packets.
 */
int bti_srtp_protect(struct bti_srtp *c, u8 *pkt, size_t hdr_len,
		     size_t payload_len, u64 index)
{
	if (index >= BTI_SRTP_MAX_PACKETS)
		return -EKEYEXPIRED;
	pkt[2] = index >> 8;
	pkt[3] = index;
	return bti_srtp_crypt(c, pkt, hdr_len, payload_len, index, true);
}
EXPORT_SYMBOL_IF_KUNIT(bti_srtp_protect);

/* RFC 3550 section 5.1: the fixed header, CSRCs and an extension. */
static int bti_rtp_header_len(const u8 *pkt, size_t len, size_t *hdr_len)
{
	size_t n = BTI_RTP_HEADER + 4 * (pkt[0] & 0x0f);

	if (pkt[0] >> 6 != 2)
		return -EPROTO;
	if ((pkt[0] & 0x10) && n + 4 <= len)
		n += 4 + 4 * (pkt[n + 2] << 8 | pkt[n + 3]);
	else if (pkt[0] & 0x10)
		return -EINVAL;
	if (n + BTI_SRTP_TAG > len)
		return -EINVAL;
	*hdr_len = n;
	return 0;
}

/*
 * RFC 3711 appendix A: the index of the packet with @seq, guessed from the
 * highest accepted one.  Negative if it would precede the stream.
 */
static s64 bti_srtp_guess(const struct bti_srtp *c, u16 seq)
{
	s64 roc = c->index >> 16;
	u16 s_l = c->index;

	if (!c->started)
		return seq;
	if (s_l < 32768 && seq - s_l > 32768)
		roc--;
	else if (s_l >= 32768 && s_l - 32768 > seq)
		roc++;
	return roc < 0 ? -1 : roc << 16 | seq;
}

/**
 * bti_srtp_unprotect - open a received SRTP packet in place
 * @c: the receiving direction
 * @pkt: the packet
 * @len: its length
 * @hdr_len: the RTP header's length
 * @payload_len: the opened payload's length
 * @pkt_index: the packet's index
 *
 * Return: 0; -EINVAL if truncated; -EPROTO if not RTP version 2; -EEXIST
 * for a replay or a packet older than the window; -EBADMSG if it does not
 * authenticate.  A refused packet changes nothing.
 */
int bti_srtp_unprotect(struct bti_srtp *c, u8 *pkt, size_t len,
		       size_t *hdr_len, size_t *payload_len, u64 *pkt_index)
{
	s64 index;
	u64 ahead;
	int err;

	if (len < BTI_RTP_HEADER + BTI_SRTP_TAG)
		return -EINVAL;
	err = bti_rtp_header_len(pkt, len, hdr_len);
	if (err)
		return err;
	index = bti_srtp_guess(c, pkt[2] << 8 | pkt[3]);
	if (index < 0 || (c->started && (u64)index <= c->index &&
			  (c->index - index >= BTI_SRTP_WINDOW ||
			   c->seen & BIT_ULL(c->index - index))))
		return -EEXIST;
	err = bti_srtp_crypt(c, pkt, *hdr_len, len - *hdr_len, index, false);
	if (err)
		return err;
	if (!c->started || (u64)index > c->index) {
		ahead = c->started ? index - c->index : 0;
		c->seen = ahead >= BTI_SRTP_WINDOW ? 0 : c->seen << ahead;
		c->seen |= 1;
		c->index = index;
		c->started = true;
	} else {
		c->seen |= BIT_ULL(c->index - index);
	}
	*payload_len = len - *hdr_len - BTI_SRTP_TAG;
	*pkt_index = index;
	return 0;
}
EXPORT_SYMBOL_IF_KUNIT(bti_srtp_unprotect);
