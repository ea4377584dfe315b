#!/bin/sh
# Prints the processor's share of javac time for N annotated interfaces (default 200), compiled in one JVM with and
# without the processor. Usage: processor/bench/compile-share.sh [count] [rounds]   (JAVA_HOME picks the JDK)
set -eu
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
cd "$ROOT"
mvn -B -q -o install -DskipTests -pl runtime >/dev/null
mvn -B -q -o test-compile -pl processor >/dev/null
CP="processor/target/test-classes:processor/target/classes:$(cat processor/target/test-classpath.txt)"
exec "${JAVA_HOME:+$JAVA_HOME/bin/}java" -cp "$CP" dev.isotp.processor.bench.CompileShareBenchmark "$@"
