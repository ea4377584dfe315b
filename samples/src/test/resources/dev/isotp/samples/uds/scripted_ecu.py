# An ECU played line by line by the test, over the Python standard library's ISO-TP socket (AF_CAN, CAN_ISOTP).
# Usage: scripted_ecu.py IFACE RXID TXID (ids in hex). Prints READY, then answers each command on stdin:
#   recv SECONDS   -> "PDU <hex> <kernel receive timestamp, ns>" or "TIMEOUT"
#   send HEX       -> "SENT"
# Receive timestamps are the kernel's (SO_TIMESTAMPNS), taken when the PDU was complete.
import socket
import struct
import sys

SO_TIMESTAMPNS = 35
s = socket.socket(socket.AF_CAN, socket.SOCK_DGRAM, socket.CAN_ISOTP)
s.setsockopt(socket.SOL_SOCKET, SO_TIMESTAMPNS, 1)
s.bind((sys.argv[1], int(sys.argv[2], 16), int(sys.argv[3], 16)))
print("READY", flush=True)
for line in sys.stdin:
    words = line.split()
    if not words:
        continue
    if words[0] == "recv":
        s.settimeout(float(words[1]))
        try:
            data, ancillary, _, _ = s.recvmsg(8192, 256)
        except socket.timeout:
            print("TIMEOUT", flush=True)
            continue
        stamp = [struct.unpack("qq", d[:16]) for level, kind, d in ancillary
                 if level == socket.SOL_SOCKET and kind == SO_TIMESTAMPNS]
        ns = stamp[0][0] * 1_000_000_000 + stamp[0][1] if stamp else -1
        print("PDU", data.hex(), ns, flush=True)
    elif words[0] == "send":
        s.send(bytes.fromhex(words[1]))
        print("SENT", flush=True)
