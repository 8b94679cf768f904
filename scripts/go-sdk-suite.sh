#!/usr/bin/env bash
# Runs the official Alibaba Cloud OSS Go SDK's own test suite, unmodified, against the emulator.
#
# The SDK and its tests come from Debian (golang-github-aliyun-aliyun-oss-go-sdk-dev, SDK 1.5.0,
# gocheck tests in oss/*_test.go); `--install` installs them with apt-get. The package is copied
# to a temporary GOPATH (nothing under /usr/share is touched) with the two sample files its tests
# open but Debian does not ship, built in GOPATH mode, then run with the emulator in a network
# namespace of its own that has nothing but a loopback interface: a test that names another host
# (an STS server, a proxy) fails there instead of sending anything off the machine.
#
# Prints the pass/fail counts, the failures that are listed as out of scope in
# scripts/go-sdk-suite.known (with the reason) and any other failure. Exits 1 when a test fails
# that is not listed there, or a listed one now passes (so the list stays true).
#
# Usage: scripts/go-sdk-suite.sh [--install] [--keep] [gocheck filter regex, e.g. 'TestRestore']
# See docs/conformance.md.
set -euo pipefail
repo="$(cd "$(dirname "$0")/.." && pwd)"
# shellcheck source=suite-known.sh
source "$repo/scripts/suite-known.sh"
sdk_src=/usr/share/gocode/src/github.com/aliyun/aliyun-oss-go-sdk/oss
known="$repo/scripts/go-sdk-suite.known"
install=0 keep=0 filter=""
for arg in "$@"; do
  case "$arg" in
    --install) install=1 ;;
    --keep) keep=1 ;;
    -h|--help) sed -n '2,16p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) filter="$arg" ;;
  esac
done

packages=(golang-go golang-github-aliyun-aliyun-oss-go-sdk-dev golang-gopkg-check.v1-dev iproute2)
if [ "$install" = 1 ]; then
  sudo=""; [ "$(id -u)" -eq 0 ] || sudo="sudo"
  $sudo apt-get install -y "${packages[@]}"
fi
if ! command -v go >/dev/null || [ ! -d "$sdk_src" ] || [ ! -d /usr/share/gocode/src/gopkg.in/check.v1 ]; then
  echo "missing the Go SDK test suite: apt-get install -y ${packages[*]} (or pass --install)" >&2
  exit 2
fi
if [ ! -f "$repo/apps/emulator/dist/main.js" ]; then
  echo "the emulator is not built: run pnpm build first" >&2
  exit 2
fi

# Everything the test run writes lives here; it must be writable by the unprivileged user below.
work="$(mktemp -d /tmp/ossbox-go-sdk.XXXXXX)"
chmod 755 "$work"
trap '[ "$keep" = 1 ] && echo "kept $work" || rm -rf "$work"' EXIT
pkg="$work/gopath/src/github.com/aliyun/aliyun-oss-go-sdk"
mkdir -p "$pkg/sample"
cp -r "$sdk_src" "$pkg/oss"
# The tests split this file into parts of exactly 120512 and 96409 bytes (utils_test.go), so its
# size is fixed at 482048; the content only has to be the same on every run.
node -e '
  const { createHash } = require("node:crypto");
  const out = []; let block = Buffer.from("ossbox go sdk sample");
  for (let n = 0; n < 482048; n += block.length) { block = createHash("sha256").update(block).digest(); out.push(block); }
  process.stdout.write(Buffer.concat(out).subarray(0, 482048));
' > "$pkg/sample/BingWallpaper-2015-11-07.jpg"
{
  echo '<!DOCTYPE html><html><head><title>The Go Programming Language</title></head><body>'
  for i in $(seq 1 400); do echo "<p>Line $i of a page the progress tests upload.</p>"; done
  echo '</body></html>'
} > "$pkg/sample/The Go Programming Language.html"
# TestUploadRoutineWithRecovery checks the length of the file's mtime as Go prints it, which has
# no fraction only for whole seconds (as on the file systems the SDK's authors ran it on).
touch -d '2015-11-07 00:00:00' "$pkg/sample/"*

echo "building the Go SDK 1.5.0 tests ($sdk_src) ..."
(cd "$pkg/oss" && GO111MODULE=off GOPATH="$work/gopath:/usr/share/gocode" go test -c -o "$work/oss.test" .)

# The run itself: emulator and tests share a fresh network namespace with only loopback. The
# emulator listens on port 80 there, because TestEndpointFormat appends ":80" to the endpoint.
cat > "$work/run-inside.sh" <<'EOF'
#!/usr/bin/env bash
set -u
ip link set lo up
cd "$WORK/gopath/src/github.com/aliyun/aliyun-oss-go-sdk/oss"
node "$REPO/apps/emulator/dist/main.js" --port 80 --location "$WORK/data" --debug >"$WORK/emulator.log" 2>&1 &
emulator=$!
for _ in $(seq 1 150); do
  node -e 'fetch("http://127.0.0.1:80/_ossbox/health").then(r => process.exit(r.ok ? 0 : 1), () => process.exit(1))' && break
  sleep 0.2
done
export OSS_TEST_ENDPOINT=127.0.0.1 OSS_TEST_ACCESS_KEY_ID=ossbox OSS_TEST_ACCESS_KEY_SECRET=ossbox-secret
args=(-check.v)
[ -n "$FILTER" ] && args+=(-check.f "$FILTER")
"$WORK/oss.test" "${args[@]}" >"$WORK/out.txt" 2>&1
kill "$emulator"
wait "$emulator" 2>/dev/null
exit 0
EOF
chmod -R a+rX "$work"
chmod -R a+w "$work/gopath/src/github.com/aliyun/aliyun-oss-go-sdk"
chmod a+w "$work"
chmod 755 "$work/run-inside.sh"

# As root, run as nobody: some negative tests expect writing to /root to fail.
as_user=()
if [ "$(id -u)" -eq 0 ]; then as_user=(runuser -u nobody --); fi
if ! "${as_user[@]}" unshare -rn true 2>/dev/null; then
  echo "cannot create a network namespace (unshare -rn): the suite is only run isolated from the network" >&2
  exit 2
fi
echo "running the suite (about 4 minutes: the tests sleep 5 s in many places) ..."
start=$(date +%s)
"${as_user[@]}" env WORK="$work" REPO="$repo" FILTER="$filter" PATH="$PATH" HOME="$work" \
  unshare -rn "$work/run-inside.sh"
elapsed=$(( $(date +%s) - start ))

out="$work/out.txt"
summary=$(grep -E '^(OK|OOPS): ' "$out" || true)
mapfile -t failed < <(grep -E '^(FAIL|PANIC|MISS): ' "$out" | sed -E 's/^[A-Z]+: [^ ]+ //' | sort -u)
passed=$(grep -cE '^PASS: ' "$out" || true)
gocheck_passing() { grep -qE "^PASS: [^ ]+ ${1}\b" "$out"; }
gocheck_details() { awk '/^(FAIL|PANIC|MISS): /{p=1} /^(PASS|SKIP): /{p=0} p' "$out" | head -200; }
echo
echo "Go SDK 1.5.0 suite against the emulator: ${summary:-no summary line (see $out)} in ${elapsed}s"
report_against_known "$known" gocheck_passing gocheck_details "${failed[@]}"
