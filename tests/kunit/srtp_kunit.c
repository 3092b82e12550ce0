// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit: SRTP with AEAD_AES_128_GCM.  RFC 3711's key derivation vectors
 * and RFC 7714's packet vector byte for byte; the replay window at its
 * edges; the rollover counter across a wrap, in order and out of it;
 * tampered and truncated packets refused without a trace.  And the voice
 * channel of Documentation/protocol-vectors.txt: the session keys derived
 * from its master key and salt, and each side's first frame.
 */
#include <kunit/test.h>

#include <bti/compat.h>

#include "../../driver/core/srtp.h"
#include "voice_vectors.h"

#define EXPECT_BYTES(test, got, want, n, what)				\
	do {								\
		if (memcmp(got, want, n))				\
			KUNIT_FAIL(test, what " differs from the RFC");	\
	} while (0)

/* RFC 3711 appendix B.3 */
static const u8 b3_master_key[16] = {
	0xe1, 0xf9, 0x7a, 0x0d, 0x3e, 0x01, 0x8b, 0xe0,
	0xd6, 0x4f, 0xa3, 0x2c, 0x06, 0xde, 0x41, 0x39,
};
static const u8 b3_master_salt[14] = {
	0x0e, 0xc6, 0x75, 0xad, 0x49, 0x8a, 0xfe, 0xeb,
	0xb6, 0x96, 0x0b, 0x3a, 0xab, 0xe6,
};
static const u8 b3_cipher_key[16] = {
	0xc6, 0x1e, 0x7a, 0x93, 0x74, 0x4f, 0x39, 0xee,
	0x10, 0x73, 0x4a, 0xfe, 0x3f, 0xf7, 0xa0, 0x87,
};
static const u8 b3_cipher_salt[14] = {
	0x30, 0xcb, 0xbc, 0x08, 0x86, 0x3d, 0x8c, 0x85,
	0xd4, 0x9d, 0xb3, 0x4a, 0x9a, 0xe1,
};
static const u8 b3_auth_key[20] = {
	0xce, 0xbe, 0x32, 0x1f, 0x6f, 0xf7, 0x71, 0x6b,
	0x6f, 0xd4, 0xab, 0x49, 0xaf, 0x25, 0x6a, 0x15,
	0x6d, 0x38, 0xba, 0xa4,
};

/* RFC 7714 section 16.1.1 */
static const u8 gcm_key[16] = {
	0x00, 0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0x07,
	0x08, 0x09, 0x0a, 0x0b, 0x0c, 0x0d, 0x0e, 0x0f,
};
static const u8 gcm_salt[12] = "Quid pro quo";
static const u8 rtp[50] = {
	0x80, 0x40, 0xf1, 0x7b, 0x80, 0x41, 0xf8, 0xd3,
	0x55, 0x01, 0xa0, 0xb2, 'G', 'a', 'l', 'l', 'i', 'a', ' ',
	'e', 's', 't', ' ', 'o', 'm', 'n', 'i', 's', ' ', 'd', 'i',
	'v', 'i', 's', 'a', ' ', 'i', 'n', ' ', 'p', 'a', 'r', 't',
	'e', 's', ' ', 't', 'r', 'e', 's',
};
static const u8 srtp[66] = {
	0x80, 0x40, 0xf1, 0x7b, 0x80, 0x41, 0xf8, 0xd3,
	0x55, 0x01, 0xa0, 0xb2, 0xf2, 0x4d, 0xe3, 0xa3,
	0xfb, 0x34, 0xde, 0x6c, 0xac, 0xba, 0x86, 0x1c,
	0x9d, 0x7e, 0x4b, 0xca, 0xbe, 0x63, 0x3b, 0xd5,
	0x0d, 0x29, 0x4e, 0x6f, 0x42, 0xa5, 0xf4, 0x7a,
	0x51, 0xc7, 0xd1, 0x9b, 0x36, 0xde, 0x3a, 0xdf,
	0x88, 0x33, 0x89, 0x9d, 0x7f, 0x27, 0xbe, 0xb1,
	0x6a, 0x91, 0x52, 0xcf, 0x76, 0x5e, 0xe4, 0x39,
	0x0c, 0xce,
};

