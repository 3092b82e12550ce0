// SPDX-License-Identifier: GPL-2.0
/*
 * The voice channel: the telephone's 20 ms frames sealed with SRTP and sent
 * over a kernel UDP socket; the server's packets opened, checked and
 * played to the earpiece through the jitter buffer.  It knows SRTP and
 * sockets, never the chip.  Sealing and opening run in work items, so the
 * highway tick only copies frames.
 */
#include <linux/net.h>
#include <linux/random.h>
#include <linux/slab.h>
#include <net/sock.h>

#include <bti/compat.h>
#include "bti_core.h"

#define BTI_RTP_PACKET	(BTI_RTP_HEADER + BTI_FRAME_SAMPLES + BTI_SRTP_TAG)

static void bti_channel_data_ready(struct sock *sk)
{
	struct bti_channel *ch;

	read_lock_bh(&sk->sk_callback_lock);
	ch = sk->sk_user_data;
	if (ch)
		queue_work(system_highpri_wq, &ch->rx_work);
	read_unlock_bh(&sk->sk_callback_lock);
}

static void bti_channel_send(struct bti_channel *ch, const u8 *frame)
{
	struct msghdr msg = { .msg_flags = MSG_DONTWAIT };
	struct kvec iov = { ch->buf, BTI_RTP_PACKET };
	u8 *p = ch->buf;
	int err;

	p[0] = BTI_RTP_BARE;
	p[1] = BTI_RTP_PT_PCMU;
	put_unaligned_be32(ch->timestamp, p + 4);
	put_unaligned_be32(ch->params.device_ssrc, p + 8);
	memcpy(p + BTI_RTP_HEADER, frame, BTI_FRAME_SAMPLES);
	if (ch->tx_index == BTI_SRTP_MAX_PACKETS - BTI_CHANNEL_KEY_MARGIN)
		bti_netlink_channel_key_limit(ch->port);
	err = bti_srtp_protect(&ch->tx, p, BTI_RTP_HEADER, BTI_FRAME_SAMPLES,
			       ch->tx_index);
	if (!err) {
		ch->tx_index++;
		ch->timestamp += BTI_FRAME_SAMPLES;
		err = kernel_sendmsg(ch->sock, &msg, &iov, 1, iov.iov_len);
	}
	spin_lock_bh(&ch->lock);
	if (err < 0) {
		ch->stats.dropped++;
	} else {
		ch->stats.packets_out++;
		ch->stats.bytes_out += iov.iov_len;
	}
	spin_unlock_bh(&ch->lock);
}

static void bti_channel_tx_work(struct work_struct *work)
{
	struct bti_channel *ch = container_of(work, struct bti_channel,
					      tx_work);
	u8 frame[BTI_FRAME_SAMPLES];

	for (;;) {
		spin_lock_bh(&ch->lock);
		if (!ch->txq_len) {
			spin_unlock_bh(&ch->lock);
			break;
		}
		memcpy(frame, ch->txq[ch->txq_head], sizeof(frame));
		ch->txq_head = (ch->txq_head + 1) % BTI_CHANNEL_TXQ;
		ch->txq_len--;
		spin_unlock_bh(&ch->lock);
		bti_channel_send(ch, frame);
	}
	memzero_explicit(frame, sizeof(frame));
}

/* One packet from the server: what it is, and where its frame goes. */
static void bti_channel_receive(struct bti_channel *ch, size_t len)
{
	u8 *p = ch->rxbuf;
	size_t hdr, n;
	u64 index;
	int err;

	if (len >= BTI_RTP_HEADER &&
	    get_unaligned_be32(p + 8) != ch->params.server_ssrc)
		err = -EPROTO;
	else
		err = bti_srtp_unprotect(&ch->rx, p, len, &hdr, &n, &index);
	/* one bare frame of PCMU and nothing else (protocol.rst, 4.1) */
	if (!err && (p[0] != BTI_RTP_BARE || (p[1] & 0x7f) != BTI_RTP_PT_PCMU ||
		     n != BTI_FRAME_SAMPLES))
		err = -EPROTO;
	spin_lock_bh(&ch->lock);
	switch (err) {
	case 0:
		ch->stats.packets_in++;
		ch->stats.bytes_in += len;
		bti_jitter_put(&ch->jitter, index, p + hdr);
		break;
	case -EBADMSG:
		ch->stats.auth_failures++;
		break;
	case -EEXIST:
		ch->stats.replays++;
		break;
	default:
		ch->stats.malformed++;
		break;
	}
	spin_unlock_bh(&ch->lock);
}

