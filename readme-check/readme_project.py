#!/usr/bin/python3
"""Turns README.md into a user project, and reads that project's results back (used by readme-check/run.sh).

  readme_project.py make README PROJECT_DIR
      writes PROJECT_DIR/pom.xml: the README's Maven snippet verbatim inside a minimal pom (coordinates and
      release 17, nothing else), and PROJECT_DIR/src/main/java/: each type declared in a Java block as its own file,
      the statements of the Java blocks as methods of ReadmeSnippets (each `throws IOException`). Also writes
      PROJECT_DIR/blocks.tsv (block, README line, run or not) and PROJECT_DIR/lines.tsv (generated line -> README
      line).
  readme_project.py explain PROJECT_DIR LOG
      prints the compiler errors of LOG with the README line each one points at.
  readme_project.py outputs README PROJECT_DIR STDOUT
      compares what each run block printed with the README's output block after it.

Java blocks, and the markers that an HTML comment right above a fence may carry (invisible on a rendered README):

  A type declaration starts at a line at column 0 that begins with an annotation or with modifiers and
  interface/class/record/enum, and ends where its braces close. Every other line is a statement; a block's
  statements are self-contained (no variable of another block).
  Statements run in README order in one JVM, each block in its own method, unless a marker says otherwise:
    <!-- readme-check: kernel -->     compile only: the block needs a kernel with CAN (the host may have none)
    <!-- readme-check: output -->     on a plain fence right after a run block: exactly what that block prints
    <!-- readme-check: test -->       declarations only: a test of the user's own, compiled as a test source with the
                                      README's test-kit snippet (the xml block naming isotp-testkit) in the pom
  Every file imports IMPORTS below (test sources TEST_IMPORTS too); blocks are in the unnamed package, as written.
"""
import re
import sys
from pathlib import Path

IMPORTS = [
    "dev.isotp.*", "dev.isotp.validation.*", "java.io.*", "java.net.*", "java.nio.*", "java.nio.charset.*",
    "java.time.*", "java.util.*", "java.util.concurrent.*",
]
TEST_IMPORTS = ["dev.isotp.testkit.*", "org.junit.jupiter.api.*", "org.junit.jupiter.api.extension.*",
                "static org.junit.jupiter.api.Assertions.*"]
MARKER = re.compile(r"^<!--\s*readme-check:\s*([a-z, ]+?)\s*-->\s*$")
FENCE = re.compile(r"^```(\w*)\s*$")
DECLARATION = re.compile(
    r"^(@|(?:(?:public|final|abstract|sealed|non-sealed|strictfp)\s+)*(?:interface|class|record|enum|@interface)\s)")
TYPE_NAME = re.compile(r"\b(?:interface|class|record|enum)\s+([A-Za-z_]\w*)")
KNOWN_MARKERS = {"kernel", "output", "test"}


class Block:
    def __init__(self, language, line, lines, markers):
        self.language = language
        self.line = line          # README line of the first line inside the fence
        self.lines = lines
        self.markers = markers
        self.number = 0           # Java blocks: 1, 2, ...


def fail(message):
    print("readme-check: " + message, file=sys.stderr)
    sys.exit(1)


def blocks(readme):
    """Every fenced block of the README with the markers written right above it."""
    text = Path(readme).read_text(encoding="utf-8").split("\n")
    found = []
    markers = set()
    i = 0
    while i < len(text):
        line = text[i]
        m = MARKER.match(line.strip())
        if m:
            for word in m.group(1).replace(",", " ").split():
                if word not in KNOWN_MARKERS:
                    fail("%s:%d: unknown marker %r (known: %s)" % (readme, i + 1, word, ", ".join(sorted(KNOWN_MARKERS))))
                markers.add(word)
            i += 1
            continue
        f = FENCE.match(line.strip())
        if f and line.startswith("```"):
            start = i + 1
            j = start
            while j < len(text) and text[j].rstrip() != "```":
                j += 1
            if j == len(text):
                fail("%s:%d: a fence that is never closed" % (readme, i + 1))
            found.append(Block(f.group(1), start + 1, text[start:j], markers))
            markers = set()
            i = j + 1
            continue
        if line.strip():
            markers = set()
        i += 1
    return found


def split_java(block, readme):
    """(declarations as (name, [(README line, text)]), statements as [(README line, text)])."""
    declarations, statements = [], []
    i = 0
    while i < len(block.lines):
        line = block.lines[i]
        if DECLARATION.match(line):
            # the declaration ends where its braces close (string and char literals and comments aside)
            # (annotations before the type keyword may hold braces of their own: {A.class, B.class})
            depth, typed, opened, j = 0, False, False, i
            while j < len(block.lines):
                code = re.sub(r'"(\\.|[^"\\])*"|\'(\\.|[^\'\\])*\'|//.*', "", block.lines[j])
                depth += code.count("{") - code.count("}")
                typed = typed or TYPE_NAME.search(re.sub(r"^\s*@\w+(\.\w+)*(\(.*\))?", "", code)) is not None
                opened = opened or (typed and "{" in code)
                if opened and depth == 0:
                    break
                j += 1
            if j == len(block.lines):
                fail("%s:%d: a declaration whose braces do not close" % (readme, block.line + i))
            body = [(block.line + k, block.lines[k]) for k in range(i, j + 1)]
            name = None
            for _, text in body:
                m = TYPE_NAME.search(text)
                if m and not text.lstrip().startswith("@"):
                    name = m.group(1)
                    break
            if name is None:
                fail("%s:%d: cannot tell the name of the type declared here" % (readme, block.line + i))
            declarations.append((name, body))
            i = j + 1
            continue
        statements.append((block.line + i, line))
        i += 1
    return declarations, statements


