#!/bin/bash
# The demo: a simulated ECU and a diagnostic tester talk UDS over ISO-TP. The tester
# reads the VIN, a 3 KiB memory block (hundreds of consecutive frames) and its CRC, and
# an identifier the ECU does not have, checks every answer and prints it with timings.
#
# Usage: ./demo.sh [--iface NAME] [--role both|ecu|tester] [--host | --vm] [--no-build]
#   --iface NAME   CAN interface (default vcan0). A real adapter, e.g. can0, must be up:
#                  ip link set can0 up type can bitrate 500000
#   --role ROLE    both (default): ECU simulator and tester in one process;
#                  ecu: only the ECU simulator; tester: only the tester (two machines
#                  on one bus, or two terminals)
#   --host         run on this machine's kernel, or fail saying what is missing
#   --vm           run inside the project's VM harness (vm/run.sh), even if the host could
#   --no-build     use the existing build
#
# Where it runs: on this machine when its kernel has can-isotp and the interface (as root,
# vcan0 and the modules are set up with modprobe and ip); otherwise, for vcan0, inside a
# QEMU VM with a stock Debian kernel (vm/), which the first run sets up (apt, kernel
# download) and says so.
# Needs: Debian 12 or similar; as root it installs what is missing (JDK 17, Maven, and
# for the VM: QEMU, can-utils).
# Exit code: the demo's (0 every check passed, 1 a check failed or an I/O error,
# 2 bad arguments), or 1 when it cannot run.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")" && pwd)
cd "$ROOT"
say() { echo "demo: $*"; }
die() { echo "demo: $*" >&2; exit 1; }
usage_error() { echo "demo: $*" >&2; sed -n '/^# Usage/,/^#   --no-build/p' "$0" | sed 's/^# \{0,1\}//' >&2; exit 2; }

IFACE=vcan0 ROLE=both WHERE= BUILD=1
while [ $# -gt 0 ]; do
  case "$1" in
    --iface) [ $# -ge 2 ] || usage_error "--iface needs a value"; IFACE=$2; shift 2 ;;
    --role) [ $# -ge 2 ] || usage_error "--role needs a value"; ROLE=$2; shift 2 ;;
    --host) WHERE=host; shift ;;
    --vm) WHERE=vm; shift ;;
    --no-build) BUILD=; shift ;;
    -h|--help) sed -n '/^# Usage/,/^# Exit code/p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) usage_error "unknown argument $1" ;;
  esac
done
case "$ROLE" in both|ecu|tester) ;; *) usage_error "--role must be both, ecu or tester, not $ROLE" ;; esac
IS_ROOT=; [ "$(id -u)" = 0 ] && IS_ROOT=1

# ---------------------------------------------------------------- JDK and Maven
apt_install() {
  [ -n "$IS_ROOT" ] && command -v apt-get >/dev/null || die "missing: $*; install them (on Debian: apt-get install $*)"
  say "installing $* (apt-get)"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "$@" >/dev/null
}
missing=()
command -v mvn >/dev/null || missing+=(maven)
command -v javac >/dev/null || missing+=(openjdk-17-jdk-headless)
[ ${#missing[@]} -eq 0 ] || apt_install "${missing[@]}"
JAVA=$(readlink -f "$(command -v java)")

# ---------------------------------------------------------------- build
CP_FILE=samples/target/demo-classpath.txt
if [ -n "$BUILD" ]; then
  if [ -f "$CP_FILE" ] && [ -f cli/target/isotp.jar ] \
     && [ -z "$(find pom.xml */pom.xml */src -newer cli/target/isotp.jar -print -quit 2>/dev/null)" ]; then
    say "build is up to date"
  else
    say "building (mvn -q -B -DskipTests install; the first build downloads dependencies and takes a few minutes)"
    mvn -q -B -DskipTests install 2>&1 | sed -u 's/\x1b\[[0-9;]*m//g'
  fi
fi
[ -f "$CP_FILE" ] || die "no $CP_FILE: build first (mvn -q -DskipTests install)"
CLASSPATH_ARG=$ROOT/samples/target/classes:$(cat "$CP_FILE")
DEMO=("$JAVA" --enable-native-access=ALL-UNNAMED -cp "$CLASSPATH_ARG" dev.isotp.samples.Demo --iface "$IFACE" --role "$ROLE")
"$JAVA" --enable-native-access=ALL-UNNAMED -version >/dev/null 2>&1 || DEMO=("${DEMO[0]}" "${DEMO[@]:2}")  # JDK < 22

# ---------------------------------------------------------------- on this machine?
# host_ready: 0 when this kernel has can-isotp and IFACE is up (set up as root where it can).
host_ready() {
  if [ ! -d /sys/module/can_isotp ]; then
    { [ -n "$IS_ROOT" ] && modprobe can-isotp 2>/dev/null; } || { WHY="the kernel has no can-isotp module"; return 1; }
  fi
  if ! ip link show "$IFACE" >/dev/null 2>&1; then
    case "$IFACE" in
      vcan*)
        { [ -n "$IS_ROOT" ] && modprobe vcan 2>/dev/null && ip link add dev "$IFACE" type vcan 2>/dev/null; } \
          || { WHY="there is no $IFACE and it cannot be created here (needs root and the vcan module)"; return 1; } ;;
      *) WHY="there is no interface $IFACE (ip link show)"; return 1 ;;
    esac
    say "created $IFACE (vcan)"
  fi
  if ! ip link show "$IFACE" | grep -q '[<,]UP[,>]'; then
    case "$IFACE" in
      vcan*) { [ -n "$IS_ROOT" ] && ip link set "$IFACE" up; } || { WHY="$IFACE is down (ip link set $IFACE up)"; return 1; } ;;
      *) WHY="$IFACE is down: ip link set $IFACE up type can bitrate 500000 (your bus's bit rate)"; return 1 ;;
    esac
  fi
  return 0
}

