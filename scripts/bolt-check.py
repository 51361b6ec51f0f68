#!/usr/bin/env python3
"""Check that a Bolt server answers the handshake with a 5.x version.

usage: bolt-check.py [HOST] [PORT] [TIMEOUT_SECONDS]

Sends the magic 0x6060B017 and four version slots (5.7 first, as FalkorDB reads only the
first), in one write, reads the 4-byte answer and closes without GOODBYE (on FalkorDB a
GOODBYE breaks the next connection's handshake). Exit 0 and print the version on 5.x.
"""

import socket
import sys

MAGIC = bytes.fromhex("6060B017")
VERSIONS = bytes.fromhex("00000705") + bytes(12)  # 5.7, then three empty slots


def main() -> int:
    host = sys.argv[1] if len(sys.argv) > 1 else "127.0.0.1"
    port = int(sys.argv[2]) if len(sys.argv) > 2 else 7687
    timeout = float(sys.argv[3]) if len(sys.argv) > 3 else 2.0
    try:
        with socket.create_connection((host, port), timeout=timeout) as conn:
            conn.sendall(MAGIC + VERSIONS)
            reply = b""
            while len(reply) < 4:
                chunk = conn.recv(4 - len(reply))
                if not chunk:
                    break
                reply += chunk
    except OSError as error:
        print(f"bolt-check: {host}:{port}: {error}", file=sys.stderr)
        return 1
    if len(reply) != 4 or reply[3] != 5:
        print(f"bolt-check: {host}:{port}: unexpected handshake reply {reply.hex()!r}", file=sys.stderr)
        return 1
    print(f"bolt {reply[3]}.{reply[2]} at {host}:{port}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
