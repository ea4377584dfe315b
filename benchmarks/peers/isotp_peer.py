#!/usr/bin/env python3
"""The Python peer of the isotp-channels benchmark: the standard library's CAN_ISOTP socket, which is what
python-can-isotp's isotp.socket wraps (same syscalls: socket, setsockopt, bind, send, recv).

Usage: isotp_peer.py IFACE WARMUP_MS DURATION_MS TASK...   (tasks and output as in isotp_peer.c)
"""
import socket
import struct
import sys
import threading
import time

SOL_CAN_ISOTP = 106  # SOL_CAN_BASE + CAN_ISOTP; the socket module does not export it
CAN_ISOTP_OPTS = 1
CAN_ISOTP_RECV_FC = 2
CAN_ISOTP_WAIT_TX_DONE = 0x0400
FRAME_TXTIME_ZERO = 0xFFFFFFFF
MAX_PDU = 66000
A_TX, A_RX = 0x700, 0x701


def open_channel(iface, txid, rxid):
    """bs 0, stmin 0, frame_txtime zero, wait tx done; a 2 s receive timeout (SO_RCVTIMEO, so that recv stays one
    blocking syscall: settimeout() would add a poll to every call)."""
    s = socket.socket(socket.AF_CAN, socket.SOCK_DGRAM, socket.CAN_ISOTP)
    s.setsockopt(SOL_CAN_ISOTP, CAN_ISOTP_OPTS,
                 struct.pack("=IIBBBB", CAN_ISOTP_WAIT_TX_DONE, FRAME_TXTIME_ZERO, 0, 0xCC, 0xCC, 0))
    s.setsockopt(SOL_CAN_ISOTP, CAN_ISOTP_RECV_FC, struct.pack("=BBB", 0, 0, 0))
    s.setsockopt(socket.SOL_SOCKET, socket.SO_RCVTIMEO, struct.pack("ll", 2, 0))
    s.bind((iface, rxid, txid))
    return s


def run_pair(iface, base, size, warmup_ms, duration_ms, barrier=None, result=None):
    a, b = open_channel(iface, base, base + 1), open_channel(iface, base + 1, base)
    out = bytes(i & 0xFF for i in range(size))
    now = time.perf_counter_ns
    end = now() + warmup_ms * 1_000_000
    while now() < end:
        a.send(out)
        if len(b.recv(MAX_PDU)) != size:
            raise SystemExit("isotp_peer.py: wrong PDU length")
    if barrier is not None:
        barrier.wait()
    count = 0
    cpu0 = time.process_time_ns()
    start = now()
    end = start + duration_ms * 1_000_000
    while True:
        a.send(out)
        if len(b.recv(MAX_PDU)) != size:
            raise SystemExit("isotp_peer.py: wrong PDU length")
        count += 1
        t = now()
        if t >= end:
            break
    cpu = time.process_time_ns() - cpu0
    a.close()
    b.close()
    if result is not None:
        result.append((count, t - start))
    return count, t - start, cpu


def latency(iface, request, answer, warmup_ms, duration_ms):
    client, server = open_channel(iface, A_TX, A_RX), open_channel(iface, A_RX, A_TX)
    reply = b"\x62" * answer

    def respond():
        while True:
            if len(server.recv(4096)) == 1:
                return
            server.send(reply)

    thread = threading.Thread(target=respond)
    thread.start()
    out = b"\x22" * request
    now = time.perf_counter_ns
    end = now() + warmup_ms * 1_000_000
    while now() < end:
        client.send(out)
        client.recv(4096)
    samples = []
    end = now() + duration_ms * 1_000_000
    t = now()
    while t < end:
        t0 = t
        client.send(out)
        if len(client.recv(4096)) != answer:
            raise SystemExit("isotp_peer.py: wrong answer length")
        t = now()
        samples.append(t - t0)
    client.send(b"\x00")
    thread.join()
    client.close()
    server.close()
    samples.sort()
    n = len(samples)
    print(f"lat {request} {answer} {n} {samples[n // 2]} {samples[int(n * 0.99)]}")


def main(argv):
    if len(argv) < 5:
        raise SystemExit("usage: isotp_peer.py IFACE WARMUP_MS DURATION_MS TASK...")
    iface, warmup_ms, duration_ms = argv[1], int(argv[2]), int(argv[3])
    for task in argv[4:]:
        kind, *args = task.split(":")
        args = [int(x) for x in args]
        if kind == "tput":
            pdus, nanos, cpu = run_pair(iface, A_TX, args[0], warmup_ms, duration_ms)
            print(f"tput {args[0]} {pdus} {nanos} {cpu}")
        elif kind == "lat":
            latency(iface, args[0], args[1], warmup_ms, duration_ms)
        elif kind == "pairs":
            n, size = args
            barrier, result = threading.Barrier(n), []
            threads = [threading.Thread(target=run_pair,
                                        args=(iface, 0x200 + 2 * k, size, warmup_ms, duration_ms, barrier, result))
                       for k in range(n)]
            for t in threads:
                t.start()
            for t in threads:
                t.join()
            print(f"pairs {n} {size} {sum(r[0] for r in result)} {max(r[1] for r in result)}")
        else:
            raise SystemExit(f"isotp_peer.py: unknown task {task}")
        sys.stdout.flush()


if __name__ == "__main__":
    main(sys.argv)
