// Trunk post-build step (scripts/post-build.sh): index.html starts the app after the first
// paint. A first visit's welcome is painted from the page itself (index.html), so the
// main module, its JS and the split loader are fetched right after that paint, not
// beside it; on a device that shows no first paint (it holds data, an invite's link) at
// once. Once started, it says so ("samskab-started": the service worker registers then);
// a start that fails shows index.html's "Genindlæs". Replaces Trunk's module script and
// its preload links.
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
const failed = () => document.querySelector("[data-testid=start-failed]").hidden = false;
try {
  await new Promise((resolve) => {
    // (A hidden tab paints no frames: nothing to wait for.)
    if (document.documentElement.classList.contains("no-first-paint") || document.visibilityState !== "visible") return resolve();
    requestAnimationFrame(() => setTimeout(resolve));
    setTimeout(resolve, 100);
  });
  const wasm = fetch("/${main}_bg.wasm");
  wasm.catch(() => {}); // (the start below fails with it)
  const [bindings] = await Promise.all([import("/${main}.js"), import("/${loader}")]);
  window.wasmBindings = bindings;
  await bindings.default({ module_or_path: wasm });
  dispatchEvent(new Event("samskab-started"));
  // The app takes the first paint off the page as it starts, within about a second
  // (src/start.rs): one still there has not started.
  setTimeout(() => document.getElementById("first-paint") && failed(), 5000);
} catch (error) {
  failed();
  console.error(error);
}
</script>`;
html = html.replace(trunkScript, () => start);

const preloads = html.match(/<link rel="(?:module)?preload" [^>]*>/g) ?? [];
if (preloads.length !== 2) throw new Error(`index.html has ${preloads.length} preload links, not Trunk's 2`);
for (const link of preloads) html = html.replace(link, "");
writeFileSync(path, html);