def make(readme, project):
    project = Path(project)
    all_blocks = blocks(readme)
    maven = [b for b in all_blocks if b.language == "xml" and any("isotp-processor" in l for l in b.lines)]
    if len(maven) != 1:
        fail("%s: expected exactly one xml block naming isotp-processor (the Maven snippet), found %d"
             % (readme, len(maven)))
    testkit = [b for b in all_blocks if b.language == "xml" and any("isotp-testkit" in l for l in b.lines)]
    if len(testkit) > 1:
        fail("%s: expected at most one xml block naming isotp-testkit (the test-kit snippet), found %d"
             % (readme, len(testkit)))
    write_pom(readme, maven[0], project, testkit[0] if testkit else None)

    main_sources = project / "src" / "main" / "java"
    test_sources = project / "src" / "test" / "java"
    main_sources.mkdir(parents=True, exist_ok=True)
    test_sources.mkdir(parents=True, exist_ok=True)
    sources = main_sources
    header = "".join("import %s;\n" % i for i in IMPORTS)
    names = {}
    methods = []            # (method name, README line, run?, [(README line, text)])
    java = [b for b in all_blocks if b.language == "java"]
    if not java:
        fail("%s: no Java block" % readme)
    for n, b in enumerate(java, 1):
        b.number = n
        declarations, statements = split_java(b, readme)
        sources = test_sources if "test" in b.markers else main_sources
        file_header = header + ("".join("import %s;\n" % i for i in TEST_IMPORTS) if "test" in b.markers else "")
        if "test" in b.markers and [s for s in statements if s[1].strip()]:
            fail("%s:%d: a 'test' block holds declarations only" % (readme, b.line))
        for name, body in declarations:
            if name in names:
                fail("%s:%d: type %s is declared twice (also at line %d): every README block shares one project"
                     % (readme, body[0][0], name, names[name]))
            names[name] = body[0][0]
            lines = file_header.count("\n") + 1
            text = file_header + "\n" + "".join(t + "\n" for _, t in body)
            (sources / (name + ".java")).write_text(text, encoding="utf-8")
            with open(project / "lines.tsv", "a", encoding="utf-8") as m:
                for k, (readme_line, _) in enumerate(body):
                    m.write("%s.java\t%d\t%d\n" % (name, lines + 1 + k, readme_line))
        code = [s for s in statements if s[1].strip()]
        if code:
            methods.append(["block%d" % n, b.line, "kernel" not in b.markers, statements])
        elif "kernel" in b.markers:
            fail("%s:%d: 'kernel' on a block without statements" % (readme, b.line))

    out = [header, "\n", "/** The statements of README.md's Java blocks, one method per block. */\n",
           "final class ReadmeSnippets {\n"]
    line_map = []
    for name, readme_line, _, statements in methods:
        out.append("    // README.md line %d\n" % readme_line)
        out.append("    static void %s() throws IOException {\n" % name)
        for rl, text in statements:
            line_map.append((sum(s.count("\n") for s in out) + 1, rl))
            out.append("        " + text + "\n" if text.strip() else "\n")
        out.append("    }\n\n")
    out.append("    public static void main(String[] args) throws IOException {\n")
    out.append("        switch (args.length == 0 ? \"\" : args[0]) {\n")
    for name, _, _, _ in methods:
        out.append("            case \"%s\": %s(); break;\n" % (name, name))
    out.append("            default: throw new IllegalArgumentException(\"no block \" + java.util.Arrays.toString(args));\n")
    out.append("        }\n    }\n}\n")
    (main_sources / "ReadmeSnippets.java").write_text("".join(out), encoding="utf-8")
    with open(project / "lines.tsv", "a", encoding="utf-8") as m:
        for generated, readme_line in line_map:
            m.write("ReadmeSnippets.java\t%d\t%d\n" % (generated, readme_line))
    with open(project / "blocks.tsv", "w", encoding="utf-8") as m:
        for name, readme_line, run, _ in methods:
            m.write("%s\t%d\t%s\n" % (name, readme_line, "run" if run else "kernel"))
    channels = [n for n in names if (main_sources / (n + ".java")).exists()
                and "@IsoTpChannel" in (main_sources / (n + ".java")).read_text()]
    (project / "channels.txt").write_text("".join(c + "\n" for c in channels), encoding="utf-8")
    print("readme-check: %d Java blocks: %d declarations (%s), %d statement blocks (%d run here, %d need a kernel)"
          % (len(java), len(names), ", ".join(sorted(names)), len(methods),
             sum(1 for m in methods if m[2]), sum(1 for m in methods if not m[2])))