static void kdf_rfc3711(struct kunit *test)
{
	u8 out[20];

	KUNIT_ASSERT_EQ(test, bti_srtp_kdf(b3_master_key, b3_master_salt, 14,
					   0, out, 16), 0);
	EXPECT_BYTES(test, out, b3_cipher_key, 16, "cipher key");
	KUNIT_ASSERT_EQ(test, bti_srtp_kdf(b3_master_key, b3_master_salt, 14,
					   2, out, 14), 0);
	EXPECT_BYTES(test, out, b3_cipher_salt, 14, "cipher salt");
	KUNIT_ASSERT_EQ(test, bti_srtp_kdf(b3_master_key, b3_master_salt, 14,
					   1, out, 20), 0);
	EXPECT_BYTES(test, out, b3_auth_key, 20, "auth key");
	KUNIT_EXPECT_EQ(test, bti_srtp_kdf(b3_master_key, b3_master_salt, 15,
					   0, out, 16), -EINVAL);
}

static struct bti_srtp *stream(struct kunit *test)
{
	struct bti_srtp *c = kunit_kzalloc(test, sizeof(*c), GFP_KERNEL);

	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, c);
	KUNIT_ASSERT_EQ(test, bti_srtp_init_session(c, gcm_key, gcm_salt), 0);
	return c;
}

static u8 *copy(struct kunit *test, const u8 *p, size_t len, size_t room)
{
	u8 *b = kunit_kzalloc(test, room, GFP_KERNEL);

	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, b);
	memcpy(b, p, len);
	return b;
}

static void protect_rfc7714(struct kunit *test)
{
	struct bti_srtp *c = stream(test);
	u8 *pkt = copy(test, rtp, sizeof(rtp), sizeof(srtp));

	KUNIT_ASSERT_EQ(test, bti_srtp_protect(c, pkt, 12, sizeof(rtp) - 12,
					       0xf17b), 0);
	EXPECT_BYTES(test, pkt, srtp, sizeof(srtp), "SRTP packet");
	KUNIT_EXPECT_EQ(test, bti_srtp_protect(c, pkt, 12, 4,
					       BTI_SRTP_MAX_PACKETS),
			-EKEYEXPIRED);
	bti_srtp_destroy(c);
}

static void unprotect_rfc7714(struct kunit *test)
{
	struct bti_srtp *c = stream(test);
	u8 *pkt = copy(test, srtp, sizeof(srtp), sizeof(srtp));
	size_t hdr, len;
	u64 index;

	KUNIT_ASSERT_EQ(test, bti_srtp_unprotect(c, pkt, sizeof(srtp), &hdr,
						 &len, &index), 0);
	KUNIT_EXPECT_EQ(test, hdr, 12);
	KUNIT_ASSERT_EQ(test, len, sizeof(rtp) - 12);
	EXPECT_BYTES(test, pkt, rtp, sizeof(rtp), "RTP packet");
	KUNIT_EXPECT_EQ(test, index, 0xf17b);
	KUNIT_EXPECT_EQ(test, c->index, 0xf17b);
	bti_srtp_destroy(c);
}

/*
 * The protocol's voice channel: the device's frame sealed as the vector
 * has it, the server's opened, both keyed from the master key and salt.
 */
