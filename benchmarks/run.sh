#!/bin/bash
# Runs the whole benchmark with one command: builds on the host what the VM needs
# (the benchmarks module with its dependencies copied, the C peer with gcc),
# boots the VM once (vm/run.sh: a real kernel with vcan0 and can-isotp), runs
# every peer there (C, Python, JavaCAN, IsoTpSocket with byte[] and with
# ByteBuffers, the generated client) from one JVM: first the headline tasks in
# short slices paired in time with C's (C, X, C, Y, C, ...; every ratio between
# neighbouring slices, the figure the median of those ratios with its spread),
# then every task in rounds. It writes
#   benchmarks/results/results.md   the tables of every JDK (throughput, latency, ratios to C and
#                                   JavaCAN, CPU and syscalls per PDU, allocation, PDU size,
#                                   channel-pair scaling, many channels per process)
#   benchmarks/results/jdkN/        each JDK's results.md, results.svg (plot), results.tsv (every slice and round)
#
# Usage: benchmarks/run.sh [--quick] [--kernel SERIES] [--only TASKS] [--peers PEERS]
#   --quick   1 cycle of short slices and 1 round of short tasks (a check that everything runs, not numbers)
#   --kernel  the VM's kernel: 5.10, 6.1 or 6.12 (vm/kernels.sh; default ISOTP_VM_KERNEL, else 6.1)
#   --only    a part: only the tasks starting with these prefixes, e.g. lat (latency) or tput:7,lat
#   --peers   a part: only these peers, e.g. "C,IsoTpSocket ByteBuffer,JavaCAN" (comparison peers such as
#             "IsoTpSocket ByteBuffer (epoll wait)" run only when named here)
#             A part also counts the syscalls of its peers, runs nothing else (no many-channel runs, processor
#             or engine) and writes to benchmarks/target/bench-part/ instead of the committed results.
# Environment:
#   BENCH_SLICES (10)        cycles of paired slices per headline task (0: none)
#   BENCH_SLICE_MS (1000), BENCH_SLICE_WARMUP_MS (200)   each slice's measured window and warm-up
#   BENCH_JIT_WARMUP_MS (8000)   each Java peer's untimed run of a paired task before its first slice
#   BENCH_PAIRED_TASKS (tput:7,lat:8:64)   the tasks measured in paired slices
#   BENCH_ROUNDS (5), BENCH_WARMUP_MS (500), BENCH_DURATION_MS (1500), BENCH_PAIRS_SIZE (1024)
#                      the rounds of every task (BENCH_ROUNDS=0: none, the paired slices only)
#   BENCH_SCALE (1)    0 leaves out the many-channel runs (Scale)
#   BENCH_SYSCALLS (1) 0 leaves out the syscall counts (strace)
#   BENCH_ENGINE (1)   0 leaves out the engine runs (results/engine.txt stays as it is)
#   BENCH_PROCESSOR (1)  0 leaves out the processor's cost against AutoValue (on the host)
#   ISOTP_BENCH_JDKS   the JDKs that run the benchmark, one after the other in the same VM
#                      (default: /usr/lib/jvm/java-17-openjdk-amd64 /usr/lib/jvm/temurin-25-jdk-amd64)
#   and those of vm/run.sh (ISOTP_VM_SMP, ISOTP_VM_MEM, ISOTP_VM_ACCEL, ISOTP_VM_TIMEOUT, ...)
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(dirname "$HERE")
say() { echo "benchmarks/run.sh: $*"; }
die() { echo "benchmarks/run.sh: $*" >&2; exit 1; }

. "$ROOT/vm/kernels.sh"
ROUNDS=${BENCH_ROUNDS:-5}; WARMUP=${BENCH_WARMUP_MS:-500}; DURATION=${BENCH_DURATION_MS:-1500}
SLICES=${BENCH_SLICES:-10}; SLICE_MS=${BENCH_SLICE_MS:-1000}; SLICE_WARMUP=${BENCH_SLICE_WARMUP_MS:-200}
JIT_WARMUP=${BENCH_JIT_WARMUP_MS:-8000}; PAIRED_TASKS=${BENCH_PAIRED_TASKS:-tput:7,lat:8:64}
KERNEL=${ISOTP_VM_KERNEL:-$ISOTP_VM_DEFAULT_KERNEL}
PART=()
while [ $# -gt 0 ]; do
  case "$1" in
    --quick) ROUNDS=1; WARMUP=100; DURATION=300; SLICES=1; SLICE_MS=300; SLICE_WARMUP=100; JIT_WARMUP=300 ;;
    --kernel) [ $# -ge 2 ] || { echo "--kernel needs a value" >&2; exit 2; }; KERNEL=$2; shift ;;
    --only|--peers) [ $# -ge 2 ] || { echo "$1 needs a value" >&2; exit 2; }; PART+=("$1" "$2"); shift ;;
    *) sed -n '/^# Usage/,/^#   and those/p' "$0" >&2; exit 2 ;;
  esac
  shift
