// Trunk post-build step (scripts/post-build.sh): writes the built files' (hashed) names and a version into sw.js.
import { createHash } from "node:crypto";
import { readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { join, relative, sep } from "node:path";

const dir = process.env.TRUNK_STAGING_DIR;
if (!dir) throw new Error("TRUNK_STAGING_DIR is not set: run this as a Trunk hook");

const files = [];
const walk = (d) => {
  for (const name of readdirSync(d)) {
    const path = join(d, name);
    if (statSync(path).isDirectory()) walk(path);
    else files.push(path);
  }
};
walk(dir);

const swPath = join(dir, "sw.js");
const hash = createHash("sha256");
const urls = [];
for (const path of files.sort()) {
  const url = "/" + relative(dir, path).split(sep).join("/");
  if (url === "/sw.js") continue;
  urls.push(url);
  hash.update(url).update(readFileSync(path));
}
const version = hash.digest("hex").slice(0, 16);
const template = readFileSync(swPath, "utf8");
if (!template.includes("__SAMSKAB_PRECACHE__")) throw new Error("sw.js has no precache placeholder");
writeFileSync(swPath, template.replace("__SAMSKAB_VERSION__", version).replace("__SAMSKAB_PRECACHE__", JSON.stringify(urls)));
console.log(`sw.js: version ${version}, ${urls.length} files precached`);
