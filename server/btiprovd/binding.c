// SPDX-License-Identifier: GPL-2.0
/*
 * From a device's USER_KEY or REFRESH to its binding committed, in
 * btiprovd: the account's configuration and the binding held pending, in
 * the store; PROVISIONED and its CONFIG pieces; and at FINISHED the
 * commit (protocol.rst, 9).  Version 1 has no FINISHED: its binding is
 * held and committed before PROVISIONED.  A session that ends between
 * drops what it held.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/crypto.h>

#include "btiprovd.h"

/*
 * Each answer's refusal, if it is one: the device is told, and why.  The
 * binding a session proved may have gone while it ran: version 2 says how
 * (protocol.rst, 7), version 1 has only ERROR(busy).
 */
static bool refused(struct conn *c)
{
	bool v1 = c->s.w.version == 1;

	switch (c->job.err) {
	case 0:
		return false;
	case -EBUSY:
		conn_fail(c, BP_E_BUSY, "binding pending");
		break;
	case -ESTALE:
		conn_fail(c, v1 ? BP_E_BUSY : BP_E_UNKNOWN, v1 ?
			  "binding replaced meanwhile" : "binding unknown");
		break;
	case -EKEYREVOKED:
		conn_fail(c, v1 ? BP_E_BUSY : BP_E_REVOKED, v1 ?
			  "binding replaced meanwhile" : "binding revoked");
		break;
	case -EMSGSIZE:
		conn_fail(c, BP_E_INTERNAL,
			  "configuration too long for version 1");
		break;
	default:
		conn_fail(c, BP_E_INTERNAL, bp_store_failure(c->job.err));
	}
	return true;
}

/*
 * PROVISIONED, and in version 2 the configuration's CONFIG pieces: none
 * for a refreshing device that holds the version already.
 */
static void send_provisioned(struct conn *c)
{
	struct bp_account_config *cfg = &c->job.config;
	uint8_t *out = malloc(BP_PROVISIONED_OUT);
	size_t n;

	c->job.version = cfg->version;
	c->job.delivered = !c->s.refreshed || cfg->version != c->s.held;
	if (!out)
		return conn_fail(c, BP_E_INTERNAL, "out of memory");
	if (bp_provisioned(&c->s, cfg->version, (const uint8_t *)cfg->text,
			   c->job.delivered ? cfg->len : 0, out, &n)) {
		free(out);
		return conn_fail(c, BP_E_INTERNAL, "configuration");
	}
	bp_account_config_free(cfg);
	conn_reply(c, out, n);
	free(out);
}

static void bound(struct conn *c)
{
	LOG("info", "bound", "source=%s version=%u kind=%u", c->source,
	    c->s.w.version, c->s.kind);
	bp_count(&c->l->sv->metrics, M_BINDINGS, 1);
}

/* The held binding committed, or dropped: the key goes either way. */
static void commit_held(struct store_job *j, struct bp_store *st,
			uint64_t version)
{
	j->err = bp_store_bind(st, j->id, j->kind, j->key, j->key_len,
			       version, j->source);
	OPENSSL_cleanse(j->key, sizeof(j->key));
	if (j->err)
		bp_store_drop(st, j->id, j->source);
}

/* The user key, for the worker that binds it. */
static void key_to_job(struct conn *c)
{
	c->job.kind = c->s.kind;
	c->job.key_len = c->s.user_key_len;
	memcpy(c->job.key, c->s.user_key, c->s.user_key_len);
}

/*
 * USER_KEY's answer: the account's configuration, and the binding held,
 * if the one it replaces is still bound; in version 1 committed too.  A
 * configuration that version 1 cannot carry is refused before anything
 * is held.
 */
static void hold(struct bp_job *job, struct bp_store *st)
{
	struct store_job *j = (struct store_job *)job;

	j->err = bp_account_config_get(st, j->account, &j->config);
	if (!j->err && j->version1 && j->config.len > BP_CONFIG_MAX)
		j->err = -EMSGSIZE;
	j->err = j->err ?: bp_store_hold(st, j->account, j->id,
					 j->replacing ? j->old_id : NULL,
					 j->hold);
	if (!j->err && j->version1)
		commit_held(j, st, j->config.version);
	OPENSSL_cleanse(j->key, sizeof(j->key));
}