done
check_kernel "$KERNEL" || exit 2
export ISOTP_VM_KERNEL=$KERNEL
STARTED=$(date -u '+%Y-%m-%d %H:%M UTC')
# The command as it was given, for the results: the settings set in the environment, and the kernel.
SETTINGS=$(for v in BENCH_SLICES BENCH_SLICE_MS BENCH_SLICE_WARMUP_MS BENCH_JIT_WARMUP_MS BENCH_PAIRED_TASKS BENCH_ROUNDS \
  BENCH_WARMUP_MS BENCH_DURATION_MS BENCH_PAIRS_SIZE BENCH_SCALE BENCH_SYSCALLS BENCH_ENGINE BENCH_PROCESSOR ISOTP_BENCH_JDKS \
  ISOTP_VM_JAVA_TOOL_OPTIONS; do
  if [ -n "${!v+set}" ]; then printf '%s=%q ' "$v" "${!v}"; fi; done)
KERNEL_ARG=; [ "$KERNEL" = "$ISOTP_VM_DEFAULT_KERNEL" ] || KERNEL_ARG=" --kernel $KERNEL"
# The benchmark measures the JVMs as users run them, tiered up to C2 (vm/run.sh's default is C1 only for the kernel
# suite, see vm/crashes/): guest JAVA_TOOL_OPTIONS empty unless given.
export ISOTP_VM_JAVA_TOOL_OPTIONS=${ISOTP_VM_JAVA_TOOL_OPTIONS-}

JDKS=${ISOTP_BENCH_JDKS:-/usr/lib/jvm/java-17-openjdk-amd64 /usr/lib/jvm/temurin-25-jdk-amd64}
for jdk in $JDKS; do [ -x "$jdk/bin/java" ] || die "no java at $jdk/bin/java (set ISOTP_BENCH_JDKS)"; done
STRACE=
if [ "${BENCH_SYSCALLS:-1}" != 0 ]; then
  STRACE=$(command -v strace) || die "strace is needed for the syscall counts: apt-get install strace"
fi

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

