/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _BTI_SIM_H
#define _BTI_SIM_H

#include <linux/hrtimer.h>
#include <linux/spinlock.h>

#include <bti/highway.h>

#include "proslic.h"

#define BTI_SIM_KEYS_MAX	64
#define BTI_SIM_EAR_MAX		(8000 * 30)	/* 30 s */
#define BTI_SIM_MOUTH_MAX	(8000 * 30)

struct bti_sim_tone {
	s64 s1, s2;	/* last two outputs, Q16 */
	s64 coef;	/* 2 cos(w), Q30 */
};

/**
 * struct bti_sim_phone - the telephone on the line
 * @offhook: handset lifted
 * @flash_left: ms of a flash's on-hook break still to go
 * @keys: digits queued on the keypad
 * @nkeys: how many
 * @key_ms: ms into the current key's tone and pause
 * @tone: the current key's two oscillators
 * @mouth: a prepared mu-law sample being spoken
 * @mouth_len: its length
 * @mouth_pos: how much has been spoken
 * @ear: what the earpiece heard while recording
 * @ear_len: how much
 * @recording: the ear records
 * @ringing: the line carries ringing voltage now
 * @rings: ring bursts heard
 */
struct bti_sim_phone {
	bool offhook;
	unsigned int flash_left;
	char keys[BTI_SIM_KEYS_MAX];
	unsigned int nkeys;
	unsigned int key_ms;
	struct bti_sim_tone tone[2];
	u8 *mouth;
	size_t mouth_len;
	size_t mouth_pos;
	u8 *ear;
	size_t ear_len;
	bool recording;
	bool ringing;
	unsigned int rings;
};

/**
 * struct bti_sim - the simulated board
 * @root: its device, parent of its controllers
 * @ctlr: the SPI controller the chip is on
 * @spi: the chip's SPI device
 * @reset_gpio: a GPIO controller of one line, wired to the chip's RESET
 * @reset_lookup: names that line as the chip's "reset" GPIO
 * @debugfs: bti_sim's debugfs directory
 * @lock: the chip and the telephone; taken from the clock's softirq
 * @chip: the ProSLIC
 * @phone: the telephone on its line
 * @looped: the last received samples, which a loopback returns
 * @hw: the PCM highway
 * @clock: the highway's clock
 * @epoch: when the clock started
 * @ticks: ticks clocked since
 * @irq_domain: the chip's INT pin, as an interrupt controller
 * @irq: its one interrupt; 0 if the pin is not wired
 * @irq_masked: the interrupt is masked
 * @spi_stall_ms: how long each SPI message waits first, as on a bus shared
 *	with a slower device
 */
struct bti_sim {
	struct device *root;
	struct spi_controller *ctlr;
	struct spi_device *spi;
	struct gpio_chip *reset_gpio;
	struct gpiod_lookup_table *reset_lookup;
	struct dentry *debugfs;
	spinlock_t lock;	/* see @lock above */
	struct proslic chip;
	struct bti_sim_phone phone;
	u8 looped[BTI_TICK_SAMPLES];
	struct bti_highway hw;
	struct hrtimer clock;
	ktime_t epoch;
	u64 ticks;
	struct irq_domain *irq_domain;
	unsigned int irq;	/* 0: the chip's INT pin is not wired */
	bool irq_masked;
	unsigned int spi_stall_ms;
};

extern struct bti_sim *bti_sim;

int bti_sim_phone_init(struct bti_sim_phone *p);
void bti_sim_phone_free(struct bti_sim_phone *p);
void bti_sim_phone_hook(struct bti_sim_phone *p, struct proslic *m,
			bool offhook, u64 now);
int bti_sim_phone_flash(struct bti_sim_phone *p, struct proslic *m, u64 now);
int bti_sim_phone_press(struct bti_sim_phone *p, const char *keys, size_t n);
void bti_sim_phone_mouth(struct bti_sim_phone *p, struct proslic *m, u64 now,
			 u8 out[BTI_TICK_SAMPLES]);
void bti_sim_phone_ear(struct bti_sim_phone *p, const u8 in[BTI_TICK_SAMPLES]);

int bti_sim_irq_init(struct bti_sim *sim);
void bti_sim_irq_exit(struct bti_sim *sim);
void bti_sim_irq_sample(struct bti_sim *sim, bool asserted);

int bti_sim_highway_start(struct bti_sim *sim);
void bti_sim_highway_stop(struct bti_sim *sim);
int bti_sim_spi_add(struct bti_sim *sim);
void bti_sim_spi_remove(struct bti_sim *sim);
int bti_sim_reset_add(struct bti_sim *sim, const char *spi_name);
void bti_sim_reset_remove(struct bti_sim *sim);
void bti_sim_trace_init(struct bti_sim *sim);
int bti_sim_configfs_init(void);
void bti_sim_configfs_exit(void);

#endif /* _BTI_SIM_H */