static void held(struct conn *c)
{
	if (refused(c))
		return;
	if (c->s.w.version == 1)
		bound(c);
	else
		c->pending = true;
	send_provisioned(c);
}

/**
 * binding_take_user_key() - hold the user key that USER_KEY gave,
 *	under the id the device will name it by
 * @c: the session; @c->job says which binding it replaces
 */
void binding_take_user_key(struct conn *c)
{
	struct store_job *j = &c->job;
	time_t left = c->deadline - bp_now();

	j->version1 = c->s.w.version == 1;
	if (j->version1)
		key_to_job(c);
	/* pending for what is left of the session's time (section 8) */
	j->hold = left > 0 ? left : 1;
	conn_ask(c, hold, held);
}

/*
 * REFRESH's answer: the binding still bound, as an operator may have
 * revoked it meanwhile (protocol.rst, 7), and its account's
 * configuration.
 */
static void refresh_config(struct bp_job *job, struct bp_store *st)
{
	struct store_job *j = (struct store_job *)job;

	j->err = bp_store_bound(st, j->id, &j->bound, j->account);
	OPENSSL_cleanse(&j->bound, sizeof(j->bound));
	if (j->err == -ENOENT)
		j->err = -ESTALE;	/* bound at REQUEST, gone since */
	j->err = j->err ?: bp_account_config_get(st, j->account, &j->config);
}

static void refresh_found(struct conn *c)
{
	if (!refused(c))
		send_provisioned(c);
}

/**
 * binding_take_refresh() - take REFRESH: its proof of the bound key, and
 *	the configuration version the device holds
 * @c: the session
 * @m: REFRESH
 * @len: its length
 *
 * A wrong proof is ERROR(integrity) and counts against nothing: anyone
 * who saw the device's REQUEST could send one (protocol.rst, 4.2).
 */
void binding_take_refresh(struct conn *c, const uint8_t *m, size_t len)
{
	if (bp_refresh(&c->s, m, len, c->has_bound ? &c->bound : NULL))
		return conn_fail(c, c->s.w.error, "refresh refused");
	memcpy(c->job.id, c->s.device_id, 32);
	conn_ask(c, refresh_config, refresh_found);
}

/* FINISHED's commit */
static void commit(struct bp_job *job, struct bp_store *st)
{
	struct store_job *j = (struct store_job *)job;

	commit_held(j, st, j->version);
}

static void record_refresh(struct bp_job *job, struct bp_store *st)
{
	struct store_job *j = (struct store_job *)job;

	j->err = bp_store_refreshed(st, j->id, j->version, j->delivered,
				    j->source);
}

/*
 * Nothing is sent after FINISHED.  A commit that failed leaves the device
 * with a binding the server does not hold, which its next session learns
 * (protocol.rst, 9).
 */
static void committed(struct conn *c)
{
	if (c->job.err)
		LOG("warning", "commit-failed", "source=%s reason=\"%s\"",
		    c->source, c->job.err == -ESTALE ?
		    "binding replaced or revoked meanwhile" :
		    bp_store_failure(c->job.err));
	else if (c->s.purpose == BP_REFRESHING)
		LOG("info", "refreshed", "source=%s config=%llu delivered=%d",
		    c->source, (unsigned long long)c->job.version,
		    c->job.delivered);
	else
		bound(c);
	conn_end(c);
}

/**
 * binding_take_finished() - take FINISHED: the device holds what the
 *	session gave it, and the store commits it
 * @c: the session
 * @m: FINISHED
 * @len: its length
 */
void binding_take_finished(struct conn *c, const uint8_t *m, size_t len)
{
	if (bp_finished(&c->s, m, len))
		return conn_fail(c, c->s.w.error, "finished refused");
	if (c->s.purpose == BP_REFRESHING)
		return conn_ask(c, record_refresh, committed);
	/* the commit drops what it does not bind */
	c->pending = false;
	key_to_job(c);
	conn_ask(c, commit, committed);
}

static void drop(struct bp_job *job, struct bp_store *st)
{
	struct store_job *j = (struct store_job *)job;

	j->err = bp_store_drop(st, j->id, j->source);
}

/**
 * binding_drop() - drop the binding an ended session held pending; no
 *	answer is taken
 * @c: the session, ended, its job free
 */
void binding_drop(struct conn *c)
{
	c->pending = false;
	LOG("info", "pending-dropped", "source=%s", c->source);
	conn_ask(c, drop, NULL);
}
