#!/bin/bash
# The README as a new user meets it: a user project made from README.md's Maven snippet, verbatim, inside a
# minimal pom (coordinates and release 17, nothing else), built with this machine's Maven against the project's
# freshly built isotp-runtime and isotp-processor. It compiles every Java block of the README (declarations as
# files, statements in methods that declare IOException; see readme_project.py for the markers), runs the blocks
# that need no kernel and compares what they print with the README's output blocks, and runs the README's channel
# interfaces once without their generated clients: IsoTpChannels.open must fail with the message the README quotes.
# On a second JDK (25 by default, where javac no longer runs processors found on the class path) it compiles again.
#
# Usage: readme-check/run.sh [README]      (default: the project's README.md)
# Environment:
#   ISOTP_README_REPO   the private local Maven repository (default ~/.cache/isotp-channels/readme-check/m2): the
#                       project's artifacts are installed there afresh on each run, never into ~/.m2; plugins and
#                       third-party dependencies come from Maven Central into it once and are reused
#   ISOTP_README_JDK2   the second JDK (default: a JDK 25 under /usr/lib/jvm; "none" to skip)
# Results: target/readme-check/ (project/, install-*.log, maven-*.log, block*.out).
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(dirname "$HERE")
README=$(readlink -f "${1:-$ROOT/README.md}")
OUT=$ROOT/target/readme-check
PROJECT=$OUT/project
REPO=${ISOTP_README_REPO:-$HOME/.cache/isotp-channels/readme-check/m2}
INSTALL_PLUGIN=org.apache.maven.plugins:maven-install-plugin:3.1.3
DEPENDENCY_PLUGIN=org.apache.maven.plugins:maven-dependency-plugin:3.8.1
say() { echo "readme-check: $*"; }
die() { echo "readme-check FAILED: $*" >&2; exit 1; }
start=$(date +%s)

cd "$ROOT"
VERSION=$(sed -n '/<artifactId>isotp-parent<\/artifactId>/{n;s|.*<version>\(.*\)</version>.*|\1|p;q}' pom.xml)
[ -n "$VERSION" ] || die "cannot read the project's version from pom.xml"
RUNTIME_JAR=runtime/target/isotp-runtime-$VERSION.jar
PROCESSOR_JAR=processor/target/isotp-processor-$VERSION.jar
# Fresh artifacts: build them (into target/, nothing installed) when missing or older than a source.
if [ ! -f "$RUNTIME_JAR" ] || [ ! -f "$PROCESSOR_JAR" ] \
    || [ -n "$(find runtime/src/main processor/src/main pom.xml runtime/pom.xml processor/pom.xml -newer "$RUNTIME_JAR" -type f | head -1)" ] \
    || [ -n "$(find runtime/src/main processor/src/main -newer "$PROCESSOR_JAR" -type f | head -1)" ]; then
  say "building isotp-runtime and isotp-processor (mvn -B -q -DskipTests -Dmaven.javadoc.skip package -pl runtime,processor)"
  mvn -B -q -DskipTests -Dmaven.javadoc.skip package -pl runtime,processor
fi

rm -rf "$OUT"; mkdir -p "$OUT" "$REPO"
# The project's artifacts into the private repository, afresh (a stale snapshot there would hide a break).
rm -rf "$REPO/dev/isotp"
install() {  # NAME FILE POM [PACKAGING]
  (cd "$OUT" && mvn -B -q -Dmaven.repo.local="$REPO" "$INSTALL_PLUGIN:install-file" -Dfile="$2" -DpomFile="$3" \
    ${4:+-Dpackaging=$4}) >"$OUT/install-$1.log" 2>&1 || { cat "$OUT/install-$1.log" >&2; return 1; }
}
# three separate coordinates: installed side by side
install parent "$ROOT/pom.xml" "$ROOT/pom.xml" pom & p1=$!
install runtime "$ROOT/$RUNTIME_JAR" "$ROOT/runtime/pom.xml" & p2=$!
install processor "$ROOT/$PROCESSOR_JAR" "$ROOT/processor/pom.xml" & p3=$!
for p in $p1 $p2 $p3; do wait "$p" || die "installing the project's artifacts into $REPO (logs: $OUT/install-*.log)"; done
say "installed isotp-parent, isotp-runtime, isotp-processor $VERSION into $REPO"

