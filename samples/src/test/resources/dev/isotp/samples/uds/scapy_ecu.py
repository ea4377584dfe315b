# An ECU played by scapy's EcuAnsweringMachine (Debian's python3-scapy) over the kernel's ISO-TP socket.
# Usage: scapy_ecu.py IFACE RXID TXID SECONDS   (ids in hex; answers for SECONDS, then exits)
# Scripted: 31 01 FF 00 (two response-pending answers, then the final one, 10-500 ms apart as scapy chooses),
# 10 03 (the extended session, P2 50 ms, P2* 5000 ms), 22 F1 90 (the VIN), 22 BE EF (requestOutOfRange),
# 3E 80 (no answer). Anything else gets scapy's own 7F <SID> 10.
import sys

from scapy.contrib.automotive.ecu import EcuAnsweringMachine, EcuResponse
from scapy.contrib.automotive.uds import UDS, UDS_DSCPR, UDS_NR, UDS_RCPR, UDS_RDBIPR
from scapy.contrib.isotp.isotp_native_socket import ISOTPNativeSocket
from scapy.packet import Raw

iface, rxid, txid, seconds = sys.argv[1], int(sys.argv[2], 16), int(sys.argv[3], 16), int(sys.argv[4])
sock = ISOTPNativeSocket(iface, tx_id=txid, rx_id=rxid, basecls=UDS)

pending = UDS() / UDS_NR(requestServiceId=0x31, negativeResponseCode=0x78)
responses = [
    EcuResponse(responses=[pending, pending,
                           UDS() / UDS_RCPR(routineControlType=1, routineIdentifier=0xFF00) / Raw(b"\x00")]),
    EcuResponse(responses=UDS() / UDS_DSCPR(diagnosticSessionType=3, sessionParameterRecord=b"\x00\x32\x01\xf4")),
    EcuResponse(responses=UDS() / UDS_RDBIPR(dataIdentifier=0xF190) / Raw(b"1HGCM82633A004352")),
    EcuResponse(responses=UDS() / UDS_NR(requestServiceId=0x22, negativeResponseCode=0x31),
                answers=lambda resp, req: bytes(req)[:3] == b"\x22\xbe\xef"),
]


class Machine(EcuAnsweringMachine):
    def make_reply(self, req):
        # 3E 80 asks for no positive answer: stay silent (scapy would answer 7F 3E 10)
        if bytes(req)[:2] == b"\x3e\x80":
            return []
        return super().make_reply(req)


print("READY", flush=True)
Machine(supported_responses=responses, main_socket=sock, basecls=UDS, timeout=seconds, verbose=False)()
print("DONE", flush=True)
