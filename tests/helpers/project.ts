/**
 * A private copy of this Pulumi project in a temp dir (node_modules linked), so an end-to-end
 * test can write its own Pulumi.<stack>.yaml and the providers load code from there.
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { PROJECT_DIR } from "./pulumi";

/**
 * The project files a private copy needs (node_modules is linked, not copied): the program and
 * the providers run from dist/ (built by `npm test` before jest), which the provider shell finds
 * through package.json.
 */
export const PROJECT_FILES = ["Pulumi.yaml", "package.json", "dist"];

/** Copies the project into a new temp dir; returns its path. */
export function copyProject(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "genesys-project-"));
  for (const entry of PROJECT_FILES)
    fs.cpSync(path.join(PROJECT_DIR, entry), path.join(dir, entry), { recursive: true });
  fs.symlinkSync(path.join(PROJECT_DIR, "node_modules"), path.join(dir, "node_modules"), "dir");
  return dir;
}
