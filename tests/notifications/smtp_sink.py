"""An aiosmtpd handler for the notifications tests: every accepted message is written to a
folder as JSON {mail_from, rcpt_tos, content}, atomically (tmp file, then rename).

Run:  PYTHONPATH=tests/notifications python3 -m aiosmtpd -n -l 127.0.0.1:PORT -c smtp_sink.Sink DIR
"""
import json
import os


class Sink:
    def __init__(self, directory):
        self.directory = directory
        self.count = 0

    @classmethod
    def from_cli(cls, parser, *args):
        if len(args) != 1:
            parser.error("smtp_sink.Sink takes one argument: the folder to write messages to")
        return cls(args[0])

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        # Scripted refusals for the error-classification test.
        if address.startswith("refused@"):
            return "550 5.1.1 No such user"
        if address.startswith("later@"):
            return "451 4.3.0 Try again later"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        self.count += 1
        base = os.path.join(self.directory, "%d-%d" % (os.getpid(), self.count))
        with open(base + ".tmp", "w", encoding="utf-8") as f:
            json.dump(
                {
                    "mail_from": envelope.mail_from,
                    "rcpt_tos": envelope.rcpt_tos,
                    "content": envelope.content.decode("utf-8", "replace")
                    if isinstance(envelope.content, bytes)
                    else envelope.content,
                },
                f,
            )
        os.rename(base + ".tmp", base + ".json")
        return "250 Message accepted for delivery"
