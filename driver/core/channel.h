/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _BTI_CHANNEL_H
#define _BTI_CHANNEL_H

#include <linux/socket.h>
#include <linux/spinlock.h>
#include <linux/workqueue.h>

#include "frame.h"
#include "jitter.h"
#include "srtp.h"

#define BTI_CHANNEL_TXQ		8
#define BTI_RTP_PT_PCMU		0
/* version 2, no padding, no extension, no CSRC: byte 0 of each packet */
#define BTI_RTP_BARE		0x80
#define BTI_CHANNEL_PKT_MAX	1500
/* packets left under the key when listeners hear it will run out */
#define BTI_CHANNEL_KEY_MARGIN	BIT_ULL(20)

struct bti_port;

/**
 * struct bti_channel_stats - what a channel counts
 * @packets_out: packets sent
 * @bytes_out: their SRTP bytes
 * @packets_in: packets accepted
 * @bytes_in: their SRTP bytes
 * @auth_failures: packets that did not authenticate
 * @replays: packets seen before, or older than the replay window
 * @malformed: packets that are not one 20 ms PCMU frame of the server's
 * @late: frames that came after their time to play
 * @lost: frames whose time to play came without them
 * @dropped: uplink frames dropped because sending fell behind
 */
struct bti_channel_stats {
	u64 packets_out;
	u64 bytes_out;
	u64 packets_in;
	u64 bytes_in;
	u64 auth_failures;
	u64 replays;
	u64 malformed;
	u64 late;
	u64 lost;
	u64 dropped;
};

/**
 * struct bti_channel_params - where a channel goes
 * @remote: the server's address and UDP port
 * @device_ssrc: the SSRC the device sends with
 * @server_ssrc: the SSRC the server sends with
 */
struct bti_channel_params {
	struct sockaddr_storage remote;
	u32 device_ssrc;
	u32 server_ssrc;
};

/**
 * struct bti_channel - a port's encrypted voice channel
 * @port: the port
 * @sock: the kernel UDP socket, connected to the server
 * @params: where it goes
 * @tx: the sending direction
 * @rx: the receiving direction
 * @tx_index: the next packet's SRTP index
 * @timestamp: the next packet's RTP timestamp
 * @lock: guards @txq, @jitter and @stats; taken from the highway tick
 * @txq: uplink frames waiting to be sent
 * @txq_head: the oldest of them
 * @txq_len: how many
 * @jitter: the downlink's frames
 * @stats: counters
 * @tx_work: seals and sends @txq
 * @rx_work: receives and opens packets into @jitter
 * @buf: the packet being sealed or opened; one per work
 * @rxbuf: see @buf
 */
struct bti_channel {
	struct bti_port *port;
	struct socket *sock;
	struct bti_channel_params params;
	struct bti_srtp tx;
	struct bti_srtp rx;
	u64 tx_index;
	u32 timestamp;

	spinlock_t lock;	/* see @lock above */
	u8 txq[BTI_CHANNEL_TXQ][BTI_FRAME_SAMPLES];
	unsigned int txq_head;
	unsigned int txq_len;
	struct bti_jitter jitter;
	struct bti_channel_stats stats;

	struct work_struct tx_work;
	struct work_struct rx_work;
	u8 *buf;
	u8 *rxbuf;
};

struct bti_channel *bti_channel_create(struct bti_port *port,
				       const struct bti_channel_params *p,
				       const u8 *master_key,
				       const u8 *master_salt);
void bti_channel_destroy(struct bti_channel *ch);
void bti_channel_uplink(struct bti_channel *ch, const u8 *frame);
void bti_channel_downlink(struct bti_channel *ch, u8 *tick);
void bti_channel_stats(struct bti_channel *ch, struct bti_channel_stats *st);
u16 bti_channel_local_port(struct bti_channel *ch);

#endif /* _BTI_CHANNEL_H */
