#!/bin/bash
# The README and the pages of docs/ as a new user meets them: one user project made from the front page's Maven
# snippet, verbatim, inside a minimal pom (coordinates and release 17, nothing else; plus the test-kit snippet), built
# with this machine's Maven against the project's freshly built isotp-runtime, isotp-processor and isotp-testkit. It
# compiles every Java block of every page (declarations as files, statements in methods that declare IOException; the
# front page's in the unnamed package, each docs page's in a package of its own; see readme_project.py for the
# markers), runs the blocks that need no kernel and compares what they print with the pages' output blocks, runs the
# pages' tests on the test kit's virtual bus, and opens every channel interface once without its generated client:
# IsoTpChannels.open must fail with the processor's message, which the front page quotes word for word. Every relative
# link of the pages must lead to a file, and every #anchor to a heading of its page (links.py).
# On a second JDK (25 by default, where javac no longer runs processors found on the class path) it compiles again.
#
# Usage: readme-check/run.sh [FRONT_PAGE [PAGE...]]   (default: the project's README.md, then every docs/*.md)
# Environment:
#   ISOTP_README_REPO   the private local Maven repository (default ~/.cache/isotp-channels/readme-check/m2): the
#                       project's artifacts are installed there afresh on each run, never into ~/.m2; plugins and
#                       third-party dependencies come from Maven Central into it once and are reused
#   ISOTP_README_JDK2   the second JDK (default: a JDK 25 under /usr/lib/jvm; "none" to skip)
# Results: target/readme-check/ (project/, install-*.log, maven-*.log, *.out of each run block, tests.out).
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(dirname "$HERE")
if [ $# -gt 0 ]; then
  PAGES=()
  for page in "$@"; do PAGES+=("$(readlink -f "$page")"); done
else
  PAGES=("$ROOT/README.md")
  for page in "$ROOT"/docs/*.md; do PAGES+=("$page"); done
fi
README=${PAGES[0]}
OUT=$ROOT/target/readme-check
PROJECT=$OUT/project
REPO=${ISOTP_README_REPO:-$HOME/.cache/isotp-channels/readme-check/m2}
INSTALL_PLUGIN=org.apache.maven.plugins:maven-install-plugin:3.1.3
DEPENDENCY_PLUGIN=org.apache.maven.plugins:maven-dependency-plugin:3.8.1
JUNIT_PLATFORM=1.14.4   # the console launcher of the JUnit version the README's test-kit snippet names
say() { echo "readme-check: $*"; }
die() { echo "readme-check FAILED: $*" >&2; exit 1; }
start=$(date +%s)

cd "$ROOT"
VERSION=$(sed -n '/<artifactId>isotp-parent<\/artifactId>/{n;s|.*<version>\(.*\)</version>.*|\1|p;q}' pom.xml)
[ -n "$VERSION" ] || die "cannot read the project's version from pom.xml"
RUNTIME_JAR=runtime/target/isotp-runtime-$VERSION.jar
PROCESSOR_JAR=processor/target/isotp-processor-$VERSION.jar
TESTKIT_JAR=testkit/target/isotp-testkit-$VERSION.jar
# Fresh artifacts: build them (into target/, nothing installed) when missing or older than a source.
if [ ! -f "$RUNTIME_JAR" ] || [ ! -f "$PROCESSOR_JAR" ] || [ ! -f "$TESTKIT_JAR" ] \
    || [ -n "$(find runtime/src/main processor/src/main pom.xml runtime/pom.xml processor/pom.xml -newer "$RUNTIME_JAR" -type f | head -1)" ] \
    || [ -n "$(find runtime/src/main processor/src/main -newer "$PROCESSOR_JAR" -type f | head -1)" ] \
    || [ -n "$(find runtime/src/main testkit/src/main -newer "$TESTKIT_JAR" -type f | head -1)" ]; then
  say "building the artifacts (mvn -B -q -DskipTests -Dmaven.javadoc.skip package -pl runtime,processor,testkit)"
  mvn -B -q -DskipTests -Dmaven.javadoc.skip package -pl runtime,processor,testkit
fi

rm -rf "$OUT"; mkdir -p "$OUT" "$REPO"
# The project's artifacts into the private repository, afresh (a stale snapshot there would hide a break).
rm -rf "$REPO/dev/isotp"
install() {  # NAME FILE POM [PACKAGING]
  (cd "$OUT" && mvn -B -q -Dmaven.repo.local="$REPO" "$INSTALL_PLUGIN:install-file" -Dfile="$2" -DpomFile="$3" \
    ${4:+-Dpackaging=$4}) >"$OUT/install-$1.log" 2>&1 || { cat "$OUT/install-$1.log" >&2; return 1; }
}
# separate coordinates: installed side by side
install parent "$ROOT/pom.xml" "$ROOT/pom.xml" pom & p1=$!
install runtime "$ROOT/$RUNTIME_JAR" "$ROOT/runtime/pom.xml" & p2=$!
install processor "$ROOT/$PROCESSOR_JAR" "$ROOT/processor/pom.xml" & p3=$!
install testkit "$ROOT/$TESTKIT_JAR" "$ROOT/testkit/pom.xml" & p4=$!
for p in $p1 $p2 $p3 $p4; do wait "$p" || die "installing the project's artifacts into $REPO (logs: $OUT/install-*.log)"; done
say "installed isotp-parent, isotp-runtime, isotp-processor, isotp-testkit $VERSION into $REPO"

(cd "$ROOT" && /usr/bin/python3 "$HERE/links.py" "${PAGES[@]}") || die "broken links"
/usr/bin/python3 "$HERE/readme_project.py" make "$PROJECT" "${PAGES[@]}"

# build: JDK 17 unless JAVA_HOME says otherwise
build() {  # LABEL
  local log=$OUT/maven-${1// /}.log
  rm -rf "$PROJECT/target"
  if ! (cd "$PROJECT" && mvn -B -Dmaven.repo.local="$REPO" test-compile "$DEPENDENCY_PLUGIN:build-classpath" \
      -Dmdep.outputFile="$PROJECT/classpath.txt") >"$log" 2>&1; then
    grep -E '^\[(ERROR|WARNING)\]' "$log" | head -40 >&2
    /usr/bin/python3 "$HERE/readme_project.py" explain "$PROJECT" "$log" >&2
    die "the user project does not build on $1 (log: $log)"
  fi
  while IFS=$'\t' read -r channel page; do
    client=${channel%.*}; [ "$client" = "$channel" ] && client= || client=${client//.//}/
    client=$client"IsoTp_${channel##*.}"
    [ -f "$PROJECT/target/classes/$client.class" ] \
      || die "on $1 the build succeeded but generated no $client ($page): the processor did not run (log: $log)"
  done <"$PROJECT/channels.txt"
  say "$1: the user project builds, with a generated client for each of: $(cut -f1 "$PROJECT/channels.txt" | paste -sd' ')"
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
while IFS=$'\t' read -r id class method page line how; do
  if [ "$how" = run ]; then
    "$JAVA" --enable-native-access=ALL-UNNAMED -cp "$CP" "$class" "$method" >"$OUT/$id.out" 2>"$OUT/$id.err" \
      || { cat "$OUT/$id.err" >&2; die "$page:$line: the block fails when run"; }
    ran=$((ran + 1))
  fi
done <"$PROJECT/blocks.tsv"
say "ran $ran statement blocks"
/usr/bin/python3 "$HERE/readme_project.py" outputs "$PROJECT" "$OUT" "${PAGES[@]}" || die "output blocks differ"

# The pages' tests (blocks marked 'test') run as a user's own tests run: on the test kit's virtual bus, no kernel.
if [ -n "$(find "$PROJECT/target/test-classes" -name '*.class' 2>/dev/null | head -1)" ]; then
  CONSOLE=$REPO/org/junit/platform/junit-platform-console-standalone/$JUNIT_PLATFORM/junit-platform-console-standalone-$JUNIT_PLATFORM.jar
  [ -f "$CONSOLE" ] || (cd "$OUT" && mvn -B -q -Dmaven.repo.local="$REPO" "$DEPENDENCY_PLUGIN:get" \
      -Dartifact=org.junit.platform:junit-platform-console-standalone:$JUNIT_PLATFORM) >"$OUT/console.log" 2>&1 \
    || die "fetching the JUnit console launcher (log: $OUT/console.log)"
  "$JAVA" --enable-native-access=ALL-UNNAMED -jar "$CONSOLE" execute --disable-banner --details=summary \
      --fail-if-no-tests --class-path "$PROJECT/target/test-classes:$CP" --scan-class-path "$PROJECT/target/test-classes" \
      >"$OUT/tests.out" 2>&1 || { cat "$OUT/tests.out" >&2
        /usr/bin/python3 "$HERE/readme_project.py" explain "$PROJECT" "$OUT/tests.out" >&2; die "the pages' tests fail"; }
  say "the pages' tests pass: $(grep -o '[0-9]* tests successful' "$OUT/tests.out")"
fi

# Without the processor's output (as when the processor did not run): the processor's message for every channel,
# and the front page quotes it word for word.
NOCLIENT=$OUT/classes-without-clients
cp -r "$PROJECT/target/classes" "$NOCLIENT"
rm -rf "$NOCLIENT/META-INF/services"
find "$NOCLIENT" -name 'IsoTp_*.class' -delete
cat >"$OUT/NoClient.java" <<'EOF'
public class NoClient {
    public static void main(String[] args) throws Exception {
        for (String channel : args) {
            try {
                dev.isotp.IsoTpChannels.open(Class.forName(channel));
                System.out.println("opened: no failure");
            } catch (IllegalArgumentException e) {
                System.out.println(e);
            }
        }
    }
}
EOF
mapfile -t channels < <(cut -f1 "$PROJECT/channels.txt")
mapfile -t messages < <("$JAVA" -cp "$NOCLIENT:$(cat "$PROJECT/classpath.txt")" "$OUT/NoClient.java" "${channels[@]}")
[ ${#messages[@]} -eq ${#channels[@]} ] \
  || die "opening the channels without their clients printed ${#messages[@]} lines for ${#channels[@]} channels"
quoted=
for i in "${!channels[@]}"; do
  channel=${channels[$i]} message=${messages[$i]}
  case "$message" in *"no generated client for $channel:"*) ;; *) die "$channel without its client: $message" ;; esac
  grep -qF -- "$message" "$README" && quoted=$channel
done
[ -n "$quoted" ] || die "$(basename "$README") quotes none of these messages word for word: ${messages[*]}"
say "without generated clients, IsoTpChannels.open fails for each of the ${#channels[@]} channels with the processor's message; $(basename "$README") quotes it for $quoted"
say "README and docs check passed (${#PAGES[@]} pages) in $(( $(date +%s) - start ))s"
