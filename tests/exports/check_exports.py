#!/usr/bin/env python3
"""The shared library exports only its documented API.

usage: check_exports.py [--allow FILE] LIBRARY HEADER_DIR...

Fails (exit 1, one line per problem) if LIBRARY's dynamic symbol table
(`nm -D --defined-only`; $NM overrides nm) holds
  - a symbol whose name does not start with neq_, or
  - a symbol not declared in a header *.h of a HEADER_DIR, or declared there
    without a comment directly above its declaration (the comment's last
    line is the line before the declaration, or the declaration's own line);
and if a function or variable declared in those headers is not exported
(a visibility mistake: users could not link it).

--allow FILE lists (one a line, '#' comments) exported functions tolerated
without a comment of their own: the undocumented ones found when this check
was written.  Entries that are now documented are reported, not failed.
"""
import os
import re
import subprocess
import sys

IDENT = re.compile(r"[A-Za-z_]\w*")


def items(text):
    """Splits a header into ('comment'|'pp'|'code', text, start, end) items."""
    out = []
    i, n = 0, len(text)
    code_start = None

    def flush(end):
        nonlocal code_start
        if code_start is not None and code_start < end:
            out.append(("code", text[code_start:end], code_start, end))
        code_start = None

    while i < n:
        c = text[i]
        if text.startswith("/*", i):
            flush(i)
            j = text.find("*/", i + 2)
            j = n if j < 0 else j + 2
            out.append(("comment", text[i:j], i, j))
            i = j
        elif text.startswith("//", i):
            flush(i)
            j = text.find("\n", i)
            j = n if j < 0 else j
            out.append(("comment", text[i:j], i, j))
            i = j
        elif c == "#" and text[text.rfind("\n", 0, i) + 1:i].strip() == "":
            flush(i)
            j = i
            while True:
                k = text.find("\n", j)
                if k < 0:
                    j = n
                    break
                if text[k - 1] == "\\":
                    j = k + 1
                    continue
                j = k
                break
            out.append(("pp", text[i:j], i, j))
            i = j
        elif c in "\"'":
            if code_start is None:
                code_start = i
            j = i + 1
            while j < n and text[j] != c:
                j += 2 if text[j] == "\\" else 1
            i = j + 1
        else:
            if code_start is None and not c.isspace():
                code_start = i
            i += 1
    flush(n)
    return out