/*
 * Packets taken per run of the receive work: a few frames' worth of catching
 * up.  A flood from the server's address then costs a worker some packets at
 * a time and goes to the back of the queue, behind the sending work and
 * whoever else shares the pool, instead of holding the CPU.
 */
#define BTI_CHANNEL_RX_BUDGET	16

/* Up to a budget of packets; whether more may be waiting. */
static bool bti_channel_receive_some(struct bti_channel *ch)
{
	struct kvec iov = { ch->rxbuf, BTI_CHANNEL_PKT_MAX };
	struct msghdr msg = { };
	unsigned int budget = BTI_CHANNEL_RX_BUDGET;
	int len;

	while (budget--) {
		len = kernel_recvmsg(ch->sock, &msg, &iov, 1, iov.iov_len,
				     MSG_DONTWAIT);
		if (len == -ECONNREFUSED)
			continue;	/* an ICMP error, not a packet */
		if (len < 0)
			return false;
		bti_channel_receive(ch, len);
	}
	return true;
}

static void bti_channel_rx_work(struct work_struct *work)
{
	struct bti_channel *ch = container_of(work, struct bti_channel,
					      rx_work);

	if (bti_channel_receive_some(ch))
		queue_work(system_highpri_wq, &ch->rx_work);
}

/*
 * The family is not netnsok: ports are hardware, and only the initial
 * namespace drives them.  So the socket lives there too, which never
 * goes away: sock_create_kern() takes no reference on its namespace.
 */
static int bti_channel_socket(struct bti_channel *ch)
{
	const struct sockaddr_storage *r = &ch->params.remote;
	int len = r->ss_family == AF_INET6 ? sizeof(struct sockaddr_in6) :
					     sizeof(struct sockaddr_in);
	struct sock *sk;
	int err;

	err = sock_create_kern(&init_net, r->ss_family, SOCK_DGRAM, IPPROTO_UDP,
			       &ch->sock);
	if (err)
		return err;
	/* connected: the stack drops datagrams from anyone else */
	err = kernel_connect(ch->sock, (struct sockaddr_unsized *)r, len, 0);
	if (err) {
		sock_release(ch->sock);
		ch->sock = NULL;
		return err;
	}
	sk = ch->sock->sk;
	write_lock_bh(&sk->sk_callback_lock);
	sk->sk_user_data = ch;
	sk->sk_data_ready = bti_channel_data_ready;
	write_unlock_bh(&sk->sk_callback_lock);
	return 0;
}

/**
 * bti_channel_create - open a port's voice channel
 * @port: the port
 * @p: where it goes
 * @master_key: the audio master key, from the provisioning session
 * @master_salt: its salt
 *
 * Return: the channel, not yet fed by the port, or an ERR_PTR().
 */
