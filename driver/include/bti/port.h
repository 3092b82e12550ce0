/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The seam between a SLIC chip driver and the bti port core.
 *
 * A chip driver knows registers; the core knows line state and audio.
 * The chip reports raw loop closure, alarms and, if it decodes them,
 * digits; the core
 * debounces, times ringing cadence and tells the chip which line feed to
 * drive, again whenever the chip asks for it.
 */
#ifndef _BTI_PORT_H
#define _BTI_PORT_H

#include <linux/types.h>
#include <uapi/linux/bti.h>

#include <bti/profile.h>

struct bti_port;
struct device;

/**
 * struct bti_port_ops - what the core asks of a chip
 * @set_linefeed: drive tip and ring. May sleep. Called with no core lock
 *	held that a chip callback into the core could need.
 */
struct bti_port_ops {
	int (*set_linefeed)(struct bti_port *port, enum bti_linefeed lf);
};

/**
 * struct bti_port_info - what a chip tells the core about one port
 * @chip: chip name, as a user would recognise it ("si3215")
 * @revision: the chip's revision, 1 for A; 0 if it has none to tell
 * @timeslot: the 8-bit PCM highway timeslot the chip's audio uses
 * @decodes_dtmf: the chip reports digits through bti_port_report_digit();
 *	otherwise the core listens for them in the line's audio
 * @profile: the country profile the chip set the line up for, from
 *	bti_line_profile_choose(); the core rings with its cadence
 * @ops: the chip's operations
 * @priv: chip driver data, returned by bti_port_priv()
 */
struct bti_port_info {
	const char *chip;
	unsigned int revision;
	unsigned int timeslot;
	bool decodes_dtmf;
	const struct bti_line_profile *profile;
	const struct bti_port_ops *ops;
	void *priv;
};

struct bti_port *bti_port_register(struct device *dev,
				   const struct bti_port_info *info);
void bti_port_unregister(struct bti_port *port);
void *bti_port_priv(struct bti_port *port);

void bti_port_report_hook(struct bti_port *port, bool offhook);
void bti_port_report_digit(struct bti_port *port, char digit);
void bti_port_report_alarm(struct bti_port *port, enum bti_alarm why);
void bti_port_resync(struct bti_port *port);

#endif /* _BTI_PORT_H */
