// SPDX-License-Identifier: GPL-2.0
/*
 * The call, in btiprovd: between KEY_CONFIRM and AUTH_RESULT the IVR asks
 * for the account number and the PIN over the voice channel, a worker
 * checks them against the store, and the verdict goes out both as
 * AUTH_RESULT and as a prompt.  A mistyped entry gets one retry.
 */
#define _GNU_SOURCE
#include <string.h>

#include <openssl/crypto.h>

#include "btiprovd.h"

static void ask(struct conn *c, enum call_stage stage,
		enum bp_prompt_id prompt)
{
	c->stage = stage;
	c->input_deadline = bp_now() + c->l->sv->cfg.input_timeout;
	bp_voice_play(&c->l->voice, &c->ivr, &c->l->sv->prompts[prompt]);
}

/**
 * call_start() - the voice channel is keyed: ask for the account number
 * @c: the session
 */
void call_start(struct conn *c)
{
	ask(c, ASK_ACCOUNT, P_ASK_ACCOUNT);
}

/* The verdict, as AUTH_RESULT and a prompt. */
static void verdict(struct conn *c, uint8_t result,
		    uint8_t left, enum bp_prompt_id prompt)
{
	uint8_t out[64];
	size_t n;

	if (bp_auth_result(&c->s, result, left, out, &n))
		return conn_fail(c, BP_E_INTERNAL, "verdict");
	/* what was keyed while the entry was checked counts for nothing */
	bp_keypad_clear(&c->ivr.pad);
	ask(c, result == 1 && left ? ASK_ACCOUNT : VERDICT, prompt);
	/* a final refusal ends the call once its prompt has played */
	c->closing = c->s.state == BP_FAILED;
	conn_reply(c, out, n);
}

/*
 * The verdict as the operator counts it: every check but those refused
 * unchecked (waiting, locked) is accepted or wrong, and of the wrong ones
 * those that lock, or after which the account or device must wait (none
 * left now: protocol.rst, AUTH_RESULT), are counted again.
 */
static const char *count_verdict(struct bp_metrics *m,
				 const struct store_job *j)
{
	switch (j->verdict) {
	case BP_PIN_OK:
		bp_count(m, M_PIN_ACCEPTED, 1);
		return "accepted";
	case BP_PIN_WAIT:
		bp_count(m, M_PIN_WAITING, 1);
		return "waiting";
	case BP_PIN_LOCKED:
		bp_count(m, M_PIN_LOCKED, 1);
		return "locked";
	case BP_PIN_LOCKS:
		bp_count(m, M_PIN_WRONG, 1);
		bp_count(m, M_PIN_LOCKS, 1);
		return "locked";
	default:
		bp_count(m, M_PIN_WRONG, 1);
		if (!j->left)
			bp_count(m, M_PIN_BACKOFFS, 1);
		return "wrong";
	}
}

static void pin_checked(struct conn *c)
{
	const struct store_job *j = &c->job;
	struct bp_metrics *m = &c->l->sv->metrics;

	bp_metrics_latency(m, bp_now_ms() - c->asked_at);
	if (j->err)
		return conn_fail(c, BP_E_INTERNAL, bp_store_failure(j->err));
	LOG("info", "verdict", "source=%s verdict=%s", c->source,
	    count_verdict(m, j));
	if (j->verdict == BP_PIN_OK)
		return verdict(c, 0, 0, P_ACCEPTED);
	/* a back-off is a lock for now: protocol.rst, AUTH_RESULT */
	if (j->verdict != BP_PIN_WRONG)
		return verdict(c, 2, 0, P_LOCKED);
	/*
	 * One retry for a mistyped entry.  attempts_left counts the entries
	 * this call still takes (protocol.rst, AUTH_RESULT), not those before
	 * the account locks: a device needs only to know whether to listen on.
	 */
	if (++c->tries < BP_ENTRIES_PER_CALL && j->left)
		return verdict(c, 1, BP_ENTRIES_PER_CALL - c->tries,
			       P_RETRY);
	verdict(c, 1, 0, P_REFUSED);
}

static void check_pin(struct bp_job *job, struct bp_store *st)
{
	struct store_job *j = (struct store_job *)job;

	j->err = bp_store_check_pin(st, j->account, j->pin, j->who, j->source,
				    &j->verdict, &j->left);
	OPENSSL_cleanse(j->pin, sizeof(j->pin));
}

/* The keypad has an entry: the account number, then the PIN. */
static void take_entry(struct conn *c)
{
	/* longer than any account or PIN: wrong, not cut to fit */
	if (c->ivr.pad.overflow)
		c->ivr.pad.entry[0] = 0;
	if (c->stage == ASK_ACCOUNT) {
		snprintf(c->account, sizeof(c->account), "%s",
			 c->ivr.pad.entry);
		ask(c, ASK_PIN, P_ASK_PIN);
	} else if (c->stage == ASK_PIN) {
		c->stage = CHECKING;
		snprintf(c->job.pin, sizeof(c->job.pin), "%s",
			 c->ivr.pad.entry);
		session_attempt_id(c, c->job.who);
		c->asked_at = bp_now_ms();
		conn_ask_slow(c, check_pin, pin_checked);
	}
	bp_keypad_clear(&c->ivr.pad);
}

/**
 * call_hear() - the keypad has an entry from the voice channel
 * @c: the session
 */
void call_hear(struct conn *c)
{
	take_entry(c);
}

/**
 * call_played() - the prompt has played out: after a final verdict, the
 *	call ends
 * @c: the session
 */
void call_played(struct conn *c)
{
	if (c->closing)
		conn_end(c);
}

/**
 * call_tick() - a second passed: time the entry out
 * @c: the session, whose voice channel is open
 * @t: the time now
 */
void call_tick(struct conn *c, time_t t)
{
	if (!c->closing && (c->stage == ASK_ACCOUNT || c->stage == ASK_PIN) &&
	    t > c->input_deadline) {
		LOG("info", "verdict", "source=%s verdict=timeout", c->source);
		verdict(c, 3, 0, P_TIMEOUT);
	}
}
