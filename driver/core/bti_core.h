/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What the files of bti.ko share among themselves.
 */
#ifndef _BTI_CORE_H
#define _BTI_CORE_H

#include <linux/hrtimer.h>
#include <linux/kref.h>
#include <linux/mutex.h>
#include <linux/spinlock.h>
#include <linux/workqueue.h>

#include <bti/port.h>

#include "channel.h"
#include "dtmf.h"
#include "frame.h"
#include "line.h"
#include "provision.h"

struct bti_counters {
	u64 offhooks;
	u64 onhooks;
	u64 flashes;
	u64 digits;
	u64 rings;
	u64 frames_up;
	u64 alarms;
};

/**
 * struct bti_port - one telephone line
 * @ref: held by the port registry while the port is registered, and by
 *	each netlink request that uses it
 * @dev: the chip's device
 * @index: stable number userspace names the port by
 * @name: "fxs<index>"
 * @chip: the chip's name, kept here: the chip driver may be gone while a
 *	request still holds the port
 * @info: what the chip registered
 * @gone: unregistered, under both @lock and @feed_lock: the chip may not
 *	be called, nor the timers started
 * @lock: protects the state machines, counters and @uplink; taken from
 *	the hrtimers' softirq context
 * @hook: debounced hook switch
 * @cadence: ringing pattern
 * @ringing: a ring is in progress (bursts and the silences between)
 * @ring_burst: ringing voltage belongs on the line now
 * @idle_feed: the line feed outside ring bursts
 * @hook_timer: fires at the hook debouncer's deadline
 * @ring_timer: fires at each cadence step
 * @feed_work: applies the line feed through the chip, which may sleep
 * @feed_lock: serialises line feed changes to the chip, which take SPI
 *	transfers; only those and the port's unregistration wait on it
 * @uplink: the frame being gathered from the highway
 * @dtmf: listens for digits in @uplink, if the chip does not decode them
 * @stats: event and audio counters
 * @digits_held: a provisioning session is live: digits stay here
 * @channel: the voice channel, under @lock; NULL if none
 * @pv: the provisioning session on this line
 */
struct bti_port {
	struct kref ref;
	struct device *dev;
	unsigned int index;
	char name[16];
	char chip[16];
	struct bti_port_info info;
	bool gone;

	spinlock_t lock;	/* see @lock above */
	struct bti_hook_fsm hook;
	struct bti_cadence cadence;
	bool ringing;
	bool ring_burst;
	enum bti_linefeed idle_feed;
	struct hrtimer hook_timer;
	struct hrtimer ring_timer;
	struct work_struct feed_work;
	struct mutex feed_lock;	/* see @feed_lock above */
	struct bti_frame uplink;
	struct bti_dtmf dtmf;
	struct bti_counters stats;
	bool digits_held;
	struct bti_channel *channel;
	struct bti_provision pv;
};

struct bti_port_state {
	bool offhook;
	bool ringing;
	enum bti_linefeed linefeed;
	struct bti_counters stats;
};

struct bti_port *bti_port_get(unsigned int index);
struct bti_port *bti_port_get_next(unsigned long *index);
void bti_port_put(struct bti_port *port);
void bti_port_state(struct bti_port *port, struct bti_port_state *st);
int bti_port_ring(struct bti_port *port, bool on);
int bti_port_set_idle_feed(struct bti_port *port, enum bti_linefeed lf);
void bti_port_uplink(struct bti_port *port, const u8 *tick);
void bti_port_downlink(struct bti_port *port, u8 *tick);
void bti_port_set_channel(struct bti_port *port, struct bti_channel *ch);
void bti_port_hold_digits(struct bti_port *port, bool hold);

extern unsigned int bti_hook_debounce_ms;
extern unsigned int bti_flash_max_ms;
extern u32 bti_ring_cadence_ms[BTI_CADENCE_MAX];
extern unsigned int bti_ring_cadence_steps;

int bti_highway_attach(struct bti_port *port);
void bti_highway_detach(struct bti_port *port);

int bti_crypto_selftest(void);

const struct bti_line_profile *bti_profile_find(const char *name);

int bti_netlink_init(void);
void bti_netlink_exit(void);
void bti_netlink_event(struct bti_port *port, enum bti_event ev, u8 value);
void bti_netlink_session_end(struct bti_port *port, enum bti_session_end why,
			     u8 code);
void bti_netlink_channel_end(struct bti_port *port, enum bti_channel_end why,
			     const struct bti_channel_stats *st);
void bti_netlink_channel_key_limit(struct bti_port *port);

#endif /* _BTI_CORE_H */
