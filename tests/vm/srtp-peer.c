// SPDX-License-Identifier: GPL-2.0
/*
 * srtp-peer: the server's end of a voice channel, on Debian's libsrtp2, in
 * the VM beside the simulated telephone.  The channel's key is the
 * protocol vectors' audio key, which the test build's fixed draws give the
 * kernel too.
 *
 *   srtp-peer talk           the telephone says a tone, which must arrive
 *                            here; this end sends one, which the earpiece
 *                            must hear
 *   srtp-peer impair         sends a tone with 10% of packets lost, 10%
 *                            reordered, some repeated, some tampered and
 *                            some with a CSRC, which protocol.rst, 4.1
 *                            does not allow
 *   srtp-peer flood          talks as above while a second process sends
 *                            forged packets from this end's address as
 *                            fast as it can; the tones must still pass
 *
 * Both listen where the vectors' KEY_CONFIRM sends the channel,
 * 192.0.2.1:5004, which the guest puts on its loopback device.
 *   srtp-peer bench N        srtp_protect's rate on N 172-byte packets
 *
 * Tolerances: a tone arrives if its frequency (the median period) is within
 * 10 Hz of the one sent and its level within 1 dB of it.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <srtp2/srtp.h>

typedef uint8_t u8;
#include "../kunit/protocol_vectors.h"

#define SIM		"/sys/kernel/config/bti_sim/"
#define RATE		8000
#define FRAME		160
#define DEVICE_SSRC	0x11223344u	/* KEY_CONFIRM of the vectors */
#define SERVER_SSRC	0x55667788u
#define TONE_UP		1100.0
#define TONE_DOWN	700.0
#define LEVEL		0.25		/* of full scale, about -12 dBm0 */

static int failures;

static void check(int ok, const char *what)
{
	printf("%s %s\n", ok ? "ok" : "FAILED", what);
	if (!ok)
		failures++;
}

/* G.711 mu-law, ITU-T G.711 table 2a, on 14-bit linear samples */
static u8 mulaw_encode(int x)
{
	int sign = x < 0 ? 0x80 : 0, seg = 0;

	if (x < 0)
		x = -x;
	x += 33;
	if (x > 8191)
		x = 8191;
	while (seg < 7 && x >= (64 << seg))
		seg++;
	return ~(sign | seg << 4 | ((x >> (seg + 1)) & 0x0f));
}

static int mulaw_decode(u8 c)
{
	int seg, x;

	c = ~c;
	seg = (c >> 4) & 7;
	x = (((c & 0x0f) << 1) + 33) << seg;
	x -= 33;
	return c & 0x80 ? -x : x;
}

static void tone(u8 *out, size_t n, double f)
{
	size_t i;

	for (i = 0; i < n; i++)
		out[i] = mulaw_encode(LEVEL * 8159 * sin(2 * M_PI * f * i / RATE));
}

static int by_value(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return (x > y) - (x < y);
}

/*
 * The tone's frequency from the median period between rising zero
 * crossings, interpolated: a frame repeated or dropped on the way (software
 * emulation stalls now and then) moves a few periods, not the median.
 */
static double median_frequency(const int *x, size_t n)
{
	static double period[RATE];
	double last = -1, at;
	size_t i, k = 0;

	for (i = 1; i < n; i++) {
		if (x[i - 1] >= 0 || x[i] < 0)
			continue;
		at = i - 1 + (double)-x[i - 1] / (x[i] - x[i - 1]);
		if (last >= 0 && k < RATE)
			period[k++] = at - last;
		last = at;
	}
	if (!k)
		return 0;
	qsort(period, k, sizeof(*period), by_value);
	return RATE / period[k / 2];
}

