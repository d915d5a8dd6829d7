/**
 * A cache scoped to one `pulumi` CLI command, for facts that are not secret (ids, names).
 *
 * `pulumi up` runs the program twice, once for its preview and once for the update, in two
 * processes. Facts the preview's program learned (say, the managed edge site's id) still hold a
 * few seconds later in the update pass of the same command, so the update pass reads them from
 * here instead of asking the API again. The scope is the CLI process itself (its pid and start
 * time, from /proc): the next command, even a second later, starts from nothing.
 *
 * Safety: only non-secret values go here (never a token, secret or resource state). The files
 * live in a directory only this user can read (0700, checked before each use, never a symlink),
 * each file 0600. Where the scope cannot be found (no /proc, the program not run by the CLI),
 * nothing is cached and callers simply ask the API.
 */
import { createHash } from "node:crypto";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";

/** Files older than this are removed when a new one is written. */
const PRUNE_AFTER_MS = 24 * 3600_000;

/**
 * `pid:starttime` of the nearest ancestor process named `pulumi` (Linux /proc), or undefined.
 *
 * @param startPid The process to start from; defaults to this one.
 */
export function cliScope(startPid: number = process.pid): string | undefined {
  let pid = startPid;
  for (let depth = 0; depth < 6 && pid > 1; depth++) {
    let stat: string;
    try {
      stat = fs.readFileSync(`/proc/${pid}/stat`, "utf8");
    } catch {
      return undefined;
    }
    // "pid (comm) state ppid ... starttime(22nd field)"; comm may hold spaces or parentheses.
    const open = stat.indexOf("(");
    const close = stat.lastIndexOf(")");
    const comm = stat.slice(open + 1, close);
    const rest = stat.slice(close + 2).split(" ");
    if (comm === "pulumi") return `${pid}:${rest[19]}`;
    pid = Number(rest[1]);
  }
  return undefined;
}

/** The private cache directory, created 0700; undefined when it is not private to this user. */
function privateDir(): string | undefined {
  if (typeof process.getuid !== "function") return undefined;
  const dir = path.join(os.tmpdir(), `genesys-byoc-${process.getuid()}`);
  try {
    fs.mkdirSync(dir, { mode: 0o700 });
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== "EEXIST") return undefined;
  }
  const st = fs.lstatSync(dir);
  if (!st.isDirectory() || st.uid !== process.getuid() || (st.mode & 0o077) !== 0) return undefined;
  return dir;
}

function fileFor(scope: string, key: string): string | undefined {
  const dir = privateDir();
  if (!dir) return undefined;
  return path.join(dir, createHash("sha256").update(`${scope}\n${key}`).digest("hex") + ".json");
}

/**
 * The value stored under `key` by an earlier pass of the same CLI command, if any.
 *
 * @param key What the value is about; hash any credential into it, never store one.
 * @param scope The command scope; defaults to {@link cliScope}.
 */
export function readCommandCache<T>(key: string, scope: string | undefined = cliScope()): T | undefined {
  if (!scope) return undefined;
  try {
    const file = fileFor(scope, key);
    return file ? (JSON.parse(fs.readFileSync(file, "utf8")) as T) : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Stores a non-secret `value` under `key` for later passes of the same CLI command. Best
 * effort: a failure to write only means the next pass asks the API again.
 *
 * @param key What the value is about; hash any credential into it, never store one.
 * @param value A JSON-serializable, non-secret value.
 * @param scope The command scope; defaults to {@link cliScope}.
 */
export function writeCommandCache(key: string, value: unknown, scope: string | undefined = cliScope()): void {
  if (!scope) return;
  try {
    const file = fileFor(scope, key);
    if (!file) return;
    const tmp = `${file}.${process.pid}.tmp`;
    fs.writeFileSync(tmp, JSON.stringify(value), { mode: 0o600 });
    fs.renameSync(tmp, file);
    const dir = path.dirname(file);
    const cutoff = Date.now() - PRUNE_AFTER_MS;
    for (const name of fs.readdirSync(dir)) {
      const p = path.join(dir, name);
      if (fs.statSync(p).mtimeMs < cutoff) fs.rmSync(p, { force: true });
    }
  } catch {
    // best effort
  }
}
