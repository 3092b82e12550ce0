/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Test builds only (make BTI_TEST_KEYS=1): a session's random draws can be
 * fixed and its keys read back, so that a test can replay the protocol
 * vectors and look for key bytes in what leaves the kernel.  Normal builds
 * have none of it.
 */
#ifndef _BTI_TESTKEYS_H
#define _BTI_TESTKEYS_H

#include "session.h"

#ifdef BTI_TEST_KEYS
int bti_test_keys_init(void);
void bti_test_keys_exit(void);
const struct bti_session_draws *bti_test_draws(void);
void bti_test_keys_note(const struct bti_session *s);
#else
static inline int bti_test_keys_init(void)
{
	return 0;
}

static inline void bti_test_keys_exit(void)
{
}

static inline const struct bti_session_draws *bti_test_draws(void)
{
	return NULL;
}

static inline void bti_test_keys_note(const struct bti_session *s)
{
}
#endif

#endif /* _BTI_TESTKEYS_H */
