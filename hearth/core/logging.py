"""Log records carry the request id so a log line can be matched to an audit row."""

import logging

from .middleware import current_request_id


class RequestIdFilter(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        record.request_id = current_request_id() or "-"
        return True
