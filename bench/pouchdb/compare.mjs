// The sync benchmark's other half (run by `scripts/dev bench` after sync_bench): the same
// 10,000 operations as documents, replicated by PouchDB (leveldb) into pouchdb-server
// (leveldb) on loopback, printed side by side with our server's push and pull.
//
//   node compare.mjs <dir with ops.json and sync.json from sync_bench>

import { spawn } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { join } from "node:path";

const require = createRequire(import.meta.url);
const PouchDB = require("pouchdb-node");

const dir = process.argv[2];
const ops = JSON.parse(readFileSync(join(dir, "ops.json"), "utf8"));
const ours = JSON.parse(readFileSync(join(dir, "sync.json"), "utf8"));
const PORT = 5991;
const scratch = mkdtempSync(join(tmpdir(), "samskab-pouch-"));

const server = spawn(
  require.resolve("pouchdb-server/bin/pouchdb-server"),
  ["--port", String(PORT), "--dir", join(scratch, "server"), "--no-stdout-logs"],
  // It writes a log.txt into its working directory whatever it is told: keep it in scratch.
  { stdio: "ignore", cwd: scratch },
);
try {
  const remoteUrl = `http://127.0.0.1:${PORT}/bench`;
  for (let i = 0; ; i++) {
    try {
      if ((await fetch(`http://127.0.0.1:${PORT}/`)).ok) break;
    } catch {}
    if (i > 200) throw new Error("pouchdb-server did not start");
    await new Promise((r) => setTimeout(r, 50));
  }
  // The device's side already holds the operations, as our outbox does.
  const device = new PouchDB(join(scratch, "device"));
  await device.bulkDocs(ops.map((op) => ({ _id: op.stamp, ...op })));

  let started = performance.now();
  const pushed = await device.replicate.to(remoteUrl, { batch_size: 1000 });
  const push = performance.now() - started;
  if (pushed.docs_written !== ops.length) throw new Error(`pushed ${pushed.docs_written}`);

  const fresh = new PouchDB(join(scratch, "fresh"));
  started = performance.now();
  const pulled = await fresh.replicate.from(remoteUrl, { batch_size: 1000 });
  const pull = performance.now() - started;
  if (pulled.docs_written !== ops.length) throw new Error(`pulled ${pulled.docs_written}`);

  const row = (what, a, b) =>
    console.log(
      `bench: ${what.padEnd(38)} ${`${a.toFixed(0)} ms`.padStart(9)} ${`${b.toFixed(0)} ms`.padStart(10)} ${`${(b / a).toFixed(1)}x`.padStart(7)}`,
    );
  console.log(`bench: ${"10,000 operations on loopback".padEnd(38)} ${"Samskab".padStart(9)} ${"PouchDB".padStart(10)} ${"ratio".padStart(7)}`);
  row("push (device -> server)", ours.push_ms, push);
  row("pull (server -> fresh device)", ours.pull_ms, pull);
  console.log("bench: goal: ours at least 3x faster. Both servers store durably (SQLite with fsync; leveldb);");
  console.log("bench: PouchDB's pull also writes the fresh device's leveldb, ours only parses (IndexedDB is timed in the browser)");
  await device.close();
  await fresh.close();
} finally {
  server.kill();
  rmSync(scratch, { recursive: true, force: true });
}
