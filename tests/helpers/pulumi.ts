/**
 * Drives the real `pulumi` CLI (through the Automation API) on a local file backend, in temp
 * dirs owned by the test. The CLI comes from scripts/ensure-pulumi.sh (a suitable one on PATH,
 * or the project's own build).
 */
import { execFileSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { LocalWorkspace, PulumiCommand, Stack } from "@pulumi/pulumi/automation";

export const PROJECT_DIR = path.resolve(__dirname, "../..");

let binDir: string | undefined;

/** The directory holding `pulumi`, `pulumi-language-nodejs` and the dynamic-provider shim. */
export function pulumiBinDir(): string {
  binDir ??= execFileSync("bash", [path.join(PROJECT_DIR, "scripts/ensure-pulumi.sh")], {
    encoding: "utf8",
    stdio: ["ignore", "pipe", "inherit"],
  })
    .trim()
    .split("\n")
    .pop()!;
  return binDir;
}

/** A stack on a fresh file backend; `dispose()` destroys what is left and removes the temp dirs. */
export interface TestStack {
  stack: Stack;
  /** Temp dir holding PULUMI_HOME and the backend. */
  dir: string;
  /** The backend state directory (file backend). */
  backendDir: string;
  /**
   * What the stack's `pulumi` commands add to the environment (PATH with the CLI, PULUMI_HOME, the
   * backend, the passphrase): a child process that runs `pulumi` on this stack needs the same.
   */
  env: Record<string, string>;
  dispose(): Promise<void>;
}

/**
 * Creates stack `stackName` of the project in `workDir`, with its own PULUMI_HOME and file
 * backend, update checks and plugin downloads off, and `env` added to the engine's environment.
 */
export async function createTestStack(
  workDir: string,
  stackName: string,
  env: Record<string, string> = {},
): Promise<TestStack> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "genesys-e2e-"));
  const backendDir = path.join(dir, "state");
  fs.mkdirSync(backendDir);
  const bin = pulumiBinDir();
  const pulumiCommand = await PulumiCommand.get({ root: path.dirname(bin) });
  const envVars = {
    PATH: `${bin}${path.delimiter}${process.env.PATH ?? ""}`,
    PULUMI_HOME: path.join(dir, "home"),
    PULUMI_BACKEND_URL: `file://${backendDir}`,
    PULUMI_CONFIG_PASSPHRASE: "test-passphrase",
    PULUMI_SKIP_UPDATE_CHECK: "true",
    PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION: "true",
    ...env,
  };
  const stack = await LocalWorkspace.createOrSelectStack(
    { stackName, workDir },
    { pulumiCommand, pulumiHome: envVars.PULUMI_HOME, envVars },
  );
  return {
    stack,
    dir,
    backendDir,
    env: envVars,
    async dispose() {
      try {
        await stack.destroy({ onOutput: () => undefined });
        await stack.workspace.removeStack(stackName);
      } finally {
        fs.rmSync(dir, { recursive: true, force: true });
      }
    },
  };
}

/** Every file of the backend dir concatenated (to scan state for secrets). */
export function readBackendFiles(backendDir: string): string {
  const out: string[] = [];
  const walk = (d: string) => {
    for (const e of fs.readdirSync(d, { withFileTypes: true })) {
      const p = path.join(d, e.name);
      if (e.isDirectory()) walk(p);
      else out.push(fs.readFileSync(p, "utf8"));
    }
  };
  walk(backendDir);
  return out.join("\n");
}
