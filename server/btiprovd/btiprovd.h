/* SPDX-License-Identifier: GPL-2.0 */
#ifndef BTIPROVD_H
#define BTIPROVD_H

#include <pthread.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdio.h>
#include <sys/queue.h>
#include <time.h>

#include "config.h"
#include "ivr.h"
#include "log.h"
#include "metrics.h"
#include "proto.h"
#include "sources.h"
#include "store.h"
#include "voice.h"
#include "worker.h"

enum bp_prompt_id { P_ASK_ACCOUNT, P_ASK_PIN, P_RETRY, P_ACCEPTED, P_REFUSED,
		    P_LOCKED, P_TIMEOUT, P_COUNT };

/* What an epoll event is for: its data points at one of these. */
enum watch_kind { W_LISTENER, W_TIMER, W_REPLIES, W_VOICE, W_DEVICE };

struct watch {
	enum watch_kind kind;
	struct conn *c;
};

/**
 * struct server - what every loop shares, set before they start and only
 *	read after, but for what locks its own (@workers, @sources)
 * @cfg: the configuration
 * @workers: the threads that talk to the store
 * @sources: the sessions counted by source, and in all
 * @id: the server's keys and chains
 * @prompts: the IVR's
 * @loops: the event loops
 * @n_loops: how many
 * @metrics: what the operator is told
 * @stopping: SIGTERM came: loops take no new session
 * @stop_deadline: when the sessions left are ended; 0 for now
 * @accepting: held across each accept, so that what the spare descriptor
 *	makes room for is not another loop's connection
 * @spare: a descriptor held for when there are none left; -1 while some
 *	other thread has the room it made
 */
struct server {
	struct bp_config cfg;
	struct bp_workers *workers;
	struct bp_store *keeper;
	struct bp_sources *sources;
	struct bp_identity id;
	struct bp_prompt prompts[P_COUNT];
	struct loop *loops;
	int n_loops;
	struct bp_metrics metrics;
	atomic_bool stopping;
	_Atomic time_t stop_deadline;
	pthread_mutex_t accepting;
	int spare;
};

/**
 * struct loop - one event loop, on its own thread: it accepts connections
 *	on its own listener (SO_REUSEPORT), and carries their calls on its
 *	own voice port
 * @sv: the server
 * @index: which loop, from 0
 * @thread: its thread
 * @started: @thread was started, and not joined
 * @done: its thread has ended
 * @epoll: its epoll
 * @listener: its listening socket, or -1 once it stops taking sessions
 * @timer: its 20 ms timer
 * @resting: @listener is not watched until the next tick, for want of
 *	descriptors
 * @replies: the store's answers to its sessions
 * @voice: its voice port
 * @w_listener: @listener's watch
 * @w_timer: @timer's
 * @w_replies: @replies'
 * @w_voice: @voice's
 * @sessions: its sessions
 * @stages: its sessions by stage, as its last sweep found them
 * @swept: when its sessions were last swept, in seconds
 * @swept_sessions: how many it had then
 * @refused_at: when the last refusal was logged
 * @refused_unlogged: refusals since, not logged
 * @conns: its sessions
 * @ended: sessions ended, whose memory waits for the round to end
 */
struct loop {
	struct server *sv;
	int index;
	pthread_t thread;
	bool started;
	atomic_bool done;
	int epoll, listener, timer;
	bool resting;
	struct bp_replies replies;
	struct bp_voice_port voice;
	struct watch w_listener, w_timer, w_replies, w_voice;
	int sessions;
	atomic_uint stages[S_STAGES];
	time_t swept;
	int swept_sessions;
	time_t refused_at;
	unsigned int refused_unlogged;
	LIST_HEAD(, conn) conns;
	LIST_HEAD(, conn) ended;
};

/**
 * struct store_job - a session's question to the store, asked in a worker
 * @job: the worker pool's part
 * @c: whose
 * @done: the answer's continuation, in the session's loop; not called if
 *	the session ended meanwhile
 * @account: the account
 * @pin: the keyed PIN, wiped once checked
 * @source: the device's address
 * @who: who counts the failure (see attempt_id())
 * @id: the device's id, or the bound key's
 * @replacing: the device is re-provisioning
 * @old_id: the binding it proved, which the new one replaces
 * @kind: the user key's kind, to bind
 * @key: the user key
 * @key_len: its length
 * @err: the store's return
 * @verdict: the PIN's
 * @left: attempts left
 * @bound: the binding found
 * @version1: the session speaks version 1, which commits at once
 * @hold: how long a binding may stay pending: the session's time
 * @config: the account's configuration, to deliver
 * @version: the configuration version delivered
 * @delivered: with it, the configuration; not if the device held it
 */
