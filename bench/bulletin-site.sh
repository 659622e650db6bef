#!/bin/sh
# Builds one benchmark site with bulletin, adapting the corpus first if needed.
#
# Usage: bench/bulletin-site.sh BULLETIN_BINARY SITE_DIR [build options...]
#
# The shared run.sh copies the raw (Hugo/Zola-style) corpus into SITE_DIR and then hands
# this command straight to hyperfine, so there is no hook to adapt the corpus outside the
# timed command. The adaptation therefore happens here, once per site: the first
# invocation (hyperfine's untimed warm-up run; bench/run.sh insists on BENCH_WARMUP >= 1)
# runs bench/adapt.py and leaves SITE_DIR/.bench-adapted; every later invocation (the
# timed runs and the peak-RSS run) finds the marker and only does `exec bulletin build`.
# The timed region thus holds bulletin plus one `sh` start and a `test -e` (about 1 ms).
# `exec` makes bulletin replace this shell, so /usr/bin/time's peak RSS is bulletin's.
set -eu
bin=$1
site=$2
shift 2
if [ ! -e "$site/.bench-adapted" ]; then
  python3 "$(dirname "$0")/adapt.py" "$site" >&2
  : > "$site/.bench-adapted"
fi
exec "$bin" build --root "$site" "$@"
