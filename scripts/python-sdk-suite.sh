#!/usr/bin/env bash
# Runs the official Alibaba Cloud OSS Python SDK's (oss2) own live test suite, unmodified, against
# the emulator.
#
# The SDK is not packaged by Debian and not reachable offline, so the caller passes a checkout of
# aliyun/aliyun-oss-python-sdk (a directory holding oss2/ and tests/). Nothing in it is changed:
# the run works on a copy. Debian provides requests, crcmod, pycryptodome, six, mock and pytest
# (`--install` runs apt-get for them). Three stand-ins are put on PYTHONPATH, outside the SDK:
# import-only aliyunsdkcore / aliyunsdkkms (oss2.crypto imports them; only the KMS crypto provider
# would call them, and that needs Alibaba Cloud KMS), `Crypto` as Debian's `Cryptodome`, and a
# pytest plugin that sets oss2.defaults.max_part_count / min_part_size when the checkout's
# defaults.py lacks them (see docs/conformance.md).
#
# The emulator and the tests run together in a network namespace with only loopback
# (unshare -rn), so test_request_error's random host name fails without a DNS query leaving
# the machine. Prints pass/fail counts, the failures listed as out of scope in
# scripts/python-sdk-suite.known (with the reason) and any other failure; exits 1 when a test
# fails that is not listed, or a listed one passes.
#
# Usage: scripts/python-sdk-suite.sh [--install] [--keep] <oss2 checkout> [test file ...]
#        (default test files: tests/test_object.py tests/test_multipart.py tests/test_upload.py)
# See docs/conformance.md.
set -euo pipefail
repo="$(cd "$(dirname "$0")/.." && pwd)"
# shellcheck source=suite-known.sh
source "$repo/scripts/suite-known.sh"
known="$repo/scripts/python-sdk-suite.known"
install=0 keep=0 checkout="" files=()
for arg in "$@"; do
  case "$arg" in
    --install) install=1 ;;
    --keep) keep=1 ;;
    -h|--help) sed -n '2,24p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) if [ -z "$checkout" ]; then checkout="$arg"; else files+=("$arg"); fi ;;
  esac
