"""A CloudEvents sender using the Python SDK (`cloudevents` on PyPI), for Ebb's interop tests.

Usage: sender.py URL MODE, with a JSON array of event specs on stdin (the Go sender's format; extension
values are sent as strings). MODE is v1-binary or v1-structured (the SDK's v1 API: header values as they
are), or core-binary or core-structured (its core API, which percent-encodes header values). Requests go
through http.client, which writes header strings as Latin-1, as `requests` and urllib do. Prints one JSON
line per event: the attributes sent and the HTTP status.
"""

import base64
import http.client
import json
import sys
from urllib.parse import urlsplit

from dateutil.parser import isoparse

from cloudevents.core.bindings import http as core_http
from cloudevents.core.formats.json import JSONFormat
from cloudevents.core.v03.event import CloudEvent as CoreEventV03
from cloudevents.core.v1.event import CloudEvent as CoreEvent
from cloudevents.v1.conversion import to_binary as v1_to_binary
from cloudevents.v1.conversion import to_structured as v1_to_structured
from cloudevents.v1.http import CloudEvent as V1Event

CONTEXT = ["specversion", "id", "source", "type", "subject", "time", "dataschema", "datacontenttype"]


def attributes_of(spec):
    attributes = {name: spec[name] for name in CONTEXT if spec.get(name)}
    for extension in spec.get("extensions") or []:
        attributes[extension["name"]] = extension["value"]
    return attributes


def data_of(spec):
    if not spec.get("data_base64") and not spec.get("datacontenttype"):
        return None
    return base64.b64decode(spec.get("data_base64") or "")


def message(spec, mode):
    attributes = attributes_of(spec)
    data = data_of(spec)
    if mode.startswith("v1-"):
        event = V1Event(attributes, data)
        write = v1_to_binary if mode == "v1-binary" else v1_to_structured
        return write(event, data_marshaller=lambda d: d)
    typed = dict(attributes)
    if "time" in typed:
        typed["time"] = isoparse(typed["time"])
    factory = CoreEventV03 if typed["specversion"] == "0.3" else CoreEvent
    event = factory(typed, data)
    write = core_http.to_binary if mode == "core-binary" else core_http.to_structured
    out = write(event, JSONFormat())
    return out.headers, out.body


def main():
    url, mode = sys.argv[1], sys.argv[2]
    target = urlsplit(url)
    specs = json.load(sys.stdin)
    connection = http.client.HTTPConnection(target.hostname, target.port, timeout=30)
    for spec in specs:
        report = {"id": spec["id"], "attributes": attributes_of(spec)}
        try:
            headers, body = message(spec, mode)
            connection.request("POST", target.path or "/", body=body, headers=headers)
            response = connection.getresponse()
            report["status"] = response.status
            report["body"] = response.read().decode("utf-8", "replace")
        except Exception as error:
            report["status"] = 0
            report["body"] = f"{type(error).__name__}: {error}"
            connection.close()
        print(json.dumps(report, ensure_ascii=False), flush=True)


if __name__ == "__main__":
    main()
