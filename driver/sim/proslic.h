/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A model of the Silicon Labs Si3210 and Si3215 ProSLIC, written from the
 * datasheets (Si3215 Rev. 0.92, Si3210 Rev. 1.11 and 1.61; cited below as
 * "DS") and not from bti's driver: its own register names, reset values,
 * bus framing, indirect access timing, DC-DC converter and battery,
 * calibration, line feed, loop closure, ring trip, ringing, DTMF decoder,
 * power alarms and interrupts.  The caller serialises access and passes
 * the time, so that tests can drive it by hand.
 */
#ifndef _BTI_SIM_PROSLIC_H
#define _BTI_SIM_PROSLIC_H

#include <linux/types.h>

#define PROSLIC_NREGS		109
#define PROSLIC_NIREGS		256
#define PROSLIC_TRACE_LEN	8192

/* Direct registers (DS register summary) */
#define PR_ID		0	/* SPIDC, SPIM, PNI[1:0], RNI[3:0] */
#define PR_PCM		1	/* PNI2, -, PCME, PCMF[1:0], PCMT, GCI, TRI */
#define PR_PCM_TXS_LO	2
#define PR_PCM_TXS_HI	3
#define PR_PCM_RXS_LO	4
#define PR_PCM_RXS_HI	5
#define PR_PNI		6	/* Si3215: PNI[2:0] in 7:5 */
#define PR_LOOPBACK	8	/* ALM2, DLM, ALM1 */
#define PR_GAIN		9
#define PR_IMPEDANCE	10
#define PR_HYBRID	11
#define PR_PD1		14	/* DCOF bit 4 */
#define PR_PD2		15
#define PR_IRQ1		18
#define PR_IRQ2		19	/* Q6AP..Q1AP, LCIP, RTIP */
#define PR_IRQ3		20	/* CMBAL (Si3210), INDP, DTMF (Si3210) */
#define PR_IRQEN1	21
#define PR_IRQEN2	22
#define PR_IRQEN3	23
#define PR_DTMF		24	/* Si3210: VAL bit 4, DIG[3:0] */
#define PR_IDA_LO	28
#define PR_IDA_HI	29
#define PR_IAA		30
#define PR_IAS		31
#define PR_RING_CTL	34
#define PR_LF		64	/* LFS[2:0] 6:4 read-only, LF[2:0] 2:0 */
#define PR_BATFEED	66
#define PR_AUTO		67	/* SPDS, AORD, AOLD, AOPN */
#define PR_LCRTP	68	/* DBIRAW, RTP, LCR */
#define PR_LCDI		69	/* 1.25 ms a step */
#define PR_RTDI		70
#define PR_ILIM		71
#define PR_VOC		72	/* 1.5 V a step */
#define PR_VCM		73
#define PR_VBATH	74
#define PR_VBATL	75
#define PR_LVS		78
#define PR_LCS		79	/* 1.25 mA a step */
#define PR_VBATS1	82	/* 0.376 V a step */
#define PR_VBATS2	83
#define PR_DCN		92	/* PWM period, 61.035 ns a step; bit 6 reads 1 */
#define PR_DCTOF	93	/* DCCAL bit 7, DCPOL bit 5, DCTOF[4:0] */
#define PR_DCPW		94
#define PR_CAL1		96	/* CAL bit 6, CALSP bit 5, CALR..CALIL */
#define PR_CAL2		97
#define PR_CMDCPK	107
#define PR_ENHANCE	108

/* Indirect registers the model acts on, in Si3210 numbering (DS Table 34) */
#define PIR_DTMF_FIRST	0	/* 0 to 12: the DTMF decoder's thresholds */
#define PIR_DTMF_LAST	12
#define PIR_ROFF	19
#define PIR_RCO		20
#define PIR_RNGX	21
#define PIR_VMIND	41

enum proslic_part {
	PROSLIC_SI3210,
	PROSLIC_SI3215,
};

/* One SPI byte frame as the chip saw it, for the debugfs trace */
struct proslic_access {
	u8 addr;
	u8 val;
	u8 flags;
};

#define PROSLIC_ACC_READ	BIT(0)
#define PROSLIC_ACC_RESERVED	BIT(1)	/* a register the DS says not to write */
#define PROSLIC_ACC_GARBAGE	BIT(2)	/* bytes clocked in a way the chip does not take */

