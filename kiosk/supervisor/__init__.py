"""antrian-supervisor: today live (chart, services, lokets, workstations, alerts) and the date-range report."""
