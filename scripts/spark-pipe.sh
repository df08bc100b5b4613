#!/usr/bin/env bash
# Scale corpus mode out with Apache Spark (local mode): `rdd.pipe("mtfix fix --jsonl --field text")` over a sample
# JSON Lines corpus, checked against the single-process output byte for byte.
#
#   scripts/spark-pipe.sh [RECORDS]        default 20000 records
#
# Needs Java 17+ and Python 3; installs pyspark from PyPI into a virtual environment (MTFIX_SPARK_VENV, default
# target/spark-venv) on first use. Not part of `cargo test`: it downloads pyspark.
set -euo pipefail
cd "$(dirname "$0")/.."
records=${1:-20000}
venv=${MTFIX_SPARK_VENV:-target/spark-venv}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

cargo build --release --quiet
mtfix=$(pwd)/target/release/mtfix
if [ ! -x "$venv/bin/python" ]; then
  python3 -m venv "$venv"
  "$venv/bin/pip" install --quiet pyspark
fi

# A sample corpus: every paragraph of the reference article as a record, with other fields around it.
python3 - "$records" "$work/corpus.jsonl" <<'PY'
import json, sys
records, path = int(sys.argv[1]), sys.argv[2]
paragraphs = [p for p in open("fixtures/news/beijing-hebei-2018.txt", encoding="utf-8").read().split("\n\n") if p.strip()]
with open(path, "w", encoding="utf-8") as out:
    for i in range(records):
        out.write(json.dumps({"id": i, "lang": "en", "text": paragraphs[i % len(paragraphs)], "score": 0.5}) + "\n")
PY

"$mtfix" fix --jsonl --field text -q < "$work/corpus.jsonl" > "$work/expected.jsonl"

"$venv/bin/python" - "$mtfix" "$work/corpus.jsonl" "$work/spark.jsonl" <<'PY'
import sys
from pyspark import SparkConf, SparkContext
mtfix, corpus, out = sys.argv[1:4]
conf = SparkConf().setMaster("local[2]").setAppName("mtfix-pipe").set("spark.ui.enabled", "false")
sc = SparkContext(conf=conf)
sc.setLogLevel("ERROR")
fixed = sc.textFile(corpus, minPartitions=8).pipe(f"{mtfix} fix --jsonl --field text -q")
with open(out, "w", encoding="utf-8") as f:
    for line in fixed.collect():
        f.write(line + "\n")
sc.stop()
PY

if cmp -s "$work/expected.jsonl" "$work/spark.jsonl"; then
  echo "spark pipe: PASS ($records records; Spark output equals single-process output byte for byte)"
else
  echo "spark pipe: FAIL (outputs differ)" >&2
  diff <(head -c 2000 "$work/expected.jsonl") <(head -c 2000 "$work/spark.jsonl") >&2 || true
  exit 1
fi
