/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The emulated Si3215: a register file with the side effects the driver
 * relies on.  Callers serialise access.
 */
#ifndef _BTI_SIM_SI3215_H
#define _BTI_SIM_SI3215_H

#include <linux/types.h>

#include "../si3210/si3210_regs.h"

struct si3215_model {
	u8 reg[SI3210_MAX_REG + 1];
	u16 ireg[256];
	bool ind_write;
	bool spi_data;
	u8 spi_addr;
};

void si3215_model_reset(struct si3215_model *m);
u8 si3215_model_read(struct si3215_model *m, u8 reg);
void si3215_model_write(struct si3215_model *m, u8 reg, u8 val);
u8 si3215_model_spi_byte(struct si3215_model *m, u8 in);
void si3215_model_spi_end(struct si3215_model *m);

void si3215_model_set_loop(struct si3215_model *m, bool closed);
void si3215_model_set_dtmf(struct si3215_model *m, char digit);
bool si3215_model_int(struct si3215_model *m);
unsigned int si3215_model_feed(struct si3215_model *m);
int si3215_model_pcm_slot(struct si3215_model *m, bool tx);

#endif /* _BTI_SIM_SI3215_H */
