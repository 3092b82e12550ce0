// SPDX-License-Identifier: GPL-2.0
/*
 * Test controls of the telephone and faults of the board, in
 * /sys/kernel/config/bti_sim/, root's only: the keypad and the earpiece
 * carry what a subscriber keys and hears.
 *
 *   hook               rw  "on" or "off"
 *   flash              w   any write flashes the hook switch
 *   keys               rw  digits to press, in order; reads what is queued
 *   ringing            r   1 while the telephone's ringer sounds
 *   rings              r   ring bursts heard since load
 *   record             rw  1 starts the ear recording afresh, 0 stops it
 *   ear                r   what the ear recorded, G.711 mu-law
 *   speak              w   G.711 mu-law for the mouth to say, once
 *   fault_battery      rw  1: the converter never raises the battery
 *   fault_calibration  rw  1: calibrations never end
 *   power_alarm        w   1 to 6: that transistor's power alarm, now
 *   chip_reset         w   any write: the chip resets (a brown-out), now
 */
#include <linux/configfs.h>
#include <linux/ktime.h>
#include <linux/module.h>
#include <linux/string.h>

#include "sim.h"

#define BTI_SIM_ATTR(_name, _mode, _show, _store)		\
static struct configfs_attribute bti_sim_attr_##_name = {	\
	.ca_name = __stringify(_name),				\
	.ca_mode = _mode,					\
	.ca_owner = THIS_MODULE,				\
	.show = _show,						\
	.store = _store,					\
}

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
	bti_sim_phone_hook(&bti_sim->phone, &bti_sim->chip, off,
			   ktime_get_ns());
	spin_unlock_bh(&bti_sim->lock);
	return len;
}

static ssize_t bti_sim_flash_store(struct config_item *item, const char *page,
				   size_t len)
{
	int err;

	spin_lock_bh(&bti_sim->lock);
	err = bti_sim_phone_flash(&bti_sim->phone, &bti_sim->chip,
				  ktime_get_ns());
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

static ssize_t bti_sim_flag_show(bool *flag, char *page)
{
	return sysfs_emit(page, "%d\n", READ_ONCE(*flag));
}

static ssize_t bti_sim_flag_store(bool *flag, const char *page, size_t len)
{
	bool on;
	int err = kstrtobool(page, &on);

	if (err)
		return err;
	spin_lock_bh(&bti_sim->lock);
	*flag = on;
	spin_unlock_bh(&bti_sim->lock);
	return len;
}

static ssize_t bti_sim_fault_battery_show(struct config_item *item,
					  char *page)
{
	return bti_sim_flag_show(&bti_sim->chip.battery_stuck, page);
}

static ssize_t bti_sim_fault_battery_store(struct config_item *item,
					   const char *page, size_t len)
{
	return bti_sim_flag_store(&bti_sim->chip.battery_stuck, page, len);
}

static ssize_t bti_sim_fault_calibration_show(struct config_item *item,
					      char *page)
{
	return bti_sim_flag_show(&bti_sim->chip.cal_stuck, page);
}

static ssize_t bti_sim_fault_calibration_store(struct config_item *item,
					       const char *page, size_t len)
{
	return bti_sim_flag_store(&bti_sim->chip.cal_stuck, page, len);
}

static ssize_t bti_sim_power_alarm_store(struct config_item *item,
					 const char *page, size_t len)
{
	unsigned int q;
	int err = kstrtouint(page, 10, &q);

	if (err)
		return err;
	if (q < 1 || q > 6)
		return -EINVAL;
	spin_lock_bh(&bti_sim->lock);
	proslic_power_alarm(&bti_sim->chip, q, ktime_get_ns());
	spin_unlock_bh(&bti_sim->lock);
	return len;
}

static ssize_t bti_sim_chip_reset_store(struct config_item *item,
					const char *page, size_t len)
{
	spin_lock_bh(&bti_sim->lock);
	proslic_reset(&bti_sim->chip, ktime_get_ns());
	spin_unlock_bh(&bti_sim->lock);
	return len;
}

static ssize_t bti_sim_spi_stall_ms_show(struct config_item *item,
					 char *page)
{
	return sysfs_emit(page, "%u\n", READ_ONCE(bti_sim->spi_stall_ms));
}

/* up to 10 s: enough to see who waits on a slow chip, not to hang a test */
static ssize_t bti_sim_spi_stall_ms_store(struct config_item *item,
					  const char *page, size_t len)
{
	unsigned int ms;
	int err = kstrtouint(page, 10, &ms);

	if (err)
		return err;
	if (ms > 10000)
		return -ERANGE;
	WRITE_ONCE(bti_sim->spi_stall_ms, ms);
	return len;
}

BTI_SIM_ATTR(hook, 0600, bti_sim_hook_show, bti_sim_hook_store);
BTI_SIM_ATTR(flash, 0200, NULL, bti_sim_flash_store);
BTI_SIM_ATTR(keys, 0600, bti_sim_keys_show, bti_sim_keys_store);
BTI_SIM_ATTR(ringing, 0400, bti_sim_ringing_show, NULL);
BTI_SIM_ATTR(rings, 0400, bti_sim_rings_show, NULL);
BTI_SIM_ATTR(record, 0600, bti_sim_record_show, bti_sim_record_store);
BTI_SIM_ATTR(fault_battery, 0600, bti_sim_fault_battery_show,
	     bti_sim_fault_battery_store);
BTI_SIM_ATTR(fault_calibration, 0600, bti_sim_fault_calibration_show,
	     bti_sim_fault_calibration_store);
BTI_SIM_ATTR(power_alarm, 0200, NULL, bti_sim_power_alarm_store);
BTI_SIM_ATTR(chip_reset, 0200, NULL, bti_sim_chip_reset_store);
BTI_SIM_ATTR(spi_stall_ms, 0600, bti_sim_spi_stall_ms_show,
	     bti_sim_spi_stall_ms_store);

static struct configfs_bin_attribute bti_sim_attr_ear = {
	.cb_attr = {
		.ca_name = "ear",
		.ca_mode = 0400,
		.ca_owner = THIS_MODULE,
	},
	.cb_max_size = BTI_SIM_EAR_MAX,
	.read = bti_sim_ear_read,
};

static struct configfs_bin_attribute bti_sim_attr_speak = {
	.cb_attr = {
		.ca_name = "speak",
		.ca_mode = 0200,
		.ca_owner = THIS_MODULE,
	},
	.cb_max_size = BTI_SIM_MOUTH_MAX,
	.write = bti_sim_speak_write,
};

static struct configfs_attribute *bti_sim_attrs[] = {
	&bti_sim_attr_hook,
	&bti_sim_attr_flash,
	&bti_sim_attr_keys,
	&bti_sim_attr_ringing,
	&bti_sim_attr_rings,
	&bti_sim_attr_record,
	&bti_sim_attr_fault_battery,
	&bti_sim_attr_fault_calibration,
	&bti_sim_attr_power_alarm,
	&bti_sim_attr_chip_reset,
	&bti_sim_attr_spi_stall_ms,
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
