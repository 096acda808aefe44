"""Officers at a role window: the sign-in screen, the lock screen, the idle lock and the signed-in frame.

How a role (gate, counter) uses it — the whole API:

    from shared.qt.auth import OfficerBadge, SignedInFrame

    frame = SignedInFrame(config, runner, db, role="gate", station=config.station.name,
                          claims=[ctx.claim])               # the PC's station claim: its officer_id is kept
    window = GateWindow(..., officer=frame.session)         # the role reads frame.session.actor at each action
    window.header_row.addWidget(OfficerBadge(frame.session))  # the officer's name + "Keluar / Sign out"
    frame.set_content(window)                               # shown once an officer is signed in
    frame.show()                                            # show the frame, not the window

- `frame.session` (`OfficerSession`): `.actor` (`staff.Actor`, or None while nobody is signed in — and on a
  fresh install with no officer registered, where the frame shows the content at once), `.is_locked`,
  signals `signed_in(Actor)` (first sign-in and every shift change), `locked(Actor)`, `unlocked(Actor)`,
  `signed_out(Actor)`, `changed(object)` (the Actor now at the window, or None).
- Pass `actor=frame.session.actor` to every action service; the services check it again.
- The lock screen lies over the content: the role's timers, reads and state go on underneath.
- Tests: `idle_ms=` sets the idle lock in milliseconds (default `config.staff.idle_lock_minutes`);
  `require_sign_in=True/False` skips asking the database whether any officer exists.
"""

from .frame import OfficerBadge, SignedInFrame
from .session import OfficerSession
from .sign_in import SignInScreen

__all__ = ["OfficerBadge", "OfficerSession", "SignInScreen", "SignedInFrame"]
