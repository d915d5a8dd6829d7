/**
 * The user's own Pulumi home, which no test may touch: every test that runs the `pulumi` CLI gives
 * it a PULUMI_HOME of its own (createTestStack, newUserShell, …). Without one, the CLI writes its
 * login (credentials.json), stack selections (workspaces/), update-check cache, plugins and logs
 * under `.pulumi` in the home directory of the passwd entry, whatever $HOME says. jest's global
 * setup records these directories (tests/globalSetup.ts) and its global teardown fails the run
 * when any of them changed (tests/globalTeardown.ts).
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";

/**
 * The directories the CLI would use as its home for a command run without PULUMI_HOME (or with the
 * user's own): `.pulumi` in the passwd entry's home directory (the CLI's choice), in `env`'s HOME
 * (if that differs), and `env`'s PULUMI_HOME if it sets one.
 */
export function userPulumiHomes(env: NodeJS.ProcessEnv = process.env): string[] {
  const homes = [path.join(os.userInfo().homedir, ".pulumi")];
  if (env.HOME) homes.push(path.join(env.HOME, ".pulumi"));
  if (env.PULUMI_HOME) homes.push(path.resolve(env.PULUMI_HOME));
  return [...new Set(homes)];
}

/**
 * What each directory holds, by path: every entry under it with its kind and, for a file, its size
 * and modification time in nanoseconds (any write shows, a rewrite with the same content included,
 * and a plugin cache of gigabytes costs only a walk); a directory that does not exist as "absent".
 */
export function snapshot(dirs: string[]): Map<string, string> {
  const out = new Map<string, string>();
  const walk = (p: string) => {
    let st: fs.BigIntStats;
    try {
      st = fs.lstatSync(p, { bigint: true });
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== "ENOENT") throw err;
      out.set(p, "absent");
      return;
    }
    if (st.isSymbolicLink()) out.set(p, `link to ${fs.readlinkSync(p)}`);
    else if (st.isDirectory()) {
      out.set(p, `directory modified ${st.mtimeNs}`);
      for (const name of fs.readdirSync(p).sort()) walk(path.join(p, name));
    } else out.set(p, `file of ${st.size} bytes modified ${st.mtimeNs}`);
  };
  for (const d of dirs) walk(d);
  return out;
}

/** What differs between two snapshots, one line per path ("added …", "removed …", "changed …"). */
export function changes(before: Map<string, string>, after: Map<string, string>): string[] {
  const lines: string[] = [];
  for (const p of [...new Set([...before.keys(), ...after.keys()])].sort()) {
    const [was, is] = [before.get(p), after.get(p)];
    if (was === is) continue;
    if (was === undefined || was === "absent") lines.push(`added ${p}`);
    else if (is === undefined || is === "absent") lines.push(`removed ${p}`);
    else lines.push(`changed ${p}`);
  }
  return lines;
}