/**
 * struct proslic - one chip and the board around it
 * @part: which chip
 * @rev: revision, 1 for A
 * @reg: direct registers
 * @ireg: indirect registers, in this part's own numbering
 * @now: the time of the latest call, ns
 * @in_reset: the RESET pin is held low
 * @have_ctrl: a control byte came; the next byte is its data
 * @ctrl: that control byte
 * @ind_due: when the pending indirect access is serviced
 * @ind_data: IDA was written since the last access: the next is a write
 * @vbat_mv: the battery the DC-DC converter makes, mV
 * @vbat_at: when @vbat_mv was last brought up to date
 * @cal_due: when the running calibration ends (0: it waits for the battery)
 * @dccal_due: when the DC-DC calibration ends (0: it waits for the battery)
 * @feed_due: when the line feed status follows the line feed register
 * @lfs_auto: the chip changed the line feed status itself (AORD, AOLD);
 *	it holds until the line feed register is written
 * @loop_raw: loop current flows now
 * @loop_since: since when @loop_raw has held
 * @trip_raw: the handset is off hook in a ring burst now
 * @trip_since: since when @trip_raw has held
 * @handset_off: the telephone's hook switch is closed
 * @key: the DTMF key the telephone sends, or 0
 * @key_since: since when
 * @key_heard: the decoder hears @key and has not reported it yet
 * @dcn_min: the board's converter: the shortest PWM period it takes
 * @dcn_max: and the longest
 * @dctof_min: and the shortest switch-off time
 * @battery_stuck: fault: the converter never raises the battery
 * @cal_stuck: fault: calibration never ends
 * @reserved_writes: writes to registers the DS says must not be written
 * @garbled_bytes: bytes clocked in a mode or at a rate the chip does not take
 * @trace: every register access, the last %PROSLIC_TRACE_LEN of them
 * @trace_count: accesses traced since the last clear
 */
struct proslic {
	enum proslic_part part;
	unsigned int rev;
	u8 reg[PROSLIC_NREGS];
	u16 ireg[PROSLIC_NIREGS];
	u64 now;
	bool in_reset;

	bool have_ctrl;
	u8 ctrl;

	u64 ind_due;
	bool ind_data;

	u32 vbat_mv;
	u64 vbat_at;
	u64 cal_due;
	u64 dccal_due;
	u64 feed_due;
	bool lfs_auto;
	bool loop_raw;
	u64 loop_since;
	bool trip_raw;
	u64 trip_since;

	bool handset_off;
	char key;
	u64 key_since;
	bool key_heard;

	u8 dcn_min;
	u8 dcn_max;
	u8 dctof_min;
	bool battery_stuck;
	bool cal_stuck;

	unsigned int reserved_writes;
	unsigned int garbled_bytes;
	struct proslic_access trace[PROSLIC_TRACE_LEN];
	u64 trace_count;
};

/* proslic.c: registers, the bus and the indirect window */
void proslic_init(struct proslic *m, enum proslic_part part, unsigned int rev);
void proslic_reset(struct proslic *m, u64 now);
void proslic_set_reset_pin(struct proslic *m, bool asserted, u64 now);
void proslic_spi_bytes(struct proslic *m, u64 now, const u8 *tx, u8 *rx,
		       unsigned int len, bool garbled);
u8 proslic_peek(struct proslic *m, u8 reg);
u16 proslic_ipeek(struct proslic *m, u8 si3210_ireg);
bool proslic_int(struct proslic *m, u64 now);
void proslic_irq_raise(struct proslic *m, u8 reg, u8 bits);
void proslic_indirect_advance(struct proslic *m, u64 now);

/* proslic_line.c: the converter, calibration and the line */
void proslic_advance(struct proslic *m, u64 now);
void proslic_line_written(struct proslic *m, u8 reg, u8 old);
bool proslic_powered(struct proslic *m);
bool proslic_loop_current(struct proslic *m);
u32 proslic_ring_peak_mv(struct proslic *m);
bool proslic_ring_hz_between(struct proslic *m, u16 rco_max, u16 rco_min);
unsigned int proslic_feed(struct proslic *m);
void proslic_hook(struct proslic *m, bool off, u64 now);
void proslic_dtmf_key(struct proslic *m, char key, u64 now);
void proslic_power_alarm(struct proslic *m, unsigned int transistor, u64 now);
bool proslic_loopback(struct proslic *m);
int proslic_pcm_slot(struct proslic *m, bool tx);

#endif /* _BTI_SIM_PROSLIC_H */
