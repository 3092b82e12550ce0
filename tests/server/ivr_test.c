// SPDX-License-Identifier: GPL-2.0
/*
 * The IVR's voice channel against Documentation/protocol.rst: libsrtp2, as
 * btiprovd keys it, seals and opens the frames of the vectors' voice
 * channel byte for byte; and the channel hears one 20 ms frame of PCMU
 * (payload type 0) and nothing else, however well it is sealed.
 */
#include <arpa/inet.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "ivr.h"
#include "vectors.h"

#define DEVICE_SSRC	0x11223344
#define SERVER_SSRC	0x55667788

static srtp_t held;

static int start(void **state)
{
	(void)state;
	return bp_srtp_start(&held);
}

static int stop(void **state)
{
	(void)state;
	bp_srtp_stop(held);
	return 0;
}

static const char *top(void)
{
	const char *t = getenv("BTI_TOP");

	return t ? t : "..";
}

/* The device's frame sealed, and the server's opened, as the vectors are. */
static void voice_vectors(void **state)
{
	uint8_t pkt[BP_MSG_MAX];
	struct tv_voice v;
	srtp_t s;
	int len;

	(void)state;
	assert_int_equal(tv_voice(top(), &v), 0);
	assert_string_equal(v.frame[0].name, "RTP (device)");
	assert_string_equal(v.frame[3].name, "SRTP (server)");

	assert_int_equal(bp_srtp_session(&s, v.master_key, v.master_salt,
					 DEVICE_SSRC), 0);
	memcpy(pkt, v.frame[0].bytes, v.frame[0].len);
	len = v.frame[0].len;
	assert_int_equal(srtp_protect(s, pkt, &len), srtp_err_status_ok);
	assert_int_equal(len, v.frame[1].len);
	assert_memory_equal(pkt, v.frame[1].bytes, len);
	srtp_dealloc(s);

	assert_int_equal(bp_srtp_session(&s, v.master_key, v.master_salt,
					 SERVER_SSRC), 0);
	memcpy(pkt, v.frame[3].bytes, v.frame[3].len);
	len = v.frame[3].len;
	assert_int_equal(srtp_unprotect(s, pkt, &len), srtp_err_status_ok);
	assert_int_equal(len, v.frame[2].len);
	assert_memory_equal(pkt, v.frame[2].bytes, len);
	srtp_dealloc(s);
	tv_voice_free(&v);
}

struct call {
	struct bp_ivr ivr;
	srtp_t device;
	int fd;
	uint16_t seq;
};

static void call_open(struct call *c)
{
	static const uint8_t key[16] = { 1 }, salt[12] = { 2 };
	struct sockaddr_in a = { .sin_family = AF_INET };

	assert_int_equal(bp_ivr_open(&c->ivr, "127.0.0.1"), 0);
	assert_int_equal(bp_ivr_key(&c->ivr, key, salt, DEVICE_SSRC,
				    SERVER_SSRC), 0);
	assert_int_equal(bp_srtp_session(&c->device, key, salt, DEVICE_SSRC),
			 0);
	c->fd = socket(AF_INET, SOCK_DGRAM, 0);
	assert_true(c->fd >= 0);
	a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	a.sin_port = htons(c->ivr.port);
	assert_int_equal(connect(c->fd, (struct sockaddr *)&a, sizeof(a)), 0);
	c->seq = 100;
}

static void call_close(struct call *c)
{
	close(c->fd);
	srtp_dealloc(c->device);
	bp_ivr_close(&c->ivr);
}

/*
 * A sealed packet of @payload bytes of silence under payload type @pt,
 * after @csrc CSRCs.
 */
static void send_frame(struct call *c, uint8_t pt, size_t payload,
		       unsigned int csrc)
{
	uint8_t pkt[12 + 4 + 320 + 16];
	int len = 12 + 4 * csrc + payload;

	bp_rtp_header(pkt, c->seq, c->seq * 160u, DEVICE_SSRC);
	c->seq++;
	pkt[0] |= csrc;
	pkt[1] = pt;
	memset(pkt + 12, 0x5a, 4 * csrc);
	memset(pkt + 12 + 4 * csrc, 0xff, payload);
	assert_int_equal(srtp_protect(c->device, pkt, &len),
			 srtp_err_status_ok);
	assert_int_equal(send(c->fd, pkt, len, 0), len);
}

/* Each packet has arrived once the socket has nothing more for the IVR. */
static void hear_all(struct call *c)
{
	usleep(20000);
	bp_ivr_hear(&c->ivr);
}

static void pcmu_only(void **state)
{
	struct call c;

	(void)state;
	call_open(&c);
	send_frame(&c, 0, 160, 0);
	hear_all(&c);
	assert_int_equal(c.ivr.heard, 1);
	assert_int_equal(c.ivr.refused, 0);

	send_frame(&c, 8, 160, 0);	/* PCMA */
	send_frame(&c, 18, 20, 0);	/* G.729 */
	send_frame(&c, 0, 80, 0);	/* 10 ms of PCMU */
	send_frame(&c, 0, 320, 0);	/* 40 ms */
	send_frame(&c, 0, 160, 1);	/* a CSRC */
	hear_all(&c);
	assert_int_equal(c.ivr.heard, 1);
	assert_int_equal(c.ivr.refused, 5);

	/* the marker bit is not the payload type */
	send_frame(&c, 0x80, 160, 0);
	hear_all(&c);
	assert_int_equal(c.ivr.heard, 2);
	call_close(&c);
}

/* Each channel starts its sequence number and timestamp at random. */
static void random_start(void **state)
{
	struct bp_ivr a, b;

	(void)state;
	assert_int_equal(bp_ivr_open(&a, "127.0.0.1"), 0);
	assert_int_equal(bp_ivr_open(&b, "127.0.0.1"), 0);
	/* 2^-48 that both match by chance */
	assert_false(a.seq == b.seq && a.ts == b.ts);
	bp_ivr_close(&a);
	bp_ivr_close(&b);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(voice_vectors),
		cmocka_unit_test(pcmu_only),
		cmocka_unit_test(random_start),
	};

	return cmocka_run_group_tests(tests, start, stop);
}
