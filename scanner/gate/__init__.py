"""The gate window and its parts: the check-in flow, the camera controller, preview, result card, recent scans,
header, status bar and the keeper that reads their status, the hand-scanner wedge and the sounds."""
