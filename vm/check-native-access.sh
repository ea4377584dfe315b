#!/bin/bash
# JNA loads its native library through JNI, which JDK 24+ reports as a restricted method unless native access is
# enabled. Checks that the runtime jar and the isotp command jar say Enable-Native-Access: ALL-UNNAMED in their
# manifests, and that the command, run with `java -jar` on the given JDK, loads JNA without printing the warning.
# Usage: vm/check-native-access.sh JAVA_HOME   (after mvn verify/package)
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
JDK=${1:?usage: check-native-access.sh JAVA_HOME}
fail() { echo "native access: $*" >&2; exit 1; }

for jar in $(ls "$ROOT"/runtime/target/isotp-runtime-*.jar | grep -v -- "-\(javadoc\|sources\)\.jar$") "$ROOT"/cli/target/isotp.jar; do
  [ -f "$jar" ] || fail "$jar is missing: build first (mvn package)"
  python3 -c 'import sys, zipfile; sys.stdout.write(zipfile.ZipFile(sys.argv[1]).read("META-INF/MANIFEST.MF").decode())' "$jar" \
    | tr -d '\r' | grep -qx 'Enable-Native-Access: ALL-UNNAMED' \
    || fail "$jar's manifest lacks Enable-Native-Access: ALL-UNNAMED"
done

# The runtime's FFM binding (JDK 22+) is a multi-release entry: both jars must carry it and say Multi-Release.
for jar in $(ls "$ROOT"/runtime/target/isotp-runtime-*.jar | grep -v -- "-\(javadoc\|sources\)\.jar$") "$ROOT"/cli/target/isotp.jar; do
  python3 -c 'import sys, zipfile; z = zipfile.ZipFile(sys.argv[1]); z.getinfo("META-INF/versions/22/dev/isotp/kernel/FfmBinding.class"); sys.stdout.write(z.read("META-INF/MANIFEST.MF").decode())' "$jar" \
    | tr -d '\r' | grep -qx 'Multi-Release: true' \
    || fail "$jar lacks the FFM binding in META-INF/versions/22 or Multi-Release: true in its manifest"
done

# An interface that cannot exist: the command opens a socket (loading JNA) and fails cleanly, with or without CAN.
out=$("$JDK/bin/java" -jar "$ROOT/cli/target/isotp.jar" send --iface no-such-if0 --rxid 7E8 --txid 7E0 11 2>&1 || true)
echo "$out" | grep -q "no-such-if0\\|CAN sockets\\|ISO-TP sockets" \
  || fail "the isotp command did not reach the kernel as expected; it printed: $out"
if echo "$out" | grep -qi "restricted method"; then
  fail "JDK $("$JDK/bin/java" -version 2>&1 | head -1) printed a restricted-method warning: $out"
fi
echo "native access: manifests carry Enable-Native-Access, no restricted-method warning on $("$JDK/bin/java" -version 2>&1 | head -1)"
