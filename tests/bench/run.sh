#!/usr/bin/env bash
# The performance benchmark (issue 7): postcheck with its full default ruleset beside ripgrep
# searching the same generated corpus for 300 words (`rg -i -F -f tests/bench/words.txt`), in one
# run, on one machine, so the ratios hold wherever it runs. Prints each figure, the ratio to
# ripgrep and PASS/FAIL against the targets; exits 1 when a target fails.
#
#   tests/bench/run.sh                 # the whole benchmark (a few minutes on 2 cores)
#   RUNS=3 SHORT_RUNS=50 tests/bench/run.sh   # fewer repetitions
#   QUICK=1 tests/bench/run.sh         # one run of each (RUNS=1 SHORT_RUNS=20): a rough look
#
# On a fresh machine it installs ripgrep, GNU time and (if it can) hyperfine with apt-get, or
# ripgrep with `cargo install` when apt-get is not there; then builds postcheck --release and
# generates the corpus (examples/gen_corpus.rs) under target/bench/corpus.
set -euo pipefail
cd "$(dirname "$0")/../.."

SEED=${SEED:-42}
COUNT=${COUNT:-20000}
BIG_MB=${BIG_MB:-46}
if [ -n "${QUICK:-}" ]; then RUNS=${RUNS:-1} SHORT_RUNS=${SHORT_RUNS:-20}; fi
RUNS=${RUNS:-5}
SHORT_RUNS=${SHORT_RUNS:-200}
DIR=${CORPUS_DIR:-target/bench/corpus}
WORDS=tests/bench/words.txt
PC=target/release/postcheck

say() { printf '%s\n' "$*" >&2; }

apt_install() {
  command -v apt-get >/dev/null 2>&1 || return 1
  if [ -z "${APT_UPDATED:-}" ]; then apt-get update -qq >/dev/null 2>&1 || true; APT_UPDATED=1; fi
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$@" >/dev/null 2>&1
}

if ! command -v rg >/dev/null 2>&1; then
  say "installing ripgrep…"
  apt_install ripgrep || cargo install --locked ripgrep
fi
if [ ! -x /usr/bin/time ]; then
  say "installing GNU time…"
  apt_install time
fi
command -v hyperfine >/dev/null 2>&1 || apt_install hyperfine || true

say "building postcheck (release)…"
cargo build --release --locked --quiet --bin postcheck
say "generating the corpus (seed $SEED, $COUNT drafts)…"
cargo run --release --locked --quiet --example gen_corpus -- --seed "$SEED" --count "$COUNT" --big-mb "$BIG_MB" --out "$DIR" >&2

# Subsets for the memory figures: a tenth of the drafts as a folder and as JSON Lines.
TENTH=$((COUNT / 10))
rm -rf "$DIR/drafts-tenth" && mkdir -p "$DIR/drafts-tenth"
find "$DIR/drafts" -name '*.txt' | sort | awk -v n="$TENTH" 'NR <= n' | xargs cp -t "$DIR/drafts-tenth"
head -n "$TENTH" "$DIR/drafts.jsonl" > "$DIR/drafts-tenth.jsonl"

# Folder output: streamed JSON Lines when this build has it, else one JSON document.
FORMAT=json
if "$PC" check --help | grep -q 'jsonl'; then FORMAT=jsonl; fi
BIG=(--max-bytes 100000000)

now_ns() { date +%s%N; }
# Runs a command once with output thrown away; prints its wall time in µs. Exit codes 0 and 1
# both mean "ran" (findings, or no match for rg); anything else stops the benchmark.
once_us() {
  local t0 t1 rc=0
  t0=$(now_ns)
  "$@" >/dev/null 2>&1 </dev/null || rc=$?
  t1=$(now_ns)
  if [ "$rc" -gt 1 ]; then say "failed ($rc): $*"; exit 2; fi
  echo $(((t1 - t0) / 1000))
}
# The median of µs figures on stdin, in seconds.
median() { sort -n | awk '{v[NR]=$1} END {printf "%.4f", v[int((NR+1)/2)] / 1e6}'; }
# Times two commands RUNS times each, interleaved so that a busy moment hurts both alike.
# Sets A_S and B_S to the medians in seconds. Usage: pair "cmd a" "cmd b" (eval'd).
pair() {
  local a=() b=() i
  eval "$1" >/dev/null 2>&1 </dev/null || true
  eval "$2" >/dev/null 2>&1 </dev/null || true
  for ((i = 0; i < RUNS; i++)); do
    a+=("$(once_us bash -c "$1")")
    b+=("$(once_us bash -c "$2")")
  done
  A_S=$(printf '%s\n' "${a[@]}" | median)
  B_S=$(printf '%s\n' "${b[@]}" | median)
}
peak_kb() { { /usr/bin/time -f %M bash -c "exec $1" 2>&1 >/dev/null </dev/null || true; } | tail -n 1; }
calc() { awk "BEGIN { printf \"%.2f\", $1 }"; }
FAILS=0
verdict() { # verdict NAME VALUE OP LIMIT
  if awk "BEGIN { exit !($2 $3 $4) }"; then printf '  %-58s %s\n' "$1" PASS
  else printf '  %-58s %s\n' "$1" FAIL; FAILS=$((FAILS + 1)); fi
}

