"""TLS is verified: a private certificate fails until its CA bundle is configured."""

from __future__ import annotations

import shutil
import subprocess

import pytest

from demo.booking_sim import SimServer
from shared.booking import BookingClient, BookingServerError, ErrorKind


@pytest.fixture
def tls_sim(tmp_path, day):
    if shutil.which("openssl") is None:
        pytest.skip("openssl is not installed: cannot make a test certificate")
    cert, key = tmp_path / "cert.pem", tmp_path / "key.pem"
    subprocess.run(
        ["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2", "-subj", "/CN=127.0.0.1",
         "-addext", "subjectAltName=IP:127.0.0.1", "-keyout", str(key), "-out", str(cert)],
        check=True, capture_output=True,
    )
    with SimServer(day, count=5, token="t", tls=(str(cert), str(key))) as sim:
        yield sim, cert


def test_untrusted_certificate_is_refused_then_trusted_with_the_bundle(tls_sim, day):
    sim, cert = tls_sim
    assert sim.url.startswith("https://")
    with BookingClient(sim.url, "t", "KANIM-KETAPANG", sleep=lambda s: None) as c, pytest.raises(BookingServerError) as e:
        c.fetch_bookings(day)
    assert e.value.kind == ErrorKind.TLS and "ca_bundle" in str(e.value)
    with BookingClient(sim.url, "t", "KANIM-KETAPANG", ca_bundle=str(cert)) as c:
        assert len(c.fetch_bookings(day).bookings) == 5
