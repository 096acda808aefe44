"""The gate's camera: frame sources and the one-slot frame mailbox (Qt-free), and the capture / decode threads."""
