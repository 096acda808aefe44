"""The gate window's own decorative colours (the signal colours and levels come from shared.palette)."""

from __future__ import annotations

WINDOW_BG = "#f5f7f8"
HEADER_BG = "#263238"
HEADER_INK = "#eceff1"
HEADER_EN = "#b0bec5"  # the English line and the separators on the dark header
STATUS_BG = "#eceff1"
IDLE_CARD = "#455a64"  # "ready to scan"
IDLE_CARD_EN = "#cfd8dc"
SYSTEM_ERROR = "#6a1b9a"  # a failure of the gate itself, never a decision: not one of the decision colours
SYSTEM_ERROR_EN = "#e1bee7"
ON_WARN = "#1a1a1a"  # text on the amber card
ACCEPT_EN, WARN_EN, REFUSE_EN = "#e8f5e9", "#3a3a3a", "#ffebee"  # the English title line on each card
PREVIEW_BG = "#101418"
PREVIEW_INK = "#cfd8dc"
OUTLINE = "#00e676"  # a detected code in the preview
LIST_BORDER = "#cfd8dc"
LIST_EMPTY = "#90a4ae"