done
[ ${#files[@]} -gt 0 ] || files=(tests/test_object.py tests/test_multipart.py tests/test_upload.py)

packages=(python3 python3-requests python3-crcmod python3-pycryptodome python3-six python3-mock python3-pytest iproute2)
if [ "$install" = 1 ]; then
  sudo=""; [ "$(id -u)" -eq 0 ] || sudo="sudo"
  $sudo apt-get install -y "${packages[@]}"
fi
py=/usr/bin/python3
if ! "$py" -c 'import requests, crcmod, Cryptodome, six, mock, pytest' 2>/dev/null; then
  echo "missing Python packages: apt-get install -y ${packages[*]} (or pass --install)" >&2
  exit 2
fi
if [ -z "$checkout" ] || [ ! -f "$checkout/oss2/__init__.py" ] || [ ! -f "$checkout/tests/common.py" ]; then
  echo "usage: $0 [--install] [--keep] <checkout of aliyun/aliyun-oss-python-sdk with oss2/ and tests/> [test file ...]" >&2
  exit 2
fi
if [ ! -f "$repo/apps/emulator/dist/main.js" ]; then
  echo "the emulator is not built: run pnpm build first" >&2
  exit 2
fi

work="$(mktemp -d /tmp/ossbox-python-sdk.XXXXXX)"
chmod 755 "$work"
trap '[ "$keep" = 1 ] && echo "kept $work" || rm -rf "$work"' EXIT
mkdir -p "$work/sdk" "$work/shim" "$work/home"
cp -r "$checkout/oss2" "$checkout/tests" "$work/sdk/"
# test_object.py uploads tests/example.jpg (a sample photo the repository keeps as a binary file)
# and resizes it with x-oss-process; a checkout without it gets a 400x300 JPEG made with sharp
# (the emulator's image library).
if [ ! -f "$work/sdk/tests/example.jpg" ]; then
  node -e '
    const sharp = require("node:module").createRequire(process.argv[1] + "/package.json")("sharp");
    sharp({ create: { width: 400, height: 300, channels: 3, background: { r: 40, g: 120, b: 200 } } })
      .jpeg().toBuffer().then((jpeg) => process.stdout.write(jpeg));
  ' "$repo/apps/emulator" > "$work/sdk/tests/example.jpg"
fi

# Stand-ins, outside the SDK tree.
shim="$work/shim"
mkdir -p "$shim/aliyunsdkcore/acs_exception" "$shim/aliyunsdkcore/auth" "$shim/aliyunsdkkms/request/v20160120"
touch "$shim/aliyunsdkcore/__init__.py" "$shim/aliyunsdkcore/acs_exception/__init__.py" "$shim/aliyunsdkcore/auth/__init__.py" \
  "$shim/aliyunsdkkms/__init__.py" "$shim/aliyunsdkkms/request/__init__.py" "$shim/aliyunsdkkms/request/v20160120/__init__.py"
cat > "$shim/aliyunsdkcore/client.py" <<'PY'
class AcsClient(object):
    def __init__(self, *args, **kwargs):
        pass

    def do_action_with_exception(self, request):
        raise RuntimeError('stand-in aliyunsdkcore: KMS requests need Alibaba Cloud KMS')
PY
printf 'class ServerException(Exception):\n    pass\n\n\nclass ClientException(Exception):\n    pass\n' > "$shim/aliyunsdkcore/acs_exception/exceptions.py"
printf "class format_type(object):\n    JSON = 'JSON'\n\n\nclass method_type(object):\n    POST = 'POST'\n" > "$shim/aliyunsdkcore/http.py"
printf 'class StsTokenCredential(object):\n    def __init__(self, *args, **kwargs):\n        pass\n' > "$shim/aliyunsdkcore/auth/credentials.py"
for m in GenerateDataKeyRequest DecryptRequest EncryptRequest; do
  printf 'class %s(object):\n    def __init__(self, *args, **kwargs):\n        raise RuntimeError("stand-in aliyunsdkkms")\n' "$m" > "$shim/aliyunsdkkms/request/v20160120/$m.py"
done
ln -s "$("$py" -c 'import Cryptodome, os; print(os.path.dirname(Cryptodome.__file__))')" "$shim/Crypto"
cat > "$shim/ossbox_oss2_defaults.py" <<'PY'
# pytest plugin (-p): OSS's multipart limits, for a checkout whose oss2/defaults.py predates them.
import oss2.defaults

if not hasattr(oss2.defaults, 'max_part_count'):
    oss2.defaults.max_part_count = 10000
if not hasattr(oss2.defaults, 'min_part_size'):
    oss2.defaults.min_part_size = 100 * 1024
PY

cat > "$work/run-inside.sh" <<'INNER'
#!/usr/bin/env bash
set -u
ip link set lo up
node "$REPO/apps/emulator/dist/main.js" --port 9000 --location "$WORK/data" >"$WORK/emulator.log" 2>&1 &
emulator=$!
for _ in $(seq 1 150); do
  node -e 'fetch("http://127.0.0.1:9000/_ossbox/health").then(r => process.exit(r.ok ? 0 : 1), () => process.exit(1))' && break
  sleep 0.2
done
cd "$WORK/sdk"
export HOME="$WORK/home" PYTHONPATH="$WORK/sdk:$WORK/shim"
export OSS_TEST_ENDPOINT=http://127.0.0.1:9000 OSS_TEST_ACCESS_KEY_ID=ossbox OSS_TEST_ACCESS_KEY_SECRET=ossbox-secret
export OSS_TEST_BUCKET=pysdk OSS_TEST_REGION=cn-hangzhou
# shellcheck disable=SC2086
/usr/bin/python3 -m pytest -p no:cacheprovider -p ossbox_oss2_defaults -q -rA --tb=short -W ignore $DESELECT $FILES >"$WORK/out.txt" 2>&1
kill "$emulator"
wait "$emulator" 2>/dev/null
exit 0
INNER
chmod -R a+rwX "$work"
chmod 755 "$work/run-inside.sh"
as_user=()
if [ "$(id -u)" -eq 0 ]; then as_user=(runuser -u nobody --); fi
if ! "${as_user[@]}" unshare -rn true 2>/dev/null; then
  echo "cannot create a network namespace (unshare -rn): the suite is only run isolated from the network" >&2
  exit 2
fi
# Not run: test_timeout / test_default_timeout expect a request to take more than 1 ms, which a
# loopback server often beats; when it does, test_default_timeout also leaves
# oss2.defaults.connect_timeout at 1 ms and every later test in the process times out.
deselect=""
for name in TestObject::test_timeout TestObject::test_default_timeout TestSign::test_timeout TestSign::test_default_timeout; do
  deselect+=" --deselect tests/test_object.py::$name"
done
echo "running ${files[*]} from $checkout ..."
start=$(date +%s)
"${as_user[@]}" env WORK="$work" REPO="$repo" FILES="${files[*]}" DESELECT="$deselect" PATH="$PATH" unshare -rn "$work/run-inside.sh"
elapsed=$(( $(date +%s) - start ))

out="$work/out.txt"
# pytest -q ends with e.g. "3 failed, 109 passed, 4 deselected in 35.06s"; -rA lists every test
# as "PASSED <node id>" / "FAILED <node id> - <message>" / "ERROR <node id> - ..." (log lines
# such as "ERROR    oss2.api:..." have no "::").
summary=$(grep -E '^(=+ )?[0-9]+ (passed|failed|error|errors|deselected)[ ,].* in [0-9.]+s' "$out" | tail -1 | sed -E 's/^=+ | =+$//g' || true)
mapfile -t failed < <(grep -E '^(FAILED|ERROR) [^ ]+::' "$out" | sed -E 's/^(FAILED|ERROR) ([^ ]+).*/\2/' | sort -u)
passed=$(grep -cE '^PASSED [^ ]+::' "$out" || true)
pytest_passing() { grep -qxF "PASSED $1" "$out"; }
pytest_details() { awk '/^=+ FAILURES =+$/{p=1} /^=+ short test summary/{p=0} p' "$out" | grep -vE '^(DEBUG|INFO) ' | head -300; }
echo
echo "oss2 suite against the emulator: ${summary:-no summary line (see $out)} in ${elapsed}s"
report_against_known "$known" pytest_passing pytest_details "${failed[@]}"
