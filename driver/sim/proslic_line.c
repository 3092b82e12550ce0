// SPDX-License-Identifier: GPL-2.0
/*
 * The ProSLIC model's analog half: the DC-DC converter and the battery it
 * makes, calibration, the line feed, loop closure and ring trip with their
 * debounce, the ringing signal, the DTMF decoder and power alarms.
 *
 * Where the datasheet (DS) gives no figure, the model's own is named as
 * such; each is within what the DS and the reference drivers allow.
 */
#include <linux/bitfield.h>
#include <linux/math.h>
#include <linux/math64.h>
#include <linux/minmax.h>
#include <linux/string.h>

#include "proslic.h"

#define MS			1000000ULL

/*
 * The converter's "long settling time constants (on the order of tens of
 * milliseconds)" (DS p.31): the model slews 1 V a ms, 75 ms to -75 V,
 * within the 500 ms the reference drivers wait.
 */
#define VBAT_SLEW_MV_PER_MS	1000
#define VBAT_STEP_MV		1500	/* VBATH, VOC: 1.5 V a step */
#define VBAT_SENSE_UV		376000	/* VBATS1/2: 0.376 V a step */
#define VOVR_MV			7500	/* ringing's overhead, DS 2.5.5 */

/* LFS follows LF after this: the DS gives no figure, the model 5 ms */
#define FEED_DELAY_NS		(5 * MS)

/*
 * Calibration: the battery settles for 300 ms, or 30 ms with CALSP (DS
 * register 96), then the calibrations run, 150 ms in the model: CAL set
 * to CAL clear is at most 600 ms (DS Table 4).
 */
#define CAL_SETTLE_NS		(300 * MS)
#define CAL_SETTLE_FAST_NS	(30 * MS)
#define CAL_WORK_NS		(150 * MS)
#define DCCAL_NS		(10 * MS)	/* the model's */
#define DCCAL_RESULT		0x07	/* within AN35's 2..13 */

/* Debounce registers count 1.25 ms (DS registers 69 and 70) */
#define DEBOUNCE_STEP_NS	1250000ULL

/* The decoder reports a key 30 ms into its tone: Q.24 tones last 40 ms */
#define DTMF_DETECT_NS		(30 * MS)

#define LF_OPEN			0
#define LF_FWD_ACTIVE		1
#define LF_RINGING		4

static u8 proslic_lfs(struct proslic *m)
{
	return FIELD_GET(GENMASK(6, 4), m->reg[PR_LF]);
}

static void proslic_set_lfs(struct proslic *m, u8 lfs)
{
	m->reg[PR_LF] = (m->reg[PR_LF] & GENMASK(2, 0)) | lfs << 4;
}

static bool proslic_lfs_feeds_loop(u8 lfs)
{
	/* active and on-hook transmission, either polarity (DS Table 21) */
	return lfs == 1 || lfs == 2 || lfs == 5 || lfs == 6;
}

static bool proslic_converter_on(struct proslic *m)
{
	u8 dcn = m->reg[PR_DCN], dctof = m->reg[PR_DCTOF] & GENMASK(4, 0);

	/* settings outside the board's range would burn it: no battery */
	return !(m->reg[PR_PD1] & BIT(4)) && !m->battery_stuck &&
	       dcn >= m->dcn_min && dcn <= m->dcn_max &&
	       dctof >= m->dctof_min;
}

/* VOV, the converter's overhead, from VMIND (Si3210 IR 41) bits 12:9 */
static u32 proslic_vov_mv(struct proslic *m)
{
	return ((proslic_ipeek(m, PIR_VMIND) >> 9) & 0xf) * VBAT_STEP_MV;
}

static u32 proslic_vbath_mv(struct proslic *m)
{
	return (m->reg[PR_VBATH] & GENMASK(5, 0)) * VBAT_STEP_MV;
}

/* What an active or on-hook transmission feed needs: VCM + VOC + VOV */
static u32 proslic_feed_mv(struct proslic *m)
{
	u32 v = ((m->reg[PR_VCM] & GENMASK(5, 0)) +
		 (m->reg[PR_VOC] & GENMASK(5, 0))) * VBAT_STEP_MV +
		proslic_vov_mv(m);

	return min(v, proslic_vbath_mv(m));
}

/*
 * The battery the converter regulates to (DS 2.3.4): VBATH when ringing,
 * open, or forced (FVBAT); in an active state VCM + VOC + VOV, and not
 * below VBATL unless TRACK.
 */
