/* SPDX-License-Identifier: GPL-2.0 */
#ifndef BTIPROVD_LOG_H
#define BTIPROVD_LOG_H

#include <stdint.h>

/* structured logs: key=value, nothing secret (see btiprovd.8) */
#define LOG(level, event, fmt, ...)					\
	bp_log("level=%s event=%s " fmt "\n", level, event, ##__VA_ARGS__)

void bp_log(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void bp_log_start(void);
void bp_log_stop(void);
uint64_t bp_log_dropped(void);

#endif
