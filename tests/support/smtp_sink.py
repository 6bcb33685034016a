#!/usr/bin/python3
"""A real SMTP server for tests (Debian's python3-aiosmtpd) that keeps what it receives.

    smtp_sink.py PORT DIR [--host 127.0.0.1] [--user U --password P]
                 [--tls-cert CERT --tls-key KEY [--implicit-tls]]

Every accepted message is written to DIR as two files, each appearing atomically (written to a
temporary name, then renamed):
  NNNNNN-<uuid>.eml   the raw message as received (after the SMTP dot-unstuffing)
  NNNNNN-<uuid>.json  {"mail_from", "rcpt_tos", "subject" (RFC 2047 decoded), "from", "to", "date",
                       "message_id", "content_type", "text", "html" (decoded part bodies or null),
                       "peer"}
so tests can check recipients, subject and both bodies without a MIME parser of their own.

Test hooks, by recipient local part:
  reject*@…    RCPT answered "550 5.1.1 mailbox unavailable" (a permanent failure)
  tempfail*@…  RCPT answered "451 4.3.0 try again later" (a transient failure)
  MAIL FROM blocked*@…  answered "550 5.7.1 sender not allowed"
  crash*@…     the server process dies on the spot, mid-transaction, without answering; once
               per DIR (a marker file), so after a restart the same recipient is accepted

With --user/--password, AUTH is required (PLAIN/LOGIN, allowed without TLS so plain smtp:// works
in tests). With --tls-cert/--tls-key the server offers STARTTLS, or speaks TLS from the first
byte with --implicit-tls (smtps://). Prints "ready PORT" on stdout once listening; stops on
SIGTERM or SIGINT.
"""

import argparse
import asyncio
import email
import email.policy
import itertools
import json
import os
import signal
import ssl
import sys
import uuid

from aiosmtpd.smtp import SMTP, AuthResult, LoginPassword


class SinkHandler:
    def __init__(self, directory):
        self.directory = directory
        self.counter = itertools.count(1)

    async def handle_MAIL(self, server, session, envelope, address, mail_options):
        if address.split("@", 1)[0].lower().startswith("blocked"):
            return "550 5.7.1 sender not allowed"
        envelope.mail_from = address
        envelope.mail_options.extend(mail_options)
        return "250 OK"

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        local = address.split("@", 1)[0].lower()
        if local.startswith("reject"):
            return "550 5.1.1 mailbox unavailable"
        if local.startswith("tempfail"):
            return "451 4.3.0 try again later"
        if local.startswith("crash"):
            marker = os.path.join(self.directory, ".crashed")
            if not os.path.exists(marker):
                open(marker, "w").close()
                os._exit(3)
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        raw = envelope.original_content or envelope.content
        if isinstance(raw, str):
            raw = raw.encode("utf-8", "surrogateescape")
        msg = email.message_from_bytes(raw, policy=email.policy.default)
        text = msg.get_body(preferencelist=("plain",))
        html = msg.get_body(preferencelist=("html",))
        record = {
            "mail_from": envelope.mail_from,
            "rcpt_tos": list(envelope.rcpt_tos),
            "subject": str(msg.get("Subject", "")),
            "from": str(msg.get("From", "")),
            "to": str(msg.get("To", "")),
            "date": str(msg.get("Date", "")),
            "message_id": str(msg.get("Message-ID", "")),
            "content_type": msg.get_content_type(),
            "text": text.get_content() if text is not None else None,
            "html": html.get_content() if html is not None else None,
            "peer": str(session.peer),
        }
        base = "%06d-%s" % (next(self.counter), uuid.uuid4().hex)
        for suffix, data in ((".eml", raw),
                             (".json", json.dumps(record, ensure_ascii=False).encode("utf-8"))):
            tmp = os.path.join(self.directory, "." + base + suffix + ".tmp")
            with open(tmp, "wb") as f:
                f.write(data)
                f.flush()
                os.fsync(f.fileno())
            os.rename(tmp, os.path.join(self.directory, base + suffix))
        return "250 2.0.0 Message accepted for delivery"


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("port", type=int)
    parser.add_argument("directory")
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--user")
    parser.add_argument("--password")
    parser.add_argument("--tls-cert")
    parser.add_argument("--tls-key")
    parser.add_argument("--implicit-tls", action="store_true")
    args = parser.parse_args()
    os.makedirs(args.directory, exist_ok=True)

    tls_context = None
    if args.tls_cert:
        tls_context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
        tls_context.load_cert_chain(args.tls_cert, args.tls_key)

    def authenticator(server, session, envelope, mechanism, auth_data):
        ok = (isinstance(auth_data, LoginPassword)
              and auth_data.login.decode() == args.user
              and auth_data.password.decode() == args.password)
        # handled=False: aiosmtpd answers "535" itself on failure (True would leave it silent).
        return AuthResult(success=ok, handled=False)

    handler = SinkHandler(args.directory)

    def factory():
        kwargs = {"hostname": "sink.test", "enable_SMTPUTF8": True, "decode_data": False}
        if args.user is not None:
            kwargs.update(authenticator=authenticator, auth_required=True,
                          auth_require_tls=False)
        if tls_context is not None and not args.implicit_tls:
            kwargs.update(tls_context=tls_context, require_starttls=True)
        return SMTP(handler, **kwargs)

    async def serve():
        loop = asyncio.get_running_loop()
        server = await loop.create_server(
            factory, host=args.host, port=args.port, reuse_address=True,
            ssl=tls_context if args.implicit_tls else None)
        stop = asyncio.Event()
        for sig in (signal.SIGTERM, signal.SIGINT):
            loop.add_signal_handler(sig, stop.set)
        print("ready %d" % args.port, flush=True)
        await stop.wait()
        server.close()
        await server.wait_closed()

    asyncio.run(serve())
    return 0


if __name__ == "__main__":
    sys.exit(main())
