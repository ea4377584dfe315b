#!/usr/bin/python3
"""Judges a kernel-suite run: compares the tests discovered on the host with the
JUnit XML reports the VM left, so that a VM that crashed, a JVM that died or a
suite that quietly ran less cannot pass.

Usage: check-kernel-report.py EXPECTED.tsv REPORTS_DIR VM_EXIT_CODE [KERNEL]
Environment: ISOTP_KERNEL_ALLOWED_SKIPS (default 0) skipped tests tolerated.
Prints the findings, then a last line `kernel KERNEL: N passed, M failed[, K skipped]`
where tests that were expected but did not run count as failed.
Exit code 0 only when every expected test ran and passed and the VM exited 0.
"""
import glob
import os
import sys
import xml.etree.ElementTree as ET

VM_EXIT_MEANING = {
    1: "tests failed",
    2: "the console launcher found no tests",
    99: "the VM left no exit code: kernel panic or crash",
    124: "the VM was killed by the timeout",
}


def read_expected(path):
    tests, dynamic = [], []
    with open(path, encoding="utf-8") as f:
        for line in f:
            kind, _, uid = line.rstrip("\n").partition("\t")
            (tests if kind == "test" else dynamic).append(uid)
    return tests, dynamic


def read_results(reports_dir, problems):
    """unique id -> (status, display name, message), from the legacy XML reports."""
    results = {}
    files = sorted(glob.glob(os.path.join(reports_dir, "TEST-*.xml")))
    if not files:
        problems.append(f"no JUnit XML report in {reports_dir}: the JVM in the VM did not finish")
    for path in files:
        try:
            suite = ET.parse(path).getroot()
        except ET.ParseError as e:
            problems.append(f"unreadable report {path}: {e}")
            continue
        for case in suite.iter("testcase"):
            out = case.findtext("system-out") or ""
            fields = dict(l.split(": ", 1) for l in out.splitlines() if ": " in l)
            uid = fields.get("unique-id", f"{case.get('classname')}#{case.get('name')}")
            name = fields.get("display-name", f"{case.get('classname')} > {case.get('name')}")
            status, message = "passed", ""
            for tag in ("failure", "error", "skipped"):
                node = case.find(tag)
                if node is not None:
                    status = "skipped" if tag == "skipped" else "failed"
                    message = (node.get("message") or node.text or "").strip().splitlines()[:1]
                    message = message[0] if message else ""
                    break
            results[uid] = (status, name, message)
    return results


def main():
    if len(sys.argv) not in (4, 5):
        sys.exit(__doc__)
    kernel = sys.argv[4] if len(sys.argv) == 5 else ""
    expected_tests, expected_dynamic = read_expected(sys.argv[1])
    vm_rc = int(sys.argv[3])
    allowed_skips = int(os.environ.get("ISOTP_KERNEL_ALLOWED_SKIPS", "0"))
    problems = []
    results = read_results(sys.argv[2], problems)

    missing = [uid for uid in expected_tests if uid not in results]
    missing += [uid for uid in expected_dynamic if not any(r.startswith(uid + "/") for r in results)]
    passed = [r for r in results.values() if r[0] == "passed"]
    failed = [r for r in results.values() if r[0] == "failed"]
    skipped = [r for r in results.values() if r[0] == "skipped"]

    for _, name, message in failed:
        print(f"FAILED  {name}: {message}")
    for _, name, message in skipped:
        print(f"SKIPPED {name}: {message}")
    for uid in missing:
        print(f"NOT RUN {uid}")

    expected = len(expected_tests) + len(expected_dynamic)
    print(f"kernel suite: discovered on the host {len(expected_tests)} tests and {len(expected_dynamic)} "
          f"parameterized/dynamic methods; the VM ran {len(results)} tests "
          f"({len(passed)} passed, {len(failed)} failed, {len(skipped)} skipped)")
    if vm_rc != 0:
        problems.append(f"the VM exited with {vm_rc} ({VM_EXIT_MEANING.get(vm_rc, 'the test JVM failed')})")
    if expected == 0:
        problems.append("no kernel-tagged tests were discovered")
    if missing:
        problems.append(f"{len(missing)} of {expected} expected kernel tests did not run")
    if failed:
        problems.append(f"{len(failed)} kernel tests failed")
    if len(skipped) > allowed_skips:
        problems.append(f"{len(skipped)} kernel tests were skipped (allowed: {allowed_skips}, "
                        "ISOTP_KERNEL_ALLOWED_SKIPS): in the VM every kernel test must run")
    if not passed:
        problems.append("no kernel test passed")
    for p in problems:
        print(f"kernel suite FAILED{' on ' + kernel if kernel else ''}: {p}")

    line = f"kernel{' ' + kernel if kernel else ''}: {len(passed)} passed, {len(failed) + len(missing)} failed"
    if skipped:
        line += f", {len(skipped)} skipped"
    print(line)
    sys.exit(1 if problems else 0)


if __name__ == "__main__":
    main()
