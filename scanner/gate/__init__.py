"""The gate window's parts: result card, status bar, camera preview, keyboard wedge and the check-in flow."""