# One VM boot runs every JDK in turn, each in its own JVM, with a descriptor limit raised as a user would for
# the many-channels runs (2000 sockets and more).
{
  echo 'set -e'
  echo 'ulimit -Hn 65536; ulimit -n 65536'
  for jdk in $JDKS; do
    feature=$("$jdk/bin/java" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java.specification.version = //p')
    printf '%q ' "$jdk/bin/java" --enable-native-access=ALL-UNNAMED -cp "$WORK/classes:$WORK/lib/*" \
      dev.isotp.benchmarks.BenchMain --out "$WORK/results/jdk$feature" --c "$WORK/isotp_peer" --python /usr/bin/python3 \
      --python-peer "$WORK/isotp_peer.py" --strace "$STRACE" --rounds "$ROUNDS" \
      --warmup-ms "$WARMUP" --duration-ms "$DURATION" --pairs-size "${BENCH_PAIRS_SIZE:-1024}" \
      --slices "$SLICES" --slice-ms "$SLICE_MS" --slice-warmup-ms "$SLICE_WARMUP" --jit-warmup-ms "$JIT_WARMUP" \
      --paired-tasks "$PAIRED_TASKS"
    if [ ${#PART[@]} -gt 0 ]; then printf '%q ' "${PART[@]}"; elif [ "${BENCH_SCALE:-1}" != 0 ]; then printf -- '--scale 1'; fi
    echo
  done
} > "$WORK/bench.sh"
say "running $SLICES cycle(s) of paired slices ($PAIRED_TASKS, ${SLICE_MS} ms each) and $ROUNDS round(s) on Linux $KERNEL, on each of: $JDKS (warm-up ${WARMUP} ms, ${DURATION} ms per task), in $WORK"
ISOTP_VM_TIMEOUT=${ISOTP_VM_TIMEOUT:-10800} ISOTP_VM_WORKDIR=$WORK "$ROOT/vm/run.sh" /bin/bash "$WORK/bench.sh" \
  || { mkdir -p "$HERE/target/bench-failed"; cp -r "$WORK/results/." "$HERE/target/bench-failed/" 2>/dev/null
       die "the benchmark failed in the VM (partial results, if any: benchmarks/target/bench-failed)"; }

if [ ${#PART[@]} -gt 0 ]; then
  PARTDIR="$HERE/target/bench-part"
  rm -rf "$PARTDIR"; mkdir -p "$PARTDIR"
  {
    echo "# Benchmark results: a part"
    echo
    echo "Written by \`${SETTINGS}benchmarks/run.sh$KERNEL_ARG$(printf " %s '%s'" "${PART[@]}")\`"
    echo "($(date -u '+%Y-%m-%d %H:%M UTC'), kernel $KERNEL, one VM boot for every JDK)."
    for dir in "$WORK"/results/jdk*; do
      jdk=$(basename "$dir")
      cp -r "$dir" "$PARTDIR/"
      echo
      echo "# ${jdk/jdk/JDK }"
      echo
      sed '1,/^$/d' "$dir/results.md"
    done
  } > "$PARTDIR/results.md"
  say "results of the part: benchmarks/target/bench-part/results.md (the committed results are left as they are)"
  exit 0
fi

mkdir -p "$HERE/results"
rm -f "$HERE/results/results.svg" "$HERE/results/results.tsv"
{
  echo "# Benchmark results"
  echo
  echo "Written by \`${SETTINGS}benchmarks/run.sh$KERNEL_ARG\` (started $STARTED, ended $(date -u '+%Y-%m-%d %H:%M UTC'), kernel"
  echo "$KERNEL): the same benchmark on each JDK in one VM boot. Guest JAVA_TOOL_OPTIONS: ${ISOTP_VM_JAVA_TOOL_OPTIONS:-(none)}"
  echo "(empty: each JVM's defaults, tiered up to C2; the JIT line of each JDK's environment says which compiler ran)."
  for dir in "$WORK"/results/jdk*; do
    jdk=$(basename "$dir")
    rm -rf "${HERE:?}/results/$jdk"; mkdir -p "$HERE/results/$jdk"
    cp "$dir/results.md" "$dir/results.svg" "$dir/results.tsv" "$HERE/results/$jdk/"
    echo
    echo "# ${jdk/jdk/JDK }"
    echo
    echo "Plot: [$jdk/results.svg]($jdk/results.svg); every round: [$jdk/results.tsv]($jdk/results.tsv)."
    echo
    sed '1,/^$/d; s/^## /## /' "$dir/results.md"
  done
} > "$HERE/results/results.md"
# The processor's cost per interface against AutoValue's per class: on the host (no kernel needed), same javac,
# same count, CPU time of the compiling thread (other work on the host does not count).
if [ "${BENCH_PROCESSOR:-1}" != 0 ]; then
PCP="$HERE/target/classes:$HERE/target/lib/*:$ROOT/processor/target/classes:$(cat "$ROOT/processor/target/test-classpath.txt")"
{
  echo
  echo "# The processor's cost against AutoValue's"
  echo
  echo "\`ProcessorCost ${BENCH_PROCESSOR_COUNT:-200} ${BENCH_PROCESSOR_ROUNDS:-10}\` on the host: ${BENCH_PROCESSOR_COUNT:-200} \`@IsoTpChannel\` interfaces (five"
  echo "methods of different shapes, five annotation values) and as many \`@AutoValue\` classes (five properties and a"
  echo "factory), each set compiled by the same javac in one JVM (\`--release 17\`), median CPU time of the compiling"
  echo "thread over the rounds after three warm-up compiles: inside the processor (its init and process, with the"
  echo "Filer's work for what it writes) and the whole compile, per type."
  echo
  echo "| JDK | isotp processor ms/interface | AutoValue ms/class | isotp / AutoValue | whole compile isotp ms/interface | whole compile AutoValue ms/class |"
  echo "|---|---:|---:|---:|---:|---:|"
  for jdk in $JDKS; do
    say "processor cost on $jdk"
    "$jdk/bin/java" -cp "$PCP" dev.isotp.benchmarks.ProcessorCost "${BENCH_PROCESSOR_COUNT:-200}" "${BENCH_PROCESSOR_ROUNDS:-10}" \
      | awk -v jdk="$("$jdk/bin/java" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java.runtime.version = //p')" '
          $2 == "isotp" { n = $3; ii = $4; ic = $5 } $2 == "AutoValue" { ai = $4; ac = $5 }
          END { printf "| %s | %.2f | %.2f | %.2f | %.2f | %.2f |\n", jdk, ii/n/1e6, ai/n/1e6, ii/ai, ic/n/1e6, ac/n/1e6 }'
  done
} >> "$HERE/results/results.md"
fi
say "results: benchmarks/results/results.md and benchmarks/results/jdk*/"
[ "${BENCH_ENGINE:-1}" != 0 ] || exit 0

# The engine runs on the last JDK of the list.
ENGINE_JAVA=$(echo "$JDKS" | awk '{print $NF}')/bin/java
# --- the user-space ISO-TP engine (EngineBench): PDUs/s of the engine on the test kit's virtual bus (host), and the
# --- engine over CAN_RAW beside the kernel's ISO-TP socket on vcan0 (VM), for 7, 64 and 4095 B -> results/engine.txt
say "engine: on the virtual bus (host), then over CAN_RAW beside the kernel socket (VM)"
"$ENGINE_JAVA" -Dbench.durationMs="$DURATION" -cp "$WORK/classes:$WORK/lib/*" dev.isotp.benchmarks.EngineBench --virtual | tee "$HERE/results/engine.txt"
ISOTP_VM_WORKDIR=$WORK "$ROOT/vm/run.sh" "$ENGINE_JAVA" --enable-native-access=ALL-UNNAMED -Dbench.durationMs="$DURATION" \
  -cp "$WORK/classes:$WORK/lib/*" dev.isotp.benchmarks.EngineBench --vm | grep -E '^(VM|host)\b' | tee -a "$HERE/results/engine.txt"
