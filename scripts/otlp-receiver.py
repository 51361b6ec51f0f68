#!/usr/bin/env python3
"""A minimal OTLP/HTTP trace receiver that decodes what it gets with the reference definitions.

Every request to /v1/traces is decoded into opentelemetry.proto's ExportTraceServiceRequest (JSON through
google.protobuf.json_format after turning OTLP/JSON's hex ids into the bytes protobuf's JSON mapping expects;
binary protobuf as is; a gzip Content-Encoding is undone first); each span is appended as one JSON line to --out (ids as hex). A request that does not
decode is answered 400 and recorded in --out.errors.

  otlp-receiver.py --port 0 --out spans.jsonl     prints "listening PORT" once it accepts requests
  otlp-receiver.py --decode request.json          decodes one OTLP/JSON request (e.g. `runbook export --format otlp`)
                                                  and prints its spans the same way
Needs the opentelemetry-proto package (pip).
"""
import argparse
import base64
import binascii
import gzip
import json
import os
import signal
import sys
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from google.protobuf import json_format
from opentelemetry.proto.collector.trace.v1 import trace_service_pb2

ID_FIELDS = {"traceId": 16, "spanId": 8, "parentSpanId": 8}


def hex_ids_to_base64(node):
    """OTLP/JSON writes trace and span ids as hex; protobuf's JSON mapping reads bytes as base64."""
    if isinstance(node, dict):
        out = {}
        for key, value in node.items():
            if key in ID_FIELDS and isinstance(value, str):
                raw = binascii.unhexlify(value) if value else b""
                if value and len(raw) != ID_FIELDS[key]:
                    raise ValueError(f"{key} {value!r} is not {ID_FIELDS[key]} bytes")
                out[key] = base64.b64encode(raw).decode()
            else:
                out[key] = hex_ids_to_base64(value)
        return out
    if isinstance(node, list):
        return [hex_ids_to_base64(v) for v in node]
    return node


def decode(body, content_type):
    request = trace_service_pb2.ExportTraceServiceRequest()
    if content_type.startswith("application/json"):
        json_format.Parse(json.dumps(hex_ids_to_base64(json.loads(body))), request)
    elif content_type.startswith("application/x-protobuf"):
        request.ParseFromString(body)
    else:
        raise ValueError(f"unsupported Content-Type {content_type!r}")
    return request


def spans(request):
    """Each span as a plain dict: ids hex, the resource's attributes beside it."""
    for resource_spans in request.resource_spans:
        resource = json_format.MessageToDict(resource_spans.resource)
        for scope_spans in resource_spans.scope_spans:
            for span in scope_spans.spans:
                d = json_format.MessageToDict(span)
                d["traceId"] = span.trace_id.hex()
                d["spanId"] = span.span_id.hex()
                if span.parent_span_id:
                    d["parentSpanId"] = span.parent_span_id.hex()
                d["resource"] = resource
                d["scope"] = scope_spans.scope.name
                yield d


def serve(port, out, port_file=None):
    lock = threading.Lock()

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self):
            body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
            try:
                if self.path != "/v1/traces":
                    raise ValueError(f"unexpected path {self.path}")
                encoding = self.headers.get("Content-Encoding", "identity")
                if encoding == "gzip":
                    body = gzip.decompress(body)
                elif encoding != "identity":
                    raise ValueError(f"unsupported Content-Encoding {encoding!r}")
                request = decode(body, self.headers.get("Content-Type", ""))
                lines = [json.dumps(s, sort_keys=True) for s in spans(request)]
            except Exception as error:  # what did not decode is the test's finding
                with lock, open(out + ".errors", "a") as f:
                    f.write(f"{error}\n")
                self.send_response(400)
                self.end_headers()
                return
            with lock, open(out, "a") as f:
                for line in lines:
                    f.write(line + "\n")
                f.write(json.dumps({"request": len(lines), "headers": dict(self.headers)}) + "\n")
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.end_headers()
            self.wfile.write(b"{}")

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", port), Handler)
    if port_file:
        with open(port_file + ".tmp", "w") as f:
            f.write(str(server.server_address[1]))
        os.replace(port_file + ".tmp", port_file)
    print(f"listening {server.server_address[1]}", flush=True)
    server.serve_forever()


def main():
    # A child inherits its parent thread's signal mask, and a Swift test spawns from a libdispatch worker thread,
    # which blocks nearly every signal: unblocked here, SIGTERM ends the receiver whoever started it.
    signal.pthread_sigmask(signal.SIG_SETMASK, set())
    parser = argparse.ArgumentParser()
    parser.add_argument("--port", type=int, default=0)
    parser.add_argument("--out")
    parser.add_argument("--port-file", help="also write the port here once listening")
    parser.add_argument("--decode")
    args = parser.parse_args()
    if args.decode:
        with open(args.decode, "rb") as f:
            request = decode(f.read(), "application/json")
        for s in spans(request):
            print(json.dumps(s, sort_keys=True))
        return
    serve(args.port, args.out, args.port_file)


if __name__ == "__main__":
    sys.exit(main())