struct store_job {
	struct bp_job job;
	struct conn *c;
	void (*done)(struct conn *c);
	char account[BP_ACCOUNT_MAX + 1];
	char pin[BP_KEYPAD_MAX + 1];
	char source[BP_SOURCE_MAX];
	uint8_t who[32];
	uint8_t id[32];
	bool replacing;
	uint8_t old_id[32];
	unsigned int kind;
	uint8_t key[BP_P256_POINT];
	size_t key_len;
	int err;
	enum bp_verdict verdict;
	unsigned int left;
	struct bp_bound bound;
	bool version1;
	unsigned int hold;
	struct bp_account_config config;
	uint64_t version;
	bool delivered;
};

enum call_stage { ASK_ACCOUNT, ASK_PIN, CHECKING, VERDICT };

/* a mistyped entry gets one retry (protocol.rst, 4.1) */
#define BP_ENTRIES_PER_CALL	2

/**
 * struct conn - one device's session
 * @link: in the loop's list of sessions, or of ended ones
 * @l: the loop that serves it
 * @fd: its TCP connection
 * @w_device: the connection's watch
 * @peer: the device's address and port
 * @counted: where its failures count, if it is not bound (bp_source_name())
 * @source: the address and port, for logs and the audit log
 * @in: bytes of messages not yet whole: @in_small, or for ATTESTATION,
 *	which may be longer, a buffer of its own
 * @in_small: room for any other message of a device
 * @in_cap: @in's size
 * @in_len: how many
 * @s: the protocol session
 * @hello: SERVER_HELLO, held while a re-provisioning device's binding is
 *	looked up
 * @hello_len: its length
 * @has_bound: a re-provisioning device's binding is in @bound
 * @bound: its binding
 * @unbound: in version 2, the ERROR that answers ATTESTATION for a
 *	binding REQUEST named that is not bound: BP_E_UNKNOWN or
 *	BP_E_REVOKED; 0 if it is bound or none was named
 * @pending: the store holds this session's binding pending, to be
 *	dropped if the session ends before FINISHED commits it
 * @ivr: the voice channel
 * @voice: @ivr is open, and on the loop's voice port
 * @stage: where the call is
 * @tries: PIN entries so far
 * @account: the account number keyed
 * @deadline: when the session times out: request_timeout after the
 *	connection, then session_timeout after REQUEST
 * @input_deadline: when the current entry times out
 * @closing: the last message went out: close once its prompt is heard
 * @busy: @job is in a worker; the connection is not read meanwhile
 * @ended: the session is over, and waits only for @job to come back
 * @job: the store's work for this session
 * @asked_at: when the PIN's check was asked, in ms
 */
struct conn {
	LIST_ENTRY(conn) link;
	struct loop *l;
	int fd;
	struct watch w_device;
	struct sockaddr_storage peer;
	char counted[BP_SOURCE_NAME_MAX];
	char source[BP_SOURCE_MAX];
	uint8_t *in;
	uint8_t in_small[BP_DEVICE_MSG_MAX];
	size_t in_cap;
	size_t in_len;
	struct bp_session s;
	uint8_t *hello;
	size_t hello_len;
	bool has_bound;
	struct bp_bound bound;
	uint8_t unbound;
	bool pending;
	struct bp_ivr ivr;
	bool voice;
	enum call_stage stage;
	int tries;
	char account[BP_ACCOUNT_MAX + 1];
	time_t deadline, input_deadline;
	bool closing;
	bool busy;
	bool ended;
	struct store_job job;
	uint64_t asked_at;
};

time_t bp_now(void);
uint64_t bp_now_ms(void);

void conn_accept(struct loop *l);
void conn_listen_again(struct loop *l);
void conn_end(struct conn *c);
void conn_fail(struct conn *c, uint8_t code, const char *why);
void conn_reply(struct conn *c, const uint8_t *out, size_t len);
void conn_ask(struct conn *c,
	      void (*run)(struct bp_job *job, struct bp_store *st),
	      void (*done)(struct conn *c));
void conn_ask_slow(struct conn *c,
		   void (*run)(struct bp_job *job, struct bp_store *st),
		   void (*done)(struct conn *c));
void conn_answered(struct conn *c);
void conn_reap(struct loop *l);

void session_readable(struct conn *c);
void session_take_buffered(struct conn *c);
void session_attempt_id(const struct conn *c, uint8_t id[32]);

void binding_take_user_key(struct conn *c);
void binding_take_refresh(struct conn *c, const uint8_t *m, size_t len);
void binding_take_finished(struct conn *c, const uint8_t *m, size_t len);
void binding_drop(struct conn *c);

void call_start(struct conn *c);
void call_hear(struct conn *c);
void call_played(struct conn *c);
void call_tick(struct conn *c, time_t t);

int loop_start(struct loop *l, struct server *sv, int index);
void loop_join(struct loop *l);
void loop_close(struct loop *l);

#endif
