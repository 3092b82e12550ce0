// SPDX-License-Identifier: GPL-2.0
/*
 * Known-answer tests at module init: a module whose cryptography gives
 * wrong answers must not be trusted with keys, so it refuses to load.
 */
#include <linux/printk.h>
#include <linux/slab.h>
#include <linux/string.h>

#include "bti_core.h"
#include "crypto/tfms.h"
#include "kat.h"

static int bti_oaep_selftest(struct bti_tfms *t)
{
	const struct bti_oaep_kat *v = &bti_oaep_kat;
	size_t ct_len;
	u8 *ct;
	int err;

	ct = kmalloc(BTI_RSA_MAX_BYTES, GFP_KERNEL);
	err = ct ? bti_tfms_alloc_rsa(t) : -ENOMEM;
	err = err ?: bti_rsa_oaep_wrap(t->rsa, v->pub, sizeof(v->pub), v->msg,
				       sizeof(v->msg), v->label,
				       sizeof(v->label), v->seed, ct, &ct_len);
	if (!err && (ct_len != sizeof(v->ct) || memcmp(ct, v->ct, ct_len)))
		err = -EBADMSG;
	kfree(ct);
	if (err)
		pr_err("bti: RSA-OAEP known-answer test failed: %d\n", err);
	return err;
}

static int bti_hpke_selftest(struct bti_tfms *t)
{
	const struct bti_hpke_kat *v = &bti_hpke_kat;
	u8 enc[BTI_P256_POINT], ct[sizeof(v->suite[0].ct)];
	unsigned int i;
	int err;

	for (i = 0; i < ARRAY_SIZE(v->suite); i++) {
		err = bti_hpke_seal(t, v->suite[i].aead, v->pkr, v->info,
				    sizeof(v->info), v->aad, sizeof(v->aad),
				    v->pt, sizeof(v->pt), enc, ct, v->ske);
		if (!err && (memcmp(enc, v->enc, sizeof(enc)) ||
			     memcmp(ct, v->suite[i].ct, sizeof(ct))))
			err = -EBADMSG;
		if (err) {
			pr_err("bti: HPKE known-answer test %u failed: %d\n",
			       i, err);
			return err;
		}
	}
	return 0;
}

int bti_crypto_selftest(void)
{
	struct bti_tfms t = { };
	int err;

	err = bti_tfms_alloc(&t);
	if (err)
		pr_err("bti: no crypto transforms for the known-answer tests: %d\n",
		       err);
	err = err ?: bti_hpke_selftest(&t);
	err = err ?: bti_oaep_selftest(&t);
	bti_tfms_free(&t);
	return err;
}
