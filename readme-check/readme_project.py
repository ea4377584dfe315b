#!/usr/bin/python3
"""Turns README.md and the pages of docs/ into one user project, and reads that project's results back (used by
readme-check/run.sh).

  readme_project.py make PROJECT_DIR FRONT_PAGE [PAGE...]
      writes PROJECT_DIR/pom.xml: the front page's Maven snippet verbatim inside a minimal pom (coordinates and
      release 17, nothing else), with the test-kit snippet (the xml block naming isotp-testkit) if a page shows one;
      any other page that shows either snippet must show it word for word. Writes PROJECT_DIR/src/{main,test}/java/:
      each type declared in a Java block as its own file, the statements of each page's Java blocks as methods of that
      page's snippets class (each `throws IOException`). The front page's files are in the unnamed package, as a new
      user writes them (its snippets class is ReadmeSnippets); each other page's in a package of its own, docs.<page>
      (docs/uds.md: docs.uds, class docs.uds.Snippets), which imports the packages of the other pages, so that a page
      may use a type another page declares and two pages never clash over a name. Also writes PROJECT_DIR/blocks.tsv
      (id, class, method, page, line, run or kernel), PROJECT_DIR/lines.tsv (generated file and line -> page and
      line) and PROJECT_DIR/channels.txt (each @IsoTpChannel type's binary name and its page).
  readme_project.py explain PROJECT_DIR LOG
      prints the compiler errors of LOG, and the test frames of its stack traces, with the page and line of each.
  readme_project.py outputs PROJECT_DIR STDOUT_DIR PAGE...
      compares what each run block printed with the output block after it on its page.

Java blocks, and the markers that an HTML comment right above a fence may carry (invisible on a rendered page):

  A type declaration starts at a line at column 0 that begins with an annotation or with modifiers and
  interface/class/record/enum, and ends where its braces close. Every other line is a statement; a block's
  statements are self-contained (no variable of another block).
  Statements run in page order in one JVM per block, each block in its own method, unless a marker says otherwise:
    <!-- readme-check: kernel -->     compile only: the block needs a kernel with CAN (the host may have none)
    <!-- readme-check: output -->     on a plain fence right after a run block: exactly what that block prints
    <!-- readme-check: test -->       declarations only: a test of the user's own, compiled as a test source with the
                                      test-kit snippet in the pom
  Every file imports IMPORTS below (test sources TEST_IMPORTS too). A type name is declared once per page.
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
    readme = label(readme)
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


FRONT = "ReadmeSnippets"
JAVA_KEYWORDS = {"abstract", "assert", "boolean", "break", "byte", "case", "catch", "char", "class", "const", "continue",
                 "default", "do", "double", "else", "enum", "extends", "final", "finally", "float", "for", "goto", "if",
                 "implements", "import", "instanceof", "int", "interface", "long", "native", "new", "package",
                 "private", "protected", "public", "return", "short", "static", "strictfp", "super", "switch",
                 "synchronized", "this", "throw", "throws", "transient", "try", "void", "volatile", "while"}


def label(page):
    """A page as messages name it: relative to the working directory (the project's root) when below it."""
    p = Path(page).resolve()
    try:
        return str(p.relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(p)


def package_of(page, front):
    """'' for the front page, docs.<name> for the others."""
    if front:
        return ""
    name = re.sub(r"\W", "_", Path(page).stem.lower())
    if not re.match(r"[a-z_]", name) or name in JAVA_KEYWORDS:
        name = "p_" + name
    return "docs." + name


def snippet(pages_blocks, word, front_label, required):
    """The xml block naming WORD: the front page's (or the first page's that has one); every other copy the same."""
    found = []
    for page, all_blocks in pages_blocks:
        mine = [b for b in all_blocks if b.language == "xml" and any(word in l for l in b.lines)]
        if len(mine) > 1:
            fail("%s: expected at most one xml block naming %s, found %d" % (page, word, len(mine)))
        found += [(page, b) for b in mine]
    if not found:
        if required:
            fail("%s: expected an xml block naming %s (the Maven snippet)" % (front_label, word))
        return None
    first_page, first = found[0]
    if required and first_page != front_label:
        fail("%s: the front page has no xml block naming %s (the Maven snippet); %s has one"
             % (front_label, word, first_page))
    for page, b in found[1:]:
        if [l.rstrip() for l in b.lines] != [l.rstrip() for l in first.lines]:
            fail("%s:%d: this xml block naming %s differs from the one at %s:%d: show the same snippet on every page"
                 % (page, b.line, word, first_page, first.line))
    return first


def make(project, pages):
    project = Path(project)
    labels = [label(p) for p in pages]
    pages_blocks = [(labels[k], blocks(p)) for k, p in enumerate(pages)]
    maven = snippet(pages_blocks, "isotp-processor", labels[0], True)
    testkit = snippet(pages_blocks, "isotp-testkit", labels[0], False)
    write_pom(labels[0], maven, project, testkit)

    main_sources = project / "src" / "main" / "java"
    test_sources = project / "src" / "test" / "java"
    main_sources.mkdir(parents=True, exist_ok=True)
    test_sources.mkdir(parents=True, exist_ok=True)

    # first pass: what each page declares and says
    parsed = []             # (page, package, [(block, declarations, statements)])
    java_count = 0
    for k, (page, all_blocks) in enumerate(pages_blocks):
        package = package_of(pages[k], k == 0)
        java = [b for b in all_blocks if b.language == "java"]
        java_count += len(java)
        items = []
        names = {}
        for n, b in enumerate(java, 1):
            b.number = n
            declarations, statements = split_java(b, page)
            if "test" in b.markers and [s for s in statements if s[1].strip()]:
                fail("%s:%d: a 'test' block holds declarations only" % (page, b.line))
            for name, body in declarations:
                if name in names:
                    fail("%s:%d: type %s is declared twice on this page (also at line %d): a page's blocks share one "
                         "package" % (page, body[0][0], name, names[name]))
                names[name] = body[0][0]
            items.append((b, declarations, statements))
        parsed.append((page, package, items))
    if java_count == 0:
        fail("%s: no Java block" % ", ".join(labels))
    # the packages that hold main sources (an import of a package that does not exist is a compile error)
    main_packages = set()
    for page, package, items in parsed:
        if package and any("test" not in b.markers for b, _, _ in items):
            main_packages.add(package)

    blocks_rows, lines_rows, channels, summary = [], [], [], []
    for page, package, items in parsed:
        others = sorted(p for p in main_packages if p != package)
        header = ("package %s;\n\n" % package if package else "") + "".join("import %s;\n" % i for i in IMPORTS) \
            + "".join("import %s.*;\n" % o for o in others)
        directory = Path(*package.split(".")) if package else Path()
        methods = []        # (method name, page line, run?, [(page line, text)])
        declared = []
        for b, declarations, statements in items:
            test = "test" in b.markers
            sources = (test_sources if test else main_sources) / directory
            sources.mkdir(parents=True, exist_ok=True)
            file_header = header + ("".join("import %s;\n" % i for i in TEST_IMPORTS) if test else "")
            for name, body in declarations:
                declared.append(name)
                first = file_header.count("\n") + 2
                (sources / (name + ".java")).write_text(file_header + "\n" + "".join(t + "\n" for _, t in body),
                                                        encoding="utf-8")
                rel = str(directory / (name + ".java"))
                lines_rows += [(rel, first + j, page, page_line) for j, (page_line, _) in enumerate(body)]
                head = []
                for _, text in body:
                    head.append(text)
                    if TYPE_NAME.search(text) and not text.lstrip().startswith("@"):
                        break
                if not test and any(re.match(r"\s*@IsoTpChannel\b(?!\.)", text) for text in head):
                    channels.append(((package + "." if package else "") + name, page))
            code = [s for s in statements if s[1].strip()]
            if code:
                methods.append(["block%d" % b.number, b.line, "kernel" not in b.markers, statements])
            elif "kernel" in b.markers:
                fail("%s:%d: 'kernel' on a block without statements" % (page, b.line))
        if methods:
            cls = FRONT if not package else "Snippets"
            out = [header, "\n", "/** The statements of %s's Java blocks, one method per block. */\n" % page,
                   "final class %s {\n" % cls]
            rel = str(directory / (cls + ".java"))
            for name, page_line, _, statements in methods:
                out.append("    // %s line %d\n" % (page, page_line))
                out.append("    static void %s() throws IOException {\n" % name)
                for pl, text in statements:
                    lines_rows.append((rel, sum(s.count("\n") for s in out) + 1, page, pl))
                    out.append("        " + text + "\n" if text.strip() else "\n")
                out.append("    }\n\n")
            out.append("    public static void main(String[] args) throws IOException {\n")
            out.append("        switch (args.length == 0 ? \"\" : args[0]) {\n")
            for name, _, _, _ in methods:
                out.append("            case \"%s\": %s(); break;\n" % (name, name))
            out.append("            default: throw new IllegalArgumentException(\"no block \" + java.util.Arrays.toString(args));\n")
            out.append("        }\n    }\n}\n")
            (main_sources / directory).mkdir(parents=True, exist_ok=True)
            (main_sources / directory / (cls + ".java")).write_text("".join(out), encoding="utf-8")
            fqcn = (package + "." if package else "") + cls
            for name, page_line, run, _ in methods:
                block_id = "%s-%s" % (re.sub(r"\W", "_", page), name)
                blocks_rows.append((block_id, fqcn, name, page, page_line, "run" if run else "kernel"))
        if not items:
            continue
        summary.append("%s: %d Java blocks, %d declarations%s, %d statement blocks (%d run here)"
                       % (page, len(items), len(declared), " (%s)" % ", ".join(sorted(declared)) if declared else "",
                          len(methods), sum(1 for m in methods if m[2])))

    with open(project / "lines.tsv", "w", encoding="utf-8") as m:
        m.writelines("%s\t%d\t%s\t%d\n" % row for row in lines_rows)
    with open(project / "blocks.tsv", "w", encoding="utf-8") as m:
        m.writelines("%s\t%s\t%s\t%s\t%d\t%s\n" % row for row in blocks_rows)
    (project / "channels.txt").write_text("".join("%s\t%s\n" % c for c in channels), encoding="utf-8")
    for line in summary:
        print("readme-check: " + line)
    without = [page for page, _, items in parsed if not items]
    if without:
        print("readme-check: no Java block: " + ", ".join(without))
    print("readme-check: %d pages, %d Java blocks, %d statement blocks (%d run here, %d need a kernel), %d channels"
          % (len(pages), java_count, len(blocks_rows), sum(1 for r in blocks_rows if r[5] == "run"),
             sum(1 for r in blocks_rows if r[5] != "run"), len(channels)))


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
        f, g, page, line = row.split("\t")
        table[(f, int(g))] = (page, int(line))
    said = set()
    for line in Path(log).read_text(encoding="utf-8", errors="replace").splitlines():
        m = re.search(r"(\S+\.java):\[(\d+),(\d+)\]\s*(.*)", line)
        frame = re.search(r"\b((?:\w+\.)*)\w+\.[\w$<>]+\((\w+\.java):(\d+)\)", line)
        if not m and frame:     # a test's stack frame: package.Class.method(File.java:line)
            path = frame.group(1).rstrip(".").replace(".", "/")
            path = (path + "/" if path else "") + frame.group(2)
            where = table.get((path, int(frame.group(3))))
            if where:
                text = "readme-check: %s:%d: a test failed here" % where
                if text not in said:
                    said.add(text)
                    print(text)
            continue
        if not m:
            continue
        path = m.group(1).replace("\\", "/")
        for sources in ("/src/main/java/", "/src/test/java/"):
            if sources in path:
                path = path.split(sources, 1)[1]
        where = table.get((path, int(m.group(2))))
        if where:
            text = "readme-check: %s:%d: %s" % (where[0], where[1], m.group(4))
            if text not in said:
                said.add(text)
                print(text)


def outputs(project, stdout_dir, pages):
    """Each run block followed by a fence marked 'output' must print exactly that block's lines."""
    project = Path(project)
    run_blocks = {}
    for row in (project / "blocks.tsv").read_text(encoding="utf-8").splitlines():
        block_id, _, _, page, line, how = row.split("\t")
        run_blocks[(page, int(line))] = (block_id, how)
    checked, bad = 0, 0
    for page_path in pages:
        page = label(page_path)
        java_seen = None
        for b in blocks(page_path):
            if b.language == "java":
                java_seen = b
                continue
            if "output" not in b.markers:
                continue
            key = (page, java_seen.line) if java_seen is not None else None
            if key not in run_blocks or run_blocks[key][1] != "run":
                fail("%s:%d: an output block must follow a Java block that runs here" % (page, b.line))
            printed = (Path(stdout_dir) / (run_blocks[key][0] + ".out")).read_text(encoding="utf-8") \
                .rstrip("\n").split("\n")
            expected = list(b.lines)
            while expected and not expected[-1].strip():
                expected.pop()
            checked += 1
            if printed != expected:
                bad += 1
                print("readme-check: %s:%d: the output shown differs from what the block at line %d prints:"
                      % (page, b.line, java_seen.line), file=sys.stderr)
                for l in printed:
                    print("    printed: " + l, file=sys.stderr)
                for l in expected:
                    print("    page:    " + l, file=sys.stderr)
            java_seen = None
    print("readme-check: %d output blocks compared, %d differ" % (checked, bad))
    return bad == 0


if __name__ == "__main__":
    if len(sys.argv) >= 4 and sys.argv[1] == "make":
        make(sys.argv[2], sys.argv[3:])
    elif len(sys.argv) == 4 and sys.argv[1] == "explain":
        explain(sys.argv[2], sys.argv[3])
    elif len(sys.argv) >= 5 and sys.argv[1] == "outputs":
        sys.exit(0 if outputs(sys.argv[2], sys.argv[3], sys.argv[4:]) else 1)
    else:
        print(__doc__, file=sys.stderr)
        sys.exit(2)
