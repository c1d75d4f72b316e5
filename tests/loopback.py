"""Real receivers of notifications on loopback: a webhook endpoint (http.server) and an SMTP server's mailbox
(aiosmtpd)."""

import threading
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from aiosmtpd.controller import Controller

from tests.conftest import _free_port


class Receiver:
    """A webhook endpoint on loopback that records each POST (or answers 503 while `down`): `received` keeps
    (headers, body), `posts` (path, headers, body)."""

    def __init__(self):
        self.received, self.posts, self.down = [], [], False
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):
                body = self.rfile.read(int(self.headers["Content-Length"]))
                if receiver.down:
                    self.send_response(503)
                else:
                    receiver.received.append((self.headers, body))
                    receiver.posts.append((self.path, self.headers, body))
                    self.send_response(204)
                self.end_headers()

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/cap"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def close(self):
        self.server.shutdown()
        self.server.server_close()


class Mailbox:
    """What an SMTP server on loopback received: `messages` keeps (recipients, raw bytes) per message."""

    def __init__(self):
        self.messages = []

    async def handle_DATA(self, server, session, envelope):
        self.messages.append((envelope.rcpt_tos, envelope.content))
        return "250 OK"

    @property
    def recipients(self) -> list[str]:
        """Every recipient of every message, in order."""
        return [recipient for recipients, _content in self.messages for recipient in recipients]


@contextmanager
def smtp_on_loopback(settings):
    """An SMTP server (aiosmtpd) on a free loopback port, Django's mail sent to it; yields its Mailbox."""
    mailbox = Mailbox()
    controller = Controller(mailbox, hostname="127.0.0.1", port=_free_port())
    controller.start()
    settings.MAILERS = {"default": {"BACKEND": "django.core.mail.backends.smtp.EmailBackend",
                                    "OPTIONS": {"host": "127.0.0.1", "port": controller.port, "timeout": 10}}}
    try:
        yield mailbox
    finally:
        controller.stop()
