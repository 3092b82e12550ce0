/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What the files of bti_si3210.ko share: the chip, and the steps of its
 * bring-up, each in the file named for it.
 */
#ifndef _SI3210_H
#define _SI3210_H

#include <linux/ktime.h>
#include <linux/mutex.h>
#include <linux/regmap.h>
#include <linux/workqueue.h>

#include <bti/port.h>

enum si3210_part {
	SI3210_PART_SI3210,
	SI3210_PART_SI3215,
	SI3210_NPARTS,
};

/*
 * The indirect registers bti sets, by what they do; indirect.c gives each
 * its number on each part (the Si3215 renumbers them).
 */
enum si3210_ireg {
	SI3210_IR_DTMF_ROW0,	/* the Si3210's DTMF decoder, IR 0 to 12 */
	SI3210_IR_DTMF_ROW1,
	SI3210_IR_DTMF_ROW2,
	SI3210_IR_DTMF_ROW3,
	SI3210_IR_DTMF_COL,
	SI3210_IR_DTMF_FWD_TWIST,
	SI3210_IR_DTMF_RVS_TWIST,
	SI3210_IR_DTMF_ROW_RATIO,
	SI3210_IR_DTMF_COL_RATIO,
	SI3210_IR_DTMF_ROW_2ND,
	SI3210_IR_DTMF_COL_2ND,
	SI3210_IR_DTMF_PWR_MIN,
	SI3210_IR_DTMF_OT_LIM,
	SI3210_IR_OSC1,
	SI3210_IR_OSC1X,
	SI3210_IR_OSC1Y,
	SI3210_IR_OSC2,
	SI3210_IR_OSC2X,
	SI3210_IR_OSC2Y,
	SI3210_IR_ROFF,
	SI3210_IR_RCO,
	SI3210_IR_RNGX,
	SI3210_IR_RNGY,
	SI3210_IR_DACG,
	SI3210_IR_ADCG,
	SI3210_IR_LCRT,
	SI3210_IR_RPTP,
	SI3210_IR_CML,
	SI3210_IR_CMH,
	SI3210_IR_PPT12,
	SI3210_IR_PPT34,
	SI3210_IR_PPT56,
	SI3210_IR_NCLR,		/* the filters flushed during calibration */
	SI3210_IR_NRTP,
	SI3210_IR_NQ12,
	SI3210_IR_NQ34,
	SI3210_IR_NQ56,
	SI3210_IR_VCMR,
	SI3210_IR_VMIND,
	SI3210_IR_LCRTL,
	SI3210_IR_COUNT,
};

/* the DS's ring trip table covers 16.667 to 60 Hz (Table 30) */
#define SI3210_RING_HZ_MIN	15
#define SI3210_RING_HZ_MAX	60
/* the ringing must pass the on-hook voltage, 48 V (DS 2.5.2) */
#define SI3210_VOC_MV		48000
/* VBATH >= Vpk + Voffset + 7.5 V, and VBATH is at most 94.5 V (DS 2.5.5) */
#define SI3210_RING_PEAK_MAX_MV	87000

/**
 * struct si3210_ring - a ringing signal
 * @hz: frequency
 * @peak_mv: amplitude, tip to ring, peak
 * @offset_mv: DC offset added to it
 */
struct si3210_ring {
	u32 hz;
	u32 peak_mv;
	s32 offset_mv;
};

/* The ringing oscillator's registers for a signal: RCO, RNGX, RNGY, ROFF */
struct si3210_ring_coefs {
	s32 coef;
	s32 x;
	s32 y;
	s32 offset;
};

/* calibration results: registers 98 to 105, and 107 (106 is reserved) */
#define SI3210_NCAL	9

