/* SPDX-License-Identifier: GPL-2.0 */
#ifndef BTIPROVD_VOICE_H
#define BTIPROVD_VOICE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/socket.h>
#include <time.h>

#include "ivr.h"
#include "proto.h"

/* packets a system call reads or writes at most */
#define BP_VOICE_BATCH	32

/* what one batch reads */
struct bp_voice_in {
	uint8_t pkt[BP_VOICE_BATCH][1500];
	struct sockaddr_storage from[BP_VOICE_BATCH];
	union {
		char buf[CMSG_SPACE(sizeof(struct timespec)) +
			 CMSG_SPACE(sizeof(struct in6_pktinfo))];
		struct cmsghdr align;
	} ctl[BP_VOICE_BATCH];
	struct iovec iov[BP_VOICE_BATCH];
	struct mmsghdr m[BP_VOICE_BATCH];
};

/**
 * struct bp_voice_port - one UDP socket that a loop's voice channels share,
 *	their packets told apart by the device's SSRC
 * @fd: the socket
 * @port: its port, for KEY_CONFIRM
 * @bound: the address it is bound to
 * @any: @bound is every address, so each packet says its own
 * @told: the address KEY_CONFIRM gives; family 0 for the one each device's
 *	connection reached
 * @bucket: the channels, by the device's SSRC
 * @mask: the buckets less one
 * @out: the packets waiting to be sent
 * @out_iov: their data
 * @out_pkt: the data itself
 * @out_to: where each goes: a copy, as its channel may end before they go
 * @out_ctl: where each goes from, on a port bound to every address
 * @out_n: how many wait
 * @ticks: 20 ms ticks so far
 * @playing: the channels playing a prompt, the only ones a tick visits
 * @in: room for a batch read
 */
struct bp_voice_port {
	int fd;
	uint16_t port;
	struct sockaddr_storage bound;
	bool any;
	struct bp_voice told;
	struct bp_ivr **bucket;
	size_t mask;
	struct mmsghdr out[BP_VOICE_BATCH];
	struct iovec out_iov[BP_VOICE_BATCH];
	uint8_t out_pkt[BP_VOICE_BATCH][BP_FRAME_PKT];
	struct sockaddr_storage out_to[BP_VOICE_BATCH];
	union {
		char buf[CMSG_SPACE(sizeof(struct in6_pktinfo))];
		struct cmsghdr align;
	} out_ctl[BP_VOICE_BATCH];
	unsigned int out_n;
	uint64_t ticks;
	LIST_HEAD(, bp_ivr) playing;
	struct bp_voice_in in;
};

socklen_t bp_voice_address(const char *text, struct sockaddr_storage *a);
bool bp_voice_any(const struct sockaddr_storage *a);
bool bp_voice_takes(const struct sockaddr_storage *a, sa_family_t family);
int bp_voice_open(struct bp_voice_port *v, const char *addr,
		  const char *advertise, uint16_t port, unsigned int channels);
int bp_voice_tell(const struct bp_voice_port *v,
		  const struct sockaddr_storage *local, struct bp_voice *out);
void bp_voice_close(struct bp_voice_port *v);
uint32_t bp_voice_free_ssrc(const struct bp_voice_port *v);
void bp_voice_add(struct bp_voice_port *v, struct bp_ivr *ivr);
void bp_voice_remove(struct bp_voice_port *v, struct bp_ivr *ivr);
void bp_voice_play(struct bp_voice_port *v, struct bp_ivr *ivr,
		   const struct bp_prompt *p);
void bp_voice_tick(struct bp_voice_port *v,
		   void (*played)(struct bp_ivr *ivr, void *arg), void *arg);
int bp_voice_hear(struct bp_voice_port *v,
		  void (*entry)(struct bp_ivr *ivr, void *arg), void *arg);

#endif
