// SPDX-License-Identifier: GPL-2.0
/*
 * Test controls of the telephone, in /sys/kernel/config/bti_sim/:
 *
 *   hook     rw  "on" or "off"
 *   flash    w   any write flashes the hook switch
 *   keys     rw  digits to press, in order; reads what is still queued
 *   ringing  r   1 while ringing voltage is on the line
 *   rings    r   ring bursts heard since load
 *   record   rw  1 starts the ear recording afresh, 0 stops it
 *   ear      r   what the ear recorded, G.711 mu-law
 *   speak    w   G.711 mu-law for the mouth to say, once
 */
#include <linux/configfs.h>
#include <linux/module.h>
#include <linux/string.h>

#include "sim.h"

static ssize_t bti_sim_hook_show(struct config_item *item, char *page)
{
	return sysfs_emit(page, "%s\n", bti_sim->phone.offhook ? "off" : "on");
}

static ssize_t bti_sim_hook_store(struct config_item *item, const char *page,
				  size_t len)
{
	bool off;

	if (sysfs_streq(page, "off"))
		off = true;
	else if (sysfs_streq(page, "on"))
		off = false;
	else
		return -EINVAL;
	spin_lock_bh(&bti_sim->lock);
	bti_sim_phone_hook(&bti_sim->phone, &bti_sim->chip, off);
	spin_unlock_bh(&bti_sim->lock);
	return len;
}

static ssize_t bti_sim_flash_store(struct config_item *item, const char *page,
				   size_t len)
{
	int err;

	spin_lock_bh(&bti_sim->lock);
	err = bti_sim_phone_flash(&bti_sim->phone, &bti_sim->chip);
	spin_unlock_bh(&bti_sim->lock);
	return err ?: len;
}

static ssize_t bti_sim_keys_show(struct config_item *item, char *page)
{
	struct bti_sim_phone *p = &bti_sim->phone;
	ssize_t n;

	spin_lock_bh(&bti_sim->lock);
	n = sysfs_emit(page, "%.*s\n", p->nkeys, p->keys);
	spin_unlock_bh(&bti_sim->lock);
	return n;
}

static ssize_t bti_sim_keys_store(struct config_item *item, const char *page,
				  size_t len)
{
	size_t n = strcspn(page, "\n");
	int err;

	spin_lock_bh(&bti_sim->lock);
	err = bti_sim_phone_press(&bti_sim->phone, page, n);
	spin_unlock_bh(&bti_sim->lock);
	return err ?: len;
}

static ssize_t bti_sim_ringing_show(struct config_item *item, char *page)
{
	return sysfs_emit(page, "%d\n", bti_sim->phone.ringing);
}

static ssize_t bti_sim_rings_show(struct config_item *item, char *page)
{
	return sysfs_emit(page, "%u\n", bti_sim->phone.rings);
}

static ssize_t bti_sim_record_show(struct config_item *item, char *page)
{
	return sysfs_emit(page, "%d\n", bti_sim->phone.recording);
}

static ssize_t bti_sim_record_store(struct config_item *item,
				    const char *page, size_t len)
{
	bool on;
	int err = kstrtobool(page, &on);

	if (err)
		return err;
	spin_lock_bh(&bti_sim->lock);
	if (on)
		bti_sim->phone.ear_len = 0;
	bti_sim->phone.recording = on;
	spin_unlock_bh(&bti_sim->lock);
	return len;
}

static ssize_t bti_sim_ear_read(struct config_item *item, void *buf,
				size_t max)
{
	struct bti_sim_phone *p = &bti_sim->phone;
	size_t n;

	spin_lock_bh(&bti_sim->lock);
	n = p->ear_len;
	if (buf)
		memcpy(buf, p->ear, min(n, max));
	spin_unlock_bh(&bti_sim->lock);
	return buf ? min(n, max) : n;
}

static ssize_t bti_sim_speak_write(struct config_item *item, const void *buf,
				   size_t len)
{
	struct bti_sim_phone *p = &bti_sim->phone;

	if (len > BTI_SIM_MOUTH_MAX)
		return -EFBIG;
	spin_lock_bh(&bti_sim->lock);
	memcpy(p->mouth, buf, len);
	p->mouth_len = len;
	p->mouth_pos = 0;
	spin_unlock_bh(&bti_sim->lock);
	return len;
}

CONFIGFS_ATTR(bti_sim_, hook);
CONFIGFS_ATTR_WO(bti_sim_, flash);
CONFIGFS_ATTR(bti_sim_, keys);
CONFIGFS_ATTR_RO(bti_sim_, ringing);
CONFIGFS_ATTR_RO(bti_sim_, rings);
CONFIGFS_ATTR(bti_sim_, record);
CONFIGFS_BIN_ATTR_RO(bti_sim_, ear, NULL, BTI_SIM_EAR_MAX);
CONFIGFS_BIN_ATTR_WO(bti_sim_, speak, NULL, BTI_SIM_MOUTH_MAX);

static struct configfs_attribute *bti_sim_attrs[] = {
	&bti_sim_attr_hook,
	&bti_sim_attr_flash,
	&bti_sim_attr_keys,
	&bti_sim_attr_ringing,
	&bti_sim_attr_rings,
	&bti_sim_attr_record,
	NULL,
};

static struct configfs_bin_attribute *bti_sim_bin_attrs[] = {
	&bti_sim_attr_ear,
	&bti_sim_attr_speak,
	NULL,
};

static const struct config_item_type bti_sim_type = {
	.ct_attrs = bti_sim_attrs,
	.ct_bin_attrs = bti_sim_bin_attrs,
	.ct_owner = THIS_MODULE,
};

static struct configfs_subsystem bti_sim_subsys = {
	.su_group = {
		.cg_item = {
			.ci_namebuf = "bti_sim",
			.ci_type = &bti_sim_type,
		},
	},
};

int bti_sim_configfs_init(void)
{
	config_group_init(&bti_sim_subsys.su_group);
	mutex_init(&bti_sim_subsys.su_mutex);
	return configfs_register_subsystem(&bti_sim_subsys);
}

void bti_sim_configfs_exit(void)
{
	configfs_unregister_subsystem(&bti_sim_subsys);
}