static u32 proslic_vbat_target(struct proslic *m)
{
	u8 feed = m->reg[PR_BATFEED];
	u32 v;

	if (!proslic_converter_on(m))
		return 0;
	if ((feed & BIT(3)) || !proslic_lfs_feeds_loop(proslic_lfs(m)))
		return proslic_vbath_mv(m);
	v = proslic_feed_mv(m);
	if (!(feed & BIT(0)))
		v = max(v, (m->reg[PR_VBATL] & GENMASK(5, 0)) * VBAT_STEP_MV);
	return min(v, proslic_vbath_mv(m));
}

/* The battery can feed the line: within 10% of what a feed needs. */
bool proslic_powered(struct proslic *m)
{
	u32 need = proslic_feed_mv(m);

	return proslic_converter_on(m) && need && m->vbat_mv * 10 >= need * 9;
}

static void proslic_battery_advance(struct proslic *m, u64 now)
{
	u64 ms = (now - m->vbat_at) / MS;
	u32 target = proslic_vbat_target(m);
	u32 step;

	if (!ms)
		return;
	m->vbat_at += ms * MS;
	step = min_t(u64, ms * VBAT_SLEW_MV_PER_MS, U32_MAX);
	if (m->vbat_mv < target)
		m->vbat_mv = min(m->vbat_mv + step, target);
	else
		m->vbat_mv = m->vbat_mv > target + step ? m->vbat_mv - step :
							  target;
	m->reg[PR_VBATS1] = m->vbat_mv * 1000ULL / VBAT_SENSE_UV;
	m->reg[PR_VBATS2] = m->reg[PR_VBATS1];
}

/*
 * Each calibration enabled leaves its result (DS registers 98 to 105):
 * the model's board's own, each within its field and none its reset
 * value, so that a result restored can be told from one never made.
 */
static const struct {
	u8 cal_reg;
	u8 bit;
	u8 result_reg;
	u8 result;
} proslic_cal_results[] = {
	{ PR_CAL1, BIT(4), 98, 0x12 },	/* CALR: RING gain mismatch */
	{ PR_CAL1, BIT(3), 99, 0x0e },	/* CALT: TIP gain mismatch */
	{ PR_CAL1, BIT(2), 100, 0x13 },	/* CALD: differential DAC gain */
	{ PR_CAL1, BIT(1), 101, 0x0f },	/* CALC: common mode DAC gain */
	{ PR_CAL1, BIT(0), 102, 0x0a },	/* CALIL: current limit */
	{ PR_CAL2, BIT(4), 103, 0x79 },	/* CALM1, CALM2: monitor ADC */
	{ PR_CAL2, BIT(1), 104, 0x05 },	/* CALADC */
	{ PR_CAL2, BIT(2), 105, 0x02 },	/* CALDAC */
};

static void proslic_cal_done(struct proslic *m)
{
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(proslic_cal_results); i++)
		if (m->reg[proslic_cal_results[i].cal_reg] &
		    proslic_cal_results[i].bit)
			m->reg[proslic_cal_results[i].result_reg] =
				proslic_cal_results[i].result;
	m->reg[PR_CAL1] = 0;
	m->reg[PR_CAL2] = 0;
	m->cal_due = 0;
}

/*
 * "After powering up the dc-dc converter and allowing it to settle": the
 * DS leaves that wait to the host and says no more; a calibration started
 * without a battery could measure nothing, and the model's never ends, so
 * that a driver that skips the step fails as it should.
 */
static void proslic_cal_advance(struct proslic *m, u64 now)
{
	if (m->reg[PR_CAL1] & BIT(6)) {
		if (!m->cal_due && proslic_powered(m))
			m->cal_due = now + CAL_WORK_NS +
				     (m->reg[PR_CAL1] & BIT(5) ?
				      CAL_SETTLE_FAST_NS : CAL_SETTLE_NS);
		if (m->cal_due && now >= m->cal_due && !m->cal_stuck)
			proslic_cal_done(m);
	}
	/* DCCAL runs "after the dc-dc converter has been turned on" */
	if (m->reg[PR_DCTOF] & BIT(7)) {
		if (!m->dccal_due && proslic_powered(m))
			m->dccal_due = now + DCCAL_NS;
		if (m->dccal_due && now >= m->dccal_due && !m->cal_stuck) {
			m->reg[PR_DCTOF] &= ~BIT(7);
			m->reg[PR_CMDCPK] = DCCAL_RESULT;
			m->dccal_due = 0;
		}
	}
}

/*
 * LFS follows LF after a delay, on a powered line; what the chip chose
 * itself (AORD, AOLD) holds until LF is written again: "automatic
 * operations may cause actual linefeed state to deviate from the state
 * defined by linefeed register" (DS register 64).
 */
static void proslic_feed_advance(struct proslic *m, u64 now)
{
	if (!proslic_powered(m))
		proslic_set_lfs(m, LF_OPEN);
	else if (!m->lfs_auto && now >= m->feed_due)
		proslic_set_lfs(m, m->reg[PR_LF] & GENMASK(2, 0));
}

