"""Log lines without participants' NIPs and phone numbers.

A NIP or phone number reaches a log line through text nobody chose to log: a URL typed with
a NIP in it (Django's "Not Found: /peserta/1986.../"), a database error quoting the row, SQL
with its parameters when DEBUG is on. The formatter masks them in the whole line, the
traceback included, whatever logger wrote it.
"""

import logging
import re

# 18 digits, also as printed: "19860926 201505 1 001".
NIP = re.compile(r"(?<!\d)\d{8}[ .]?\d{6}[ .]?\d[ .]?\d{3}(?!\d)")
# A phone number as people write it: 0812..., 62812..., +62 812-3456-7890.
PHONE = re.compile(r"(?<![\w+])(?:\+62|62|0)[ -]?\d(?:[ -]?\d){7,13}(?!\w)")


def redact(text: str) -> str:
    return PHONE.sub("[no HP]", NIP.sub("[NIP]", text))


class RedactingFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        return redact(super().format(record))