static void voice_channel_vectors(struct kunit *test)
{
	struct bti_srtp *tx = kunit_kzalloc(test, sizeof(*tx), GFP_KERNEL);
	struct bti_srtp *rx = kunit_kzalloc(test, sizeof(*rx), GFP_KERNEL);
	u8 *pkt = copy(test, vv_device_rtp, sizeof(vv_device_rtp),
		       sizeof(vv_device_srtp));
	u8 key[BTI_SRTP_KEY], salt[BTI_SRTP_SALT];
	size_t hdr, len;
	u64 index;

	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, tx);
	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, rx);
	KUNIT_ASSERT_EQ(test, bti_srtp_kdf(vv_master_key, vv_master_salt,
					   sizeof(vv_master_salt), 0, key,
					   sizeof(key)), 0);
	KUNIT_ASSERT_EQ(test, bti_srtp_kdf(vv_master_key, vv_master_salt,
					   sizeof(vv_master_salt), 2, salt,
					   sizeof(salt)), 0);
	if (memcmp(key, vv_session_key, sizeof(key)) ||
	    memcmp(salt, vv_session_salt, sizeof(salt)))
		KUNIT_FAIL(test, "session key or salt differs from the vector");

	KUNIT_ASSERT_EQ(test, bti_srtp_init(tx, vv_master_key,
					    vv_master_salt), 0);
	KUNIT_ASSERT_EQ(test, bti_srtp_protect(tx, pkt, 12,
					       sizeof(vv_device_rtp) - 12,
					       0x1234), 0);
	if (memcmp(pkt, vv_device_srtp, sizeof(vv_device_srtp)))
		KUNIT_FAIL(test, "the device's frame differs from the vector");

	pkt = copy(test, vv_server_srtp, sizeof(vv_server_srtp),
		   sizeof(vv_server_srtp));
	KUNIT_ASSERT_EQ(test, bti_srtp_init(rx, vv_master_key,
					    vv_master_salt), 0);
	KUNIT_ASSERT_EQ(test, bti_srtp_unprotect(rx, pkt,
						 sizeof(vv_server_srtp), &hdr,
						 &len, &index), 0);
	KUNIT_EXPECT_EQ(test, index, 0xabcd);
	KUNIT_ASSERT_EQ(test, hdr + len, sizeof(vv_server_rtp));
	if (memcmp(pkt, vv_server_rtp, sizeof(vv_server_rtp)))
		KUNIT_FAIL(test, "the server's frame differs from the vector");
	bti_srtp_destroy(tx);
	bti_srtp_destroy(rx);
}

/* Every bit flip and every truncation is refused, and leaves no trace. */
static void tampered_refused(struct kunit *test)
{
	struct bti_srtp *c = stream(test);
	u8 *pkt = kunit_kzalloc(test, sizeof(srtp), GFP_KERNEL);
	size_t hdr, len, i;
	u64 index;
	int err;

	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, pkt);
	for (i = 0; i < 8 * sizeof(srtp); i++) {
		memcpy(pkt, srtp, sizeof(srtp));
		pkt[i / 8] ^= BIT(i % 8);
		err = bti_srtp_unprotect(c, pkt, sizeof(srtp), &hdr, &len,
					 &index);
		if (!err)
			KUNIT_FAIL(test, "bit %zu flipped, still accepted", i);
	}
	for (i = 0; i < sizeof(srtp); i++) {
		memcpy(pkt, srtp, sizeof(srtp));
		if (!bti_srtp_unprotect(c, pkt, i, &hdr, &len, &index))
			KUNIT_FAIL(test, "truncated to %zu, still accepted", i);
	}
	KUNIT_EXPECT_FALSE(test, c->started);
	memcpy(pkt, srtp, sizeof(srtp));
	KUNIT_EXPECT_EQ(test, bti_srtp_unprotect(c, pkt, sizeof(srtp), &hdr,
						 &len, &index), 0);
	bti_srtp_destroy(c);
}

/* Seal a 4-byte payload at @index and open it on @rx. */
static int send_recv(struct kunit *test, struct bti_srtp *tx,
		     struct bti_srtp *rx, u64 index)
{
	u8 *pkt = kunit_kzalloc(test, 12 + 4 + BTI_SRTP_TAG, GFP_KERNEL);
	size_t hdr, len;
	u64 got;
	int err;

	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, pkt);
	memcpy(pkt, rtp, 12);
	memcpy(pkt + 12, &index, 4);
	KUNIT_ASSERT_EQ(test, bti_srtp_protect(tx, pkt, 12, 4, index), 0);
	err = bti_srtp_unprotect(rx, pkt, 12 + 4 + BTI_SRTP_TAG, &hdr, &len,
				 &got);
	if (!err && (memcmp(pkt + 12, &index, 4) || got != index))
		err = -EIO;
	kunit_kfree(test, pkt);
	return err;
}

