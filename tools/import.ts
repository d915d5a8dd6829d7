#!/usr/bin/env node
/**
 * `npm run import -- --stack NAME (--site "SITE NAME" ... | --all-sites) [--did-pools] [--prefix P]
 * [--dry-run] [--force]`: brings an org set up by hand under this project. Reads the org with
 * GETs only (see ./importOrg) and writes the `genesys-byoc:*` keys of the estate form into
 * Pulumi.NAME.yaml, keeping everything else in it as written (the secrets salt, `genesys:*`,
 * comments, order, quoting: see ./stackFile). Each object's
 * id goes in as `adoptId`, so the first `pulumi up` takes the objects over and writes nothing.
 *
 * The connection: the stack's `genesys:*` config (a secret client secret is decrypted with the
 * `pulumi` CLI), else the GENESYS_CLOUD_* environment, as for the stack. Every failure is one line
 * on stderr, exit 1, and the stack file is left as it was (it is replaced in one rename); an
 * internal error (a bug) is followed by its stack trace with `--debug` or `PULUMI_DEBUG=1`.
 */
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { parseArgs } from "node:util";
import { clientFor } from "../genesys/client";
import { ConfigurationError, ConnectionSettings, SETTINGS, resolveConnection } from "../genesys/config";
import { describeFailure } from "../genesys/errors";
import {
  failureText,
  isInternalError,
  SCRIPT_HOW_TO_DEBUG,
  takeDebugFlag,
} from "../resources/common/internalError";
import { ImportError, ImportOptions, importOrg } from "./importOrg";
import { keysIn, readStackFile, withKeys, type StackFile } from "./stackFile";

const USAGE = `Usage: npm run import -- --stack NAME (--site "SITE NAME" [--site ...] | --all-sites)
                      [--did-pools] [--prefix PREFIX] [--dry-run] [--force]

Reads the org (GETs only) and writes into Pulumi.NAME.yaml, in the estate form: each chosen site
with its location, number plans (those that differ from Genesys's defaults) and outbound routes;
the BYOC trunks those routes use; with --did-pools every DID pool. Each object keeps its id as
adoptId, so the first 'pulumi up' takes it over and writes nothing.

  --stack NAME     the stack whose config file (Pulumi.NAME.yaml) gets the keys
  --site NAME      a site to import (repeat for several); with --prefix, with or without it
  --all-sites      every site of the org (with --prefix, every site whose name starts with it)
  --did-pools      every DID pool of the org too
  --prefix P       the stack's namePrefix: names in the org start with it, the config holds them without it
  --dry-run        print the file it would write, and write nothing
  --force          replace genesys-byoc:* keys the file has already
  --debug          on an internal error (a bug), show its stack trace (as PULUMI_DEBUG=1 does)

Connection: the stack's genesys:* config, else GENESYS_CLOUD_REGION (or GENESYS_CLOUD_API_URL),
GENESYS_CLOUD_CLIENT_ID and GENESYS_CLOUD_CLIENT_SECRET.`;

/** The project's config namespace. */
const NAMESPACE = "genesys-byoc";

/** The command line, checked. */
export interface ImportArgs extends ImportOptions {
  stack: string;
  dryRun: boolean;
  force: boolean;
}

/** Parses the command line; throws (with the usage) on anything it cannot use. */
export function parseImportArgs(argv: string[]): ImportArgs | "help" {
  let values: {
    stack?: string;
    site?: string[];
    "all-sites"?: boolean;
    "did-pools"?: boolean;
    prefix?: string;
    "dry-run"?: boolean;
    force?: boolean;
    help?: boolean;
  };
  try {
    ({ values } = parseArgs({
      args: argv,
      options: {
        stack: { type: "string" },
        site: { type: "string", multiple: true },
        "all-sites": { type: "boolean" },
        "did-pools": { type: "boolean" },
        prefix: { type: "string" },
        "dry-run": { type: "boolean" },
        force: { type: "boolean" },
        help: { type: "boolean", short: "h" },
      },
      strict: true,
      allowPositionals: false,
    }));
  } catch (err) {
    throw new Error(`${(err as Error).message.split("\n")[0]}\n\n${USAGE}`);
  }
  if (values.help) return "help";
  const fail = (why: string) => {
    throw new Error(`${why}\n\n${USAGE}`);
  };
  if (!values.stack?.trim())
    fail("--stack NAME is required (the stack whose Pulumi.NAME.yaml gets the keys)");
  if (!/^[A-Za-z0-9_.-]+$/.test(values.stack!))
    fail(`--stack "${values.stack}": a stack name is letters, digits, "-", "_" and "."`);
  const named = (values.site ?? []).map((s) => s.trim()).filter((s) => s !== "");
  if (!named.length && !values["all-sites"])
    fail('name the sites to import with --site "SITE NAME", or use --all-sites');
  if (named.length && values["all-sites"]) fail("use either --site or --all-sites, not both");
  return {
    stack: values.stack!,
    sites: named,
    allSites: values["all-sites"] ?? false,
    didPools: values["did-pools"] ?? false,
    prefix: values.prefix ?? "",
    dryRun: values["dry-run"] ?? false,
    force: values.force ?? false,
  };
}

