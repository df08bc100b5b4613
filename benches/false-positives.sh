#!/usr/bin/env bash
# False-positive budget: run `mtfix check` over a large body of correct English and count what fires.
#
# Correct English must come out unchanged, so every finding here is a false positive (or a rule that flags text a
# human should look at). Target: zero safe findings; every review-level finding listed and justified.
#
# Corpus (installed with apt when missing; everything else runs offline):
#   - the Python 3.11 documentation sources (python3.11-doc): reStructuredText prose, with literal blocks, code
#     directives, doctest lines and directive signatures stripped so that what remains approximates prose;
#   - /usr/share/common-licenses/*: legal English;
#   - fortunes (the `fortunes` package, minus ascii-art): quotations, jokes, informal English.
#
# Usage: benches/false-positives.sh [--examples N] [--keep DIR] [--no-build] [EXTRA_PATH...] [-- MTFIX_ARGS...]
#   --examples N   examples shown per rule (default 3)
#   --keep DIR     write the prepared corpus and the findings (findings.jsonl) to DIR and keep them
#   --no-build     use target/release/mtfix as it is
#   EXTRA_PATH     more files or folders of correct English (copied as .txt)
#   MTFIX_ARGS     passed to `mtfix check` (e.g. `-- --no-builtin -g glossaries/punctuation.toml`)
# Exit code: 0 when the run worked (whatever it found), 2 on a setup or mtfix error.
set -euo pipefail

examples=3
keep=""
build=1
extra=()
mtfix_args=()
while [[ $# -gt 0 ]]; do
  case "$1" in
    --examples) examples="$2"; shift 2 ;;
    --keep) keep="$2"; shift 2 ;;
    --no-build) build=0; shift ;;
    -h | --help) sed -n '2,/^set -euo/p' "$0" | sed '$d; s/^# \{0,1\}//'; exit 0 ;;
    --) shift; mtfix_args=("$@"); break ;;
    *) extra+=("$1"); shift ;;
  esac
done

repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$repo"

