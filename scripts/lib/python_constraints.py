#!/usr/bin/env python3
"""Writes (or checks) scripts/lib/python-constraints.txt: every package that moto[server] and cfn-lint pull in,
pinned to the version installed on this machine, so a machine that installs them with pip gets the set the tests
were run with and no newer transitive release.

  python3 scripts/lib/python_constraints.py          # print the pins of the installed moto[server] + cfn-lint
  python3 scripts/lib/python_constraints.py --check  # exit 1 and show the difference when the file is stale

Run it after changing the moto or cfn-lint version in python-constraints.txt and installing the new one.
The file pins versions, not hashes: pip's --require-hashes needs the sha256 of every wheel, which only the package
index serves (see docs/security.md, "Pinned toolchain").
"""
import importlib.metadata as md
import pathlib
import sys

from packaging.requirements import Requirement

ROOTS = [("moto", {"server"}), ("cfn-lint", set())]
# pip and the interpreter's build tools manage these themselves; pinning them would downgrade a machine's own.
UNPINNED = {"pip", "setuptools", "wheel"}
FILE = pathlib.Path(__file__).with_name("python-constraints.txt")
HEADER = """# Every package moto[server] and cfn-lint install, pinned to the versions the tests run with.
# Used as pip's --constraint by scripts/lib/common.sh; regenerate with scripts/lib/python_constraints.py.
# The moto and cfn-lint lines are also the versions the scripts install.
"""


def closure():
    seen = {}
    stack = [(name, set(extras)) for name, extras in ROOTS]
    while stack:
        name, extras = stack.pop()
        key = name.lower().replace("_", "-")
        try:
            dist = md.distribution(name)
        except md.PackageNotFoundError:
            sys.exit(f"{name} is not installed: install moto[server] and cfn-lint first, then run this again")
        version, known = seen.get(key, (None, None))
        if known is not None and extras <= known:
            continue
        seen[key] = (dist.version, (known or set()) | extras)
        for line in dist.requires or []:
            req = Requirement(line)
            if req.marker and not any(req.marker.evaluate({"extra": e}) for e in (extras or {""})):
                continue
            stack.append((req.name, set(req.extras)))
    return {k: v for k, (v, _) in seen.items() if k not in UNPINNED}


def render():
    return HEADER + "".join(f"{name}=={version}\n" for name, version in sorted(closure().items()))


if __name__ == "__main__":
    text = render()
    if "--check" in sys.argv:
        current = FILE.read_text(encoding="utf-8") if FILE.exists() else ""
        if current != text:
            import difflib
            sys.stdout.writelines(difflib.unified_diff(current.splitlines(True), text.splitlines(True),
                                                       str(FILE), "installed"))
            sys.exit(1)
        print(f"{FILE.name} matches the installed moto[server] and cfn-lint")
    else:
        sys.stdout.write(text)
