/**
 * resources/common/tsRequire.js, the loader of the Pulumi processes: TypeScript runs, an
 * unchanged file comes from the cache without loading the compiler, and a changed file is
 * transpiled again.
 */
import { execFileSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";

const ROOT = path.resolve(__dirname, "../..");

/** Loads `file` through the hook in a fresh node process; reports its value and whether tsc was loaded. */
function load(file: string): { value: string; compilerLoaded: boolean } {
  const script = `
    require(${JSON.stringify(path.join(ROOT, "resources/common/tsRequire.js"))});
    const value = require(${JSON.stringify(file)}).value;
    const compilerLoaded = Object.keys(require.cache).some((k) => k.endsWith("typescript.js"));
    console.log(JSON.stringify({ value, compilerLoaded }));`;
  return JSON.parse(execFileSync(process.execPath, ["-e", script], { encoding: "utf8" }));
}

describe("tsRequire", () => {
  let dir: string;
  beforeAll(() => {
    dir = fs.mkdtempSync(path.join(ROOT, "tests", ".tmp-tsrequire-"));
  });
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it("runs TypeScript, serves an unchanged file from the cache, and transpiles a changed one", () => {
    const file = path.join(dir, "sample.ts");
    const stamp = `${process.pid}-${Date.now()}`;
    fs.writeFileSync(file, `const v: string = "first ${stamp}";\nexport const value = v;\n`);
    expect(load(file)).toEqual({ value: `first ${stamp}`, compilerLoaded: true });
    expect(load(file)).toEqual({ value: `first ${stamp}`, compilerLoaded: false });

    fs.writeFileSync(file, `const v: string = "second ${stamp}";\nexport const value = v;\n`);
    expect(load(file)).toEqual({ value: `second ${stamp}`, compilerLoaded: true });
  });
});
