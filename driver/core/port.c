// SPDX-License-Identifier: GPL-2.0
/*
 * Ports: registration by chip drivers, line state and ringing.
 */
#include <linux/device.h>
#include <linux/module.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <linux/xarray.h>
#include <kunit/visibility.h>

#include <bti/compat.h>
#include "bti_core.h"

/*
 * Registered ports by index, each holding a reference for the registry.
 * The xarray's own spinlock covers a lookup and the reference it takes,
 * and nothing else: no lock of the core is shared between ports.
 */
static DEFINE_XARRAY_ALLOC(bti_ports);

/* Lock held.  Ringing stops by request or because the handset was lifted. */
static void bti_port_stop_ring(struct bti_port *port)
{
	if (!port->ringing)
		return;
	port->ringing = false;
	port->ring_burst = false;
	hrtimer_try_to_cancel(&port->ring_timer);
	schedule_work(&port->feed_work);
	bti_netlink_event(port, BTI_EVENT_RING, 0);
}

/* Lock held.  A digit from the chip's decoder or from bti_dtmf. */
static void bti_port_digit(struct bti_port *port, char digit)
{
	/* the subscriber may be keying a PIN to the server: keep it here */
	if (port->digits_held)
		return;
	port->stats.digits++;
	bti_netlink_event(port, BTI_EVENT_DIGIT, digit);
}

/* Lock held. */
static void bti_port_hook_eval(struct bti_port *port, bool raw_off)
{
	ktime_t deadline;

	switch (bti_hook_update(&port->hook, raw_off, ktime_get(), &deadline)) {
	case BTI_HOOK_WENT_OFF:
		port->stats.offhooks++;
		bti_port_stop_ring(port);
		bti_dtmf_reset(&port->dtmf);
		bti_netlink_event(port, BTI_EVENT_HOOK, BTI_HOOK_OFF);
		break;
	case BTI_HOOK_WENT_ON:
		port->stats.onhooks++;
		bti_netlink_event(port, BTI_EVENT_HOOK, BTI_HOOK_ON);
		break;
	case BTI_HOOK_FLASHED:
		port->stats.flashes++;
		bti_netlink_event(port, BTI_EVENT_FLASH, 0);
		break;
	case BTI_HOOK_NONE:
		break;
	}
	if (deadline != BTI_NO_DEADLINE)
		hrtimer_start(&port->hook_timer, deadline, HRTIMER_MODE_ABS_SOFT);
}

static enum hrtimer_restart bti_port_hook_timer(struct hrtimer *t)
{
	struct bti_port *port = container_of(t, struct bti_port, hook_timer);

	spin_lock(&port->lock);
	bti_port_hook_eval(port, port->hook.raw_off);
	spin_unlock(&port->lock);
	return HRTIMER_NORESTART;
}

static enum hrtimer_restart bti_port_ring_timer(struct hrtimer *t)
{
	struct bti_port *port = container_of(t, struct bti_port, ring_timer);
	enum hrtimer_restart ret = HRTIMER_NORESTART;
	ktime_t deadline;
	bool burst;

	spin_lock(&port->lock);
	if (port->ringing) {
		burst = bti_cadence_update(&port->cadence, ktime_get(),
					   &deadline);
		if (burst != port->ring_burst) {
			port->ring_burst = burst;
			schedule_work(&port->feed_work);
		}
		hrtimer_set_expires(t, deadline);
		ret = HRTIMER_RESTART;
	}
	spin_unlock(&port->lock);
	return ret;
}

static enum bti_linefeed bti_port_feed(struct bti_port *port)
{
	return port->ring_burst ? BTI_LINEFEED_RINGING : port->idle_feed;
}

/* Drives the chip to the feed the state calls for now; may sleep. */
static int bti_port_apply_feed(struct bti_port *port)
{
	enum bti_linefeed lf;
	int err;

	mutex_lock(&port->feed_lock);
	spin_lock_bh(&port->lock);
	lf = bti_port_feed(port);
	spin_unlock_bh(&port->lock);
	err = port->gone ? -ENODEV : port->info.ops->set_linefeed(port, lf);
	mutex_unlock(&port->feed_lock);
	return err;
}

static void bti_port_feed_work(struct work_struct *work)
{
	struct bti_port *port = container_of(work, struct bti_port, feed_work);
	int err = bti_port_apply_feed(port);

	if (err)
		dev_warn_ratelimited(port->dev, "%s: line feed failed: %d\n",
				     port->name, err);
}

