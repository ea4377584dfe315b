#!/bin/bash
# Runs the whole benchmark with one command: builds on the host what the VM needs
# (the benchmarks module with its dependencies copied, the C peer with gcc),
# boots the VM once (vm/run.sh: a real kernel with vcan0 and can-isotp), runs
# every peer there (C, Python, JavaCAN, IsoTpSocket with byte[] and with
# ByteBuffers, the generated client) from one JVM, and writes
#   benchmarks/results/results.md   the tables (throughput, latency, ratios to C,
#                                   allocation, PDU size and channel-pair scaling)
#   benchmarks/results/results.svg  the plot
#   benchmarks/results/results.tsv  every round's figures
#
# Usage: benchmarks/run.sh [--quick] [--kernel SERIES]
#   --quick   1 round of short tasks (a check that everything runs, not numbers)
#   --kernel  the VM's kernel: 5.10, 6.1 or 6.12 (vm/kernels.sh; default ISOTP_VM_KERNEL, else 6.1)
# Environment:
#   BENCH_ROUNDS (5), BENCH_WARMUP_MS (500), BENCH_DURATION_MS (1500), BENCH_PAIRS_SIZE (1024)
#   ISOTP_BENCH_JAVA_HOME   the JDK that runs the benchmark (default JAVA_HOME, else the java on PATH)
#   and those of vm/run.sh (ISOTP_VM_SMP, ISOTP_VM_MEM, ISOTP_VM_ACCEL, ISOTP_VM_TIMEOUT, ...)
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(dirname "$HERE")
say() { echo "benchmarks/run.sh: $*"; }
die() { echo "benchmarks/run.sh: $*" >&2; exit 1; }

. "$ROOT/vm/kernels.sh"
ROUNDS=${BENCH_ROUNDS:-5}; WARMUP=${BENCH_WARMUP_MS:-500}; DURATION=${BENCH_DURATION_MS:-1500}
KERNEL=${ISOTP_VM_KERNEL:-$ISOTP_VM_DEFAULT_KERNEL}
while [ $# -gt 0 ]; do
  case "$1" in
    --quick) ROUNDS=1; WARMUP=100; DURATION=300 ;;
    --kernel) [ $# -ge 2 ] || { echo "--kernel needs a value" >&2; exit 2; }; KERNEL=$2; shift ;;
    *) sed -n '/^# Usage/,/^#   and those/p' "$0" >&2; exit 2 ;;
  esac
  shift
done
check_kernel "$KERNEL" || exit 2
export ISOTP_VM_KERNEL=$KERNEL

JDK=${ISOTP_BENCH_JAVA_HOME:-${JAVA_HOME:-$(dirname "$(dirname "$(readlink -f "$(command -v java)")")")}}
JAVA=$JDK/bin/java
[ -x "$JAVA" ] || die "no java at $JAVA (set ISOTP_BENCH_JAVA_HOME)"

if ! command -v gcc >/dev/null || [ ! -f /usr/include/linux/can/isotp.h ]; then
  [ "$(id -u)" = 0 ] || die "gcc and the kernel headers are needed: apt-get install gcc libc6-dev linux-libc-dev"
  say "installing gcc and the kernel headers"
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends gcc libc6-dev linux-libc-dev >/dev/null
fi
"$ROOT/vm/setup.sh" "$KERNEL"

cd "$ROOT"
say "building the benchmarks module (mvn package, dependencies to benchmarks/target/lib)"
mvn -B -q -pl benchmarks -am -DskipTests package
# The run works on its own copy of what it needs, outside the source tree: a build
# or `mvn clean` in the tree while the VM runs must not pull classes from under it.
WORK=$(mktemp -d "${TMPDIR:-/tmp}/isotp-bench.XXXXXX")
trap 'rm -rf "$WORK"' EXIT
mkdir -p "$WORK/lib" "$WORK/results"
cp -r "$HERE/target/classes" "$WORK/classes"
cp "$HERE"/target/lib/*.jar "$WORK/lib/"
cp "$HERE/peers/isotp_peer.py" "$WORK/"
GCC_VERSION=$(gcc -dumpfullversion)
say "building the C peer with gcc $GCC_VERSION"
gcc -O2 -Wall -Wextra -pthread -o "$WORK/isotp_peer" "$HERE/peers/isotp_peer.c"

export BENCH_HOST; BENCH_HOST=$(hostname)
export BENCH_HOST_CPU; BENCH_HOST_CPU=$(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -1)
export BENCH_HOST_NPROC; BENCH_HOST_NPROC=$(nproc)
export BENCH_HOST_KERNEL; BENCH_HOST_KERNEL=$(uname -r)
export BENCH_GCC="gcc $GCC_VERSION"
export BENCH_VM_ACCEL=${ISOTP_VM_ACCEL:-tcg}
export BENCH_VM_MEM=${ISOTP_VM_MEM:-2048}
export BENCH_VM_KERNEL_PACKAGE; BENCH_VM_KERNEL_PACKAGE=$(cat "$(kernel_dir "$KERNEL").version" 2>/dev/null || echo "Debian $KERNEL")
export ISOTP_VM_ENV="${ISOTP_VM_ENV:-} BENCH_HOST BENCH_HOST_CPU BENCH_HOST_NPROC BENCH_HOST_KERNEL BENCH_GCC BENCH_VM_ACCEL BENCH_VM_MEM BENCH_VM_KERNEL_PACKAGE"

say "running $ROUNDS round(s) in the VM on Linux $KERNEL (warm-up ${WARMUP} ms, ${DURATION} ms per task), in $WORK"
ISOTP_VM_WORKDIR=$WORK "$ROOT/vm/run.sh" "$JAVA" --enable-native-access=ALL-UNNAMED \
  -cp "$WORK/classes:$WORK/lib/*" dev.isotp.benchmarks.BenchMain \
  --out "$WORK/results" --c "$WORK/isotp_peer" --python /usr/bin/python3 --python-peer "$WORK/isotp_peer.py" \
  --rounds "$ROUNDS" --warmup-ms "$WARMUP" --duration-ms "$DURATION" --pairs-size "${BENCH_PAIRS_SIZE:-1024}" \
  || { mkdir -p "$HERE/target/bench-failed"; cp -r "$WORK/results/." "$HERE/target/bench-failed/" 2>/dev/null
       die "the benchmark failed in the VM (partial results, if any: benchmarks/target/bench-failed)"; }

mkdir -p "$HERE/results"
cp "$WORK/results/results.md" "$WORK/results/results.svg" "$WORK/results/results.tsv" "$HERE/results/"
say "results: benchmarks/results/results.md, results.svg, results.tsv"

# --- the user-space ISO-TP engine (EngineBench): PDUs/s of the engine on the test kit's virtual bus (host), and the
# --- engine over CAN_RAW beside the kernel's ISO-TP socket on vcan0 (VM), for 7, 64 and 4095 B -> results/engine.txt
say "engine: on the virtual bus (host), then over CAN_RAW beside the kernel socket (VM)"
"$JAVA" -Dbench.durationMs="$DURATION" -cp "$WORK/classes:$WORK/lib/*" dev.isotp.benchmarks.EngineBench --virtual | tee "$HERE/results/engine.txt"
ISOTP_VM_WORKDIR=$WORK "$ROOT/vm/run.sh" "$JAVA" --enable-native-access=ALL-UNNAMED -Dbench.durationMs="$DURATION" \
  -cp "$WORK/classes:$WORK/lib/*" dev.isotp.benchmarks.EngineBench --vm | grep -E '^(VM|host)\b' | tee -a "$HERE/results/engine.txt"