def declarations(path):
    """Yields (name, kind, line, documented) for each file-scope declaration
    of a function or variable in the header at path."""
    text = open(path, encoding="utf-8").read()
    # The declaration brackets of common.h read as preprocessor lines here.
    text = re.sub(r"(?m)^[ \t]*(NEQ_(?:BEGIN|END)_DECLS)[ \t]*$", r"#\1", text)
    # ...and so do C++-only blocks (a hand-written extern "C" { ... }).
    text = re.sub(r"(?ms)^[ \t]*#[ \t]*ifdef[ \t]+__cplusplus\b.*?^[ \t]*#[ \t]*endif[^\n]*",
                  lambda m: "#" + "\n#" * m.group(0).count("\n"), text)
    line_of = lambda pos: text.count("\n", 0, pos) + 1
    its = items(text)
    # Statements: code pieces (comments and preprocessor lines removed) split
    # at ';' or at a function body's closing '}' at brace depth 0.
    stmts = []  # (code, start position, index of the item it starts in)
    cur, start, start_item, depth = [], None, None, 0
    for idx, (kind, s, a, _) in enumerate(its):
        if kind != "code":
            if kind == "comment" and start is not None:
                cur.append(" ")
            continue
        for off, ch in enumerate(s):
            if start is None:
                if ch.isspace():
                    continue
                start, start_item = a + off, idx
            cur.append(ch)
            if ch == "{":
                depth += 1
            elif ch == "}":
                depth -= 1
                body_start = "".join(cur).rfind("{")
                head = "".join(cur)[:body_start].rstrip() if body_start >= 0 else ""
                if depth == 0 and head.endswith(")"):
                    stmts.append(("".join(cur), start, start_item))
                    cur, start = [], None
            elif ch == ";" and depth == 0:
                stmts.append(("".join(cur), start, start_item))
                cur, start = [], None
    for code, pos, idx in stmts:
        words = IDENT.findall(code)
        if not words or words[0] in ("typedef", "static") or "static" in words[:3]:
            continue
        # A comment directly above: the previous item is a comment that starts
        # its line and whose last line is this declaration's line or the one
        # before.
        documented = False
        if idx > 0 or its[idx][2] < pos:
            prev = None
            # the statement may start mid-item (after an earlier ';')
            before = text[its[idx][2]:pos] if its[idx][2] < pos else ""
            if before.strip() == "" and idx > 0:
                prev = its[idx - 1]
            if prev is not None and prev[0] == "comment":
                own_line = text[text.rfind("\n", 0, prev[2]) + 1:prev[2]].strip() == ""
                documented = own_line and line_of(pos) - line_of(prev[3]) <= 1
        flat = re.sub(r"\s+", " ", code)
        depth0 = []
        d = 0
        for ch in flat:  # the code outside braces (struct bodies, initialisers)
            if ch == "{":
                d += 1
            elif ch == "}":
                d -= 1
            elif d == 0:
                depth0.append(ch)
        flat = "".join(depth0)
        m = re.search(r"\b([A-Za-z_]\w*)\s*\(", flat)
        if m and not re.match(r"\s*\(\s*\*", flat[m.end() - 1:]) and m.group(1) not in (
                "__attribute__", "__declspec"):
            yield m.group(1), "function", line_of(pos), documented
            continue
        if words[0] == "extern" or words[0] == "const":
            names = [w for w in IDENT.findall(re.split(r"[=\[;]", flat)[0])]
            if names:
                yield names[-1], "variable", line_of(pos), documented


def main(argv):
    allowed = set()
    if len(argv) > 2 and argv[1] == "--allow":
        with open(argv[2], encoding="utf-8") as f:
            allowed = {ln.split("#")[0].strip() for ln in f} - {""}
        argv = argv[:1] + argv[3:]
    if len(argv) < 3:
        sys.stderr.write(__doc__)
        return 2
    lib, dirs = argv[1], argv[2:]
    declared = {}
    for d in dirs:
        for f in sorted(os.listdir(d)):
            if f.endswith(".h"):
                for name, kind, line, doc in declarations(os.path.join(d, f)):
                    declared[name] = (os.path.join(d, f), line, kind, doc)
    nm = subprocess.run([os.environ.get("NM", "nm"), "-D", "--defined-only", lib], check=True,
                        capture_output=True, text=True).stdout
    exported = set()
    for row in nm.splitlines():
        parts = row.split()
        if len(parts) >= 3:
            exported.add(parts[2].split("@")[0])
    problems = []
    for s in sorted(exported):
        if not s.startswith("neq_"):
            problems.append(f"exported symbol {s} does not start with neq_")
        elif s not in declared:
            problems.append(f"exported symbol {s} is not declared in a public header")
        elif not declared[s][3] and s not in allowed:
            f, line, _, _ = declared[s]
            problems.append(f"{f}:{line}: exported {s} has no comment directly above its declaration")
    for name, (f, line, kind, _) in sorted(declared.items()):
        if name not in exported:
            problems.append(f"{f}:{line}: {kind} {name} is declared in a public header but not exported")
    for s in sorted(allowed):
        if s in declared and declared[s][3] or s not in exported:
            print(f"NOTE {s} is documented now (or gone): delete it from the --allow list")
    for p in problems:
        print("FAIL", p)
    print(f"{len(exported)} exported symbols, {len(declared)} public declarations, "
          f"{len(allowed & exported)} tolerated undocumented, {len(problems)} problems")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
