// SPDX-License-Identifier: GPL-2.0
/*
 * libsrtp2's AES on OpenSSL, the key derivation's counter mode
 * (server/lib/srtp_icm.c) and the packets' AES-GCM (srtp_gcm.c), against
 * libsrtp2's own: a session keyed before both were replaced seals each
 * packet byte for byte as one keyed after, and each opens the other's.
 * A packet with any one bit changed, or cut short, is refused, and the
 * counter mode gives out no more keystream than its 16 bits count.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>
#include <srtp2/cipher.h>

#include "srtp.h"

#define SSRC	0x0badcafe
#define PAYLOAD	BP_FRAME

static const uint8_t key[16] = { 0x2b, 0x7e, 0x15, 0x16 };
static const uint8_t salt[12] = { 0xa0, 0xb1, 0xc2 };

/* libsrtp2 exports it; the header that declares it is not installed */
srtp_err_status_t srtp_crypto_kernel_alloc_cipher(srtp_cipher_type_id_t id,
						  srtp_cipher_pointer_t *cp,
						  int key_len, int tag_len);

/* libsrtp2's own AES (NSS, in Debian's build), then OpenSSL's */
static srtp_t own_out, own_in, ours_out, ours_in;

/* whether the cipher @id that libsrtp2 gives a new session is ours */
static bool ours(srtp_cipher_type_id_t id, int key_len, int tag_len)
{
	srtp_cipher_t *c;
	bool is;

	if (srtp_crypto_kernel_alloc_cipher(id, &c, key_len, tag_len))
		return false;
	is = strstr(c->type->description, "btiprovd") != NULL;
	srtp_cipher_dealloc(c);
	return is;
}

/* the key derivation's AES-CM, and the packets' AES-GCM */
static bool cm_ours(void)
{
	return ours(SRTP_AES_ICM_128, SRTP_AES_ICM_128_KEY_LEN_WSALT, 0);
}

static bool gcm_ours(void)
{
	return ours(SRTP_AES_GCM_128, SRTP_AES_GCM_128_KEY_LEN_WSALT,
		    BP_SRTP_TAG);
}

static int start(void **state)
{
	(void)state;
	return srtp_init() || cm_ours() || gcm_ours() ||
	       bp_srtp_session(&own_out, key, salt, SSRC) ||
	       bp_srtp_session(&own_in, key, salt, SSRC) ||
	       bp_srtp_icm_install() || !cm_ours() || gcm_ours() ||
	       bp_srtp_gcm_install() || !gcm_ours() ||
	       bp_srtp_session(&ours_out, key, salt, SSRC) ||
	       bp_srtp_session(&ours_in, key, salt, SSRC) ? -1 : 0;
}

static int stop(void **state)
{
	srtp_t all[] = { own_out, own_in, ours_out, ours_in };
	unsigned int i;

	(void)state;
	for (i = 0; i < sizeof(all) / sizeof(all[0]); i++)
		if (all[i])
			srtp_dealloc(all[i]);
	srtp_shutdown();
	return 0;
}

static void packet(uint8_t *pkt, uint16_t seq)
{
	int i;

	bp_rtp_header(pkt, seq, seq * PAYLOAD, SSRC);
	for (i = 0; i < PAYLOAD; i++)
		pkt[BP_RTP_HEADER + i] = (uint8_t)(seq * 7 + i);
}

static int sealed(srtp_t s, uint8_t *pkt)
{
	int len = BP_RTP_HEADER + PAYLOAD;

	assert_int_equal(srtp_protect(s, pkt, &len), srtp_err_status_ok);
	return len;
}

