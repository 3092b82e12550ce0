// SPDX-License-Identifier: GPL-2.0
/*
 * The chip's INT pin: an interrupt domain of one level-triggered line.
 * The highway clock samples the pin every millisecond and raises the
 * interrupt while it is asserted and the line is unmasked, as a level
 * interrupt would; the line stays masked while the driver's threaded
 * handler runs.
 */
#include <linux/interrupt.h>
#include <linux/irq.h>
#include <linux/irqdomain.h>

#include "sim.h"

static void bti_sim_irq_mask(struct irq_data *d)
{
	struct bti_sim *sim = irq_data_get_irq_chip_data(d);

	WRITE_ONCE(sim->irq_masked, true);
}

static void bti_sim_irq_unmask(struct irq_data *d)
{
	struct bti_sim *sim = irq_data_get_irq_chip_data(d);

	WRITE_ONCE(sim->irq_masked, false);
}

static struct irq_chip bti_sim_irq_chip = {
	.name = "bti_sim",
	.irq_mask = bti_sim_irq_mask,
	.irq_unmask = bti_sim_irq_unmask,
};

static int bti_sim_irq_map(struct irq_domain *d, unsigned int virq,
			   irq_hw_number_t hw)
{
	irq_set_chip_data(virq, d->host_data);
	irq_set_chip_and_handler(virq, &bti_sim_irq_chip, handle_level_irq);
	return 0;
}

static const struct irq_domain_ops bti_sim_irq_ops = {
	.map = bti_sim_irq_map,
	.xlate = irq_domain_xlate_onecell,
};

int bti_sim_irq_init(struct bti_sim *sim)
{
	sim->irq_masked = true;
	sim->irq_domain = irq_domain_create_linear(NULL, 1, &bti_sim_irq_ops,
						   sim);
	if (!sim->irq_domain)
		return -ENOMEM;
	sim->irq = irq_create_mapping(sim->irq_domain, 0);
	if (!sim->irq) {
		irq_domain_remove(sim->irq_domain);
		return -ENOMEM;
	}
	return 0;
}

void bti_sim_irq_exit(struct bti_sim *sim)
{
	irq_dispose_mapping(sim->irq);
	irq_domain_remove(sim->irq_domain);
}

/* From the highway clock: the pin is level, so raise it while asserted. */
void bti_sim_irq_sample(struct bti_sim *sim, bool asserted)
{
	if (asserted && !READ_ONCE(sim->irq_masked))
		generic_handle_irq_safe(sim->irq);
}
