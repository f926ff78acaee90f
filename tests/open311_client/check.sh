#!/usr/bin/env bash
# Interoperability check: two Open311 GeoReport v2 client libraries from
# PyPI, written elsewhere, talk to this server.
#
#   - georeport 0.3.1 (Python 3; reads only: services, definitions,
#     requests, one request), in JSON and in XML;
#   - open311 1.1 (Python 2.7; also posts requests and reads tokens), in
#     JSON and in XML. Skipped, and said so, where no Python 2.7 exists.
#
# The server is the release binary (HOTLINE_BIN to use another build) on a
# fresh SQLite database in a temporary folder, with the demo bureau seeded
# and an Open311 key issued by `hotline clients add open311`.
#
#   bash tests/open311_client/check.sh
set -euo pipefail

here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
bin="${HOTLINE_BIN:-${CARGO_TARGET_DIR:-$root/target}/release/hotline}"
if [[ ! -x "$bin" ]]; then
    (cd "$root" && cargo build --release --bin hotline)
fi

work="$(mktemp -d)"
server_pid=""
cleanup() {
    if [[ -n "$server_pid" ]]; then kill "$server_pid" 2>/dev/null || true; fi
    rm -rf "$work"
}
trap cleanup EXIT

port="${OPEN311_CHECK_PORT:-18311}"
export DATABASE_URL="sqlite://$work/x.db"
export DATA_KEY="$(python3 -c 'import base64, os; print(base64.b64encode(os.urandom(32)).decode())')"
export SEED_DEMO=1 SECURE_COOKIES=0 SWEEP_INTERVAL_SECONDS=0 BIND="127.0.0.1:$port" LOG=warn
export OPEN311_JURISDICTION_ID="sh.12333.gov.cn"

key="$("$bin" clients add open311 "interop check" | sed -n 's/^key //p')"
[[ -n "$key" ]] || { echo "no key was issued" >&2; exit 1; }

"$bin" >"$work/server.log" 2>&1 &
server_pid=$!
for _ in $(seq 1 100); do
    curl -fsS "http://127.0.0.1:$port/healthz" >/dev/null 2>&1 && break
    sleep 0.2
done
curl -fsS "http://127.0.0.1:$port/healthz" >/dev/null || { cat "$work/server.log" >&2; exit 1; }

endpoint="http://127.0.0.1:$port/open311/v2"
export OPEN311_ENDPOINT="$endpoint" OPEN311_KEY="$key"

echo "== open311 1.1 (Python 2.7): post, token, read back"
py2=""
pyenv_27="$( (pyenv versions --bare 2>/dev/null || true) | grep '^2\.7' | tail -1 || true)"
if [[ -n "$pyenv_27" ]]; then
    py2="env PYENV_VERSION=$pyenv_27 python"
elif python2.7 --version >/dev/null 2>&1; then
    py2="python2.7"
fi
if [[ -n "$py2" ]]; then
    $py2 -m pip install -q --disable-pip-version-check --target "$work/py2" open311==1.1 2>/dev/null
    PYTHONPATH="$work/py2" $py2 "$here/post_py2.py" | tee "$work/filed.txt"
    export OPEN311_FILED="$(tail -1 "$work/filed.txt")"
else
    echo "SKIPPED: no Python 2.7 here, which open311 1.1 needs; filing with curl instead"
    export OPEN311_FILED=""
fi

echo "== georeport 0.3.1 (Python 3): services, definition, requests"
python3 -m venv "$work/venv"
"$work/venv/bin/pip" install -q --disable-pip-version-check georeport==0.3.1
"$work/venv/bin/python" "$here/read_py3.py"

echo "OK: both libraries worked against $endpoint"