/**
 * bti_port_register - add a telephone line driven by a chip
 * @dev: the chip's device
 * @info: chip name, PCM timeslot, line profile and operations; copied
 *
 * The line starts in forward active feed, ready to see the handset lifted.
 * The chip must not report on the port after bti_port_unregister().
 *
 * Return: the port, or an ERR_PTR(): -EINVAL if @info lacks its chip
 * name (or it is longer than 15 bytes), its set_linefeed or its profile.
 */
struct bti_port *bti_port_register(struct device *dev,
				   const struct bti_port_info *info)
{
	struct bti_port *port;
	int err;

	if (!info->ops || !info->ops->set_linefeed || !info->chip ||
	    !info->profile)
		return ERR_PTR(-EINVAL);

	port = kzalloc(sizeof(*port), GFP_KERNEL);
	if (!port)
		return ERR_PTR(-ENOMEM);
	kref_init(&port->ref);
	port->dev = dev;
	port->info = *info;
	err = strscpy(port->chip, info->chip, sizeof(port->chip)) < 0 ?
	      -EINVAL : 0;
	if (err)
		goto err_free;
	spin_lock_init(&port->lock);
	mutex_init(&port->feed_lock);
	INIT_WORK(&port->feed_work, bti_port_feed_work);
	hrtimer_setup(&port->hook_timer, bti_port_hook_timer, CLOCK_MONOTONIC,
		      HRTIMER_MODE_ABS_SOFT);
	hrtimer_setup(&port->ring_timer, bti_port_ring_timer, CLOCK_MONOTONIC,
		      HRTIMER_MODE_ABS_SOFT);
	bti_hook_init(&port->hook, ms_to_ktime(bti_hook_debounce_ms),
		      ms_to_ktime(bti_flash_max_ms));
	if (bti_ring_cadence_steps)
		err = bti_cadence_init(&port->cadence, bti_ring_cadence_ms,
				       bti_ring_cadence_steps);
	else
		err = bti_cadence_init(&port->cadence, info->profile->cadence_ms,
				       info->profile->cadence_steps);
	if (err)
		goto err_free;
	port->idle_feed = BTI_LINEFEED_FORWARD_ACTIVE;
	bti_provision_init(&port->pv);

	/* the index is reserved, and the port found by it once it is ready */
	err = xa_alloc(&bti_ports, &port->index, NULL, xa_limit_31b,
		       GFP_KERNEL);
	if (err)
		goto err_free;
	snprintf(port->name, sizeof(port->name), "fxs%u", port->index);

	err = bti_port_apply_feed(port);
	if (err)
		goto err_index;
	err = bti_highway_attach(port);
	if (err)
		goto err_index;
	xa_store(&bti_ports, port->index, port, GFP_KERNEL);
	dev_info(dev, "%s: %s on timeslot %u, line profile %s\n", port->name,
		 info->chip, info->timeslot, info->profile->name);
	return port;

err_index:
	xa_erase(&bti_ports, port->index);
err_free:
	kfree(port);
	return ERR_PTR(err);
}
EXPORT_SYMBOL_GPL(bti_port_register);

/* Its index is free again only now: no event or reply names it any more. */
static void bti_port_release(struct kref *ref)
{
	struct bti_port *port = container_of(ref, struct bti_port, ref);

	xa_erase(&bti_ports, port->index);
	bti_provision_destroy(&port->pv);
	mutex_destroy(&port->feed_lock);
	kfree_sensitive(port);
}

/* Once the chip's calls have returned, none may start. */
static void bti_port_mark_gone(struct bti_port *port)
{
	mutex_lock(&port->feed_lock);
	spin_lock_bh(&port->lock);
	port->gone = true;
	port->ringing = false;
	spin_unlock_bh(&port->lock);
	mutex_unlock(&port->feed_lock);
}

/**
 * bti_port_unregister - remove a line
 * @port: from bti_port_register()
 *
 * Returns once nothing in the core calls the chip for @port, nor will.  A
 * netlink request that holds @port may still read it, and frees it last.
 */
void bti_port_unregister(struct bti_port *port)
{
	/* not found any more, but reserved until the port is freed */
	xa_store(&bti_ports, port->index, NULL, GFP_KERNEL);
	bti_provision_exit(&port->pv);
	bti_highway_detach(port);
	bti_port_mark_gone(port);
	hrtimer_cancel(&port->ring_timer);
	hrtimer_cancel(&port->hook_timer);
	cancel_work_sync(&port->feed_work);
	bti_port_put(port);
}
EXPORT_SYMBOL_GPL(bti_port_unregister);

