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
int btictl_provision(struct btictl_nl *nl, int argc, char **argv);

struct json_object;

/**
 * struct btictl_show - a "show [N]" command: one port's object, or all
 * @cmd: the get command, which dumps without a port
 * @port_attr: its port attribute
 * @set: its attribute set
 * @collect: adds a reply's JSON object to the array it is given
 * @print: prints one object as text
 */
struct btictl_show {
	int cmd;
	int port_attr;
	const struct btictl_attr_set *set;
	btictl_nl_cb collect;
	void (*print)(struct json_object *o);
};

int btictl_show(struct btictl_nl *nl, const struct btictl_show *show,
		int argc, char **argv, bool json);
int btictl_channel(struct btictl_nl *nl, int argc, char **argv, bool json);
struct json_object *btictl_channel_counters(struct nlattr *nest);

#endif
