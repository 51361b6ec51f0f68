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


def handshake(host: str, port: int, timeout: float) -> tuple[bool, str]:
    """(True, "bolt 5.x at host:port") when the server answers the handshake with 5.x, else (False, why)."""
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
        return False, f"bolt-check: {host}:{port}: {error}"
    if len(reply) != 4 or reply[3] != 5:
        return False, f"bolt-check: {host}:{port}: unexpected handshake reply {reply.hex()!r}"
    return True, f"bolt {reply[3]}.{reply[2]} at {host}:{port}"


def main() -> int:
    host = sys.argv[1] if len(sys.argv) > 1 else "127.0.0.1"
    port = int(sys.argv[2]) if len(sys.argv) > 2 else 7687
    timeout = float(sys.argv[3]) if len(sys.argv) > 3 else 2.0
    ok, detail = handshake(host, port, timeout)
    print(detail, file=sys.stdout if ok else sys.stderr)
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
