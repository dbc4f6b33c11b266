import { defineConfig } from "@playwright/test";
import base from "./playwright.config";

/** The scale benchmark (`scripts/dev bench`): one tablet, one worker, printed numbers. */
export default defineConfig({
  ...base,
  testDir: "./bench",
  testMatch: "**/*.bench.ts",
  timeout: 30 * 60_000,
  expect: { timeout: 5 * 60_000 },
  workers: 1,
  projects: [{ name: "tablet", use: { viewport: { width: 820, height: 1180 }, isMobile: true, hasTouch: true } }],
});