/**
 * struct si3210 - one ProSLIC
 * @dev: its device, for messages
 * @map: its registers
 * @part: which part it is
 * @rev: its revision, 1 for A
 * @reset_pin: a RESET line put it in its reset state just before probe
 * @timeslot: the PCM highway timeslot it talks and listens on
 * @dcn: DC-DC converter PWM period, in 16.384 MHz cycles (register 92)
 * @dctof: the converter's minimum off time, in cycles less 4 (register 93)
 * @profile: the country line profile the line is set up for
 * @ring: the ringing signal
 * @tiss: the two-wire impedance, register 10's TISS code
 * @vbath: the high battery, in 1.5 V steps (register 74)
 * @rtdi: ring trip debounce, in 1.25 ms steps (register 70)
 * @ival: what each indirect register must hold
 * @cal: calibration results, to restore after the chip resets
 * @use_decoder: report the chip's DTMF decoder's digits (Si3210 only)
 * @port: the line the core knows it as
 * @spi: the bus device
 * @polled: no interrupt line: @poll serves the chip
 * @poll: the poll, when polled
 * @watch: looks for a chip reset, and recovers from power alarms
 * @lock: serialises the line feed with alarms and restores
 * @alarm_since: when the line was opened on a power alarm, 0 if it is not
 * @alarms: power alarms not yet forgiven
 * @forgiven_at: when one was last forgiven
 * @gave_up: too many alarms: the line stays open
 * @down: a restore failed: the line is powered down
 * @retry_at: when to try the restore again
 * @buf: SPI buffers, DMA-safe; regmap's lock serialises their use
 */
struct si3210 {
	struct device *dev;
	struct regmap *map;
	enum si3210_part part;
	unsigned int rev;
	bool reset_pin;
	unsigned int timeslot;
	u8 dcn;
	u8 dctof;
	const struct bti_line_profile *profile;
	struct si3210_ring ring;
	u8 tiss;
	u8 vbath;
	u8 rtdi;
	u16 ival[SI3210_IR_COUNT];
	u8 cal[SI3210_NCAL];
	bool use_decoder;

	struct bti_port *port;
	struct spi_device *spi;
	bool polled;
	struct delayed_work poll;
	struct delayed_work watch;
	struct mutex lock;	/* see @lock above */
	ktime_t alarm_since;
	unsigned int alarms;
	ktime_t forgiven_at;
	bool gave_up;
	bool down;
	ktime_t retry_at;
	u8 buf[2] ____cacheline_aligned;
};

/**
 * struct si3210_events - what one service pass found
 * @hook_seen: loop closure or ring trip was read; @offhook holds it
 * @offhook: raw loop closure
 * @digit: a decoded DTMF digit, or 0
 * @alarm: power alarm bits, register 19's Q1AP to Q6AP
 */
struct si3210_events {
	bool hook_seen;
	bool offhook;
	char digit;
	u8 alarm;
};

/* ident.c */
int si3210_identify(struct si3210 *chip, int expected);
const char *si3210_part_name(const struct si3210 *chip);

/* indirect.c */
int si3210_indirect_write(struct si3210 *chip, enum si3210_ireg ir, u16 val);
int si3210_indirect_read(struct si3210 *chip, enum si3210_ireg ir, u16 *val);
bool si3210_ireg_exists(const struct si3210 *chip, enum si3210_ireg ir);
void si3210_iregs_init(struct si3210 *chip);
int si3210_iregs_write(struct si3210 *chip);
int si3210_iregs_verify(struct si3210 *chip);

/* ring.c */
int si3210_ring_coefs(const struct si3210_ring *ring,
		      struct si3210_ring_coefs *c);
int si3210_ring_set(struct si3210 *chip, const struct si3210_ring *ring);

/* profile.c */
int si3210_profile_set(struct si3210 *chip,
		       const struct bti_line_profile *profile);

/* bringup.c */
int si3210_set_converter(struct si3210 *chip, u32 period_ns, u32 off_ns);
int si3210_bringup(struct si3210 *chip, bool calibrate);
void si3210_power_down(struct si3210 *chip);

/* service.c */
int si3210_set_feed(struct si3210 *chip, enum bti_linefeed lf);
int si3210_service(struct si3210 *chip, struct si3210_events *ev);
int si3210_was_reset(struct si3210 *chip);

#endif /* _SI3210_H */
