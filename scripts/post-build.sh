#!/usr/bin/env bash
# Trunk's post_build hook. Trunk runs the hooks of one stage at the same time, so the
# steps that need each other's output are chained here: the service worker's precache
# list first (of the files as built), then the compressed copies of every file, sw.js
# with its list included.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")"
node precache.mjs
node compress.mjs