static void replay_window(struct kunit *test)
{
	struct bti_srtp *tx = stream(test), *rx = stream(test);

	KUNIT_EXPECT_EQ(test, send_recv(test, tx, rx, 1000), 0);
	KUNIT_EXPECT_EQ(test, send_recv(test, tx, rx, 1000), -EEXIST);
	KUNIT_EXPECT_EQ(test, send_recv(test, tx, rx, 1000 - 63), 0);
	KUNIT_EXPECT_EQ(test, send_recv(test, tx, rx, 1000 - 63), -EEXIST);
	KUNIT_EXPECT_EQ(test, send_recv(test, tx, rx, 1000 - 64), -EEXIST);
	KUNIT_EXPECT_EQ(test, send_recv(test, tx, rx, 1000 - 1), 0);
	KUNIT_EXPECT_EQ(test, send_recv(test, tx, rx, 1064), 0);
	/* 1000 is 64 behind now: out of the window */
	KUNIT_EXPECT_EQ(test, send_recv(test, tx, rx, 1000), -EEXIST);
	KUNIT_EXPECT_EQ(test, send_recv(test, tx, rx, 1001), 0);
	/* far ahead clears the window */
	KUNIT_EXPECT_EQ(test, send_recv(test, tx, rx, 5000), 0);
	KUNIT_EXPECT_EQ(test, send_recv(test, tx, rx, 4999), 0);
	KUNIT_EXPECT_EQ(test, send_recv(test, tx, rx, 4999), -EEXIST);
	bti_srtp_destroy(tx);
	bti_srtp_destroy(rx);
}

static void roc_wrap(struct kunit *test)
{
	struct bti_srtp *tx = stream(test), *rx = stream(test);
	u64 i;

	for (i = 0xfffd; i <= 0x10002; i++)
		KUNIT_EXPECT_EQ(test, send_recv(test, tx, rx, i), 0);
	KUNIT_EXPECT_EQ(test, rx->index, 0x10002);
	/* across the wrap backwards: sequence 0xfff0 is ROC 0's */
	KUNIT_EXPECT_EQ(test, send_recv(test, tx, rx, 0xfff0), 0);
	/* the packet of ROC 1 and sequence 1 came, not ROC 0's */
	KUNIT_EXPECT_EQ(test, send_recv(test, tx, rx, 0x10001), -EEXIST);
	/* another wrap, out of order, in steps the estimate can follow */
	KUNIT_EXPECT_EQ(test, send_recv(test, tx, rx, 0x18000), 0);
	KUNIT_EXPECT_EQ(test, send_recv(test, tx, rx, 0x1fff0), 0);
	KUNIT_EXPECT_EQ(test, send_recv(test, tx, rx, 0x20003), 0);
	KUNIT_EXPECT_EQ(test, send_recv(test, tx, rx, 0x1fffe), 0);
	KUNIT_EXPECT_EQ(test, rx->index, 0x20003);
	/* a packet sealed with another ROC than the receiver guesses fails */
	KUNIT_EXPECT_EQ(test, send_recv(test, tx, rx, 0x50004), -EBADMSG);
	bti_srtp_destroy(tx);
	bti_srtp_destroy(rx);
}

static void destroy_wipes(struct kunit *test)
{
	struct bti_srtp *c = stream(test);

	bti_srtp_destroy(c);
	KUNIT_EXPECT_NULL(test, memchr_inv(c, 0, sizeof(*c)));
}

static struct kunit_case bti_srtp_cases[] = {
	KUNIT_CASE(kdf_rfc3711),
	KUNIT_CASE(protect_rfc7714),
	KUNIT_CASE(unprotect_rfc7714),
	KUNIT_CASE(voice_channel_vectors),
	KUNIT_CASE(tampered_refused),
	KUNIT_CASE(replay_window),
	KUNIT_CASE(roc_wrap),
	KUNIT_CASE(destroy_wipes),
	{ }
};

static struct kunit_suite bti_srtp_suite = {
	.name = "bti_srtp",
	.test_cases = bti_srtp_cases,
};
kunit_test_suite(bti_srtp_suite);

BTI_KUNIT_IMPORT_NS;
MODULE_DESCRIPTION("KUnit tests for bti's SRTP");
MODULE_LICENSE("GPL");