bytes() { find "$1" -type f -printf '%s\n' | awk '{s+=$1} END {print s}'; }
FOLDER_BYTES=$(bytes "$DIR/drafts")
BIG_BYTES=$(stat -c %s "$DIR/big.txt")
TENTH_BYTES=$(stat -c %s "$DIR/big-tenth.txt")
JSONL_BYTES=$(stat -c %s "$DIR/drafts.jsonl")
mb() { calc "$1 / 1e6"; }

echo "postcheck benchmark — $(date -u +%Y-%m-%d), $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ *//'), $(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo)"
echo "$($PC --version), $(rg --version 2>/dev/null | awk 'NR == 1'); corpus: $COUNT drafts, $(mb "$FOLDER_BYTES") MB (seed $SEED); medians of $RUNS runs"
echo

echo "1. Batch over the folder of $COUNT drafts (postcheck --format $FORMAT, all cores)"
pair "$PC check --format $FORMAT --fail-on never $DIR/drafts" "rg -i -F -f $WORDS $DIR/drafts"
PC_FOLDER=$A_S RG_FOLDER=$B_S
printf '  postcheck %8.3f s  %8.0f files/s %7.1f MB/s\n' "$PC_FOLDER" "$(calc "$COUNT / $PC_FOLDER")" "$(calc "$FOLDER_BYTES / 1e6 / $PC_FOLDER")"
printf '  ripgrep   %8.3f s  %8.0f files/s %7.1f MB/s\n' "$RG_FOLDER" "$(calc "$COUNT / $RG_FOLDER")" "$(calc "$FOLDER_BYTES / 1e6 / $RG_FOLDER")"
R1=$(calc "$RG_FOLDER / $PC_FOLDER")
verdict "speed ratio to ripgrep $R1 (target ≥ 1.0)" "$R1" ">=" 1.0

echo
echo "2. One large input: big.txt, $(mb "$BIG_BYTES") MB"
pair "$PC check --format json ${BIG[*]} $DIR/big.txt" "rg -i -F -f $WORDS $DIR/big.txt"
PC_BIG=$A_S RG_BIG=$B_S
pair "$PC check --format json ${BIG[*]} $DIR/big-tenth.txt" "rg -i -F -f $WORDS $DIR/big-tenth.txt"
PC_TENTH=$A_S
printf '  postcheck %8.3f s  %7.1f MB/s   (a tenth, %s MB: %.3f s)\n' "$PC_BIG" "$(calc "$BIG_BYTES / 1e6 / $PC_BIG")" "$(mb "$TENTH_BYTES")" "$PC_TENTH"
printf '  ripgrep   %8.3f s  %7.1f MB/s\n' "$RG_BIG" "$(calc "$BIG_BYTES / 1e6 / $RG_BIG")"
R2=$(calc "$RG_BIG / $PC_BIG")
verdict "speed ratio to ripgrep $R2 (target ≥ 0.33)" "$R2" ">=" 0.333
GROWTH=$(calc "$PC_BIG / $PC_TENTH")
verdict "10× the input takes $GROWTH× the time (target ≤ 11)" "$GROWTH" "<=" 11

echo
echo "3. One short draft, start to exit ($(stat -c %s "$DIR/short.txt") bytes; median of $SHORT_RUNS runs)"
SHORT_PC="$PC check --color never $DIR/short.txt"
SHORT_RG1="rg -i -F secret $DIR/short.txt"
SHORT_RG300="rg -i -F -f $WORDS $DIR/short.txt"
if command -v hyperfine >/dev/null 2>&1; then
  hyperfine -N -i --warmup 20 --runs "$SHORT_RUNS" --export-json "$DIR/short.json" \
    "$SHORT_PC" "$SHORT_RG1" "$SHORT_RG300" >/dev/null 2>&1
  mapfile -t MEDIANS < <(grep '"median"' "$DIR/short.json" | sed 's/.*: *//; s/,//' | awk '{printf "%.3f\n", $1*1000}')
  S_PC=${MEDIANS[0]} S_RG1=${MEDIANS[1]} S_RG300=${MEDIANS[2]}
  HOW=hyperfine