/**
 * bti_port_priv - the chip driver's data
 * @port: the port
 *
 * Return: &bti_port_info.priv as registered.
 */
void *bti_port_priv(struct bti_port *port)
{
	return port->info.priv;
}
EXPORT_SYMBOL_GPL(bti_port_priv);

/**
 * bti_port_report_hook - the chip saw loop closure change
 * @port: the port
 * @offhook: raw loop closure; the core debounces it
 *
 * Context: any context but hard interrupt.
 */
void bti_port_report_hook(struct bti_port *port, bool offhook)
{
	spin_lock_bh(&port->lock);
	bti_port_hook_eval(port, offhook);
	spin_unlock_bh(&port->lock);
}
EXPORT_SYMBOL_GPL(bti_port_report_hook);

/**
 * bti_port_report_digit - the chip decoded a DTMF digit
 * @port: the port
 * @digit: one of 0-9, '*', '#', A-D
 *
 * Context: any context but hard interrupt.
 */
void bti_port_report_digit(struct bti_port *port, char digit)
{
	if (!digit || !strchr("0123456789*#ABCD", digit)) {
		dev_warn_ratelimited(port->dev, "%s: chip reported digit %#x\n",
				     port->name, digit);
		return;
	}
	spin_lock_bh(&port->lock);
	bti_port_digit(port, digit);
	spin_unlock_bh(&port->lock);
}
EXPORT_SYMBOL_GPL(bti_port_report_digit);

/**
 * bti_port_report_alarm - the chip took the line down
 * @port: the port
 * @why: a power alarm, or the chip reset itself
 *
 * Context: any context but hard interrupt.
 */
void bti_port_report_alarm(struct bti_port *port, enum bti_alarm why)
{
	spin_lock_bh(&port->lock);
	port->stats.alarms++;
	bti_netlink_event(port, BTI_EVENT_ALARM, why);
	spin_unlock_bh(&port->lock);
}
EXPORT_SYMBOL_GPL(bti_port_report_alarm);

/**
 * bti_port_resync - drive the chip to the line's state again
 * @port: the port
 *
 * For a chip that lost its line feed: restored after a reset, or powered
 * again after an alarm.  The feed is applied from a work item.
 *
 * Context: any context but hard interrupt.
 */
void bti_port_resync(struct bti_port *port)
{
	schedule_work(&port->feed_work);
}
EXPORT_SYMBOL_GPL(bti_port_resync);

/**
 * bti_port_get - find a registered port, and hold it
 * @index: its index
 *
 * Return: the port, which the caller gives back with bti_port_put(), or
 * NULL if none is registered at @index.
 */
struct bti_port *bti_port_get(unsigned int index)
{
	struct bti_port *port;

	xa_lock(&bti_ports);
	port = xa_load(&bti_ports, index);
	if (port)
		kref_get(&port->ref);
	xa_unlock(&bti_ports);
	return port;
}
EXPORT_SYMBOL_IF_KUNIT(bti_port_get);

/**
 * bti_port_get_next - the registered port of the lowest index from @index
 * @index: where to look from; set to the port's index
 *
 * Return: the port, held as by bti_port_get(), or NULL if there is none.
 */
struct bti_port *bti_port_get_next(unsigned long *index)
{
	struct bti_port *port;

	xa_lock(&bti_ports);
	port = xa_find(&bti_ports, index, ULONG_MAX, XA_PRESENT);
	if (port)
		kref_get(&port->ref);
	xa_unlock(&bti_ports);
	return port;
}

/**
 * bti_port_put - give back a port from bti_port_get() or bti_port_get_next()
 * @port: the port, or NULL
 *
 * The last reference frees it.  Context: process.
 */
void bti_port_put(struct bti_port *port)
{
	if (port)
		kref_put(&port->ref, bti_port_release);
}
EXPORT_SYMBOL_IF_KUNIT(bti_port_put);

void bti_port_state(struct bti_port *port, struct bti_port_state *st)
{
	spin_lock_bh(&port->lock);
	st->offhook = port->hook.offhook;
	st->ringing = port->ringing;
	st->linefeed = bti_port_feed(port);
	st->stats = port->stats;
	spin_unlock_bh(&port->lock);
}
EXPORT_SYMBOL_IF_KUNIT(bti_port_state);

