#!/bin/bash
# The project's whole test suite, the one command developers and CI run:
#   1. prepare the VM (vm/setup.sh; installs packages when run as root)
#   2. build and host tests on JDK 25           (mvn -B clean verify)
#   3. build and host tests on JDK 17, the baseline (mvn -B clean verify)
#   4. the runtime jar and the isotp command jar carry Enable-Native-Access, and JDK 25 prints no
#      restricted-method warning when JNA loads                  (vm/check-native-access.sh)
#   5. the kernel-tagged tests in the VM, on JDK 17, over the build of step 3, on
#      every kernel of vm/kernels.sh (5.10, 6.1, 6.12; one boot each), then on 6.12
#      with can-isotp loaded with max_pdu_size=1049600 the tests of the largest PDU,
#      then the whole suite once more on JDK 25 on 6.12 (the FFM binding, virtual threads
#      that park on the poller) (vm/run-kernel-tests.sh); a summary line per run:
#      `kernel 5.10.0-46-amd64: N passed, M failed`
# Steps 1-4 stop at the first failure; step 5 runs every kernel, then fails if any
# kernel's suite failed, ran fewer tests than discovered, or did not run at all.
# Host tests exclude the "kernel" tag.
#
# Environment: ISOTP_JDK17_HOME, ISOTP_JDK25_HOME (default: found under
# /usr/lib/jvm), and those of vm/run-kernel-tests.sh and vm/run.sh.
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(dirname "$HERE")
. "$HERE/kernels.sh"
step() { echo; echo "==== $*"; }
START=$(date +%s)

# find_jdk MAJOR [CANDIDATE_DIR...]: the first JDK (with javac) of that major version.
find_jdk() {
  local major=$1 dir v; shift
  for dir in "$@"; do
    [ -x "$dir/bin/javac" ] || continue
    v=$("$dir/bin/java" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java.specification.version = //p')
    [ "$v" = "$major" ] && { echo "$dir"; return 0; }
  done
  return 1
}
JDK17=$(find_jdk 17 ${ISOTP_JDK17_HOME:-/usr/lib/jvm/java-17-openjdk-amd64 /usr/lib/jvm/*17*}) || {
  echo "test-all: no JDK 17 found (set ISOTP_JDK17_HOME; on Debian: apt-get install openjdk-17-jdk-headless)" >&2; exit 1; }
# Debian 12 packages no JDK 25: the machines carry Temurin's under /usr/lib/jvm.
JDK25=$(find_jdk 25 ${ISOTP_JDK25_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64 /usr/lib/jvm/*25*}) || {
  echo "test-all: no JDK 25 found under /usr/lib/jvm (set ISOTP_JDK25_HOME to a JDK 25):" \
    "the host tests must pass on JDK 25 as well as on 17" >&2; exit 1; }

cd "$ROOT"
step "VM preparation (vm/setup.sh)"
"$HERE/setup.sh"

step "host tests on JDK 25 ($JDK25)"
JAVA_HOME=$JDK25 mvn -B clean verify

step "host tests on JDK 17 ($JDK17)"
JAVA_HOME=$JDK17 mvn -B clean verify

step "the README and docs/ as a user meets them (readme-check/run.sh)"; JAVA_HOME=$JDK17 ISOTP_README_JDK2=$JDK25 "$ROOT/readme-check/run.sh"

step "native access on JDK 25: the jars say Enable-Native-Access, no restricted-method warning"
"$HERE/check-native-access.sh" "$JDK25"

# The larger buffer can-isotp takes as a module parameter (Linux 6.4+): its ceiling.
LARGE_PDU_PARAMS=can_isotp.max_pdu_size=1049600
LARGE_PDU_TESTS='.*\.(KernelFeaturesTest|PduSizesTest)'
export ISOTP_KERNEL_JAVA_HOME=${ISOTP_KERNEL_JAVA_HOME:-$JDK17}
SUMMARY=(); FAILED=()
# run_suite LABEL ARGS...: one boot; its last line (`kernel RELEASE: N passed, M failed`) goes to the summary.
run_suite() {
  local label=$1 log; shift
  log=$(mktemp)
  if "$HERE/run-kernel-tests.sh" --no-build "$@" 2>&1 | tee "$log"; [ "${PIPESTATUS[0]}" = 0 ]; then :; else
    FAILED+=("$label")
  fi
  SUMMARY+=("$(grep '^kernel .*passed' "$log" | tail -1 || true)")
  [ -n "${SUMMARY[-1]}" ] || SUMMARY[-1]="kernel $label: the suite did not run"
  rm -f "$log"
}
for k in $ISOTP_VM_KERNELS; do
  step "kernel tests in the VM on JDK 17: Linux $k"
  run_suite "$k" --kernel "$k"
done
step "kernel tests in the VM on JDK 17: Linux 6.12 with $LARGE_PDU_PARAMS (the largest PDU)"
ISOTP_VM_MODULE_PARAMS=$LARGE_PDU_PARAMS run_suite "6.12 ($LARGE_PDU_PARAMS)" --kernel 6.12 --classes "$LARGE_PDU_TESTS"

# JDK 25 runs the FFM binding (META-INF/versions/22) and the virtual-thread tests that JDK 17 cannot.
step "kernel tests in the VM on JDK 25: Linux 6.12 (FFM binding, virtual threads)"
ISOTP_KERNEL_JAVA_HOME=$JDK25 run_suite "6.12 on JDK 25" --kernel 6.12

step "summary ($(( $(date +%s) - START ))s)"
printf '%s\n' "${SUMMARY[@]}"
if [ ${#FAILED[@]} -gt 0 ]; then
  echo "test-all: the kernel suite FAILED on: ${FAILED[*]}" >&2
  exit 1
fi
echo "test-all: passed on every kernel ($ISOTP_VM_KERNELS)"
