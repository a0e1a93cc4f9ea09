"""A local stand-in for the SendGrid v3 API: a threaded HTTP server on 127.0.0.1.

It records every POST /v3/mail/send (Authorization header and JSON body) and answers 202,
or whatever `status` says; `delay` slows each answer down and `garble` answers with bytes
that are not HTTP at all. `stop()` brings it down (connections are refused) and `start()`
brings it back on the same port.

tests/conftest.py loads the fixtures `sendgrid_stub` and `configured_stub` for every test.
"""

import json
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import pytest

from dashboard.settings import get_settings

MAIL_SEND_PATH = "/v3/mail/send"
API_KEY = "SG.test-key.for-the-stub"


@dataclass(frozen=True)
class ReceivedMail:
    """One POST /v3/mail/send as the stub saw it."""

    authorization: str | None
    body: dict[str, Any]

    @property
    def to(self) -> list[str]:
        return [to["email"] for p in self.body["personalizations"] for to in p["to"]]

    @property
    def text(self) -> str:
        return "".join(c["value"] for c in self.body["content"] if c["type"] == "text/plain")


class SendGridStub:
    """The stub server. Settings (`status`, `delay`, `garble`) may change while it runs."""

    api_key = API_KEY  # what `configured_stub` sets SENDGRID_API_KEY to

    def __init__(self) -> None:
        self.port = 0  # a free port, chosen by the first start()
        self.status = 202
        self.delay = 0.0
        self.garble = False
        self._received: list[ReceivedMail] = []
        self._lock = threading.Lock()
        self._server: ThreadingHTTPServer | None = None
        self._thread: threading.Thread | None = None

    @property
    def host(self) -> str:
        """What SENDGRID_HOST should be set to."""
        return f"http://127.0.0.1:{self.port}"

    @property
    def received(self) -> list[ReceivedMail]:
        with self._lock:
            return list(self._received)

    def received_to(self) -> list[str]:
        """Every recipient of every mail received, in order (repeats kept)."""
        return [to for mail in self.received for to in mail.to]

    def start(self) -> None:
        """Listen on a free port, or again on the same port after `stop()`."""
        if self._server is not None:
            return
        self._server = ThreadingHTTPServer(("127.0.0.1", self.port), _handler_for(self))
        self.port = self._server.server_address[1]
        self._thread = threading.Thread(
            target=self._server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
        )
        self._thread.start()

    def stop(self) -> None:
        """Stop listening: further connections to the port are refused."""
        if self._server is None:
            return
        self._server.shutdown()
        self._server.server_close()
        assert self._thread is not None
        self._thread.join(timeout=5)
        self._server = self._thread = None

    def _record(self, mail: ReceivedMail) -> None:
        with self._lock:
            self._received.append(mail)


def _handler_for(stub: SendGridStub) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def do_POST(self) -> None:
            raw = self.rfile.read(int(self.headers.get("Content-Length") or 0))
            if self.path != MAIL_SEND_PATH:
                self._answer(404, {"errors": [{"message": f"no route {self.path}"}]})
                return
            stub._record(ReceivedMail(self.headers.get("Authorization"), json.loads(raw or b"{}")))
            if stub.delay:
                time.sleep(stub.delay)
            if stub.garble:
                self.wfile.write(b"this is not HTTP\r\n\r\n")
                self.close_connection = True
                return
            body = None if 200 <= stub.status < 300 else {"errors": [{"message": "stub failure"}]}
            self._answer(stub.status, body)

        def _answer(self, status: int, body: dict[str, Any] | None) -> None:
            data = json.dumps(body).encode() if body is not None else b""
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        def log_message(self, format: str, *args: Any) -> None:
            pass

    return Handler


@pytest.fixture
def sendgrid_stub() -> Iterator[SendGridStub]:
    """A running stub on a free port, stopped after the test."""
    stub = SendGridStub()
    stub.start()
    try:
        yield stub
    finally:
        stub.stop()


@pytest.fixture
def configured_stub(db: str, sendgrid_stub: SendGridStub, monkeypatch: pytest.MonkeyPatch) -> SendGridStub:
    """The stub, with SENDGRID_API_KEY set and SENDGRID_HOST pointing at it (after `db`)."""
    monkeypatch.setenv("SENDGRID_API_KEY", sendgrid_stub.api_key)
    monkeypatch.setenv("SENDGRID_HOST", sendgrid_stub.host)
    get_settings.cache_clear()
    return sendgrid_stub
