#!/usr/bin/env bash
# Installs the Debian packages a job needs, if any is missing.  Usage: deps.sh test|bench|all
set -euo pipefail
core="g++ cmake make libxsimd-dev catch2 libmpfr-dev"
bench="libbenchmark-dev libeigen3-dev libdnnl-dev libxnnpack-dev libsleef-dev python3"
extra="clang libclang-rt-14-dev pkg-config"
case "${1:-test}" in
  test) want="$core" ;;
  bench) want="$core $bench" ;;
  all) want="$core $bench $extra" ;;
  *) echo "usage: $0 test|bench|all" >&2; exit 2 ;;
esac
missing=()
for p in $want; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && exit 0
echo "actmath: installing ${missing[*]}"
sudo=""
[ "$(id -u)" -eq 0 ] || sudo="sudo"
$sudo apt-get update -qq
DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${missing[@]}" >/dev/null
