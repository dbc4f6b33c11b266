#!/usr/bin/env bash
# Trunk's post_build hook. Trunk runs the hooks of one stage at the same time, so the
# steps that need each other's output are chained here:
# 1. wasm splitting: cargo's .wasm is split into the main module (a first visit's
#    welcome, `src/start.rs`) and a chunk per split function (the app, its heavy pages,
#    storing, sync, restore: `src/chunks.rs`) plus the chunks they share, bound by
#    wasm-bindgen over Trunk's own output, optimised, and each chunk named by its
#    content, so a tab of an older version never gets a chunk of a newer one;
# 2. index.html's start of the app, after the page's own first paint (first-paint.mjs);
# 3. the service worker's precache list, of every file (the chunks too);
# 4. the compressed copies of every file, sw.js with its list included.
# Needs on PATH: wasm-split-cli (wasm_split_cli_support), wasm-bindgen (the version in
# Cargo.lock), wasm-opt (npm's binaryen): scripts/dev installs them.
set -euo pipefail
trap 'echo "post-build.sh: failed at line $LINENO: $BASH_COMMAND" >&2' ERR
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
STAGE="${TRUNK_STAGING_DIR:?run this as a Trunk hook}"
PROFILE="${TRUNK_PROFILE:-debug}"
# Where cargo put the module Trunk built (a target dir set in a cargo config too).
TARGET="${CARGO_TARGET_DIR:-$(cd "$TRUNK_SOURCE_DIR" && cargo metadata --format-version 1 --no-deps |
  node -e 'let s = ""; process.stdin.on("data", (d) => (s += d)).on("end", () => console.log(JSON.parse(s).target_directory))')}"
INPUT="$TARGET/wasm32-unknown-unknown/$PROFILE/samskab.wasm"
MAIN="$(basename "$(ls "$STAGE"/samskab-*.js)" .js)"
WORK="$(mktemp -d)"
trap 'rm -rf "$WORK"' EXIT

wasm-split-cli "$INPUT" "$WORK/split" --out-name "$MAIN" >/dev/null
# A debug build keeps its debug info, as Trunk's own binding does.
keep_debug=""
[ "$PROFILE" = release ] || keep_debug="--keep-debug"
wasm-bindgen --target web --keep-lld-exports --no-demangle --no-typescript $keep_debug \
  --out-dir "$WORK/bound" --out-name "$MAIN" "$WORK/split/$MAIN.wasm"
cp "$WORK/bound/$MAIN.js" "$WORK/bound/${MAIN}_bg.wasm" "$STAGE/"
if [ -d "$WORK/bound/snippets" ]; then
  rm -rf "$STAGE/snippets"
  cp -r "$WORK/bound/snippets" "$STAGE/"
fi
for file in "$WORK"/split/*; do
  [ "$(basename "$file")" = "$MAIN.wasm" ] || cp "$file" "$STAGE/"
done

cd "$STAGE"
if [ "$PROFILE" = release ]; then
  for file in "${MAIN}_bg.wasm" split_*.wasm chunk_*.wasm; do
    [ -f "$file" ] || continue
    # (binaryen 132 warns about name subsections it does not read: noise.)
    wasm-opt -Oz --enable-bulk-memory --enable-nontrapping-float-to-int \
      --enable-reference-types "$file" -o "$file" 2> >(grep -v "unknown name subsection" >&2)
  done
fi
# Content-hashed names: only the loader's `import` of each chunk and the main module's
# import of the loader are rewritten (not the keys of the wasm imports object).
hash() { sha256sum "$1" | cut -c1-16; }
for file in split_*.wasm chunk_*.wasm; do
  [ -f "$file" ] || continue
  named="${file%.wasm}-$(hash "$file").wasm"
  mv "$file" "$named"
  sed -i "s#\./$file\"#./$named\"#" __wasm_split.js
done
loader="__wasm_split-$(hash __wasm_split.js).js"
mv __wasm_split.js "$loader"
sed -i "/^import /s#\./__wasm_split\.js#./$loader#" "$MAIN.js"
# Trunk named the main module by cargo's output, not by what this hook made of it: a new
# splitter or optimiser would ship new bytes under a name cached as immutable. Named
# again by the final main module and its JS (which names the loader, which names every
# chunk), in index.html, the JS's own default path and the loader's import; not the
# key of the wasm's import object in the JS (`"./$MAIN_bg.js"`), which is the wasm's.
final="samskab-$(cat "${MAIN}_bg.wasm" "$MAIN.js" | sha256sum | cut -c1-16)"
if [ "$final" != "$MAIN" ]; then
  mv "$MAIN.js" "$final.js"
  mv "${MAIN}_bg.wasm" "${final}_bg.wasm"
  sed -i "s#$MAIN\.js#$final.js#g; s#${MAIN}_bg\.wasm#${final}_bg.wasm#g" index.html
  sed -i "s#'${MAIN}_bg\.wasm'#'${final}_bg.wasm'#" "$final.js"
  sed -i "/^import /s#\./$MAIN\.js\"#./$final.js\"#" "$loader"
fi

node "$HERE/first-paint.mjs" "$final" "$loader"

node "$HERE/precache.mjs"
# Compressed copies are for what is served; a debug build is not worth the minutes.
[ "$PROFILE" = release ] && node "$HERE/compress.mjs"
true
