#!/bin/sh
# Times `bulletin deploy` of the benchmark site (10,000 notices, 2,000 units) to a local
# s3s-fs (the server of tests/deploy.rs) on 127.0.0.1: the first deploy, a redeploy with
# no change, and a redeploy after editing the body of one notice. Prints, for each, the
# seconds, the files uploaded and the bytes sent (bulletin's own summary lines).
#
# Usage: bench/deploy.sh
# Settings: BENCH_PAGES (default 10000), BENCH_WORK (scratch, default
# /dev/shm/bulletin-deploy-bench, removed first), BENCH_NOW (default 2026-01-01),
# BULLETIN_BIN (default: cargo build --release), S3S_FS (default: s3s-fs on the PATH or in
# ~/.cargo/bin; `cargo install s3s-fs --version 0.14.1 --features binary --locked`).
#
# s3s-fs lists no ETags, so every deploy after the first asks each existing object for its
# metadata with HEAD (`-v` prints how many); stores that list ETags (AWS S3, OSS, COS, OBS)
# need no HEAD for unchanged files.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
root=$(dirname "$here")
pages=${BENCH_PAGES:-10000}
work=${BENCH_WORK:-/dev/shm/bulletin-deploy-bench}
now=${BENCH_NOW:-2026-01-01}
bin=${BULLETIN_BIN:-}
if [ -z "$bin" ]; then
  cargo build --release --locked --manifest-path "$root/Cargo.toml" >&2
  bin=$root/target/release/bulletin
fi
s3s=${S3S_FS:-$(command -v s3s-fs || echo "$HOME/.cargo/bin/s3s-fs")}
[ -x "$s3s" ] || { echo "no s3s-fs (see the header of $0)" >&2; exit 1; }

rm -rf "$work"
mkdir -p "$work/s3/site"
python3 "$root/../shared/bench/gen_corpus.py" --pages "$pages" --units 2000 \
  --seed bulletin-bench-1 --out "$work/corpus" --clean >/dev/null
python3 "$here/adapt.py" "$work/corpus" --out "$work/site" >/dev/null
site=$work/site

port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
"$s3s" --host 127.0.0.1 --port "$port" --access-key bench --secret-key bench-secret \
  "$work/s3" >/dev/null 2>&1 &
server=$!
trap 'kill "$server" 2>/dev/null || true' EXIT INT TERM
python3 - "$port" <<'EOF'
import socket, sys, time
for _ in range(200):
    try:
        socket.create_connection(("127.0.0.1", int(sys.argv[1])), 0.1).close()
        sys.exit(0)
    except OSError:
        time.sleep(0.05)
sys.exit("s3s-fs did not start")
EOF
cat >> "$site/data/site.yaml" <<EOF
deploy:
  targets:
    - { name: bench, endpoint: "http://127.0.0.1:$port", bucket: site, path_style: true }
EOF
export AWS_ACCESS_KEY_ID=bench AWS_SECRET_ACCESS_KEY=bench-secret

# Runs one deploy; prints its label, wall seconds and bulletin's summary lines.
deploy() {
  label=$1
  start=$(date +%s.%N)
  "$bin" --root "$site" -v deploy --max-deletes 100000 >"$work/out.txt" 2>"$work/err.txt"
  end=$(date +%s.%N)
  uploads=$(grep -c '^upload ' "$work/out.txt" || true)
  printf '%-22s %6.2f s  %s uploads  | %s | %s\n' "$label" \
    "$(awk "BEGIN { print $end - $start }")" "$uploads" \
    "$(grep -E 'to upload|No changes' "$work/out.txt")" \
    "$(grep 'HEAD' "$work/err.txt")"
}

"$bin" --root "$site" -q build --now "$now"
echo "$(find "$site/public" -type f | wc -l) files, $(du -sh "$site/public" | cut -f1) in public/"
deploy "first deploy"
deploy "no change"
notice=$(find "$site/content/notices" -name 'n*.md' | sort | head -n 1)
printf '\n本通知内容已于发布后更新。\n' >> "$notice"
"$bin" --root "$site" -q build --now "$now"
deploy "one notice edited"
grep '^upload ' "$work/out.txt"