bool proslic_loop_current(struct proslic *m)
{
	return m->handset_off && proslic_lfs_feeds_loop(proslic_lfs(m));
}

/*
 * Loop closure is processed in the active and on-hook transmission
 * states, ring trip in the ringing state; each is debounced (LCDI, RTDI)
 * before LCR or RTP changes and its interrupt is raised (DS Figure 16).
 */
static bool proslic_debounce(struct proslic *m, u64 now, bool raw, u8 bit,
			     u8 interval_reg, bool *last, u64 *since)
{
	bool cur = m->reg[PR_LCRTP] & bit;

	if (raw != *last) {
		*last = raw;
		*since = now;
	}
	if (raw == cur ||
	    now - *since < (m->reg[interval_reg] & 0x7f) * DEBOUNCE_STEP_NS)
		return false;
	m->reg[PR_LCRTP] ^= bit;
	return true;
}

static void proslic_loop_advance(struct proslic *m, u64 now)
{
	u8 lfs = proslic_lfs(m), ilim = m->reg[PR_ILIM] & GENMASK(2, 0);
	bool loop = proslic_loop_current(m);
	bool trip = m->handset_off && lfs == LF_RINGING;

	if (proslic_debounce(m, now, loop, BIT(0), PR_LCDI, &m->loop_raw,
			     &m->loop_since)) {
		proslic_irq_raise(m, PR_IRQ2, BIT(1));
		/* AOLD: on-hook transmission goes active on loop closure */
		if (loop && (m->reg[PR_AUTO] & BIT(1)) &&
		    (lfs == 2 || lfs == 6)) {
			proslic_set_lfs(m, lfs - 1);
			m->lfs_auto = true;
		}
	}
	if (proslic_debounce(m, now, trip, BIT(1), PR_RTDI, &m->trip_raw,
			     &m->trip_since) && trip) {
		proslic_irq_raise(m, PR_IRQ2, BIT(0));
		/* AORD: the line goes active on ring trip */
		if (m->reg[PR_AUTO] & BIT(2)) {
			proslic_set_lfs(m, LF_FWD_ACTIVE);
			m->lfs_auto = true;
		}
	}
	/* DBIRAW reads 0 while a detector's threshold is exceeded */
	if (loop || trip)
		m->reg[PR_LCRTP] &= ~BIT(2);
	else
		m->reg[PR_LCRTP] |= BIT(2);
	/* a telephone off hook on a short loop draws the current limit */
	m->reg[PR_LCS] = loop ? (20 + 3 * ilim) * 1000 / 1250 : 0;
	m->reg[PR_LVS] = proslic_lfs_feeds_loop(lfs) && !loop ?
			 m->reg[PR_VOC] & GENMASK(5, 0) : loop ? 4 : 0;
}

/*
 * The decoder's thresholds (Si3210 IR 0 to 12) are undefined after reset;
 * the model's decoder works once each is written with a positive value,
 * which the reset pattern is not.
 */
static bool proslic_dtmf_armed(struct proslic *m)
{
	unsigned int ir;

	for (ir = PIR_DTMF_FIRST; ir <= PIR_DTMF_LAST; ir++)
		if (m->ireg[ir] & BIT(15))
			return false;
	return true;
}

/* DS register 24's codes: 1 to 9, then 0 * # A B C, and D as 0 */
static const char proslic_dtmf_codes[] = "D1234567890*#ABC";

static void proslic_dtmf_advance(struct proslic *m, u64 now)
{
	const char *code;

	if (m->part != PROSLIC_SI3210)
		return;
	if (!m->key) {
		m->reg[PR_DTMF] &= ~BIT(4);
		return;
	}
	if ((m->reg[PR_DTMF] & BIT(4)) || !m->key_heard ||
	    now - m->key_since < DTMF_DETECT_NS || !proslic_dtmf_armed(m))
		return;
	code = strchr(proslic_dtmf_codes, m->key);
	if (!code)
		return;
	m->key_heard = false;
	m->reg[PR_DTMF] = BIT(4) | (code - proslic_dtmf_codes);
	proslic_irq_raise(m, PR_IRQ3, BIT(0));
}

/**
 * proslic_advance - bring the model up to @now
 * @m: the chip
 * @now: the time, ns, never earlier than the last call's
 */
void proslic_advance(struct proslic *m, u64 now)
{
	if (now < m->now)
		now = m->now;
	if (m->in_reset) {
		m->now = now;
		m->vbat_at = now;
		return;
	}
	proslic_indirect_advance(m, now);
	proslic_battery_advance(m, now);
	proslic_cal_advance(m, now);
	proslic_feed_advance(m, now);
	proslic_loop_advance(m, now);
	proslic_dtmf_advance(m, now);
	m->now = now;
}

