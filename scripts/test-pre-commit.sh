#!/usr/bin/env bash
# Tries this checkout's .pre-commit-hooks.yaml with the real pre-commit tool (from PyPI) on a scratch git
# repository: `pre-commit try-repo` builds mtfix the way a user's pre-commit does (language: rust, so
# `cargo install --path` of this checkout; uncommitted changes to tracked files are included, new files must be
# committed or at least `git add`ed) and runs each hook.
#
# Not run by `cargo test`: it installs pre-commit into a temporary virtualenv and compiles mtfix in release mode,
# once per distinct checkout state pre-commit sees (with uncommitted changes, try-repo makes a new shadow commit
# each time, so up to three builds: commit first for one; about 10 minutes per build on 2 cores). Needs python3 with venv, git, cargo, and the PyPI and crates.io registries.
#
#   scripts/test-pre-commit.sh            # exit 0 when both hooks behave
#   KEEP=1 scripts/test-pre-commit.sh     # keep the scratch folder for a look
set -euo pipefail

checkout=$(cd "$(dirname "$0")/.." && pwd)
scratch=$(mktemp -d)
if [ -z "${KEEP:-}" ]; then
  trap 'rm -rf "$scratch"' EXIT
else
  echo "scratch folder: $scratch"
fi
export PRE_COMMIT_HOME="$scratch/pre-commit-home"

echo "== installing pre-commit into a virtualenv"
python3 -m venv "$scratch/venv"
"$scratch/venv/bin/pip" install --quiet pre-commit
pre_commit="$scratch/venv/bin/pre-commit"
"$pre_commit" --version

echo "== a scratch repository with a garbled article, a clean one and a code file"
repo="$scratch/repo"
mkdir -p "$repo"
cd "$repo"
git init -q
git config user.name test
git config user.email test@example.com
git config commit.gpgsign false
printf 'Work in the Xiong an new area began.\n' >article.txt
printf '# Title\n\nThe Xiong an new area and `Xiong an new area`.\n' >page.md
printf "The Xiong'an New Area.\n" >clean.txt
printf 'const S: &str = "Xiong an new area";\n' >code.rs
git add .

fail() {
  echo "FAIL: $*" >&2
  exit 1
}

echo "== mtfix-check on a clean file passes"
"$pre_commit" try-repo "$checkout" mtfix-check --files clean.txt || fail "mtfix-check failed on a clean file"

echo "== mtfix-check on garbled files fails and names the rule"
set +e
out=$("$pre_commit" try-repo "$checkout" mtfix-check --files article.txt page.md code.rs 2>&1)
status=$?
set -e
echo "$out"
[ "$status" -ne 0 ] || fail "mtfix-check passed on a garbled file"
grep -q 'cn-news/xiongan-new-area' <<<"$out" || fail "the report does not name the rule"
grep -q 'code.rs' <<<"$out" && fail "mtfix-check read a code file"

echo "== mtfix-fix rewrites prose and fails the hook (files were modified)"
set +e
"$pre_commit" try-repo "$checkout" mtfix-fix --files article.txt page.md code.rs
status=$?
set -e
[ "$status" -ne 0 ] || fail "mtfix-fix did not report the modified files"
[ "$(cat article.txt)" = "Work in the Xiong'an New Area began." ] || fail "article.txt not fixed: $(cat article.txt)"
grep -q '^The Xiong.an New Area and `Xiong an new area`\.$' page.md || fail "page.md: $(cat page.md)"
grep -q '"Xiong an new area"' code.rs || fail "code.rs was modified"

echo "== after the fix, mtfix-check passes"
"$pre_commit" try-repo "$checkout" mtfix-check --files article.txt page.md || fail "mtfix-check fails after mtfix-fix"

echo "pre-commit hooks: all checks passed"
