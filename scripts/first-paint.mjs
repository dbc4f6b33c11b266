// Trunk post-build step (scripts/post-build.sh): index.html starts the app after the first
// paint. A first visit's welcome is painted from the page itself (index.html), so the
// main module, its JS and the split loader are fetched right after that paint, not
// beside it; on a device that shows no first paint (it holds data, an invite's link) at
// once. Replaces Trunk's module script and its preload links.
//
//   node first-paint.mjs <main name> <loader file>
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";

const dir = process.env.TRUNK_STAGING_DIR;
const [main, loader] = process.argv.slice(2);
if (!dir || !loader) throw new Error("usage (as a Trunk hook): node first-paint.mjs <main name> <loader file>");
const path = join(dir, "index.html");
let html = readFileSync(path, "utf8");

const trunkScript = /<script type="module">\s*import init, \* as bindings from '[^']+';[\s\S]*?<\/script>/;
if (!trunkScript.test(html)) throw new Error("index.html has no module script of Trunk's to replace");
const start = `<script type="module">
const painted = document.documentElement.classList.contains("no-first-paint")
  ? Promise.resolve()
  : new Promise((resolve) => {
      requestAnimationFrame(() => setTimeout(resolve));
      setTimeout(resolve, 100); // (no frames in a hidden tab)
    });
await painted;
const wasm = fetch("/${main}_bg.wasm");
const [bindings] = await Promise.all([import("/${main}.js"), import("/${loader}")]);
window.wasmBindings = bindings;
await bindings.default({ module_or_path: wasm });
</script>`;
html = html.replace(trunkScript, () => start);

const preloads = html.match(/<link rel="(?:module)?preload" [^>]*>/g) ?? [];
if (preloads.length !== 2) throw new Error(`index.html has ${preloads.length} preload links, not Trunk's 2`);
for (const link of preloads) html = html.replace(link, "");
writeFileSync(path, html);
