"""The board's voice: Indonesian call phrases, chime, espeak-ng speech, and the playback queue.

This package root stays Qt-free (the CLI and tests of the text/audio parts need no display). The Qt parts
are imported from their modules: `kiosk.announce.render.Announcer` (what the board uses),
`kiosk.announce.queue.AnnouncementQueue`, `kiosk.announce.players`.
"""

from kiosk.announce.chime import chime_wav
from kiosk.announce.phrase import (
    Subtitle,
    TicketNumberError,
    announcement_phrase,
    english_subtitle,
    number_words,
    subtitle,
)
from kiosk.announce.speech import SpeechSettings, SpeechUnavailable, render_speech, write_announcement_wav

__all__ = [
    "SpeechSettings",
    "SpeechUnavailable",
    "Subtitle",
    "TicketNumberError",
    "announcement_phrase",
    "chime_wav",
    "english_subtitle",
    "number_words",
    "render_speech",
    "subtitle",
    "write_announcement_wav",
]