/* Lock held. */
static void bti_port_start_ring(struct bti_port *port)
{
	ktime_t now = ktime_get(), deadline;

	port->ringing = true;
	port->stats.rings++;
	bti_cadence_start(&port->cadence, now);
	port->ring_burst = bti_cadence_update(&port->cadence, now, &deadline);
	hrtimer_start(&port->ring_timer, deadline, HRTIMER_MODE_ABS_SOFT);
	bti_netlink_event(port, BTI_EVENT_RING, 1);
}

/**
 * bti_port_ring - start or stop ringing the line
 * @port: the port
 * @on: start if true
 *
 * Returns once the chip drives what the new state calls for.
 *
 * Return: 0; -EBUSY to ring an off-hook line; -ENODEV once the port is
 * unregistered; the chip's error.
 */
int bti_port_ring(struct bti_port *port, bool on)
{
	int err = 0;

	spin_lock_bh(&port->lock);
	if (port->gone)
		err = -ENODEV;
	else if (!on)
		bti_port_stop_ring(port);
	else if (port->hook.offhook)
		err = -EBUSY;
	else if (!port->ringing)
		bti_port_start_ring(port);
	spin_unlock_bh(&port->lock);
	if (err)
		return err;
	cancel_work_sync(&port->feed_work);
	return bti_port_apply_feed(port);
}
EXPORT_SYMBOL_IF_KUNIT(bti_port_ring);

/**
 * bti_port_set_idle_feed - set the line feed outside ring bursts
 * @port: the port
 * @lf: the feed
 *
 * Return: 0; -ENODEV once the port is unregistered; the chip's error.
 */
int bti_port_set_idle_feed(struct bti_port *port, enum bti_linefeed lf)
{
	spin_lock_bh(&port->lock);
	port->idle_feed = lf;
	spin_unlock_bh(&port->lock);
	return bti_port_apply_feed(port);
}
EXPORT_SYMBOL_IF_KUNIT(bti_port_set_idle_feed);

/*
 * Lock held.  The last frame the telephone sent, and what the detector
 * kept of it, may be a PIN: once no channel or session may hear them,
 * they go.
 */
static void bti_port_forget_audio(struct bti_port *port)
{
	memzero_explicit(&port->uplink, sizeof(port->uplink));
	bti_dtmf_reset(&port->dtmf);
}

/* Lock held.  Only a lifted handset keys digits. */
static void bti_port_listen(struct bti_port *port)
{
	char digit;

	if (port->info.decodes_dtmf || !port->hook.offhook)
		return;
	digit = bti_dtmf_frame(&port->dtmf, port->uplink.samples,
			       BTI_FRAME_SAMPLES);
	if (digit)
		bti_port_digit(port, digit);
}

/* From the highway tick: softirq, or process context with BH disabled. */
void bti_port_uplink(struct bti_port *port, const u8 *tick)
{
	spin_lock(&port->lock);
	if (bti_frame_push(&port->uplink, tick)) {
		port->stats.frames_up++;
		bti_port_listen(port);
		if (port->channel)
			bti_channel_uplink(port->channel, port->uplink.samples);
	}
	spin_unlock(&port->lock);
}

void bti_port_downlink(struct bti_port *port, u8 *tick)
{
	spin_lock(&port->lock);
	if (port->channel)
		bti_channel_downlink(port->channel, tick);
	else
		memset(tick, 0xff, BTI_TICK_SAMPLES);	/* mu-law silence */
	spin_unlock(&port->lock);
}

/**
 * bti_port_hold_digits - keep the port's digits from listeners, or not
 * @port: the port
 * @hold: true from the start of a provisioning session to its end
 *
 * Held digits are neither published nor counted: a subscriber keying an
 * account number and PIN to the server, before, during or after the voice
 * channel, keys them to the kernel alone.
 */
void bti_port_hold_digits(struct bti_port *port, bool hold)
{
	spin_lock_bh(&port->lock);
	port->digits_held = hold;
	if (!hold)
		bti_port_forget_audio(port);
	spin_unlock_bh(&port->lock);
}
EXPORT_SYMBOL_IF_KUNIT(bti_port_hold_digits);

/**
 * bti_port_set_channel - attach or detach the port's voice channel
 * @port: the port
 * @ch: the channel, or NULL
 *
 * Once this returns with NULL, the highway tick no longer uses the old
 * channel.
 */
void bti_port_set_channel(struct bti_port *port, struct bti_channel *ch)
{
	spin_lock_bh(&port->lock);
	port->channel = ch;
	if (!ch)
		bti_port_forget_audio(port);
	spin_unlock_bh(&port->lock);
}
EXPORT_SYMBOL_IF_KUNIT(bti_port_set_channel);