/* The loudest 1 s of @x: its frequency and its RMS level. */
static void analyse(const u8 *mu, size_t n, double *freq, double *level)
{
	static int x[RATE];
	size_t best = 0, at, i;
	double e, best_e = -1;

	for (at = 0; at + RATE <= n; at += FRAME) {
		for (e = 0, i = 0; i < RATE; i++)
			e += pow(mulaw_decode(mu[at + i]), 2);
		if (e > best_e) {
			best_e = e;
			best = at;
		}
	}
	*freq = 0;
	*level = 0;
	if (best_e < 0)
		return;
	for (i = 0; i < RATE; i++)
		x[i] = mulaw_decode(mu[best + i]);
	*freq = median_frequency(x, RATE);
	*level = sqrt(best_e / RATE) / 8159 * sqrt(2);
}

static int level_ok(double level)
{
	return fabs(20 * log10(level / LEVEL)) <= 1.0;
}

static void write_file(const char *path, const void *buf, size_t len)
{
	int fd = open(path, O_WRONLY);

	if (fd < 0 || write(fd, buf, len) != (ssize_t)len) {
		perror(path);
		exit(2);
	}
	close(fd);
}

static size_t read_file(const char *path, u8 *buf, size_t len)
{
	int fd = open(path, O_RDONLY);
	ssize_t n;

	if (fd < 0 || (n = read(fd, buf, len)) < 0) {
		perror(path);
		exit(2);
	}
	close(fd);
	return n;
}

static srtp_t session(uint32_t ssrc)
{
	static u8 key[SRTP_AES_GCM_128_KEY_LEN_WSALT];
	srtp_policy_t p;
	srtp_t s;

	memcpy(key, pv_audio_key, 16);
	memcpy(key + 16, pv_audio_salt, 12);
	memset(&p, 0, sizeof(p));
	srtp_crypto_policy_set_aes_gcm_128_16_auth(&p.rtp);
	srtp_crypto_policy_set_aes_gcm_128_16_auth(&p.rtcp);
	p.ssrc.type = ssrc_specific;
	p.ssrc.value = ssrc;
	p.key = key;
	p.window_size = 128;
	if (srtp_create(&s, &p)) {
		fprintf(stderr, "srtp-peer: srtp_create failed\n");
		exit(2);
	}
	return s;
}

static int udp_socket(void)
{
	struct sockaddr_in a = { .sin_family = AF_INET, .sin_port = htons(5004) };
	struct timeval tv = { .tv_sec = 2 };
	int fd = socket(AF_INET, SOCK_DGRAM, 0);

	inet_pton(AF_INET, "192.0.2.1", &a.sin_addr);
	if (fd < 0 || bind(fd, (struct sockaddr *)&a, sizeof(a))) {
		perror("srtp-peer: bind");
		exit(2);
	}
	setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv));
	return fd;
}

/* Receive @secs of the device's packets into @audio; learn its address. */
static size_t receive(int fd, srtp_t in, double secs, u8 *audio, size_t max,
		      struct sockaddr_in *from)
{
	socklen_t flen = sizeof(*from);
	size_t n = 0, bad = 0, good = 0;
	u8 pkt[1500];
	int len;

	while (n + FRAME <= max && good < secs * 50) {
		len = recvfrom(fd, pkt, sizeof(pkt), 0, (struct sockaddr *)from,
			       &flen);
		if (len < 0)
			break;
		if (srtp_unprotect(in, pkt, &len) || len != 12 + FRAME) {
			bad++;
			continue;
		}
		good++;
		memcpy(audio + n, pkt + 12, FRAME);
		n += FRAME;
	}
	printf("received %zu packets, %zu refused by libsrtp2\n", good, bad);
	return n;
}

static void sleep_ms(long ms)
{
	struct timespec t = { ms / 1000, (ms % 1000) * 1000000 };

	nanosleep(&t, NULL);
}

/*
 * Until @ms after @start: a sender paced by its media clock, as a server
 * is, and not by 20 ms plus however long the last packet took, which
 * would fall behind the device's clock and leave its earpiece silent now
 * and then while the jitter buffer fills again.
 */
static void sleep_until(const struct timespec *start, long ms)
{
	struct timespec t = *start;

	t.tv_sec += ms / 1000;
	t.tv_nsec += (ms % 1000) * 1000000;
	if (t.tv_nsec >= 1000000000) {
		t.tv_sec++;
		t.tv_nsec -= 1000000000;
	}
	clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &t, NULL);
}

