#!/bin/bash
# The project's whole test suite, the one command developers and CI run:
#   1. prepare the VM (vm/setup.sh; installs packages when run as root)
#   2. build and host tests on JDK 25           (mvn -B clean verify)
#   3. build and host tests on JDK 17, the baseline (mvn -B clean verify)
#   4. the runtime jar and the isotp command jar carry Enable-Native-Access, and JDK 25 prints no
#      restricted-method warning when JNA loads                  (vm/check-native-access.sh)
#   5. the kernel-tagged tests in the VM, on JDK 17, over the build of step 3
#      (vm/run-kernel-tests.sh; its last line is `kernel: N passed, M failed`)
# Stops at the first step that fails. Host tests exclude the "kernel" tag.
#
# Environment: ISOTP_JDK17_HOME, ISOTP_JDK25_HOME (default: found under
# /usr/lib/jvm), and those of vm/run-kernel-tests.sh and vm/run.sh.
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(dirname "$HERE")
step() { echo; echo "==== $*"; }

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

step "the README as a user meets it (readme-check/run.sh)"; JAVA_HOME=$JDK17 ISOTP_README_JDK2=$JDK25 "$ROOT/readme-check/run.sh"

step "native access on JDK 25: the jars say Enable-Native-Access, no restricted-method warning"
"$HERE/check-native-access.sh" "$JDK25"

step "kernel tests in the VM on JDK 17"
ISOTP_KERNEL_JAVA_HOME=${ISOTP_KERNEL_JAVA_HOME:-$JDK17} "$HERE/run-kernel-tests.sh" --no-build
