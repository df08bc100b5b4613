#!/usr/bin/env bash
# Throughput of mtfix against the matcher's own floor and a naive baseline, all measured in the same run.
#
#   benches/throughput.sh [SIZE_MB...]        default sizes: 1 10 100 (add 1000 for the 1 GB row)
#
# Corpora and synthetic glossaries are generated under benches/data/ (git-ignored), never committed:
# - the reference article (fixtures/news) repeated to each size;
# - synthetic glossaries of 100, 1,000, 10,000 and 100,000 literal terms, with a corpus in which some of them occur.
# Every engine figure is printed as MB/s and as a ratio to the floor (a bare Aho-Corasick replace_all with the same
# literal variants) measured in the same run; the machine is shared and noisy, so compare ratios, not absolutes.
set -euo pipefail
cd "$(dirname "$0")/.."
sizes=("$@")
[ ${#sizes[@]} -gt 0 ] || sizes=(1 10 100)
data=benches/data
mkdir -p "$data"

echo "machine: $(nproc) cores, $(uname -m)"
cargo build --release --quiet --example throughput
cargo build --release --quiet
tp=target/release/examples/throughput
mtfix=target/release/mtfix

python3 - "$data" "${sizes[@]}" <<'PY'
import os, random, sys
data, sizes = sys.argv[1], [int(s) for s in sys.argv[2:]]
article = open("fixtures/news/beijing-hebei-2018.txt", encoding="utf-8").read() + "\n\n"
for mb in sizes + [10]:
    path = f"{data}/article-{mb}mb.txt"
    if not os.path.exists(path):
        with open(path, "w", encoding="utf-8") as out:
            out.write(article * (mb * 1_000_000 // len(article.encode()) + 1))
rng = random.Random(7)
syllables = ["zha", "qiu", "lon", "mex", "vor", "tal", "pim", "soc", "ner", "dut", "wyk", "bex", "fom", "hul"]
def word():
    return "".join(rng.choice(syllables) for _ in range(3))
# One glossary file holds at most 50,000 rules (mtfix's limit; larger term bases are split into several files), so
# the 100,000-term glossary is two files: synthetic-N.K.toml, K = 1, 2...
PER_FILE = 50_000
for n in (100, 1_000, 10_000, 100_000):
    if os.path.exists(f"{data}/synthetic-{n}.1.toml"):
        continue
    seen, terms = set(), []
    while len(terms) < n:
        a, b = word(), word()
        if (a, b) in seen:
            continue
        seen.add((a, b))
        terms.append((a, b))
    for part, first in enumerate(range(0, n, PER_FILE), start=1):
        with open(f"{data}/synthetic-{n}.{part}.toml", "w", encoding="utf-8") as out:
            out.write(f'[glossary]\nname = "synthetic-{part}"\n')
            for i, (a, b) in enumerate(terms[first:first + PER_FILE], start=first):
                out.write(f'\n[[term]]\nid = "t{i}"\nmatch = ["{a} {b}"]\nreplace = "{a.title()}-{b.title()}"\n'
                          f'examples = [{{ input = "{a} {b}", output = "{a.title()}-{b.title()}" }}]\n')
    # A 10 MB corpus: the article with one synthetic term every ~200 bytes.
    corpus = f"{data}/synthetic-{n}-10mb.txt"
    words = article.split(" ")
    with open(corpus, "w", encoding="utf-8") as out:
        size, i = 0, 0
        while size < 10_000_000:
            chunk = " ".join(words[i % len(words): i % len(words) + 30]) + " " + " ".join(rng.choice(terms)) + " "
            out.write(chunk)
            size += len(chunk.encode())
            i += 30
PY

ratio() { python3 -c "import sys; print(f'{float(sys.argv[1])/float(sys.argv[2]):.3f}')" "$1" "$2"; }
row() { # label, engine MB/s, floor MB/s
  printf '%-44s %10.1f MB/s   %6sx floor\n' "$1" "$2" "$(ratio "$2" "$3")"
}

echo
echo "== built-in glossaries over the reference article repeated (one thread)"
for mb in "${sizes[@]}"; do
  read -r _ floor _ < <($tp "$data/article-${mb}mb.txt" builtin floor)
  read -r _ fix fix_s < <($tp "$data/article-${mb}mb.txt" builtin fix)
  read -r _ check _ < <($tp "$data/article-${mb}mb.txt" builtin check)
  printf '%-44s %10.1f MB/s\n' "floor (${mb} MB)" "$floor"
  row "fix (${mb} MB)" "$fix" "$floor"
  row "check (${mb} MB)" "$check" "$floor"
  eval "fix_seconds_${mb}=$fix_s"
done
if [ -n "${fix_seconds_100:-}" ] && [ -n "${fix_seconds_1000:-}" ]; then
  echo "linearity: 1 GB takes $(ratio "$fix_seconds_1000" "$fix_seconds_100")x the time of 100 MB (target <= 11)"
fi

echo
echo "== synthetic literal glossaries, 10 MB corpus (one thread)"
for n in 100 1000 10000 100000; do
  corpus="$data/synthetic-$n-10mb.txt"
  glossary="$(ls "$data"/synthetic-"$n".*.toml | paste -sd, -)"
  read -r _ floor _ < <($tp "$corpus" "$glossary" floor)
  read -r _ fix _ < <($tp "$corpus" "$glossary" fix)
  row "fix, $n terms" "$fix" "$floor"
  eval "fix_terms_$n=$fix"
  if [ "$n" = 10000 ]; then
    read -r _ naive _ < <($tp "$corpus" "$glossary" naive)
    printf '%-44s %10.3f MB/s   mtfix is %sx faster\n' "naive per-entry regex, $n terms" "$naive" "$(ratio "$fix" "$naive")"
  fi
done
echo "flatness: 100 terms vs 100,000 terms: $(ratio "$fix_terms_100" "$fix_terms_100000")x slower (target <= 2)"

echo
echo "== whole process on one article (start-up + glossary build + check), median of 20"
time_ms() { # command...
  python3 - "$@" <<'PY'
import statistics, subprocess, sys, time
runs = []
for _ in range(20):
    t = time.perf_counter()
    subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    runs.append((time.perf_counter() - t) * 1000)
print(f"{statistics.median(runs):.2f}")
PY
}
article=fixtures/news/beijing-hebei-2018.txt
cat_ms=$(time_ms cat "$article")
check_ms=$(time_ms "$mtfix" check "$article")
echo "cat: ${cat_ms} ms; mtfix check: ${check_ms} ms (target <= 20 ms)"

echo
echo "== a folder of 400 articles: all cores against --threads 1 (whole process, best of 3)"
folder="$data/folder"
if [ ! -d "$folder" ]; then
  mkdir -p "$folder"
  for i in $(seq -w 1 400); do cp "$article" "$folder/article-$i.txt"; done
fi
best_s() { # command...
  python3 - "$@" <<'PY'
import subprocess, sys, time
runs = []
for _ in range(3):
    t = time.perf_counter()
    subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    runs.append(time.perf_counter() - t)
print(f"{min(runs):.3f}")
PY
}
one=$(best_s "$mtfix" check --threads 1 "$folder")
all=$(best_s "$mtfix" check "$folder")
echo "check, 400 articles: --threads 1 ${one} s; $(nproc) threads ${all} s: $(ratio "$one" "$all")x faster (target >= 1.8 on 2 cores)"

echo
echo "== corpus mode: fix --jsonl --field text over 100 MB of records (peak memory by /usr/bin/time -v)"
jsonl="$data/corpus-100mb.jsonl"
if [ ! -f "$jsonl" ]; then
  python3 - "$article" "$jsonl" <<'PY'
import json, sys
paragraphs = [p for p in open(sys.argv[1], encoding="utf-8").read().split("\n") if p.strip()]
with open(sys.argv[2], "w", encoding="utf-8") as out:
    size, i = 0, 0
    while size < 100_000_000:
        line = json.dumps({"id": i, "meta": {"lang": "en"}, "text": paragraphs[i % len(paragraphs)]}, ensure_ascii=False) + "\n"
        out.write(line)
        size += len(line.encode())
        i += 1
PY
fi
if [ -x /usr/bin/time ]; then
  /usr/bin/time -v "$mtfix" fix --jsonl --field text <"$jsonl" >/dev/null 2>"$data/time.txt" || true
  secs=$(awk -F': ' '/Elapsed \(wall clock\)/ {split($2, t, ":"); s = 0; for (i = 1; i <= length(t); i++) s = s * 60 + t[i]; print s}' "$data/time.txt")
  rss=$(awk -F': ' '/Maximum resident set size/ {print $2}' "$data/time.txt")
  mbs=$(python3 -c "import os,sys; print(f'{os.path.getsize(sys.argv[1]) / 1e6 / float(sys.argv[2]):.1f}')" "$jsonl" "$secs")
  echo "fix --jsonl, 100 MB: ${secs} s (${mbs} MB/s, all cores), peak RSS $((rss / 1024)) MB (target <= 256 MB for 1 GB)"
else
  echo "fix --jsonl: /usr/bin/time not installed (apt install time); skipped"
fi

echo
echo "== textlint + prh (optional: TEXTLINT=1; sizes in TEXTLINT_MB, default \"1 10\"; installs textlint with npm)"
if [ "${TEXTLINT:-0}" = 1 ]; then
  tl="$data/textlint"
  if [ ! -x "$tl/node_modules/.bin/textlint" ]; then
    mkdir -p "$tl"
    (cd "$tl" && npm install --silent --no-audit --no-fund textlint@14 textlint-rule-prh@6 >/dev/null)
  fi
  # The built-ins' literal term rules as a prh dictionary. prh turns a plain pattern into a Unicode-mode regex with
  # '-' escaped, which JavaScript rejects, so each variant is written as an escaped /regex/ of its own.
  python3 - "$tl" <<'PY'
import glob, json, re, sys, tomllib
tl = sys.argv[1]
def js(literal):
    return "/" + re.sub(r"([\\^$.*+?()\[\]{}|/])", r"\\\1", literal) + "/"
with open(f"{tl}/prh.yml", "w", encoding="utf-8") as out:
    out.write("version: 1\nrules:\n")
    for path in sorted(glob.glob("glossaries/*.toml")):
        for term in tomllib.load(open(path, "rb")).get("term", []):
            variants = [v for v in term.get("match", []) if v != term.get("replace")]
            if term.get("replace") is None or not variants:
                continue
            out.write(f"  - expected: {json.dumps(term['replace'], ensure_ascii=False)}\n    patterns:\n")
            out.writelines(f"      - {json.dumps(js(v), ensure_ascii=False)}\n" for v in variants)
json.dump({"rules": {"prh": {"rulePaths": ["prh.yml"]}}}, open(f"{tl}/.textlintrc.json", "w"))
PY
  for mb in ${TEXTLINT_MB:-1 10}; do
    cp "$data/article-${mb}mb.txt" "$tl/corpus.txt"
    # One run: textlint rewrites the file it fixes, and 10 MB takes minutes.
    start=$(date +%s.%N)
    (cd "$tl" && ./node_modules/.bin/textlint --fix corpus.txt >/dev/null 2>&1) || true
    textlint_s=$(python3 -c "import sys, time; print(f'{time.time() - float(sys.argv[1]):.3f}')" "$start")
    mtfix_s=$(best_s "$mtfix" fix --stdout "$data/article-${mb}mb.txt")
    echo "fix ${mb} MB, whole process: textlint+prh ${textlint_s} s, mtfix ${mtfix_s} s: mtfix is $(ratio "$textlint_s" "$mtfix_s")x faster (target >= 1000 on 10 MB)"
  done
else
  echo "skipped (TEXTLINT=1 to run)"
fi
