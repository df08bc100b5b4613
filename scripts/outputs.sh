#!/usr/bin/env bash
# Writes everything the mtfix binary prints for the repository's fixtures into one folder, a file per run, so that
# two builds can be compared byte for byte: run it before and after a change, then `diff -r BEFORE AFTER`.
#
#   bash scripts/outputs.sh target/release/mtfix /tmp/before
#   ... change, rebuild ...
#   bash scripts/outputs.sh target/release/mtfix /tmp/after && diff -r /tmp/before /tmp/after && echo identical
#
# Covered: `check` in every format (folder and single file, with `--review`-level fixes and without), `fix --diff`,
# `fix --stdout` (safe and review), corpus mode (`fix --jsonl`), `rules` and `explain` in every format, `glossary
# lint|test|import`, term bases loaded with `-g`, colour and `--statistics`, and exit codes and stderr of each run.
# Run from the repository's root.
set -euo pipefail

bin=$(realpath "${1:?usage: outputs.sh MTFIX_BINARY OUT_DIR}")
out=${2:?usage: outputs.sh MTFIX_BINARY OUT_DIR}
rm -rf "$out"
mkdir -p "$out"
out=$(realpath "$out")
cd "$(dirname "$0")/.."

formats=(human json jsonl sarif github junit gitlab)
run() { # NAME ARGS...: stdout, stderr and the exit code of `mtfix ARGS...` (colour off, no config)
  local name=$1
  shift
  set +e
  NO_COLOR=1 "$bin" --no-config --color never "$@" >"$out/$name.out" 2>"$out/$name.err" </dev/null
  echo $? >"$out/$name.code"
  set -e
}

documents=(fixtures/news/*.txt fixtures/rules/*.txt fixtures/articles/*)
for format in "${formats[@]}"; do
  run "check-folder.$format" check --format "$format" --threads 2 fixtures
  run "rules.$format" rules --format "$format"
  run "explain.$format" explain cn-news/xiongan-new-area --format "$format"
  run "lint.$format" glossary lint --format "$format"
done
for doc in "${documents[@]}"; do
  name=$(echo "$doc" | tr '/' '_')
  for format in "${formats[@]}"; do
    run "check.$name.$format" check --format "$format" "$doc"
  done
  run "diff.$name" fix --diff "$doc"
  run "diff-review.$name" fix --diff --review "$doc"
  run "stdout.$name" fix --stdout "$doc"
  run "stdout-review.$name" fix --stdout --review "$doc"
  run "stdin.$name" check --stdin-filename "$doc" - <"$doc"
done

# Corpus mode: every fixture line a record (with its line number in another field, which must come back as it was).
corpus="$out/corpus.input.jsonl"
python3 - "${documents[@]}" >"$corpus" <<'EOF'
import json, sys
for path in sys.argv[1:]:
    for number, line in enumerate(open(path, encoding="utf-8"), 1):
        print(json.dumps({"file": path, "line": number, "doc": {"text": line}}, ensure_ascii=False))
EOF
set +e
NO_COLOR=1 "$bin" --no-config fix --jsonl --field doc.text <"$corpus" >"$out/corpus.out" 2>"$out/corpus.err"
echo $? >"$out/corpus.code"
NO_COLOR=1 "$bin" --no-config fix --jsonl --field doc.text --review "$corpus" >"$out/corpus-review.out" \
  2>"$out/corpus-review.err"
echo $? >"$out/corpus-review.code"
set -e

run glossary-test glossary test
for base in fixtures/glossaries/*; do
  name=$(basename "$base")
  run "import.$name" glossary import "$base"
  # A term base loaded as a glossary: its rules, their examples, and what they find in the fixtures.
  run "term-base-rules.$name" --no-builtin -g "$base" rules --format json
  run "term-base-test.$name" --no-builtin -g "$base" glossary test
  run "term-base-check.$name" -g "$base" check --format jsonl fixtures
done

# Colour, summary and statistics: the human report as a terminal shows it.
for doc in fixtures/news/beijing-hebei-2018.txt fixtures/rules/review.txt; do
  name=$(echo "$doc" | tr '/' '_')
  set +e
  "$bin" --no-config --color always --statistics check "$doc" >"$out/color.$name.out" 2>"$out/color.$name.err"
  echo $? >"$out/color.$name.code"
  "$bin" --no-config --color always fix --diff --review "$doc" >"$out/color-diff.$name.out" 2>"$out/color-diff.$name.err"
  echo $? >"$out/color-diff.$name.code"
  set -e
done
run "fail-on-info" --fail-on info check -q fixtures/rules
run "config-show" config show
echo "wrote $(find "$out" -type f | wc -l) files to $out"
