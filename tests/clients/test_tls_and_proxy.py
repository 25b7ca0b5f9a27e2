"""Corporate networks: TLS verified against the OS trust store (truststore) unless
SSL_CERT_FILE names a bundle; HTTPS_PROXY/NO_PROXY honoured. Real sockets on loopback."""

from __future__ import annotations

import asyncio
import datetime
import ipaddress
import ssl
from collections.abc import AsyncIterator
from pathlib import Path

import httpx
import pytest
import truststore
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID

from tui.clients.errors import CertificateSetupError
from tui.clients.http import new_async_client, ssl_context


def self_signed(directory: Path) -> tuple[Path, Path]:
    """A certificate for 127.0.0.1 that no trust store knows."""
    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "ipaas-auth test")])
    now = datetime.datetime.now(datetime.UTC)
    cert = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - datetime.timedelta(days=1))
        .not_valid_after(now + datetime.timedelta(days=1))
        .add_extension(
            x509.SubjectAlternativeName([x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]),
            critical=False,
        )
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .sign(key, hashes.SHA256())
    )
    cert_path, key_path = directory / "cert.pem", directory / "key.pem"
    cert_path.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    key_path.write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
    )
    return cert_path, key_path


async def answer_ok(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
    """A one-shot HTTP server: records the request head, answers 200."""
    try:
        head = await reader.readuntil(b"\r\n\r\n")
        writer.write(b"HTTP/1.1 200 OK\r\nContent-Length: 2\r\nConnection: close\r\n\r\nok")
        await writer.drain()
        SEEN.append(head.decode("latin-1"))
    except (ConnectionError, asyncio.IncompleteReadError, ssl.SSLError):
        pass
    finally:
        writer.close()


SEEN: list[str] = []


@pytest.fixture
async def https_server(tmp_path: Path) -> AsyncIterator[tuple[str, Path]]:
    cert, key = self_signed(tmp_path)
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(cert, key)
    server = await asyncio.start_server(answer_ok, "127.0.0.1", 0, ssl=context)
    port = server.sockets[0].getsockname()[1]
    yield f"https://127.0.0.1:{port}/", cert
    server.close()


async def test_os_trust_store_refuses_an_unknown_certificate(
    https_server: tuple[str, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    url, _cert = https_server
    monkeypatch.delenv("SSL_CERT_FILE", raising=False)
    monkeypatch.delenv("SSL_CERT_DIR", raising=False)
    assert isinstance(ssl_context(), truststore.SSLContext)
    async with new_async_client() as http:
        with pytest.raises(httpx.ConnectError, match=r"CERTIFICATE_VERIFY_FAILED|certificate"):
            await http.get(url)


async def test_ssl_cert_file_wins_over_the_os_trust_store(
    https_server: tuple[str, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    url, cert = https_server
    monkeypatch.setenv("SSL_CERT_FILE", str(cert))
    assert not isinstance(ssl_context(), truststore.SSLContext)
    async with new_async_client() as http:
        assert (await http.get(url)).text == "ok"


def test_a_bad_ssl_cert_file_is_a_clear_error(tmp_path: Path) -> None:
    bad = tmp_path / "not-a-bundle.pem"
    bad.write_text("hello")
    with pytest.raises(CertificateSetupError, match="SSL_CERT_FILE") as caught:
        ssl_context({"SSL_CERT_FILE": str(bad)})
    assert "or unset it" in str(caught.value)


def test_plain_http_clients_build_no_ssl_context(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SSL_CERT_FILE", "/nonexistent/bundle.pem")  # would raise if loaded
    new_async_client(verify=False)
    with pytest.raises(CertificateSetupError):
        new_async_client()


async def test_proxy_from_the_environment_and_no_proxy(monkeypatch: pytest.MonkeyPatch) -> None:
    SEEN.clear()
    proxy = await asyncio.start_server(answer_ok, "127.0.0.1", 0)
    target = await asyncio.start_server(answer_ok, "127.0.0.1", 0)
    proxy_port = proxy.sockets[0].getsockname()[1]
    target_port = target.sockets[0].getsockname()[1]
    try:
        monkeypatch.setenv("HTTP_PROXY", f"http://127.0.0.1:{proxy_port}")
        monkeypatch.setenv("NO_PROXY", "127.0.0.1")
        async with new_async_client(verify=False) as http:
            assert (await http.get("http://api.example.invalid/x")).text == "ok"
            assert SEEN[-1].startswith("GET http://api.example.invalid/x HTTP/1.1")  # via proxy
            assert (await http.get(f"http://127.0.0.1:{target_port}/y")).text == "ok"
            assert SEEN[-1].startswith("GET /y HTTP/1.1")  # NO_PROXY: straight there
    finally:
        proxy.close()
        target.close()