else
  s_pc=() s_rg1=() s_rg300=()
  for ((i = 0; i < SHORT_RUNS; i++)); do
    s_pc+=("$(once_us $SHORT_PC)"); s_rg1+=("$(once_us $SHORT_RG1)"); s_rg300+=("$(once_us $SHORT_RG300)")
  done
  S_PC=$(printf '%s\n' "${s_pc[@]}" | median | awk '{print $1 * 1000}')
  S_RG1=$(printf '%s\n' "${s_rg1[@]}" | median | awk '{print $1 * 1000}')
  S_RG300=$(printf '%s\n' "${s_rg300[@]}" | median | awk '{print $1 * 1000}')
  HOW="a shell loop"
fi
printf '  postcheck            %7.2f ms   (%s)\n' "$S_PC" "$HOW"
printf '  ripgrep, one word    %7.2f ms\n' "$S_RG1"
printf '  ripgrep, 300 words   %7.2f ms\n' "$S_RG300"
R3=$(calc "$S_PC / $S_RG1")
verdict "$R3× ripgrep's one-word search (target ≤ 3)" "$R3" "<=" 3
printf '  %s× the time of ripgrep with the 300-word list (several times less is the aim)\n' "$(calc "$S_PC / $S_RG300")"

echo
echo "4. Peak memory (kB)"
M_PC_SHORT=$(peak_kb "$SHORT_PC")
M_RG_SHORT=$(peak_kb "$SHORT_RG300")
M_PC_FOLDER=$(peak_kb "$PC check --format $FORMAT --fail-on never $DIR/drafts")
M_PC_FOLDER10=$(peak_kb "$PC check --format $FORMAT --fail-on never $DIR/drafts-tenth")
M_RG_FOLDER=$(peak_kb "rg -i -F -f $WORDS $DIR/drafts")
M_PC_BIG=$(peak_kb "$PC check --format json ${BIG[*]} $DIR/big.txt")
M_RG_BIG=$(peak_kb "rg -i -F -f $WORDS $DIR/big.txt")
printf '  %-30s %10s %10s\n' "" postcheck ripgrep
printf '  %-30s %10s %10s\n' "one short draft" "$M_PC_SHORT" "$M_RG_SHORT"
printf '  %-30s %10s %10s\n' "folder, $TENTH drafts" "$M_PC_FOLDER10" ""
printf '  %-30s %10s %10s\n' "folder, $COUNT drafts" "$M_PC_FOLDER" "$M_RG_FOLDER"
printf '  %-30s %10s %10s\n' "big.txt" "$M_PC_BIG" "$M_RG_BIG"
verdict "one short draft under 30 MB ($M_PC_SHORT kB)" "$M_PC_SHORT" "<" 30000
verdict "folder: 10× the drafts, $(calc "$M_PC_FOLDER / $M_PC_FOLDER10")× the memory (flat: ≤ 1.25)" "$M_PC_FOLDER" "<=" "$M_PC_FOLDER10 * 1.25"

echo
echo "5. Doubling the phrase rules (--rules $DIR/extra-rules.toml; on big-tenth.txt)"
pair "$PC check --format json ${BIG[*]} $DIR/big-tenth.txt" "$PC check --format json ${BIG[*]} --rules $DIR/extra-rules.toml $DIR/big-tenth.txt"
R5=$(calc "$B_S / $A_S")
printf '  default rules %.3f s, doubled %.3f s\n' "$A_S" "$B_S"
verdict "doubled phrase rules take $R5× the time (target < 1.3)" "$R5" "<" 1.3

echo
echo "6. Scripts that pipe many drafts: --input jsonl ($COUNT lines, $(mb "$JSONL_BYTES") MB)"
if "$PC" check --help | grep -q -- '--input'; then
  pair "$PC check --input jsonl --fail-on never < $DIR/drafts.jsonl" "rg -i -F -f $WORDS $DIR/drafts.jsonl"
  printf '  postcheck %8.3f s  %8.0f drafts/s %7.1f MB/s\n' "$A_S" "$(calc "$COUNT / $A_S")" "$(calc "$JSONL_BYTES / 1e6 / $A_S")"
  printf '  ripgrep   %8.3f s  (the same file as one input)\n' "$B_S"
  R6=$(calc "$B_S / $A_S")
  printf '  speed ratio to ripgrep %s (drafts one by one, against one scan)\n' "$R6"
  M_J=$(peak_kb "$PC check --input jsonl --fail-on never < $DIR/drafts.jsonl")
  M_J10=$(peak_kb "$PC check --input jsonl --fail-on never < $DIR/drafts-tenth.jsonl")
  printf '  peak memory: %s kB for %s lines, %s kB for %s\n' "$M_J10" "$TENTH" "$M_J" "$COUNT"
  verdict "10× the lines, $(calc "$M_J / $M_J10")× the memory (flat: ≤ 1.25)" "$M_J" "<=" "$M_J10 * 1.25"
else
  echo "  (this build has no --input jsonl)"
fi

echo
if [ "$FAILS" -eq 0 ]; then echo "all targets met"; else echo "$FAILS target(s) not met"; exit 1; fi
