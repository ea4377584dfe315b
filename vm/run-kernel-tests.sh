#!/bin/bash
# Runs the JUnit tests tagged "kernel" of every module inside the VM (vm/run.sh),
# where vcan0, vcanfd0 and can-isotp exist; Maven's surefire skips them on the host.
#
# The VM has no network, so Maven does not run there: the host builds, lists the
# tests the VM must run, and the VM starts ONE JVM (the JUnit console launcher)
# over the modules' compiled classes and test classpaths. Afterwards the XML
# reports are checked against that list (vm/check-kernel-report.py): a crash, a
# timeout or fewer tests than discovered fail the run, not only failed tests.
#
# Usage: vm/run-kernel-tests.sh [--no-build] [--kernel SERIES] [--classes REGEX]
#   --no-build   use the existing target/ directories (from mvn verify or
#                test-compile) instead of compiling first
#   --kernel     the kernel to boot: 5.10, 6.1 or 6.12 (default ISOTP_VM_KERNEL, else 6.1)
#   --classes    run only the kernel tests of classes whose name matches REGEX
#                (default: every class)
# Environment: ISOTP_KERNEL_JAVA_HOME (the JDK for the suite; default JAVA_HOME,
#   else the java on PATH), ISOTP_KERNEL_ALLOWED_SKIPS (default 0), and the
#   ISOTP_VM_* variables of vm/run.sh (ISOTP_VM_MODULE_PARAMS loads can-isotp
#   with other parameters, e.g. can_isotp.max_pdu_size=1049600).
# Results: target/kernel-tests/SERIES[+PARAMS][+jdkN]/ (reports/TEST-*.xml, console.log,
#   kernel-release); the last line is `kernel RELEASE: N passed, M failed`.
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(dirname "$HERE")
. "$HERE/kernels.sh"
TAG=kernel
CLASSNAMES='.*'   # any class: a kernel test must not go unrun because of its name
say() { echo "kernel suite: $*"; }
die() { echo "kernel suite FAILED: $*" >&2; exit 1; }
usage() { sed -n '/^# Usage/,/^# Results/p' "$0" >&2; exit 2; }

BUILD=1
KERNEL=${ISOTP_VM_KERNEL:-$ISOTP_VM_DEFAULT_KERNEL}
while [ $# -gt 0 ]; do
  case "$1" in
    --no-build) BUILD= ;;
    --kernel) [ $# -ge 2 ] || usage; KERNEL=$2; shift ;;
    --classes) [ $# -ge 2 ] || usage; CLASSNAMES=$2; shift ;;
    *) usage ;;
  esac
  shift
