/* SPDX-License-Identifier: GPL-2.0 */
#ifndef BTIPROVD_SOURCES_H
#define BTIPROVD_SOURCES_H

#include <stdbool.h>
#include <stdint.h>
#include <netinet/in.h>
#include <sys/socket.h>

/* the cap bp_sources_take() found reached */
enum { BP_SOURCE_FULL = 1, BP_SOURCE_ADDRESS, BP_SOURCE_PREFIX };

struct bp_sources;

struct bp_sources *bp_sources_new(unsigned int max_sessions,
				  unsigned int per_address,
				  unsigned int per_prefix);
void bp_sources_free(struct bp_sources *s);
int bp_sources_take(struct bp_sources *s, const struct sockaddr_storage *sa);
void bp_sources_put(struct bp_sources *s, const struct sockaddr_storage *sa);

#endif