/* One packet of the server's stream, sealed, into @pkt; @csrc of them. */
static int seal(srtp_t out, u8 *pkt, uint16_t seq, uint32_t ts,
		const u8 *frame, int csrc)
{
	int len = 12 + 4 * csrc + FRAME;

	pkt[0] = 0x80 | csrc;
	pkt[1] = 0;
	pkt[2] = seq >> 8;
	pkt[3] = seq;
	pkt[4] = ts >> 24;
	pkt[5] = ts >> 16;
	pkt[6] = ts >> 8;
	pkt[7] = ts;
	pkt[8] = (SERVER_SSRC >> 24) & 0xff;
	pkt[9] = (SERVER_SSRC >> 16) & 0xff;
	pkt[10] = (SERVER_SSRC >> 8) & 0xff;
	pkt[11] = SERVER_SSRC & 0xff;
	memset(pkt + 12, 0x5a, 4 * csrc);
	memcpy(pkt + 12 + 4 * csrc, frame, FRAME);
	if (srtp_protect(out, pkt, &len)) {
		fprintf(stderr, "srtp-peer: srtp_protect failed\n");
		exit(2);
	}
	return len;
}

/*
 * Send @n frames of @audio at 20 ms; with @impair, lose one in ten,
 * swap one in ten with the next, repeat one in twenty, flip a bit in one
 * in fifty, and give one in fifty a CSRC.
 */
static void send_stream(int fd, srtp_t out, const struct sockaddr_in *to,
			const u8 *audio, size_t n, int impair)
{
	static u8 pkt[2][1500];
	uint16_t seq = 0xfff0;	/* the ROC wraps on the way */
	int len[2], held = 0;
	uint32_t ts = 1234;
	struct timespec start;
	size_t i;

	clock_gettime(CLOCK_MONOTONIC, &start);
	for (i = 0; i < n; i++, seq++, ts += FRAME) {
		len[0] = seal(out, pkt[0], seq, ts, audio + i * FRAME,
			      impair && i % 50 == 27);
		if (impair && i % 10 == 3)
			goto next;		/* lost */
		if (impair && i % 10 == 6 && !held) {
			memcpy(pkt[1], pkt[0], len[0]);
			len[1] = len[0];
			held = 1;		/* sent after the next */
			goto next;
		}
		if (impair && i % 50 == 8)
			pkt[0][20] ^= 4;	/* tampered */
		sendto(fd, pkt[0], len[0], 0, (struct sockaddr *)to,
		       sizeof(*to));
		if (impair && i % 20 == 1)	/* repeated */
			sendto(fd, pkt[0], len[0], 0, (struct sockaddr *)to,
			       sizeof(*to));
		if (held) {
			sendto(fd, pkt[1], len[1], 0, (struct sockaddr *)to,
			       sizeof(*to));
			held = 0;
		}
next:
		sleep_until(&start, 20 * (i + 1));
	}
}

/*
 * A process that sends forged packets to @to from @fd, each of the
 * server's SSRC, so that the device must try its tag, and 1400 bytes
 * long, so that trying costs the device more than sending costs here.
 */
static pid_t flood(int fd, const struct sockaddr_in *to)
{
	pid_t pid = fork();
	u8 pkt[1400];
	int big = 64 << 20;
	uint32_t x = 1;
	size_t i;

	if (pid)
		return pid;
	prctl(PR_SET_PDEATHSIG, SIGKILL);
	/*
	 * A flood from the network is not held back by what the device has
	 * yet to read, as one over loopback is by its sender's buffer.
	 */
	setsockopt(fd, SOL_SOCKET, SO_SNDBUFFORCE, &big, sizeof(big));
	pkt[0] = 0x80;
	pkt[1] = 0;
	for (i = 0; i < 4; i++)
		pkt[8 + i] = SERVER_SSRC >> (24 - 8 * i);
	for (;;) {
		for (i = 2; i < sizeof(pkt); i++) {
			if (i >= 8 && i < 12)
				continue;
			x = x * 1103515245 + 12345;
			pkt[i] = x >> 24;
		}
		sendto(fd, pkt, sizeof(pkt), 0, (const struct sockaddr *)to,
		       sizeof(*to));
	}
}

