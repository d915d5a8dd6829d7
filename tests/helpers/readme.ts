/**
 * The documentation's shell blocks (README.md and docs/*.md), for the tests that run them as
 * written on a fresh copy of the project.
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { PROJECT_DIR, pulumiBinDir } from "./pulumi";

/** The documentation files, by their path in the project: the README and every docs/*.md. */
export const DOCS: Record<string, string> = Object.fromEntries(
  [
    "README.md",
    ...fs
      .readdirSync(path.join(PROJECT_DIR, "docs"))
      .filter((f) => f.endsWith(".md"))
      .map((f) => `docs/${f}`),
  ].map((f) => [f, fs.readFileSync(path.join(PROJECT_DIR, f), "utf8")]),
);

/**
 * The one documentation file that holds `marker` (a heading, say), and that file's text. Throws
 * when none or several do.
 */
export function docWith(marker: string): { file: string; text: string } {
  const found = Object.entries(DOCS).filter(([, text]) => text.includes(marker));
  if (found.length !== 1)
    throw new Error(
      `${found.length ? found.map(([f]) => f).join(" and ") : "no file of README.md and docs/"} holds "${marker}" (expected one)`,
    );
  return { file: found[0][0], text: found[0][1] };
}

/**
 * The ```sh blocks of the documentation section that starts with `heading` (up to the next `## `
 * heading), each as its non-empty lines. Throws when the section is missing.
 */
export function shBlocks(heading: string): string[][] {
  const { text } = docWith(heading);
  const rest = text.slice(text.indexOf(heading) + heading.length);
  const next = rest.search(/^## /m);
  const section = next < 0 ? rest : rest.slice(0, next);
  return [...section.matchAll(/```sh\n([\s\S]*?)```/g)].map((m) =>
    m[1].split("\n").filter((l) => l.trim() !== ""),
  );
}

/** The first ```sh block of the documentation section that starts with `heading`. */
export function shBlock(heading: string): string[] {
  const [first] = shBlocks(heading);
  if (!first) throw new Error(`${docWith(heading).file}'s section "${heading}" has no sh block`);
  return first;
}

/**
 * A new user's shell for running README blocks: a fresh HOME (a temp dir named after `tag`), the
 * pulumi CLI on PATH, and no Pulumi backend, passphrase or Genesys settings. PULUMI_HOME is that
 * HOME's `.pulumi`: the CLI takes its home from the passwd entry, not from $HOME, so without it the
 * README's `pulumi login` would rewrite the real user's login (and two suites would share one).
 * Pulumi's update check and npm's are off: they would ask the network and print a notice.
 */
export function newUserShell(tag: string): { home: string; env: NodeJS.ProcessEnv } {
  const home = fs.mkdtempSync(path.join(os.tmpdir(), `genesys-${tag}-`));
  return {
    home,
    env: {
      PATH: `${pulumiBinDir()}${path.delimiter}${process.env.PATH}`,
      HOME: home,
      PULUMI_HOME: path.join(home, ".pulumi"),
      PULUMI_SKIP_UPDATE_CHECK: "true",
      npm_config_update_notifier: "false",
    },
  };
}
