/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _SI3210_H
#define _SI3210_H

#include <linux/regmap.h>

#include <bti/port.h>

/**
 * struct si3210_events - what one service pass found
 * @hook_seen: loop closure was read; @offhook holds it
 * @offhook: raw loop closure
 * @digit: a decoded DTMF digit, or 0
 */
struct si3210_events {
	bool hook_seen;
	bool offhook;
	char digit;
};

int si3210_identify(struct regmap *map, unsigned int *part, unsigned int *rev);
int si3210_setup(struct regmap *map, unsigned int timeslot);
int si3210_set_feed(struct regmap *map, enum bti_linefeed lf);
int si3210_service(struct regmap *map, struct si3210_events *ev);
int si3210_indirect_write(struct regmap *map, u8 reg, u16 val);
int si3210_indirect_read(struct regmap *map, u8 reg, u16 *val);

#endif /* _SI3210_H */
