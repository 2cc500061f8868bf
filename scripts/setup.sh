#!/usr/bin/env bash
# Installs the system packages the project needs on Debian: Fashion-MNIST (IDX files under
# /usr/share/datasets/fashion-mnist), Chromium for the explorer's browser tests (driven by Playwright),
# Node.js for the test that runs the JavaScript client (clients/js), and jq, which the walkthrough
# docs/first-hour.md uses to pick fields out of JSON answers, and curl, with which docs/operators.md
# reads a node's health and metrics, and iproute2, whose ip makes the network namespaces of the
# multi-host test (-Pnetns). Java 17 and Maven are assumed; Maven fetches the rest.
set -euo pipefail
need=()
[ -f /usr/share/datasets/fashion-mnist/train-images-idx3-ubyte.gz ] || need+=(dataset-fashion-mnist)
[ -x /usr/bin/chromium ] || need+=(chromium)
[ -x /usr/bin/node ] || need+=(nodejs)
[ -x /usr/bin/jq ] || need+=(jq)
[ -x /usr/bin/curl ] || need+=(curl)
command -v ip >/dev/null || need+=(iproute2)
if [ ${#need[@]} -gt 0 ]; then
  sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${need[@]}"
fi
echo "setup: system packages present" >&2
