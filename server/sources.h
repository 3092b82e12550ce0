/* SPDX-License-Identifier: GPL-2.0 */
#ifndef BTIPROVD_SOURCES_H
#define BTIPROVD_SOURCES_H

#include <stdbool.h>
#include <stdint.h>
#include <netinet/in.h>
#include <sys/socket.h>

/* an IPv6 address, and "/64" */
#define BP_SOURCE_NAME_MAX	(INET6_ADDRSTRLEN + 3)

/* the cap bp_sources_take() found reached */
enum { BP_SOURCE_ADDRESS = 1, BP_SOURCE_PREFIX };

struct bp_sources;

int bp_source_name(const char *address, char *name);

struct bp_sources *bp_sources_new(unsigned int max_sessions,
				  unsigned int per_address,
				  unsigned int per_prefix);
void bp_sources_free(struct bp_sources *s);
int bp_sources_take(struct bp_sources *s, const struct sockaddr_storage *sa);
void bp_sources_put(struct bp_sources *s, const struct sockaddr_storage *sa);

#endif
