#!/bin/sh
# Prints the processor's share of javac time for N annotated interfaces (default 200), compiled in one JVM with and
# without the processor. Usage: processor/bench/compile-share.sh [count] [rounds]   (JAVA_HOME picks the JDK;
# BENCH_TMPDIR the directory the sources and classes are written to, default java.io.tmpdir, e.g. /dev/shm for tmpfs)
set -eu
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
cd "$ROOT"
mvn -B -q -o install -DskipTests -pl runtime >/dev/null
mvn -B -q -o test-compile -pl processor >/dev/null
CP="processor/target/test-classes:processor/target/classes:$(cat processor/target/test-classpath.txt)"
exec "${JAVA_HOME:+$JAVA_HOME/bin/}java" ${BENCH_TMPDIR:+-Djava.io.tmpdir=$BENCH_TMPDIR} -cp "$CP" dev.isotp.processor.bench.CompileShareBenchmark "$@"