# --- corpus -----------------------------------------------------------------------------------------------------
need_apt=()
[[ -d /usr/share/doc/python3.11/html/_sources ]] || need_apt+=(python3.11-doc)
[[ -d /usr/share/games/fortunes ]] || need_apt+=(fortunes)
command -v python3 >/dev/null || need_apt+=(python3)
if [[ ${#need_apt[@]} -gt 0 ]]; then
  echo "installing ${need_apt[*]} with apt-get" >&2
  sudo_cmd=()
  [[ $(id -u) -eq 0 ]] || sudo_cmd=(sudo)
  "${sudo_cmd[@]}" apt-get install -y "${need_apt[@]}" >/dev/null 2>&1 ||
    { "${sudo_cmd[@]}" apt-get update >/dev/null 2>&1 && "${sudo_cmd[@]}" apt-get install -y "${need_apt[@]}" >/dev/null; } ||
    echo "warning: could not install ${need_apt[*]}; using what is there" >&2
fi
command -v python3 >/dev/null || { echo "error: python3 is needed" >&2; exit 2; }

if [[ -n "$keep" ]]; then
  work="$keep"
  rm -rf "$work/corpus"
  mkdir -p "$work"
else
  work="$(mktemp -d)"
  trap 'rm -rf "$work"' EXIT
fi
corpus="$work/corpus"
mkdir -p "$corpus"

# Copies text files as .txt (flat names, so `mtfix check` walks them all). reST sources are reduced to prose.
python3 - "$corpus" "${extra[@]}" <<'PY'
import os, re, sys

out = sys.argv[1]
extra = sys.argv[2:]
CODE_DIRECTIVES = re.compile(
    r"^\s*\.\. (?:code-block|code|sourcecode|highlight|doctest|testcode|testoutput|testsetup|productionlist|"
    r"literalinclude|include|toctree|raw|csv-table|list-table|table|math|index|only|module|currentmodule|"
    r"program|option|cmdoption|envvar|opcode|pdbcommand|describe|literal)::")

def prose(text):
    """reST minus literal blocks (after `::`), code directives, directive lines, doctest lines and tables."""
    kept = []
    lines = text.splitlines()
    skip_indent = None  # skipping an indented block deeper than this indentation
    for line in lines:
        stripped = line.strip()
        indent = len(line) - len(line.lstrip())
        if skip_indent is not None:
            if not stripped or indent > skip_indent:
                continue
            skip_indent = None
        if CODE_DIRECTIVES.match(line) or (stripped.endswith("::") and not stripped.startswith(".. ")):
            # The block below is code (a literal block or a code directive). A paragraph ending in "::" keeps
            # its text with one ":".
            if not stripped.startswith("..") and stripped != "::":
                kept.append(line.rstrip()[:-1] if line.rstrip().endswith("::") else line)
            skip_indent = indent
            continue
        if stripped.startswith(".. "):
            # Any other directive: its first line is a signature or a label, its content is prose.
            continue
        if stripped.startswith((">>>", "...", "$ ", "% ")) or re.match(r"^[=+\-~^\"'`#*:.]{4,}\s*$", stripped) \
                or (stripped.startswith(("|", "+-", "+=")) ):
            continue
        kept.append(line)
    return "\n".join(kept) + "\n"

def copy(src, name, reduce=False):
    try:
        with open(src, encoding="utf-8") as f:
            text = f.read()
    except (UnicodeDecodeError, OSError):
        return
    if "\0" in text:
        return
    if reduce:
        text = prose(text)
    if not name.endswith(".txt"):
        name += ".txt"
    with open(os.path.join(out, name), "w", encoding="utf-8") as f:
        f.write(text)

def walk(root, prefix, reduce=False, accept=lambda p: True):
    if os.path.isfile(root):
        copy(root, prefix + os.path.basename(root), reduce)
        return
    for dirpath, _, files in os.walk(root):
        for fn in sorted(files):
            p = os.path.join(dirpath, fn)
            if not accept(p) or os.path.islink(p):
                continue
            rel = os.path.relpath(p, root).replace(os.sep, "__")
            copy(p, prefix + rel, reduce)

py = "/usr/share/doc/python3.11/html/_sources"
if os.path.isdir(py):
    walk(py, "python__", reduce=True, accept=lambda p: p.endswith(".txt"))
if os.path.isdir("/usr/share/common-licenses"):
    walk("/usr/share/common-licenses", "license__")
fortunes = "/usr/share/games/fortunes"
if os.path.isdir(fortunes):
    walk(fortunes, "fortune__", accept=lambda p: not p.endswith((".dat", ".u8"))
         and "/off/" not in p and os.path.basename(p) not in ("ascii-art",))
for i, e in enumerate(extra):
    walk(e, f"extra{i}__", reduce=e.endswith(".rst"))
PY

bytes=$(cat "$corpus"/* | wc -c)
files=$(find "$corpus" -type f | wc -l)
[[ $bytes -gt 0 ]] || { echo "error: the corpus is empty" >&2; exit 2; }

# --- run ----------------------------------------------------------------------------------------------------------
if [[ $build -eq 1 ]]; then
  cargo build --release -q
fi
mtfix="$repo/target/release/mtfix"
[[ -x "$mtfix" ]] || { echo "error: $mtfix not built" >&2; exit 2; }

findings="$work/findings.jsonl"
rc=0
start_ns=$(date +%s%N)
# Exit 1 means "findings remain": expected here. Only 2 (usage, input or glossary error) is a failure.
"$mtfix" check --format jsonl --color never --fail-on info "${mtfix_args[@]}" "$corpus" >"$findings" || rc=$?
elapsed_ms=$(( ($(date +%s%N) - start_ns) / 1000000 ))
if [[ $rc -ne 0 && $rc -ne 1 ]]; then
  echo "error: mtfix check exited with $rc" >&2
  exit 2
fi

# --- report -------------------------------------------------------------------------------------------------------
python3 - "$findings" "$bytes" "$files" "$examples" "$elapsed_ms" "$corpus" <<'PY'
import collections, json, os, signal, sys

signal.signal(signal.SIGPIPE, signal.SIG_DFL)

path, nbytes, nfiles, nexamples, elapsed_ms, corpus = sys.argv[1:]
nbytes, nfiles, nexamples, elapsed_ms = int(nbytes), int(nfiles), int(nexamples), int(elapsed_ms)
mb = nbytes / 1e6
rows = [json.loads(l) for l in open(path, encoding="utf-8") if l.strip()]
by = {"safe": collections.Counter(), "review": collections.Counter()}
ex = collections.defaultdict(list)
for r in rows:
    by[r["safety"]][r["rule"]] += 1
    ex[(r["safety"], r["rule"])].append(r)

lines_cache = {}
def line_of(p, n):
    if p not in lines_cache:
        with open(p, encoding="utf-8", errors="replace") as f:
            lines_cache[p] = f.read().split("\n")
    ls = lines_cache[p]
    return ls[n - 1] if 0 < n <= len(ls) else ""

def whitespace_only(r):
    repl = r.get("replacement")
    return repl is not None and "".join(r["found"].split()) == "".join(repl.split())

safe, review = sum(by["safe"].values()), sum(by["review"].values())
safe_ws = sum(1 for r in rows if r["safety"] == "safe" and whitespace_only(r))
print(f"corpus: {nfiles} files, {mb:.2f} MB; mtfix check took {elapsed_ms / 1000:.1f} s")
print(f"safe findings:   {safe:6d}  ({safe / mb:.2f} per MB; {safe_ws} of them change only whitespace, "
      f"{(safe - safe_ws) / mb:.2f} per MB change words or punctuation)")
print(f"review findings: {review:6d}  ({review / mb:.2f} per MB)")
for level in ("safe", "review"):
    if not by[level]:
        continue
    print(f"\n{level} findings per rule:")
    for rule, n in by[level].most_common():
        print(f"  {n:6d}  {rule}")
for level in ("safe", "review"):
    for rule, _ in by[level].most_common():
        print(f"\n[{level}] {rule}: first {min(nexamples, len(ex[(level, rule)]))} of {len(ex[(level, rule)])}")
        for r in ex[(level, rule)][:nexamples]:
            name = os.path.relpath(r["path"], corpus) if r["path"].startswith(corpus) else r["path"]
            line = line_of(r["path"], r["line"]).strip()
            if len(line) > 160:
                col = max(0, r["column"] - 80)
                line = "…" + line[col:col + 160] + "…"
            repl = r.get("replacement")
            arrow = f" → {repl!r}" if repl is not None else " (flag only)"
            print(f"  {name}:{r['line']}:{r['column']}: {r['found']!r}{arrow}")
            print(f"      {line}")
PY
