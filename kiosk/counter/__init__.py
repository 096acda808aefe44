"""The counter officer's window (loket): call, recall, no-show, done, transfer, call a number, pause."""
