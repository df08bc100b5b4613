#!/usr/bin/env bash
# Builds the seed corpora of the fuzz targets from the repository's fixtures, under fuzz/corpus/<target>/
# (generated and git-ignored: run it again whenever the fixtures change). Files that are already there, such as
# inputs libFuzzer added during earlier runs, are kept. The small hand-written seeds under fuzz/seeds/<target>/
# and the minimised regressions under fuzz/regressions/<target>/ (not those of open bugs, under open/) are copied in
# too.
#
#   engine    fixtures/**/*.txt whole, each of their lines alone, and the article pages
#   markup    fixtures/articles/* and fixtures/**/*.txt, and the article pages cut at each blank line
#   glossary  glossaries/*.toml and each of their rules alone under the file's [glossary] table
#   import    fixtures/glossaries/* (TBX v2 and v3, memoQ CSV, TSV)
set -euo pipefail
fuzz="$(cd "$(dirname "$0")" && pwd)"
root="$(dirname "$fuzz")"
cd "$root"

# Copies file $2 to corpus $1 under a name made from its path.
put() {
    local dir="$fuzz/corpus/$1" name
    name="$(printf '%s' "$2" | tr '/' '_')"
    mkdir -p "$dir"
    cp "$2" "$dir/$name"
}

# Writes stdin to corpus $1 as file $2.
put_text() {
    mkdir -p "$fuzz/corpus/$1"
    cat >"$fuzz/corpus/$1/$2"
}

mapfile -t texts < <(find fixtures -name '*.txt' | sort)
for f in "${texts[@]}"; do
    put engine "$f"
    put markup "$f"
    n=0
    while IFS= read -r line || [[ -n "$line" ]]; do
        n=$((n + 1))
        [[ -z "$line" || "$line" == "--- unchanged ---" ]] && continue
        printf '%s\n' "$line" | put_text engine "$(printf '%s' "$f" | tr '/' '_').line$n"
    done <"$f"
done

for f in fixtures/articles/*; do
    put engine "$f"
    put markup "$f"
    # Blocks of the page, so that each fits libFuzzer's -max_len.
    awk -v out="$fuzz/corpus/markup/$(basename "$f").block" \
        'BEGIN { RS = ""; n = 0 } { n++; print > (out n) }' "$f"
done

for f in glossaries/*.toml; do
    put glossary "$f"
    # The [glossary] table, then one file per rule: the header with that rule.
    awk -v out="$fuzz/corpus/glossary/$(basename "$f" .toml).rule" '
        /^\[\[/ { n++ }
        n == 0 && !/^#/ { header = header $0 "\n" }
        n > 0 { rule[n] = rule[n] $0 "\n" }
        END { for (i = 1; i <= n; i++) { printf "%s\n%s", header, rule[i] > (out i); close(out i) } }
    ' "$f"
done

for f in fixtures/glossaries/*; do
    put import "$f"
done

for kind in seeds regressions; do
    for dir in "$fuzz/$kind"/*/; do
        [[ -d "$dir" ]] || continue
        target="$(basename "$dir")"
        mkdir -p "$fuzz/corpus/$target"
        # Only the fixed ones: an open bug (under open/) would stop every run at once.
        find "$dir" -maxdepth 1 -type f -exec cp {} "$fuzz/corpus/$target/" \;
    done
done

for target in engine markup glossary import; do
    printf '%-9s %5d files\n' "$target" "$(find "$fuzz/corpus/$target" -type f | wc -l)"
done