/usr/bin/python3 "$HERE/readme_project.py" make "$README" "$PROJECT"

# build: JDK 17 unless JAVA_HOME says otherwise
build() {  # LABEL
  local log=$OUT/maven-${1// /}.log
  rm -rf "$PROJECT/target"
  if ! (cd "$PROJECT" && mvn -B -Dmaven.repo.local="$REPO" compile "$DEPENDENCY_PLUGIN:build-classpath" \
      -Dmdep.outputFile="$PROJECT/classpath.txt") >"$log" 2>&1; then
    grep -E '^\[(ERROR|WARNING)\]' "$log" | head -40 >&2
    /usr/bin/python3 "$HERE/readme_project.py" explain "$PROJECT" "$log" >&2
    die "the user project does not build on $1 (log: $log)"
  fi
  while read -r channel; do
    client=IsoTp_${channel}
    [ -f "$PROJECT/target/classes/$client.class" ] \
      || die "on $1 the build succeeded but generated no $client: the processor did not run (log: $log)"
  done <"$PROJECT/channels.txt"
  say "$1: the user project builds, with a generated client for each of: $(paste -sd' ' "$PROJECT/channels.txt")"
}
JAVA_HOME=${JAVA_HOME:-$(dirname "$(dirname "$(readlink -f "$(command -v java)")")")}
JAVA=$JAVA_HOME/bin/java
JDK2=${ISOTP_README_JDK2:-$(ls -d /usr/lib/jvm/temurin-25-jdk-amd64 /usr/lib/jvm/*25* 2>/dev/null | head -1 || true)}
if [ -n "$JDK2" ] && [ "$JDK2" != none ]; then
  JAVA_HOME=$JDK2 build "JDK $("$JDK2/bin/java" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java.specification.version = //p')"
fi
build "JDK $("$JAVA" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java.specification.version = //p')"

CP=$PROJECT/target/classes:$(cat "$PROJECT/classpath.txt")
ran=0
while IFS=$'\t' read -r block line how; do
  if [ "$how" = run ]; then
    "$JAVA" --enable-native-access=ALL-UNNAMED -cp "$CP" ReadmeSnippets "$block" >"$OUT/$block.out" 2>"$OUT/$block.err" \
      || { cat "$OUT/$block.err" >&2; die "README.md:$line: the block fails when run"; }
    ran=$((ran + 1))
  fi
done <"$PROJECT/blocks.tsv"
say "ran $ran statement blocks"
/usr/bin/python3 "$HERE/readme_project.py" outputs "$README" "$PROJECT" "$OUT" || die "output blocks differ"

# Without the processor's output (as when the processor did not run): the README's message, word for word.
NOCLIENT=$OUT/classes-without-clients
cp -r "$PROJECT/target/classes" "$NOCLIENT"
rm -rf "$NOCLIENT/META-INF/services" "$NOCLIENT"/IsoTp_*.class
cat >"$OUT/NoClient.java" <<'EOF'
public class NoClient {
    public static void main(String[] args) throws Exception {
        try {
            dev.isotp.IsoTpChannels.open(Class.forName(args[0]));
            System.out.println("opened: no failure");
        } catch (IllegalArgumentException e) {
            System.out.println(e);
        }
    }
}
EOF
quoted=
while read -r channel; do
  message=$("$JAVA" -cp "$NOCLIENT:$(cat "$PROJECT/classpath.txt")" "$OUT/NoClient.java" "$channel")
  case "$message" in *"no generated client for $channel:"*) ;; *) die "$channel without its client: $message" ;; esac
  grep -qF -- "$message" "$README" && quoted=$channel
done <"$PROJECT/channels.txt"
[ -n "$quoted" ] || die "the README quotes none of these messages word for word: $message"
say "without generated clients, IsoTpChannels.open fails for each channel with the message the README quotes for $quoted"
say "README check passed in $(( $(date +%s) - start ))s"
