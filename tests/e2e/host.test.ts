/**
 * The Node.js language host this project builds (scripts/ensure-pulumi.sh, scripts/pulumi-host/)
 * reads Pulumi.yaml's runtime options from the engine's Run request: `typescript: false` runs the
 * program without ts-node (as this project's Pulumi.yaml asks), and a project that leaves the
 * option out still gets it, as Pulumi's own host does. Each program reports, as stack outputs,
 * what the host told it and whether a TypeScript loader is registered.
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { createTestStack, PROJECT_DIR } from "../helpers/pulumi";

jest.setTimeout(300_000);

const PROGRAM = `module.exports = async () => ({
  typescriptEnv: process.env.PULUMI_NODEJS_TYPESCRIPT ?? "unset",
  tsLoader: require.extensions[".ts"] !== undefined,
});
`;

/** A one-file JavaScript project; `options` is its Pulumi.yaml `runtime.options` block, if any. */
function project(options: string | undefined): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "genesys-host-"));
  const runtime =
    options === undefined ? "runtime: nodejs\n" : `runtime:\n  name: nodejs\n  options:\n${options}`;
  fs.writeFileSync(path.join(dir, "Pulumi.yaml"), `name: host-options\n${runtime}main: index.js\n`);
  fs.writeFileSync(path.join(dir, "index.js"), PROGRAM);
  fs.writeFileSync(
    path.join(dir, "package.json"),
    JSON.stringify({ name: "host-options", version: "0.0.0" }),
  );
  fs.symlinkSync(path.join(PROJECT_DIR, "node_modules"), path.join(dir, "node_modules"), "dir");
  return dir;
}

async function outputsOf(options: string | undefined): Promise<Record<string, unknown>> {
  const dir = project(options);
  const t = await createTestStack(dir, "host");
  try {
    const up = await t.stack.up({ onOutput: () => undefined });
    return Object.fromEntries(Object.entries(up.outputs).map(([k, v]) => [k, v.value]));
  } finally {
    await t.dispose();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

describe("the built Node.js language host's runtime options", () => {
  it("typescript: false runs the program without a TypeScript loader", async () => {
    expect(await outputsOf("    typescript: false\n")).toEqual({ typescriptEnv: "unset", tsLoader: false });
  });

  it("without the option, the program gets ts-node, as with Pulumi's own host", async () => {
    expect(await outputsOf(undefined)).toEqual({ typescriptEnv: "true", tsLoader: true });
  });
});
