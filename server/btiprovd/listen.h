/* SPDX-License-Identifier: GPL-2.0 */
#ifndef BTIPROVD_LISTEN_H
#define BTIPROVD_LISTEN_H

#include <stdbool.h>

int bp_listen(const char *spec, bool share);

#endif
