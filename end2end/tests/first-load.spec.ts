import { expect, test } from "@playwright/test";
import { App } from "../fixtures";

// (The service worker's own script is fetched outside the page, so it is not seen here; the
// server tests serve it in each encoding.)
test("a first visit gets the app compressed, and every file decodes", async ({ page }) => {
  const encodings = new Map<string, string | undefined>();
  page.on("response", (response) => {
    const path = new URL(response.url()).pathname;
    if (/\.(wasm|js|css|webmanifest)$/.test(path) || path === "/") encodings.set(path, response.headers()["content-encoding"]);
  });
  const app = new App(page);
  await app.open();
  await app.setup.createProgramme("Hedensted Kommune", "Lis");
  await app.waitForOfflineReady();
  const files = [...encodings.keys()];
  // (The stylesheet is inline in the page.)
  for (const pattern of [/^\/$/, /_bg\.wasm$/, /^\/samskab-[0-9a-f]{16}\.js$/]) {
    const path = files.find((f) => pattern.test(f));
    expect(path, `${pattern} was loaded`).toBeDefined();
    expect(encodings.get(path!), path).toBe("br");
  }
});