/* A register write's effect on the analog half. */
void proslic_line_written(struct proslic *m, u8 reg, u8 old)
{
	switch (reg) {
	case PR_LF:
		m->lfs_auto = false;
		m->feed_due = m->now + FEED_DELAY_NS;
		break;
	case PR_CAL1:
		if ((m->reg[reg] & ~old) & BIT(6))
			m->cal_due = 0;
		break;
	case PR_DCTOF:
		if ((m->reg[reg] & ~old) & BIT(7))
			m->dccal_due = 0;
		break;
	}
}

unsigned int proslic_feed(struct proslic *m)
{
	return proslic_lfs(m);
}

void proslic_hook(struct proslic *m, bool off, u64 now)
{
	proslic_advance(m, now);
	m->handset_off = off;
	proslic_advance(m, now);
}

/* The telephone sends @key's tone pair from @now, or stops (@key 0). */
void proslic_dtmf_key(struct proslic *m, char key, u64 now)
{
	proslic_advance(m, now);
	m->key = key;
	m->key_since = now;
	/* the decoder hears only what loop current carries */
	m->key_heard = key && proslic_loop_current(m);
	proslic_advance(m, now);
}

/*
 * A transistor's power passed its threshold: QnAP, and with AOPN the
 * chip "automatically enters the Open state" (DS p.27).  Whether LF
 * changes with LFS the DS does not say; the model clears both, since
 * DAHDI's wctdm tells an alarm by the whole of register 64 reading 0.
 */
void proslic_power_alarm(struct proslic *m, unsigned int transistor, u64 now)
{
	proslic_advance(m, now);
	if (transistor < 1 || transistor > 6)
		return;
	proslic_irq_raise(m, PR_IRQ2, BIT(transistor + 1));
	if (m->reg[PR_AUTO] & BIT(0)) {
		m->reg[PR_LF] = LF_OPEN;
		m->lfs_auto = false;
	}
	proslic_advance(m, now);
}

/* Any of the three loopbacks returns the receive path to the transmit. */
bool proslic_loopback(struct proslic *m)
{
	return m->reg[PR_LOOPBACK] & GENMASK(2, 0);
}

/*
 * The timeslot the chip transmits (@tx) or receives in, or -1: PCM must
 * be enabled in 8-bit mu-law, the only format the simulated highway
 * carries, and the start count an 8-bit slot's first clock.
 */
int proslic_pcm_slot(struct proslic *m, bool tx)
{
	u8 lo = tx ? PR_PCM_TXS_LO : PR_PCM_RXS_LO;
	u8 pcm = m->reg[PR_PCM];
	unsigned int start;

	if (m->in_reset || !(pcm & BIT(5)) || FIELD_GET(GENMASK(4, 3), pcm) != 1 ||
	    (pcm & BIT(2)))
		return -1;
	start = m->reg[lo] | (m->reg[lo + 1] & GENMASK(1, 0)) << 8;
	return start % 8 ? -1 : start / 8;
}

/*
 * The ringing signal's peak, mV, from RNGX and RCO (DS p.36): RNGX =
 * 1/4 sqrt((1 - c)/(1 + c)) 2^15 Vpk / 96 V with c = RCO / 2^15; clipped
 * by the battery less the offset and the 7.5 V overhead (DS 2.5.5).  0
 * unless the line is in a ring burst.
 */
u32 proslic_ring_peak_mv(struct proslic *m)
{
	u64 rco = proslic_ipeek(m, PIR_RCO), x = proslic_ipeek(m, PIR_RNGX);
	u64 up, down, vpk;
	u32 roff;

	if (proslic_lfs(m) != LF_RINGING || !proslic_powered(m) ||
	    rco >= 32768 || x >= 32768)
		return 0;
	up = int_sqrt64((32768 + rco) << 24);
	down = int_sqrt64((32768 - rco) << 24);
	if (!down)
		return 0;
	vpk = div64_u64(x * 4 * 96000 * up, 32768 * down);
	roff = (m->reg[PR_RING_CTL] & BIT(1)) ?
	       ((proslic_ipeek(m, PIR_ROFF) >> 9) & 0x3f) * VBAT_STEP_MV : 0;
	if (m->vbat_mv < roff + VOVR_MV)
		return 0;
	return min_t(u64, vpk, m->vbat_mv - roff - VOVR_MV);
}

/* RCO for a frequency's cosine bounds: 2^15 cos(2 pi f / 1000 Hz) */
bool proslic_ring_hz_between(struct proslic *m, u16 rco_max, u16 rco_min)
{
	u16 rco = proslic_ipeek(m, PIR_RCO);

	return rco <= rco_max && rco >= rco_min;
}