struct bti_channel *bti_channel_create(struct bti_port *port,
				       const struct bti_channel_params *p,
				       const u8 *master_key,
				       const u8 *master_salt)
{
	struct bti_channel *ch = kzalloc(sizeof(*ch), GFP_KERNEL);
	u16 seq;
	int err;

	if (!ch)
		return ERR_PTR(-ENOMEM);
	ch->port = port;
	ch->params = *p;
	spin_lock_init(&ch->lock);
	INIT_WORK(&ch->tx_work, bti_channel_tx_work);
	INIT_WORK(&ch->rx_work, bti_channel_rx_work);
	/* a random start, as RFC 3550 asks, with the ROC at 0 */
	get_random_bytes(&seq, sizeof(seq));
	ch->tx_index = seq;
	get_random_bytes(&ch->timestamp, sizeof(ch->timestamp));
	ch->buf = kzalloc(BTI_CHANNEL_PKT_MAX, GFP_KERNEL);
	ch->rxbuf = kzalloc(BTI_CHANNEL_PKT_MAX, GFP_KERNEL);
	err = ch->buf && ch->rxbuf ? 0 : -ENOMEM;
	err = err ?: bti_srtp_init(&ch->tx, master_key, master_salt);
	err = err ?: bti_srtp_init(&ch->rx, master_key, master_salt);
	err = err ?: bti_channel_socket(ch);
	if (err) {
		bti_channel_destroy(ch);
		return ERR_PTR(err);
	}
	return ch;
}

/**
 * bti_channel_destroy - close a channel and wipe its keys
 * @ch: the channel, no longer fed by the port
 */
void bti_channel_destroy(struct bti_channel *ch)
{
	struct sock *sk;

	if (ch->sock) {
		sk = ch->sock->sk;
		write_lock_bh(&sk->sk_callback_lock);
		sk->sk_user_data = NULL;
		write_unlock_bh(&sk->sk_callback_lock);
	}
	cancel_work_sync(&ch->rx_work);
	cancel_work_sync(&ch->tx_work);
	if (ch->sock)
		sock_release(ch->sock);
	if (ch->tx.aead)
		bti_srtp_destroy(&ch->tx);
	if (ch->rx.aead)
		bti_srtp_destroy(&ch->rx);
	kfree_sensitive(ch->buf);
	kfree_sensitive(ch->rxbuf);
	kfree_sensitive(ch);
}

/**
 * bti_channel_uplink - a frame of the telephone's audio, to send
 * @ch: the channel
 * @frame: %BTI_FRAME_SAMPLES of mu-law
 *
 * Context: the highway tick.
 */
void bti_channel_uplink(struct bti_channel *ch, const u8 *frame)
{
	spin_lock(&ch->lock);
	if (ch->txq_len == BTI_CHANNEL_TXQ) {
		ch->stats.dropped++;
	} else {
		memcpy(ch->txq[(ch->txq_head + ch->txq_len) % BTI_CHANNEL_TXQ],
		       frame, BTI_FRAME_SAMPLES);
		ch->txq_len++;
	}
	spin_unlock(&ch->lock);
	queue_work(system_highpri_wq, &ch->tx_work);
}

/**
 * bti_channel_downlink - the earpiece's next 8 samples
 * @ch: the channel
 * @tick: filled
 *
 * Context: the highway tick.
 */
void bti_channel_downlink(struct bti_channel *ch, u8 *tick)
{
	spin_lock(&ch->lock);
	bti_jitter_get(&ch->jitter, tick);
	spin_unlock(&ch->lock);
}

/**
 * bti_channel_stats - a channel's counters now
 * @ch: the channel
 * @st: filled
 */
void bti_channel_stats(struct bti_channel *ch, struct bti_channel_stats *st)
{
	spin_lock_bh(&ch->lock);
	*st = ch->stats;
	st->late = ch->jitter.late;
	st->lost = ch->jitter.lost;
	spin_unlock_bh(&ch->lock);
}

/**
 * bti_channel_local_port - the UDP port the kernel bound the channel to
 * @ch: the channel
 *
 * Return: the port, or 0 if the socket cannot say.
 */
u16 bti_channel_local_port(struct bti_channel *ch)
{
	struct sockaddr_storage ss = { };

	if (kernel_getsockname(ch->sock, (struct sockaddr *)&ss) < 0)
		return 0;
	/* sin_port and sin6_port share their place */
	return ntohs(((struct sockaddr_in *)&ss)->sin_port);
}