WHY=
if [ "$WHERE" != vm ]; then
  if host_ready; then
    say "running on this machine's kernel ($(uname -r)) on $IFACE"
    exec "${DEMO[@]}"
  fi
  [ "$WHERE" = host ] && die "cannot run on this machine: $WHY"
  case "$IFACE" in vcan*) ;; *) die "cannot run on $IFACE: $WHY" ;; esac
  say "this machine cannot run it ($WHY): using the VM harness, a stock Debian kernel under QEMU with vcan0"
fi

# ---------------------------------------------------------------- in the VM
[ "$IFACE" = vcan0 ] || [ "$IFACE" = vcanfd0 ] || die "the VM has vcan0 and vcanfd0 only, not $IFACE"
[ "$(uname -m)" = x86_64 ] || die "the VM harness needs an x86_64 host; here, load can-isotp and vcan instead (see docs/demo-and-cli.md)"
. "$ROOT/vm/kernels.sh"
VM_KERNEL=${ISOTP_VM_KERNEL:-$ISOTP_VM_DEFAULT_KERNEL}
if ! ls "$(kernel_dir "$VM_KERNEL")"/boot/vmlinuz-* >/dev/null 2>&1 || ! command -v qemu-system-x86_64 >/dev/null; then
  say "first run: setting up the VM harness once (vm/setup.sh): QEMU and can-utils from apt,"
  say "Debian's stock kernel $VM_KERNEL (it has vcan and can-isotp) and a small initramfs in $ISOTP_VM_CACHE_DIR"
  "$ROOT/vm/setup.sh" "$VM_KERNEL"
fi
WORK=$ROOT/target/demo-vm
mkdir -p "$WORK"
rm -f "$WORK/started"
say "booting the VM (QEMU without KVM: about 10-60 seconds) ..."
start=$(date +%s)
( # progress while the VM boots, until the demo has started inside it
  while [ ! -e "$WORK/started" ]; do
    sleep 5
    [ -e "$WORK/started" ] || echo "demo: ... booting, $(( $(date +%s) - start ))s" >&2
  done
) &
ticker=$!
trap 'kill $ticker 2>/dev/null || true' EXIT
{ # what the VM runs, in its work directory
  echo 'touch started; echo "demo: VM up, running the demo on Linux $(uname -r)"'
  printf 'exec'; printf ' %q' "${DEMO[@]}"; echo
} > "$WORK/demo-command.sh"
set +e
ISOTP_VM_WORKDIR=$WORK ISOTP_VM_TIMEOUT=${ISOTP_VM_TIMEOUT:-600} "$ROOT/vm/run.sh" /bin/sh demo-command.sh
rc=$?
set -e
touch "$WORK/started"
exit $rc
