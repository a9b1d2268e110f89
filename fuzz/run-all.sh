#!/usr/bin/env bash
# Fuzzes every target for SECONDS seconds each (default 30), starting from
# seeds made from the fixtures, rules and fuzz/seeds/, and the inputs that once crashed
# crosscheck (tests/data/crashes/). New inputs go to a scratch folder, so
# the repository is never written. Exits non-zero on the first crash; the
# crashing input is left in fuzz/artifacts/TARGET/ (copy it into
# tests/data/crashes/ with the format byte it was found with).
#
#   fuzz/run-all.sh          # about 30 s per target, as CI runs it
#   fuzz/run-all.sh 600      # a long run: 10 minutes per target
#   FUZZ_TARGETS=rules fuzz/run-all.sh 600   # one target
set -euo pipefail
cd "$(dirname "$0")"
seconds=${1:-30}
# FUZZ_TARGETS="rules score" runs only those.
targets=(${FUZZ_TARGETS:-ingest extract align rules score})
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT

# Seeds: the fixtures as articles (a first byte picking the format, as the
# targets read it), pairs of one story's articles, the rule and
# configuration files, and the TSV lines in fuzz/seeds/tsv.
mkdir -p "$scratch/seeds/articles" "$scratch/seeds/pairs" "$scratch/seeds/toml"
format_byte() {
  case "$1" in
    *.md) printf '\000' ;; *.txt) printf '\001' ;; *.html) printf '\002' ;;
    *.json) printf '\003' ;; *.jsonl) printf '\004' ;; *) printf '\005' ;;
  esac
}
n=0
while IFS= read -r f; do
  n=$((n + 1))
  { format_byte "$f"; cat "$f"; } >"$scratch/seeds/articles/$n"
done < <(find ../fixtures -type f ! -name '*.gz' ! -name '*.toml' | sort)
for story in ../fixtures/*/; do
  prev=""
  for f in "$story"*.md "$story"*.txt; do
    [ -f "$f" ] || continue
    if [ -n "$prev" ]; then
      n=$((n + 1))
      { cat "$prev"; printf '\377'; cat "$f"; } >"$scratch/seeds/pairs/$n"
    fi
    prev=$f
  done
done
find ../rules ../fixtures ../src -name '*.toml' -type f | sort | while IFS= read -r f; do
  cp "$f" "$scratch/seeds/toml/$(echo "$f" | tr '/.' '__')"
done
declare -A seeds=(
  [ingest]="$scratch/seeds/articles ../tests/data/crashes"
  [extract]="$scratch/seeds/articles ../tests/data/crashes"
  [align]="$scratch/seeds/pairs"
  [rules]="$scratch/seeds/toml"
  [score]="seeds/tsv"
)
cargo fuzz build --sanitizer none
for t in "${targets[@]}"; do
  mkdir -p "$scratch/$t"
  echo "fuzz: $t for ${seconds}s"
  # shellcheck disable=SC2086
  if ! cargo fuzz run --sanitizer none "$t" "$scratch/$t" ${seeds[$t]} -- \
      -max_total_time="$seconds" -rss_limit_mb=4096 -timeout=20 -print_final_stats=1 \
      >"$scratch/$t.log" 2>&1; then
    tail -n 60 "$scratch/$t.log"
    echo "fuzz: $t FAILED (input in fuzz/artifacts/$t/)"
    exit 1
  fi
  grep -E "stat::number_of_executed_units|Done [0-9]+ runs" "$scratch/$t.log" | tail -n 2 || true
done
echo "fuzz: every target ran clean"
