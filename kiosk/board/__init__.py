"""The public display board (`antrian-board`): the newest call large and blinking, the previous calls,
waiting counts per service, clock and date, a running text; each call announced with a chime and speech.

Qt modules: `window` (the board), its widgets (`now_calling`, `recent_list`, `counts_bar`, `header`,
`ticker`, `notice`), `feed` + `listener` (call log reads, PostgreSQL LISTEN), `voice`, `snapshot`.
Qt-free: `texts`, `state`, `reads`.
"""
