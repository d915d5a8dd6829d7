/**
 * The README's shell blocks, for the tests that run them as written on a fresh copy of the project.
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { PROJECT_DIR, pulumiBinDir } from "./pulumi";

const README = fs.readFileSync(path.join(PROJECT_DIR, "README.md"), "utf8");

/**
 * The ```sh blocks of the README section that starts with `heading` (up to the next `## `
 * heading), each as its non-empty lines. Throws when the section is missing.
 */
export function shBlocks(heading: string): string[][] {
  const at = README.indexOf(heading);
  if (at < 0) throw new Error(`README.md has no section "${heading}"`);
  const rest = README.slice(at + heading.length);
  const next = rest.search(/^## /m);
  const section = next < 0 ? rest : rest.slice(0, next);
  return [...section.matchAll(/```sh\n([\s\S]*?)```/g)].map((m) =>
    m[1].split("\n").filter((l) => l.trim() !== ""),
  );
}

/** The first ```sh block of the README section that starts with `heading`. */
export function shBlock(heading: string): string[] {
  const [first] = shBlocks(heading);
  if (!first) throw new Error(`README.md's section "${heading}" has no sh block`);
  return first;
}

/**
 * A new user's shell for running README blocks: a fresh HOME (a temp dir named after `tag`), the
 * pulumi CLI on PATH, and no Pulumi backend, passphrase or Genesys settings. npm's update check is
 * off: it would ask the registry and print a notice.
 */
export function newUserShell(tag: string): { home: string; env: NodeJS.ProcessEnv } {
  const home = fs.mkdtempSync(path.join(os.tmpdir(), `genesys-${tag}-`));
  return {
    home,
    env: {
      PATH: `${pulumiBinDir()}${path.delimiter}${process.env.PATH}`,
      HOME: home,
      npm_config_update_notifier: "false",
    },
  };
}
