"""A small SMTP server on loopback for tests (Python 3.11 has no smtpd left
to rely on, and aiosmtpd is not a dependency).

It speaks what Django's SMTP backend says without TLS or authentication:
EHLO/HELO, MAIL, RCPT, DATA, RSET, NOOP and QUIT, and keeps every message.
"""

import email
import email.policy
import socketserver
import threading
from dataclasses import dataclass


@dataclass
class Received:
    sender: str
    recipients: list[str]
    message: email.message.EmailMessage


class SMTPHandler(socketserver.StreamRequestHandler):
    def reply(self, line: str) -> None:
        self.wfile.write(line.encode() + b"\r\n")
        self.wfile.flush()

    def handle(self) -> None:
        self.reply("220 localhost test SMTP")
        sender, recipients = "", []
        while line := self.rfile.readline():
            text = line.decode("utf-8", "replace").strip()
            command, _, argument = text.partition(" ")
            command = command.upper()
            if command in ("EHLO", "HELO"):
                self.reply("250 localhost")
            elif command == "MAIL":
                sender, recipients = argument.partition(":")[2].strip("<> "), []
                self.reply("250 OK")
            elif command == "RCPT":
                recipients.append(argument.partition(":")[2].strip("<> "))
                self.reply("250 OK")
            elif command == "DATA":
                self.reply("354 End data with <CR><LF>.<CR><LF>")
                self.server.received.append(
                    Received(sender, recipients, self.read_data())
                )
                self.reply("250 OK: queued")
            elif command in ("RSET", "NOOP"):
                self.reply("250 OK")
            elif command == "QUIT":
                self.reply("221 Bye")
                return
            else:
                self.reply("502 Command not implemented")

    def read_data(self) -> email.message.EmailMessage:
        lines = []
        while (line := self.rfile.readline()) not in (b".\r\n", b".\n", b""):
            lines.append(line[1:] if line.startswith(b"..") else line)
        return email.message_from_bytes(b"".join(lines), policy=email.policy.default)


class SMTPServer(socketserver.ThreadingTCPServer):
    daemon_threads = True
    allow_reuse_address = True

    def __init__(self):
        super().__init__(("127.0.0.1", 0), SMTPHandler)
        self.received: list[Received] = []

    @property
    def port(self) -> int:
        return self.server_address[1]

    def __enter__(self):
        threading.Thread(target=self.serve_forever, daemon=True).start()
        return self

    def __exit__(self, *exc_info):
        self.shutdown()
        self.server_close()