/** The `pulumi` CLI this project uses: one on PATH, or the project's own build. */
function pulumiCommand(dir: string): string {
  const onPath = spawnSync("pulumi", ["version"], {
    encoding: "utf8",
    env: { ...process.env, PULUMI_SKIP_UPDATE_CHECK: "true" }, // a probe: no server asked, no cache written
  });
  if (onPath.status === 0) return "pulumi";
  const built = spawnSync("bash", [path.join(dir, "scripts/ensure-pulumi.sh")], { encoding: "utf8" });
  const bin = built.stdout?.trim().split("\n").pop();
  if (built.status !== 0 || !bin)
    throw new ImportError(
      "the stack's genesys:clientSecret is a secret, and no pulumi CLI is at hand to decrypt it",
    );
  return path.join(bin, "pulumi");
}

/**
 * The connection settings: the stack file's `genesys:*` values (a secret one decrypted by
 * `pulumi config get`), else the environment, as the stack program resolves them.
 */
function connection(dir: string, stack: string, config: Record<string, unknown>): ConnectionSettings {
  const values = new Map<string, string>();
  for (const { key } of Object.values(SETTINGS)) {
    const v = config[key];
    if (typeof v === "string") values.set(key, v);
    else if (v && typeof v === "object" && "secure" in v) {
      const r = spawnSync(pulumiCommand(dir), ["config", "get", key, "--stack", stack], {
        cwd: dir,
        encoding: "utf8",
      });
      if (r.status !== 0) {
        const why = (r.stderr || r.error?.message || "").trim().split("\n").pop();
        throw new ImportError(
          `could not decrypt ${key} of stack ${stack} with \`pulumi config get\` (${why}): ` +
            `log in to the stack's backend and set PULUMI_CONFIG_PASSPHRASE as for \`pulumi up\``,
        );
      }
      values.set(key, r.stdout.replace(/\n$/, ""));
    }
  }
  try {
    return resolveConnection({ get: (k) => values.get(k) });
  } catch (err) {
    if (!(err instanceof ConfigurationError)) throw err;
    const problems = err.message
      .split("\n")
      .slice(1)
      .map((l) => l.replace(/^\s*-\s*/, ""));
    throw new ImportError(`cannot connect to Genesys Cloud: ${problems.join("; ")}`);
  }
}

/** Refuses when the stack file has keys of ours already, unless `force`. */
function refuseOurs(f: StackFile, force: boolean): void {
  const ours = keysIn(f, NAMESPACE);
  if (ours.length && !force)
    throw new ImportError(
      `${path.basename(f.file)} already has ${ours.join(", ")}: run again with --force to replace them ` +
        `(every ${NAMESPACE}:* key), or import into a new stack`,
    );
}

/** Writes `text` to `file` in one step: a temp file beside it, then a rename. */
function writeAtomically(file: string, text: string): void {
  const tmp = `${file}.${process.pid}.tmp`;
  try {
    fs.writeFileSync(tmp, text);
    fs.renameSync(tmp, file);
  } finally {
    fs.rmSync(tmp, { force: true });
  }
}

/** Runs the import in the project directory `dir`; returns the lines to print. */
export async function runImport(args: ImportArgs, dir: string): Promise<string[]> {
  const f = readStackFile(path.join(dir, `Pulumi.${args.stack}.yaml`));
  refuseOurs(f, args.force); // before any call
  const settings = connection(dir, args.stack, f.config);
  const client = clientFor(settings);
  let result;
  try {
    result = await importOrg(client, args);
  } catch (err) {
    if (err instanceof ImportError || isInternalError(err)) throw err;
    throw new ImportError(describeFailure(err, client.target));
  }
  const text = withKeys(f, NAMESPACE, result.config);
  const name = path.basename(f.file);
  const out: string[] = [];
  if (args.dryRun) out.push(`# ${name} as the import would write it (--dry-run: nothing written)`, text);
  else writeAtomically(f.file, text);
  out.push(
    `${args.dryRun ? "Would import" : `Imported into ${name}`}:`,
    ...result.summary.map((s) => `  ${s}`),
  );
  if (result.notes.length) out.push("Notes:", ...result.notes.map((n) => `  ${n}`));
  if (result.passwords.length)
    out.push(
      "Genesys never returns SIP passwords. Until you set one, that trunk's digest credentials stay as they are:",
      ...result.passwords.map(
        (p) => `  pulumi config set --secret --path '${NAMESPACE}:${p}' <password> --stack ${args.stack}`,
      ),
    );
  out.push(
    `Next: pulumi up --stack ${args.stack} (it adopts each object and writes nothing), then ` +
      `pulumi preview --expect-no-changes --stack ${args.stack}.`,
  );
  return out;
}

async function main(): Promise<void> {
  const { argv, debug } = takeDebugFlag(process.argv.slice(2));
  let args: ImportArgs | "help";
  try {
    args = parseImportArgs(argv);
  } catch (err) {
    process.stderr.write(`npm run import: ${(err as Error).message}\n`);
    process.exit(2);
  }
  if (args === "help") {
    process.stdout.write(`${USAGE}\n`);
    return;
  }
  try {
    const lines = await runImport(args, process.cwd());
    process.stdout.write(`${lines.join("\n")}\n`);
  } catch (err) {
    const message =
      err instanceof ImportError
        ? err.message
        : failureText(err, {
            describe: (e) => describeFailure(e),
            detail: debug,
            howToDebug: SCRIPT_HOW_TO_DEBUG,
          });
    process.stderr.write(`npm run import: ${message}\n`);
    process.exit(1);
  }
}

if (require.main === module) void main();
