/* SPDX-License-Identifier: GPL-2.0 */
#ifndef BTIPROVD_CONFIG_H
#define BTIPROVD_CONFIG_H

#include <stdbool.h>

/**
 * struct bp_config - btiprovd.conf
 * @listen: address:port for devices' TCP connections
 * @voice: the address the voice ports are bound to, IPv4 or IPv6; "::"
 *	takes both
 * @voice_port: the first voice port, each loop's one after the last's;
 *	0 for ports the kernel picks
 * @voice_advertise: the address KEY_CONFIRM gives devices, if not @voice:
 *	the server's address as devices see it through NAT; where neither is
 *	one address, the one each device's connection reached
 * @store: a SQLite file or a PostgreSQL connection string
 * @kek: the file of the keys that seal user keys in the store
 * @p256_key: suite 1's leaf key, PEM
 * @p256_chain: its certificate chain, PEM, leaf first
 * @rsa_key: suite 2's leaf key, PEM; may be empty
 * @rsa_chain: its chain
 * @prompts: the directory of the IVR's prompts, mu-law at 8 kHz
 * @request_timeout: seconds a connection may wait before its REQUEST
 * @session_timeout: seconds a session may last after its REQUEST
 * @input_timeout: seconds the IVR waits for an entry
 * @max_sessions: sessions at once
 * @max_per_address: sessions at once from one source address
 * @max_per_prefix: sessions at once from one IPv6 /64
 * @busy_retry: the seconds ERROR(busy) asks a device to wait, at least
 * @backoff_after: failed attempts in a row after which an account, or a
 *	device or source, waits before its next check
 * @backoff_wait: the first wait, in seconds; each failure after doubles it
 * @lock_after: failed attempts in a row that lock it
 * @workers: threads that check PINs and talk to the store, each with its
 *	own connection
 * @metrics: address:port of the metrics over HTTP; empty for none
 * @loops: event loops, each on its own thread; 0 for one a CPU
 * @stop_timeout: seconds sessions may go on after SIGTERM
 */
struct bp_config {
	char listen[128];
	char voice[64];
	char voice_advertise[64];
	char store[512];
	char kek[256];
	char p256_key[256];
	char p256_chain[256];
	char rsa_key[256];
	char rsa_chain[256];
	char prompts[256];
	char metrics[128];
	int request_timeout;
	int session_timeout;
	int input_timeout;
	int max_sessions;
	int max_per_address;
	int max_per_prefix;
	int busy_retry;
	int backoff_after;
	int backoff_wait;
	int lock_after;
	int workers;
	int loops;
	int voice_port;
	int stop_timeout;
};

int bp_config_load(const char *path, struct bp_config *c, char *err,
		   int err_len);

#endif