/* Sequence numbers across a rollover, so that the ROC enters the IV. */
static void agrees_with_libsrtp2(void **state)
{
	uint8_t a[BP_FRAME_PKT], b[BP_FRAME_PKT], plain[BP_FRAME_PKT];
	unsigned int seq;
	int len;

	(void)state;
	for (seq = 65500; seq < 65600; seq++) {
		packet(plain, seq);
		memcpy(a, plain, sizeof(a));
		memcpy(b, plain, sizeof(b));
		assert_int_equal(sealed(own_out, a), BP_FRAME_PKT);
		assert_int_equal(sealed(ours_out, b), BP_FRAME_PKT);
		assert_memory_equal(a, b, BP_FRAME_PKT);
		/* each opens the other's: only seq's parity says which */
		len = BP_FRAME_PKT;
		assert_int_equal(srtp_unprotect(seq & 1 ? ours_in : own_in, a,
						&len), srtp_err_status_ok);
		assert_int_equal(len, BP_RTP_HEADER + PAYLOAD);
		assert_memory_equal(a, plain, len);
	}
}

static void refuses_any_change(void **state)
{
	uint8_t good[BP_FRAME_PKT], pkt[BP_FRAME_PKT];
	srtp_t out, in;
	int bit, len;

	(void)state;
	assert_int_equal(bp_srtp_session(&out, key, salt, SSRC), 0);
	packet(good, 1);
	assert_int_equal(sealed(out, good), BP_FRAME_PKT);
	srtp_dealloc(out);
	for (bit = 0; bit < BP_FRAME_PKT * 8; bit++) {
		/* a new receiver each time: its replay window has seen none */
		assert_int_equal(bp_srtp_session(&in, key, salt, SSRC), 0);
		memcpy(pkt, good, sizeof(pkt));
		pkt[bit / 8] ^= 1 << (bit % 8);
		len = BP_FRAME_PKT;
		if (srtp_unprotect(in, pkt, &len) == srtp_err_status_ok)
			fail_msg("bit %d changed, and the packet was taken", bit);
		srtp_dealloc(in);
	}
	for (len = 0; len < BP_FRAME_PKT; len++) {
		int cut = len;

		assert_int_equal(bp_srtp_session(&in, key, salt, SSRC), 0);
		memcpy(pkt, good, sizeof(pkt));
		assert_int_not_equal(srtp_unprotect(in, pkt, &cut),
				     srtp_err_status_ok);
		srtp_dealloc(in);
	}
	/* and the untouched packet is taken, by a fresh receiver */
	assert_int_equal(bp_srtp_session(&in, key, salt, SSRC), 0);
	len = BP_FRAME_PKT;
	assert_int_equal(srtp_unprotect(in, good, &len), srtp_err_status_ok);
	srtp_dealloc(in);
}

/*
 * AES-CM counts in the IV's last 16 bits (RFC 3711, 4.1.1), OpenSSL over
 * all 128: from a counter of 0xffff there is one block of keystream, and
 * no more, where OpenSSL's would carry into the salt.
 */
static void counter_stays_in_16_bits(void **state)
{
	static const uint8_t cm_key[SRTP_AES_ICM_128_KEY_LEN_WSALT];
	uint8_t iv[16] = { [14] = 0xff, [15] = 0xff }, buf[17] = { 0 };
	unsigned int len;
	srtp_cipher_t *c;

	(void)state;
	assert_int_equal(srtp_crypto_kernel_alloc_cipher(SRTP_AES_ICM_128, &c,
					SRTP_AES_ICM_128_KEY_LEN_WSALT, 0),
			 srtp_err_status_ok);
	assert_int_equal(srtp_cipher_init(c, cm_key), srtp_err_status_ok);
	assert_int_equal(srtp_cipher_set_iv(c, iv, srtp_direction_encrypt),
			 srtp_err_status_ok);
	len = sizeof(buf);
	assert_int_not_equal(srtp_cipher_encrypt(c, buf, &len),
			     srtp_err_status_ok);
	assert_int_equal(srtp_cipher_set_iv(c, iv, srtp_direction_encrypt),
			 srtp_err_status_ok);
	len = 16;
	assert_int_equal(srtp_cipher_encrypt(c, buf, &len), srtp_err_status_ok);
	len = 1;
	assert_int_not_equal(srtp_cipher_encrypt(c, buf, &len),
			     srtp_err_status_ok);
	srtp_cipher_dealloc(c);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(agrees_with_libsrtp2),
		cmocka_unit_test(refuses_any_change),
		cmocka_unit_test(counter_stays_in_16_bits),
	};

	return cmocka_run_group_tests(tests, start, stop);
}
