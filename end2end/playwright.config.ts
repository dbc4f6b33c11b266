import { defineConfig } from "@playwright/test";

const PORT = Number(process.env.SAMSKAB_E2E_PORT ?? 8090);

export default defineConfig({
  testDir: "./tests",
  timeout: 60_000,
  expect: { timeout: 10_000 },
  workers: 2,
  retries: 0,
  reporter: [["list"]],
  use: {
    baseURL: `http://127.0.0.1:${PORT}`,
    locale: "da-DK",
    timezoneId: "Europe/Copenhagen",
    launchOptions: {
      // Debian's Chromium; Playwright never downloads a browser here.
      executablePath: "/usr/bin/chromium",
      args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
    },
  },
  projects: [
    { name: "phone", use: { viewport: { width: 360, height: 740 }, isMobile: true, hasTouch: true, deviceScaleFactor: 2 } },
    { name: "tablet", use: { viewport: { width: 820, height: 1180 }, isMobile: true, hasTouch: true, deviceScaleFactor: 2 } },
  ],
  webServer: {
    // Our own server serving the release build, as users get it; every device of every
    // test joins from this one address, so the rate limits are raised (their own tests
    // are the server's).
    command: `rm -rf ../target/e2e-data && ../target/release/samskab-server --addr 127.0.0.1:${PORT} --dist ../dist --data ../target/e2e-data --log warn --join-attempts 1000 --create-attempts 1000`,
    url: `http://127.0.0.1:${PORT}/healthz`,
    reuseExistingServer: false,
    timeout: 30_000,
  },
});
