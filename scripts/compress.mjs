// Trunk post-build step: writes a brotli (highest quality) and a gzip copy next to every
// text or wasm file of the build, for the server to send to a browser that accepts one.
// A copy that would not be smaller is not written.
import { readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { extname, join } from "node:path";
import { brotliCompressSync, constants, gzipSync } from "node:zlib";

const dir = process.env.TRUNK_STAGING_DIR;
if (!dir) throw new Error("TRUNK_STAGING_DIR is not set: run this as a Trunk hook");

const COMPRESSED = new Set([".wasm", ".js", ".css", ".html", ".json", ".svg", ".webmanifest"]);
const files = [];
const walk = (d) => {
  for (const name of readdirSync(d)) {
    const path = join(d, name);
    if (statSync(path).isDirectory()) walk(path);
    else if (COMPRESSED.has(extname(name))) files.push(path);
  }
};
walk(dir);

let [plain, br, gz] = [0, 0, 0];
for (const path of files) {
  const data = readFileSync(path);
  const brotli = brotliCompressSync(data, {
    params: {
      [constants.BROTLI_PARAM_QUALITY]: constants.BROTLI_MAX_QUALITY,
      [constants.BROTLI_PARAM_LGWIN]: constants.BROTLI_MAX_WINDOW_BITS,
      [constants.BROTLI_PARAM_MODE]: extname(path) === ".wasm" ? constants.BROTLI_MODE_GENERIC : constants.BROTLI_MODE_TEXT,
      [constants.BROTLI_PARAM_SIZE_HINT]: data.length,
    },
  });
  const gzip = gzipSync(data, { level: 9 });
  if (brotli.length < data.length) writeFileSync(`${path}.br`, brotli);
  if (gzip.length < data.length) writeFileSync(`${path}.gz`, gzip);
  plain += data.length;
  br += Math.min(brotli.length, data.length);
  gz += Math.min(gzip.length, data.length);
}
const kb = (n) => `${Math.round(n / 1024)} KB`;
console.log(`compressed ${files.length} files: ${kb(plain)} -> brotli ${kb(br)}, gzip ${kb(gz)}`);
