"""The walk-in ticket kiosk: a touch screen that issues and prints tickets for applicants without a booking."""
