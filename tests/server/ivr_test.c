// SPDX-License-Identifier: GPL-2.0
/*
 * The IVR's voice channel against Documentation/protocol.rst: libsrtp2, as
 * btiprovd keys it, seals and opens the frames of the vectors' voice
 * channel byte for byte; the channel hears one 20 ms frame of PCMU
 * (payload type 0) and nothing else, however well it is sealed; calls
 * that share a loop's voice port are told apart by their SSRCs; the
 * prompts keep RTP's time, and go from the address the device sent to;
 * and KEY_CONFIRM names an address the port takes.
 */
#define _GNU_SOURCE
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
#include "voice.h"
#include "vectors.h"

#define DEVICE_SSRC	0x11223344
#define SERVER_SSRC	0x55667788

static int start(void **state)
{
	(void)state;
	return bp_srtp_start();
}

static int stop(void **state)
{
	(void)state;
	bp_srtp_stop();
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

/* A device's end of a call through @port, and the server's. */
struct call {
	struct bp_ivr ivr;
	srtp_t device, from_server;
	int fd;
	uint16_t seq;
	uint32_t ssrc;
};

static struct bp_voice_port port;

/* A call whose device sends from 127.0.0.1 to @to, taking only @to's */
static void call_open_to(struct call *c, uint32_t ssrc, uint8_t k,
			 const char *to)
{
	const uint8_t key[16] = { k }, salt[12] = { 2 };
	struct sockaddr_in a = { .sin_family = AF_INET };

	assert_int_equal(bp_ivr_open(&c->ivr), 0);
	assert_int_equal(bp_ivr_key(&c->ivr, key, salt, ssrc, ~ssrc), 0);
	bp_voice_add(&port, &c->ivr);
	assert_int_equal(bp_srtp_session(&c->device, key, salt, ssrc), 0);
	assert_int_equal(bp_srtp_session(&c->from_server, key, salt, ~ssrc),
			 0);
	c->fd = socket(AF_INET, SOCK_DGRAM, 0);
	assert_true(c->fd >= 0);
	assert_int_equal(inet_pton(AF_INET, to, &a.sin_addr), 1);
	a.sin_port = htons(port.port);
	assert_int_equal(connect(c->fd, (struct sockaddr *)&a, sizeof(a)), 0);
	c->seq = 100;
	c->ssrc = ssrc;
}

static void call_open(struct call *c, uint32_t ssrc, uint8_t k)
{
	call_open_to(c, ssrc, k, "127.0.0.1");
}

static void call_close(struct call *c)
{
	close(c->fd);
	srtp_dealloc(c->device);
	srtp_dealloc(c->from_server);
	bp_voice_remove(&port, &c->ivr);
	bp_ivr_close(&c->ivr);
}

static int port_open(void **state)
{
	(void)state;
	return bp_voice_open(&port, "127.0.0.1", "", 0, 4);
}

/* a port bound to every address, IPv4 (@state NULL) or both */
static int port_open_any(void **state)
{
	return bp_voice_open(&port, *state ? "::" : "0.0.0.0", "", 0, 4);
}

static int port_close(void **state)
{
	(void)state;
	bp_voice_close(&port);
	return 0;
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

	bp_rtp_header(pkt, c->seq, c->seq * 160u, c->ssrc);
	c->seq++;
	pkt[0] |= csrc;
	pkt[1] = pt;
	memset(pkt + 12, 0x5a, 4 * csrc);
	memset(pkt + 12 + 4 * csrc, 0xff, payload);
	assert_int_equal(srtp_protect(c->device, pkt, &len),
			 srtp_err_status_ok);
	assert_int_equal(send(c->fd, pkt, len, 0), len);
}

static void no_entry(struct bp_ivr *ivr, void *arg)
{
	(void)ivr;
	(void)arg;
	fail_msg("no entry was keyed");
}

/* Each packet has arrived once the port has nothing more for the IVR. */
static void hear_all(void)
{
	usleep(20000);
	while (bp_voice_hear(&port, no_entry, NULL) == BP_VOICE_BATCH)
		;
}

static void pcmu_only(void **state)
{
	struct call c;

	(void)state;
	call_open(&c, DEVICE_SSRC, 1);
	send_frame(&c, 0, 160, 0);
	hear_all();
	assert_int_equal(c.ivr.heard, 1);
	assert_int_equal(c.ivr.refused, 0);

	send_frame(&c, 8, 160, 0);	/* PCMA */
	send_frame(&c, 18, 20, 0);	/* G.729 */
	send_frame(&c, 0, 80, 0);	/* 10 ms of PCMU */
	send_frame(&c, 0, 320, 0);	/* 40 ms */
	send_frame(&c, 0, 160, 1);	/* a CSRC */
	hear_all();
	assert_int_equal(c.ivr.heard, 1);
	assert_int_equal(c.ivr.refused, 5);

	/* the marker bit is not the payload type */
	send_frame(&c, 0x80, 160, 0);
	hear_all();
	assert_int_equal(c.ivr.heard, 2);
	call_close(&c);
}

/* Each channel starts its sequence number and timestamp at random. */
static void random_start(void **state)
{
	struct bp_ivr a, b;

	(void)state;
	assert_int_equal(bp_ivr_open(&a), 0);
	assert_int_equal(bp_ivr_open(&b), 0);
	/* 2^-48 that both match by chance */
	assert_false(a.seq == b.seq && a.ts == b.ts);
	bp_ivr_close(&a);
	bp_ivr_close(&b);
}

/*
 * What the server sent @c: one frame, sealed for it, to its address; its
 * header is left in @hdr.
 */
static void prompt_heard_as(struct call *c, uint8_t hdr[BP_RTP_HEADER])
{
	uint8_t pkt[BP_FRAME_PKT + 16];
	int len;

	len = recv(c->fd, pkt, sizeof(pkt), MSG_DONTWAIT);
	assert_int_equal(len, BP_FRAME_PKT);
	assert_int_equal(srtp_unprotect(c->from_server, pkt, &len),
			 srtp_err_status_ok);
	assert_int_equal(bp_rtp_ssrc(pkt), ~c->ssrc);
	assert_int_equal(recv(c->fd, pkt, sizeof(pkt), MSG_DONTWAIT), -1);
	memcpy(hdr, pkt, BP_RTP_HEADER);
}

static void prompt_heard(struct call *c)
{
	uint8_t hdr[BP_RTP_HEADER];

	prompt_heard_as(c, hdr);
}

static void count_played(struct bp_ivr *ivr, void *arg)
{
	(void)ivr;
	(*(int *)arg)++;
}

/*
 * Two calls on one port: each device's packets reach its own channel, by
 * their SSRC; a packet under an SSRC no channel has, or under a channel's
 * SSRC but not sealed with its key, reaches none; each prompt goes back to
 * its own device; and a channel removed hears nothing more.
 */
static void calls_share_a_port(void **state)
{
	static const struct bp_prompt prompt = {
		(uint8_t *)"\x7f\x7f\x7f\x7f", 4,
	};
	struct call a, b, stranger;
	uint8_t pkt[BP_FRAME_PKT];
	int played = 0;

	(void)state;
	call_open(&a, DEVICE_SSRC, 1);
	call_open(&b, DEVICE_SSRC + 1, 2);
	send_frame(&a, 0, 160, 0);
	send_frame(&b, 0, 160, 0);
	send_frame(&a, 0, 160, 0);
	hear_all();
	assert_int_equal(a.ivr.heard, 2);
	assert_int_equal(b.ivr.heard, 1);

	/* b's SSRC, another key; then an SSRC of no channel */
	call_open(&stranger, DEVICE_SSRC + 1, 3);
	bp_voice_remove(&port, &stranger.ivr);
	send_frame(&stranger, 0, 160, 0);
	memset(pkt, 0xff, sizeof(pkt));
	bp_rtp_header(pkt, 1, 160, DEVICE_SSRC + 2);
	assert_int_equal(send(stranger.fd, pkt, sizeof(pkt), 0), sizeof(pkt));
	hear_all();
	assert_int_equal(a.ivr.heard, 2);
	assert_int_equal(b.ivr.heard, 1);
	assert_int_equal(b.ivr.refused, 0);
	assert_int_equal(stranger.ivr.heard, 0);

	bp_voice_play(&port, &a.ivr, &prompt);
	bp_voice_play(&port, &b.ivr, &prompt);
	bp_voice_tick(&port, count_played, &played);
	assert_int_equal(played, 2);
	usleep(20000);
	prompt_heard(&a);
	prompt_heard(&b);

	bp_voice_remove(&port, &a.ivr);
	send_frame(&a, 0, 160, 0);
	send_frame(&b, 0, 160, 0);
	hear_all();
	assert_int_equal(a.ivr.heard, 2);
	assert_int_equal(b.ivr.heard, 2);
	call_close(&a);
	call_close(&b);
	call_close(&stranger);
}

static const uint8_t prompt_audio[200] = { 0x7f };

static uint32_t ts_of(const uint8_t *hdr)
{
	return (uint32_t)hdr[4] << 24 | hdr[5] << 16 | hdr[6] << 8 | hdr[7];
}

/* a tick of the port, and 20 ms for its packets to arrive */
static int tick(void)
{
	int played = 0;

	bp_voice_tick(&port, count_played, &played);
	usleep(20000);
	return played;
}

/*
 * A prompt goes out a frame a tick, the last one padded with silence, and
 * its end is told once.  Between prompts nothing is sent, but the
 * timestamp moves on as the ticks do (RFC 3550, 5.1) and the sequence
 * number does not; the first frame after a pause is marked (RFC 3551,
 * 4.1), and a prompt that takes over from another without a pause is not.
 */
static void prompts_keep_time(void **state)
{
	static const struct bp_prompt two = { (uint8_t *)prompt_audio, 200 };
	static const struct bp_prompt one = { (uint8_t *)prompt_audio, 160 };
	uint8_t h[4][BP_RTP_HEADER];
	uint16_t seq;
	struct call c;

	(void)state;
	call_open(&c, DEVICE_SSRC, 1);
	bp_voice_play(&port, &c.ivr, &two);
	assert_int_equal(tick(), 0);	/* the device's address is not known */
	assert_int_equal(recv(c.fd, h[0], sizeof(h[0]), MSG_DONTWAIT), -1);
	send_frame(&c, 0, 160, 0);
	hear_all();

	assert_int_equal(tick(), 0);
	prompt_heard_as(&c, h[0]);
	assert_int_equal(tick(), 1);
	prompt_heard_as(&c, h[1]);
	assert_int_equal(tick() + tick() + tick(), 0);
	assert_int_equal(recv(c.fd, h[2], sizeof(h[2]), MSG_DONTWAIT), -1);
	bp_voice_play(&port, &c.ivr, &one);
	assert_int_equal(tick(), 1);
	prompt_heard_as(&c, h[2]);
	bp_voice_play(&port, &c.ivr, &two);
	assert_int_equal(tick(), 0);
	prompt_heard(&c);
	bp_voice_play(&port, &c.ivr, &one);
	assert_int_equal(tick(), 1);
	prompt_heard_as(&c, h[3]);

	seq = h[0][2] << 8 | h[0][3];
	assert_int_equal((uint16_t)(h[1][2] << 8 | h[1][3]), seq + 1);
	assert_int_equal((uint16_t)(h[2][2] << 8 | h[2][3]), seq + 2);
	assert_int_equal((uint16_t)(h[3][2] << 8 | h[3][3]), seq + 4);
	assert_int_equal(ts_of(h[1]) - ts_of(h[0]), BP_FRAME);
	assert_int_equal(ts_of(h[2]) - ts_of(h[0]), 5 * BP_FRAME);
	assert_int_equal(ts_of(h[3]) - ts_of(h[0]), 7 * BP_FRAME);
	assert_true(h[0][1] & 0x80);
	assert_false(h[1][1] & 0x80);
	assert_true(h[2][1] & 0x80);
	assert_false(h[3][1] & 0x80);
	call_close(&c);
}

/*
 * On a port bound to every address, a prompt goes from the address the
 * device sent to: its connected socket, sending from 127.0.0.1 to
 * 127.0.0.2, takes nothing from 127.0.0.1, where the kernel would send
 * from by itself.
 */
static void prompts_from_where_told(void)
{
	static const struct bp_prompt one = { (uint8_t *)prompt_audio, 160 };
	struct call c;

	call_open_to(&c, DEVICE_SSRC, 1, "127.0.0.2");
	send_frame(&c, 0, 160, 0);
	hear_all();
	assert_int_equal(c.ivr.heard, 1);
	bp_voice_play(&port, &c.ivr, &one);
	assert_int_equal(tick(), 1);
	prompt_heard(&c);
	call_close(&c);
}

static void prompts_from_where_told_ipv4(void **state)
{
	(void)state;
	prompts_from_where_told();
}

static void prompts_from_where_told_dual_stack(void **state)
{
	(void)state;
	prompts_from_where_told();
}

/*
 * What KEY_CONFIRM names, for a port bound to @bound and told to
 * advertise @advertise, to a device whose connection reached @local: the
 * family and address, or family 0 where the port cannot take the voice.
 */
static const struct {
	const char *bound, *advertise, *local;
	int family;
	const char *addr;
} told[] = {
	/* one address bound: that one, whatever the connection reached */
	{ "127.0.0.1", "", "::1", 4, "127.0.0.1" },
	{ "::1", "", "127.0.0.1", 6, "::1" },
	/* advertised: that one */
	{ "0.0.0.0", "198.51.100.10", "127.0.0.1", 4, "198.51.100.10" },
	{ "::", "2001:db8::10", "127.0.0.1", 6, "2001:db8::10" },
	/* every address: the connection's, an IPv4 one mapped as IPv4 */
	{ "0.0.0.0", "", "127.0.0.1", 4, "127.0.0.1" },
	{ "::", "", "::ffff:127.0.0.1", 4, "127.0.0.1" },
	{ "::", "", "::1", 6, "::1" },
	/* an IPv4 port takes no voice over IPv6 */
	{ "0.0.0.0", "", "::1", 0, NULL },
};

static void key_confirm_names_a_port(void **state)
{
	struct sockaddr_storage local;
	struct bp_voice_port p;
	uint8_t want[16];
	struct bp_voice v;
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(told) / sizeof(told[0]); i++) {
		assert_int_not_equal(bp_voice_address(told[i].local, &local), 0);
		assert_int_equal(bp_voice_open(&p, told[i].bound,
					       told[i].advertise, 0, 4), 0);
		memset(&v, 0, sizeof(v));
		memset(want, 0, sizeof(want));
		if (!told[i].family) {
			assert_int_equal(bp_voice_tell(&p, &local, &v), -1);
		} else {
			assert_int_equal(bp_voice_tell(&p, &local, &v), 0);
			assert_int_equal(v.family, told[i].family);
			assert_int_equal(inet_pton(v.family == 4 ? AF_INET :
						   AF_INET6, told[i].addr,
						   want), 1);
			assert_memory_equal(v.addr, want, sizeof(want));
			assert_int_equal(v.port, p.port);
		}
		bp_voice_close(&p);
	}
	/* what is no address opens no port */
	assert_int_equal(bp_voice_open(&p, "localhost", "", 0, 4), -1);
	assert_int_equal(bp_voice_open(&p, "::", "voice.example", 0, 4), -1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(voice_vectors),
		cmocka_unit_test_setup_teardown(pcmu_only, port_open,
						port_close),
		cmocka_unit_test(random_start),
		cmocka_unit_test_setup_teardown(calls_share_a_port, port_open,
						port_close),
		cmocka_unit_test_setup_teardown(prompts_keep_time, port_open,
						port_close),
		cmocka_unit_test(key_confirm_names_a_port),
		cmocka_unit_test_prestate_setup_teardown(
			prompts_from_where_told_ipv4, port_open_any, port_close,
			NULL),
		cmocka_unit_test_prestate_setup_teardown(
			prompts_from_where_told_dual_stack, port_open_any,
			port_close, (void *)"both"),
	};

	return cmocka_run_group_tests(tests, start, stop);
}