def write_pom(readme, block, project, test_block=None):
    """The snippets' <dependency> elements go into <dependencies>, their <plugin> elements into <build><plugins>."""
    dependencies, plugins, current, kind = [], [], None, None
    lines = [(block, k, line) for k, line in enumerate(block.lines)]
    if test_block is not None:
        lines += [(test_block, k, line) for k, line in enumerate(test_block.lines)]
    for block, k, line in lines:
        stripped = line.strip()
        if current is None:
            if not stripped or re.match(r"^<!--.*-->$", stripped):  # a comment for the reader: where it goes
                continue
            m = re.match(r"^<(dependency|plugin)>", stripped)
            if not m:
                fail("%s:%d: the Maven snippet may hold only <dependency> and <plugin> elements, not %r"
                     % (readme, block.line + k, stripped))
            kind, current = m.group(1), []
        current.append(line)
        if stripped == "</%s>" % kind:
            (dependencies if kind == "dependency" else plugins).append(current)
            current = None
    if current is not None:
        fail("%s:%d: the Maven snippet's <%s> is not closed" % (readme, block.line, kind))
    indent = lambda element, depth: "".join(" " * depth + l + "\n" for l in element)
    pom = ['<?xml version="1.0" encoding="UTF-8"?>\n',
           '<project xmlns="http://maven.apache.org/POM/4.0.0">\n',
           "  <modelVersion>4.0.0</modelVersion>\n",
           "  <groupId>readme.check</groupId>\n",
           "  <artifactId>readme-user-project</artifactId>\n",
           "  <version>1</version>\n",
           "  <properties>\n    <maven.compiler.release>17</maven.compiler.release>\n  </properties>\n"]
    if dependencies:
        pom.append("  <dependencies>\n" + "".join(indent(d, 4) for d in dependencies) + "  </dependencies>\n")
    if plugins:
        pom.append("  <build>\n    <plugins>\n" + "".join(indent(p, 6) for p in plugins) + "    </plugins>\n  </build>\n")
    pom.append("</project>\n")
    project.mkdir(parents=True, exist_ok=True)
    (project / "pom.xml").write_text("".join(pom), encoding="utf-8")


def explain(project, log):
    project = Path(project)
    table = {}
    for row in (project / "lines.tsv").read_text(encoding="utf-8").splitlines():
        f, g, r = row.split("\t")
        table[(f, int(g))] = int(r)
    said = set()
    for line in Path(log).read_text(encoding="utf-8", errors="replace").splitlines():
        m = re.search(r"([A-Za-z_]\w*\.java):\[(\d+),(\d+)\]\s*(.*)", line)
        if m and (m.group(1), int(m.group(2))) in table:
            text = "readme-check: README.md:%d: %s" % (table[(m.group(1), int(m.group(2)))], m.group(4))
            if text not in said:
                said.add(text)
                print(text)


def outputs(readme, project, stdout_dir):
    """Each run block followed by a fence marked 'output' must print exactly that block's lines."""
    all_blocks = blocks(readme)
    project = Path(project)
    run_lines = {}
    for row in (project / "blocks.tsv").read_text(encoding="utf-8").splitlines():
        name, line, how = row.split("\t")
        run_lines[int(line)] = (name, how)
    checked, bad = 0, 0
    java_seen = None
    for b in all_blocks:
        if b.language == "java":
            java_seen = b
            continue
        if "output" not in b.markers:
            continue
        if java_seen is None or java_seen.line not in run_lines or run_lines[java_seen.line][1] != "run":
            fail("README.md:%d: an output block must follow a Java block that runs here" % b.line)
        name = run_lines[java_seen.line][0]
        printed = (Path(stdout_dir) / (name + ".out")).read_text(encoding="utf-8").rstrip("\n").split("\n")
        expected = [l for l in b.lines]
        while expected and not expected[-1].strip():
            expected.pop()
        checked += 1
        if printed != expected:
            bad += 1
            print("readme-check: README.md:%d: the output shown differs from what the block at line %d prints:"
                  % (b.line, java_seen.line), file=sys.stderr)
            for l in printed:
                print("    printed: " + l, file=sys.stderr)
            for l in expected:
                print("    README:  " + l, file=sys.stderr)
        java_seen = None
    print("readme-check: %d output blocks compared, %d differ" % (checked, bad))
    return bad == 0


if __name__ == "__main__":
    if len(sys.argv) == 4 and sys.argv[1] == "make":
        make(sys.argv[2], sys.argv[3])
    elif len(sys.argv) == 4 and sys.argv[1] == "explain":
        explain(sys.argv[2], sys.argv[3])
    elif len(sys.argv) == 5 and sys.argv[1] == "outputs":
        sys.exit(0 if outputs(sys.argv[2], sys.argv[3], sys.argv[4]) else 1)
    else:
        print(__doc__, file=sys.stderr)
        sys.exit(2)
