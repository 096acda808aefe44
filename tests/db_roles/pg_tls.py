"""A second, private PostgreSQL for the TLS tests: its own data folder, port 54331, loopback only, TLS on with a
certificate signed by a throw-away CA, and plain (unencrypted) connections rejected.

Started like scripts/start-postgres.sh starts the first one (as the `postgres` user when run as root), in about
two seconds; stopped and removed by `stop()`.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path

PORT = 54331


@dataclass(frozen=True)
class TlsServer:
    folder: Path
    ca: Path  # the CA that signed the server's certificate
    other_ca: Path  # a CA that did not
    port: int = PORT

    def url(self, host: str = "127.0.0.1") -> str:
        return f"postgresql+psycopg://postgres@{host}:{self.port}/postgres"


def pg_bin() -> Path | None:
    found = sorted(Path("/usr/lib/postgresql").glob("*/bin/initdb"), key=lambda p: int(p.parts[-3]))
    if found:
        return found[-1].parent
    initdb = shutil.which("initdb")
    return Path(initdb).parent if initdb else None


def port_free(port: int) -> bool:
    with socket.socket() as s:
        return s.connect_ex(("127.0.0.1", port)) != 0


def _as_owner(args: list[str]) -> None:
    """Run a server command as the data folder's owner: `postgres` when we are root (PostgreSQL refuses root)."""
    if os.geteuid() == 0:
        args = ["su", "postgres", "-s", "/bin/sh", "-c", " ".join(f"'{a}'" for a in args)]
    subprocess.run(args, check=True, capture_output=True, timeout=60)


def _openssl(*args: str) -> None:
    subprocess.run(["openssl", *args], check=True, capture_output=True, timeout=30)


def _make_ca(folder: Path, name: str) -> tuple[Path, Path]:
    key, cert = folder / f"{name}.key", folder / f"{name}.pem"
    _openssl("req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes", "-days", "2",
             "-subj", f"/CN=Antrian test {name}", "-keyout", str(key), "-out", str(cert))
    return key, cert


def make_certificates(folder: Path) -> tuple[Path, Path, Path, Path]:
    """(ca.pem, other-ca.pem, server.crt, server.key): the server's certificate names 127.0.0.1 only."""
    ca_key, ca = _make_ca(folder, "ca")
    _, other_ca = _make_ca(folder, "other-ca")
    key, csr, crt, ext = folder / "server.key", folder / "server.csr", folder / "server.crt", folder / "san.ext"
    ext.write_text("subjectAltName=IP:127.0.0.1\n")
    _openssl("req", "-new", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes", "-subj",
             "/CN=127.0.0.1", "-keyout", str(key), "-out", str(csr))
    _openssl("x509", "-req", "-in", str(csr), "-CA", str(ca), "-CAkey", str(ca_key), "-CAcreateserial", "-days",
             "2", "-extfile", str(ext), "-out", str(crt))
    return ca, other_ca, crt, key


def start(port: int = PORT) -> TlsServer:
    """Raises RuntimeError with the reason when it cannot start (no server binaries, no openssl, port taken)."""
    binaries = pg_bin()
    if binaries is None or shutil.which("openssl") is None:
        raise RuntimeError("PostgreSQL server binaries or openssl are not installed")
    if not port_free(port):
        raise RuntimeError(f"port {port} is taken (another test session's TLS server?)")
    folder = Path(tempfile.mkdtemp(prefix="antrian-pg-tls-"))
    ca, other_ca, crt, key = make_certificates(folder)
    data = folder / "data"
    data.mkdir()
    if os.geteuid() == 0:
        shutil.chown(folder, "postgres")
        for path in (data, crt, key):
            shutil.chown(path, "postgres")
    key.chmod(0o600)  # PostgreSQL refuses a key others can read
    _as_owner([str(binaries / "initdb"), "-D", str(data), "-U", "postgres", "--auth=trust", "-E", "UTF8",
               "--no-sync", "--no-instructions"])
    with open(data / "postgresql.conf", "a") as conf:
        conf.write(f"ssl = on\nssl_cert_file = '{crt}'\nssl_key_file = '{key}'\n")
    (data / "pg_hba.conf").write_text("hostssl all all 127.0.0.1/32 trust\nhostnossl all all 127.0.0.1/32 reject\n"
                                      "local all all trust\n")
    options = f"-p {port} -k {folder} -c listen_addresses=127.0.0.1 -c fsync=off"
    _as_owner([str(binaries / "pg_ctl"), "-D", str(data), "-l", str(folder / "server.log"), "-w", "-o", options,
               "start"])
    return TlsServer(folder, ca, other_ca, port)


def stop(server: TlsServer) -> None:
    binaries = pg_bin()
    try:
        if binaries is not None:
            _as_owner([str(binaries / "pg_ctl"), "-D", str(server.folder / "data"), "-m", "immediate", "-w", "stop"])
    finally:
        shutil.rmtree(server.folder, ignore_errors=True)
