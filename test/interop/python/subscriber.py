"""A CloudEvents subscriber using the Python SDK (`cloudevents` on PyPI), for Ebb's interop tests.

Serves HTTP on 127.0.0.1 (a free port unless given as the first argument) with the standard library's
http.server, prints "listening on PORT", then one JSON line per request: the path, the event as the SDK's
v1 API reads it (cloudevents.v1.http.from_http, no percent-decoding) and as its core API reads it
(cloudevents.core.bindings.http.from_http, which percent-decodes), and the body's length and SHA-256.

http.server decodes header bytes as Latin-1 (as WSGI and ASGI servers do); the values are read back as
UTF-8 first, the bytes Knative's broker and Ebb send, as Go's net/http reads them.
"""

import hashlib
import json
import sys
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from cloudevents.core.bindings.http import HTTPMessage
from cloudevents.core.bindings.http import from_http as core_from_http
from cloudevents.core.formats.json import JSONFormat
from cloudevents.v1.http import from_http as v1_from_http

LOCK = threading.Lock()


def utf8(value: str) -> str:
    try:
        return value.encode("latin-1").decode("utf-8")
    except (UnicodeEncodeError, UnicodeDecodeError):
        return value


def text(value) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if hasattr(value, "isoformat"):
        return value.isoformat().replace("+00:00", "Z")
    return str(value)


def v1_attributes(headers, body):
    event = v1_from_http(headers, body, data_unmarshaller=lambda b: b)
    return {k: text(v) for k, v in event.get_attributes().items() if v is not None}


def core_attributes(headers, body):
    event = core_from_http(HTTPMessage(headers=headers, body=body), JSONFormat())
    return {k: text(v) for k, v in event.get_attributes().items() if v is not None}


def reading(read, headers, body):
    try:
        return read(headers, body)
    except Exception as error:  # report, do not fail the delivery
        return {"error": f"{type(error).__name__}: {error}"}


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def do_POST(self):
        length = int(self.headers.get("content-length") or 0)
        body = self.rfile.read(length)
        headers = {name.lower(): utf8(value) for name, value in self.headers.items()}
        v1 = reading(v1_attributes, headers, body)
        report = {
            "path": self.path,
            "id": v1.get("id"),
            "v1": v1,
            "core": reading(core_attributes, headers, body),
            "dataLength": len(body),
            "dataSha256": hashlib.sha256(body).hexdigest(),
        }
        with LOCK:
            print(json.dumps(report, ensure_ascii=False), flush=True)
        self.send_response(202)
        self.send_header("content-length", "0")
        self.end_headers()

    def log_message(self, *args):
        pass


def main():
    port = int(sys.argv[1]) if len(sys.argv) > 1 else 0
    server = ThreadingHTTPServer(("127.0.0.1", port), Handler)
    print(f"listening on {server.server_address[1]}", flush=True)
    server.serve_forever()


if __name__ == "__main__":
    main()
