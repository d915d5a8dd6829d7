/**
 * The command-scoped cache: values written under a scope are read back under the same scope only,
 * in a directory and files only this user can read, and nothing is cached without a scope.
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { cliScope, readCommandCache, writeCommandCache } from "../../genesys/commandCache";

describe("command cache", () => {
  const scope = `test-${process.pid}-${Date.now()}`;

  it("reads back what the same scope wrote, and nothing under another scope", () => {
    writeCommandCache("preflight\nkey", { edgeSiteId: "edge-1", sipDomain: "example.com" }, scope);
    expect(readCommandCache("preflight\nkey", scope)).toEqual({
      edgeSiteId: "edge-1",
      sipDomain: "example.com",
    });
    expect(readCommandCache("preflight\nkey", `${scope}-other`)).toBeUndefined();
    expect(readCommandCache("preflight\nother key", scope)).toBeUndefined();
  });

  it("keeps its files private to this user", () => {
    writeCommandCache("private", { a: 1 }, scope);
    const dir = path.join(os.tmpdir(), `genesys-byoc-${process.getuid!()}`);
    expect(fs.statSync(dir).mode & 0o777).toBe(0o700);
    for (const f of fs.readdirSync(dir)) expect(fs.statSync(path.join(dir, f)).mode & 0o077).toBe(0);
  });

  it("caches nothing outside a pulumi command", () => {
    // jest is not run by the pulumi CLI: there is no scope, so nothing is written or read.
    expect(cliScope()).toBeUndefined();
    writeCommandCache("no scope", { a: 1 });
    expect(readCommandCache("no scope")).toBeUndefined();
  });
});