enum mode { TALK, IMPAIR, FLOOD };

static void talk(enum mode mode)
{
	static u8 audio[RATE * 4], ear[RATE * 30];
	srtp_t in = session(DEVICE_SSRC), out = session(SERVER_SSRC);
	int impair = mode == IMPAIR;
	struct sockaddr_in device;
	int fd = udp_socket();
	pid_t flooder = 0;
	double freq, level;
	size_t n;

	if (mode == FLOOD) {
		/* the device's address, from its first packet */
		receive(fd, in, 0.1, audio, sizeof(audio), &device);
		flooder = flood(fd, &device);
	}
	if (!impair) {
		tone(audio, RATE * 2, TONE_UP);
		write_file(SIM "speak", audio, RATE * 2);
	}
	n = receive(fd, in, impair ? 0.5 : 3, audio, sizeof(audio), &device);
	check(n >= FRAME, "the device's packets open with libsrtp2");
	if (n < FRAME)
		goto out;
	if (!impair) {
		analyse(audio, n, &freq, &level);
		printf("telephone to peer: %.0f Hz at %.2f dB\n", freq,
		       20 * log10(level / LEVEL));
		check(fabs(freq - TONE_UP) <= 10 && level_ok(level),
		      "the telephone's tone arrives at the peer");
	}
	tone(audio, RATE * 3, TONE_DOWN);
	write_file(SIM "record", "1", 1);
	send_stream(fd, out, &device, audio, RATE * 3 / FRAME, impair);
	sleep_ms(300);
	write_file(SIM "record", "0", 1);
	n = read_file(SIM "ear", ear, sizeof(ear));
	analyse(ear, n, &freq, &level);
	printf("peer to earpiece: %.0f Hz at %.2f dB, %zu samples recorded\n",
	       freq, 20 * log10(level / LEVEL), n);
	/* impaired or flooded, frames are lost: the tone must still come */
	check(fabs(freq - TONE_DOWN) <= 10 && (mode != TALK || level_ok(level)),
	      "the peer's tone is heard at the earpiece");
out:
	if (flooder) {
		kill(flooder, SIGKILL);
		waitpid(flooder, NULL, 0);
	}
	close(fd);
	srtp_dealloc(in);
	srtp_dealloc(out);
}

static void bench(long n)
{
	srtp_t out = session(SERVER_SSRC);
	struct timespec t0, t1;
	static u8 frame[FRAME], pkt[256];
	double secs;
	long i;

	tone(frame, FRAME, TONE_DOWN);
	clock_gettime(CLOCK_MONOTONIC, &t0);
	for (i = 0; i < n; i++)
		seal(out, pkt, i, i * FRAME, frame, 0);
	clock_gettime(CLOCK_MONOTONIC, &t1);
	secs = t1.tv_sec - t0.tv_sec + (t1.tv_nsec - t0.tv_nsec) / 1e9;
	printf("BTI-BENCH libsrtp2-protect %.0f packets/s (%ld packets of 172 bytes)\n",
	       n / secs, n);
	srtp_dealloc(out);
}

int main(int argc, char **argv)
{
	if (argc < 2 || argc != (strcmp(argv[1], "bench") ? 2 : 3)) {
		fprintf(stderr, "usage: srtp-peer talk | impair | flood | bench N\n");
		return 2;
	}
	/* each line out as it is written, whatever ends the run */
	setvbuf(stdout, NULL, _IOLBF, 0);
	srtp_init();
	if (!strcmp(argv[1], "talk"))
		talk(TALK);
	else if (!strcmp(argv[1], "impair"))
		talk(IMPAIR);
	else if (!strcmp(argv[1], "flood"))
		talk(FLOOD);
	else if (!strcmp(argv[1], "bench"))
		bench(atol(argv[2]));
	else
		return 2;
	srtp_shutdown();
	return failures ? 1 : 0;
}
