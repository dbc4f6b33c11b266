// Lighthouse on its mobile preset (a mid-range phone on a slow 4G connection, simulated)
// against the release build served by our own server, cold: a fresh browser profile, so
// nothing comes from a cache or a service worker. Prints the scores, the timings, and
// what the first load transfers, split by kind.
//
//   node run.mjs <samskab-server> <dist> <scratch dir>
import { spawn } from "node:child_process";
import { mkdirSync, rmSync } from "node:fs";
import { join } from "node:path";
import * as chromeLauncher from "chrome-launcher";
import lighthouse from "lighthouse";

const [server, dist, scratch] = process.argv.slice(2);
if (!scratch) throw new Error("usage: node run.mjs <samskab-server> <dist> <scratch dir>");
const port = 8290;
const data = join(scratch, "lighthouse-data");
rmSync(data, { recursive: true, force: true });
mkdirSync(data, { recursive: true });
const serving = spawn(server, ["--addr", `127.0.0.1:${port}`, "--dist", dist, "--data", data, "--log", "warn"], { stdio: "inherit" });
try {
  for (let i = 0; ; i++) {
    try {
      if ((await fetch(`http://127.0.0.1:${port}/healthz`)).ok) break;
    } catch {}
    if (i === 100) throw new Error("the server did not start");
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  const chrome = await chromeLauncher.launch({
    chromePath: process.env.CHROME_PATH ?? "/usr/bin/chromium",
    chromeFlags: ["--headless=new", "--no-sandbox", "--disable-gpu"],
  });
  let result;
  try {
    result = await lighthouse(`http://127.0.0.1:${port}/`, {
      port: chrome.port,
      output: "json",
      logLevel: "error",
      onlyCategories: ["performance", "accessibility", "best-practices", "seo"],
    });
  } finally {
    await chrome.kill();
  }
  const { categories, audits } = result.lhr;
  const score = (id) => Math.round((categories[id]?.score ?? 0) * 100);
  const ms = (id) => `${(audits[id].numericValue / 1000).toFixed(2)} s`;
  console.log(
    `lighthouse (mobile, cold): performance ${score("performance")}, accessibility ${score("accessibility")}, ` +
      `best practices ${score("best-practices")}, SEO ${score("seo")}`,
  );
  console.log(`  FCP ${ms("first-contentful-paint")}, LCP ${ms("largest-contentful-paint")}, TBT ${Math.round(audits["total-blocking-time"].numericValue)} ms, TTI ${ms("interactive")}`);
  // Which element the LCP is: the welcome's first paint from the page itself, or one the app drew.
  const lcpNode = audits["lcp-breakdown-insight"]?.details?.items?.find((item) => item.type === "node");
  if (lcpNode) console.log(`  LCP element: ${lcpNode.selector}`);
  // What the first visit fetched, as transferred (compressed), by kind.
  const kinds = { "main module": 0, JS: 0, CSS: 0, chunks: 0, "HTML and the rest": 0 };
  for (const request of audits["network-requests"].details.items) {
    // The page's own requests: not the service worker's precache, which comes after.
    if (request.sessionTargetType && request.sessionTargetType !== "page") continue;
    const path = new URL(request.url).pathname;
    const kind = /\/samskab-[0-9a-f]{16}_bg\.wasm$/.test(path)
      ? "main module"
      : /\/(split|chunk)_[^/]*\.wasm$/.test(path)
        ? "chunks"
        : path.endsWith(".js")
          ? "JS"
          : path.endsWith(".css")
            ? "CSS"
            : "HTML and the rest";
    kinds[kind] += request.transferSize ?? 0;
  }
  const kb = (n) => `${(n / 1024).toFixed(1)} KB`;
  const total = Object.values(kinds).reduce((a, b) => a + b, 0);
  console.log(`  first load transferred: ${kb(total)} (${Object.entries(kinds).map(([k, v]) => `${k} ${kb(v)}`).join(", ")})`);
  console.log(`  total byte weight (Lighthouse): ${kb(audits["total-byte-weight"].numericValue)}`);
} finally {
  serving.kill();
}
