/**
 * Private copies of this project in temp dirs (node_modules linked), so an end-to-end test can
 * write its own Pulumi.<stack>.yaml and the providers load code from there.
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { PROJECT_DIR } from "./pulumi";

/**
 * The project files a copy that only runs needs: the program and the providers run from dist/
 * (built by `npm test` before jest), which the provider shell finds through package.json.
 */
export const PROJECT_FILES = ["Pulumi.yaml", "package.json", "dist"];

/** What a checkout holds that the package and the program are built from (`npm run build`). */
export const SOURCE_FILES = [
  "package.json",
  "package-lock.json",
  "tsconfig.json",
  "tsconfig.build.json",
  "README.md",
  "docs",
  "index.ts",
  "lib",
  "settings",
  "program",
  "tools",
  "resources",
  "genesys",
  "emulator",
];

/** Copies `entries` of the project into a new temp dir with node_modules linked; returns its path. */
function copy(entries: string[]): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "genesys-project-"));
  for (const entry of entries)
    fs.cpSync(path.join(PROJECT_DIR, entry), path.join(dir, entry), { recursive: true });
  fs.symlinkSync(path.join(PROJECT_DIR, "node_modules"), path.join(dir, "node_modules"), "dir");
  return dir;
}

/** A copy that runs the project as built. */
export function copyProject(): string {
  return copy(PROJECT_FILES);
}

/**
 * A copy as a user's checkout is after `npm ci`: sources, scripts and the dev stack, plus dist/
 * as built (so the scripts' own `npm run build` has nothing to redo).
 */
export function copyCheckout(): string {
  return copy([...new Set([...SOURCE_FILES, ...PROJECT_FILES, "scripts", "Pulumi.dev.yaml"])]);
}
