#!/usr/bin/env bash
# Installs the system packages the project needs on Debian: Fashion-MNIST (IDX files under
# /usr/share/datasets/fashion-mnist). Java 17 and Maven are assumed; Maven fetches the rest.
set -euo pipefail
need=()
[ -f /usr/share/datasets/fashion-mnist/train-images-idx3-ubyte.gz ] || need+=(dataset-fashion-mnist)
if [ ${#need[@]} -gt 0 ]; then
  sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${need[@]}"
fi
echo "setup: system packages present" >&2
