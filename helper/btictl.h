/* SPDX-License-Identifier: GPL-2.0 */
#ifndef BTICTL_H
#define BTICTL_H

#include <stdbool.h>
#include <stdio.h>

#include "nl.h"

void btictl_usage(FILE *f);
int btictl_port(struct btictl_nl *nl, int argc, char **argv, bool json);
int btictl_events(struct btictl_nl *nl, bool json);
int btictl_device(struct btictl_nl *nl, int argc, char **argv, bool json);
int btictl_key(struct btictl_nl *nl, int argc, char **argv);
int btictl_session(struct btictl_nl *nl, int argc, char **argv, bool json);
int btictl_parse_index(const char *s, unsigned int *index);
int btictl_channel(struct btictl_nl *nl, int argc, char **argv, bool json);
struct json_object *btictl_channel_counters(struct nlattr *nest);

#endif