done
check_kernel "$KERNEL" || exit 2
export ISOTP_VM_KERNEL=$KERNEL
JDK=${ISOTP_KERNEL_JAVA_HOME:-${JAVA_HOME:-$(dirname "$(dirname "$(readlink -f "$(command -v java)")")")}}
JAVA=$JDK/bin/java
[ -x "$JAVA" ] || die "no java at $JAVA"
FEATURE=$("$JAVA" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java.specification.version = //p')
# JDK 17 is the baseline; a run on another JDK says so in its directory and its summary line.
ON_JDK=; [ "$FEATURE" = 17 ] || ON_JDK=" on JDK $FEATURE"

LABEL=$KERNEL${ISOTP_VM_MODULE_PARAMS:++$(echo "$ISOTP_VM_MODULE_PARAMS" | tr ' =' '+-')}${ON_JDK:++jdk$FEATURE}
OUT=$ROOT/target/kernel-tests/$LABEL
case "$OUT" in *[[:space:]\'\"]*) die "the project path must not contain spaces or quotes ($ROOT)" ;; esac

cd "$ROOT"
if [ -n "$BUILD" ]; then
  say "compiling (mvn -B -q -DskipTests test-compile)"
  mvn -B -q -DskipTests test-compile
fi

# Multi-release classes (META-INF/versions/N, e.g. the FFM binding) are seen from a jar, not from a directory:
# for the JDK that runs the suite, its versions' directories go first, as the jar would give them.
versioned() {
  local classes=$1 v
  for v in $(ls "$classes/META-INF/versions" 2>/dev/null | sort -rn); do
    [ "$v" -le "${FEATURE:-0}" ] && echo "$classes/META-INF/versions/$v"
  done
  return 0
}

# Every module with test classes takes part; its test classpath comes from the
# build-classpath execution in its pom.xml (target/test-classpath.txt).
ROOTS=(); CP=()
for pom in */pom.xml; do
  m=$(dirname "$pom")
  [ -d "$m/src/test" ] || continue
  [ -d "$m/target/test-classes" ] || die "$m has tests but no $m/target/test-classes: build first (mvn verify)"
  [ -f "$m/target/test-classpath.txt" ] \
    || die "$m has no target/test-classpath.txt: give $pom the build-classpath execution of runtime/pom.xml"
  ROOTS+=("$ROOT/$m/target/test-classes")
  CP+=("$ROOT/$m/target/test-classes")
  while read -r v; do CP+=("$v"); done < <(versioned "$ROOT/$m/target/classes")
  CP+=("$ROOT/$m/target/classes")
  IFS=: read -r -a deps < "$m/target/test-classpath.txt" || true  # no final newline
  CP+=("${deps[@]}")
done
[ ${#ROOTS[@]} -gt 0 ] || die "no module has test classes"
CLASSPATH_ARG=$(printf '%s\n' "${CP[@]}" | awk 'NF && !seen[$0]++' | paste -sd: -)
ROOTS_ARG=$(IFS=:; echo "${ROOTS[*]}")

# The console launcher of the JUnit Platform version the modules test with.
PLATFORM=$(tr ':' '\n' < "${ROOTS[0]%/test-classes}/test-classpath.txt" \
  | sed -n 's|.*/junit-platform-engine-\([^/]*\)\.jar$|\1|p' | head -1)
[ -n "$PLATFORM" ] || die "no junit-platform-engine on the test classpath of ${ROOTS[0]%/target/test-classes}"
CACHE=$ISOTP_VM_CACHE_DIR
LAUNCHER=$CACHE/junit-platform-console-standalone-$PLATFORM.jar
if [ ! -f "$LAUNCHER" ]; then
  say "fetching junit-platform-console-standalone $PLATFORM"
  mvn -B -q -N dependency:copy -Dartifact="org.junit.platform:junit-platform-console-standalone:$PLATFORM" \
    -DoutputDirectory="$CACHE"
fi

rm -rf "$OUT"; mkdir -p "$OUT/reports"
# What the VM must run, found on the host with the same roots and filters.
"$JAVA" -cp "$LAUNCHER:$CLASSPATH_ARG" "$HERE/DiscoverKernelTests.java" \
  "$OUT/expected.tsv" "$TAG" "$CLASSNAMES" "${ROOTS[@]}" | sed 's/^/kernel suite: /' \
  || die "the discovery of the kernel tests on the host failed"
[ -s "$OUT/expected.tsv" ] || die "no test tagged \"$TAG\" in ${ROOTS[*]}"

start=$(date +%s)
set +e
ISOTP_VM_WORKDIR=$OUT "$HERE/run.sh" sh -c 'uname -r > kernel-release && exec "$@"' sh "$JAVA" --enable-native-access=ALL-UNNAMED -jar "$LAUNCHER" execute \
  --disable-banner --disable-ansi-colors --details=tree --fail-if-no-tests \
  --class-path "$CLASSPATH_ARG" --scan-class-path "$ROOTS_ARG" \
  --include-classname "$CLASSNAMES" --include-tag "$TAG" --reports-dir "$OUT/reports" 2>&1 | tee "$OUT/console.log"
vm_rc=${PIPESTATUS[0]}
set -e
say "VM run took $(( $(date +%s) - start ))s"
release=$(cat "$OUT/kernel-release" 2>/dev/null || echo "$KERNEL (release unknown: the VM did not start the suite)")
/usr/bin/python3 "$HERE/check-kernel-report.py" "$OUT/expected.tsv" "$OUT/reports" "$vm_rc" \
  "$release${ISOTP_VM_MODULE_PARAMS:+ ($ISOTP_VM_MODULE_PARAMS)}$ON_JDK"
