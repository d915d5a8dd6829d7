/**
 * tools/stackFile.ts on stack files of every shape a user or the Pulumi CLI leaves (no config
 * yet, an empty one, CRLF and 4-space indentation, no final newline, flow style): what
 * `withKeys` writes reads back as the intended data (checked with js-yaml, a second reader), and
 * the text outside the namespace's keys is byte for byte the file's. tests/tools/import.test.ts
 * runs the same through `npm run import`'s `runImport` on an emulated org.
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import * as yaml from "js-yaml";
import { ImportError } from "../../tools/importOrg";
import { keysIn, readStackFile, withKeys } from "../../tools/stackFile";

const NS = "genesys-byoc";
const SALT = "v1:Zm9vYmFyYmF6cXV4:v1:AAAAAAAAAAAAAAAA:BBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBB";

let dir: string;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "stack-file-"));
});
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

/** `withKeys` on a stack file holding `text` (none when undefined). */
function edit(text: string | undefined, values: Record<string, unknown>): string {
  const file = path.join(dir, "Pulumi.test.yaml");
  if (text !== undefined) fs.writeFileSync(file, text);
  return withKeys(readStackFile(file), NS, values);
}

const SITES = { indy: { site: { name: "Indianapolis", adoptId: "5a1e0c3e-0000-4000-8000-000000000001" } } };

describe("withKeys", () => {
  it("a file as `pulumi stack init` leaves it (no config): config and the keys after it", () => {
    const before = `encryptionsalt: ${SALT}\n`;
    const out = edit(before, { sites: SITES, protect: true });
    expect(out).toBe(
      before +
        "config:\n" +
        "  genesys-byoc:sites:\n" +
        "    indy:\n" +
        "      site:\n" +
        "        name: Indianapolis\n" +
        "        adoptId: 5a1e0c3e-0000-4000-8000-000000000001\n" +
        "  genesys-byoc:protect: true\n",
    );
  });

  it("no file: one with config and the keys", () => {
    expect(yaml.load(edit(undefined, { protect: false }))).toEqual({
      config: { "genesys-byoc:protect": false },
    });
  });

  it("an empty config (`config:`, `config: {}`, `config: ~`) becomes a block; its comment and the rest stay", () => {
    for (const empty of ["config:", "config: {}  # none yet", "config: ~"]) {
      const out = edit(`# mine\n${empty}\nencryptionsalt: ${SALT} # salt\n`, { protect: true });
      const comment = empty.includes("#") ? " # none yet" : "";
      expect(out).toBe(
        `# mine\nconfig:${comment}\n  genesys-byoc:protect: true\nencryptionsalt: ${SALT} # salt\n`,
      );
    }
  });

  it("follows the file's line ends and indentation (CRLF, 4 spaces) and a missing final newline", () => {
    const crlf = "config:\r\n    genesys:region: us_east_1\r\n";
    expect(edit(crlf, { sites: SITES })).toBe(
      crlf +
        "    genesys-byoc:sites:\r\n" +
        "        indy:\r\n" +
        "            site:\r\n" +
        "                name: Indianapolis\r\n" +
        "                adoptId: 5a1e0c3e-0000-4000-8000-000000000001\r\n",
    );
    const unterminated = "config:\n  genesys:region: us_east_1";
    expect(edit(unterminated, { protect: true })).toBe(`${unterminated}\n  genesys-byoc:protect: true\n`);
  });

  it("replaces a key where it stands, keeping the comment on its line; takes out the ones not given", () => {
    const before =
      "config:\n" +
      "  genesys-byoc:protect: false   # until go-live\n" +
      "  # kept, though about a key that goes\n" +
      "  genesys-byoc:location: # the old form\n" +
      "    name: HQ\n" +
      "  genesys:region: us_east_1\n";
    expect(edit(before, { protect: true })).toBe(
      "config:\n" +
        "  genesys-byoc:protect: true # until go-live\n" +
        "  # kept, though about a key that goes\n" +
        "  genesys:region: us_east_1\n",
    );
    // A scalar replaced by a map: the key line keeps its comment, the value goes below it.
    expect(edit(before, { protect: { on: true } })).toMatch(
      /^ {2}genesys-byoc:protect: # until go-live\n {4}"on": true\n/m,
    );
  });

  it("quotes every string a YAML 1.1 or 1.2 reader would take for something else", () => {
    const strings = [
      "2024-01-01",
      "+13175550100",
      "46278",
      "yes",
      "off",
      "0o17",
      "1_000",
      "12:30",
      "~",
      "",
      " x",
    ];
    const out = edit("config:\n  a: 1\n", { values: strings, plain: "Indianapolis HQ" });
    // js-yaml reads YAML 1.1 types (dates, yes/off, 12:30 as a number); the yaml package 1.2's.
    expect(yaml.load(out)).toEqual({
      config: { a: 1, "genesys-byoc:values": strings, "genesys-byoc:plain": "Indianapolis HQ" },
    });
    expect(out).toContain("genesys-byoc:plain: Indianapolis HQ\n"); // no quotes where none are needed
  });

  it("leaves out undefined fields, as YAML has no undefined (an undefined list item is null)", () => {
    const out = edit("config:\n  a: 1\n", {
      sites: { indy: { name: "Indy", notes: undefined } },
      list: [1, undefined],
      gone: undefined,
    });
    expect(yaml.load(out)).toEqual({
      config: { a: 1, "genesys-byoc:sites": { indy: { name: "Indy" } }, "genesys-byoc:list": [1, null] },
    });
  });

  it("a flow-style config is written anew from its document, as block style, with its data", () => {
    const out = edit(
      `encryptionsalt: ${SALT}\nconfig: {genesys:region: us_east_1, genesys-byoc:protect: true}\n`,
      {
        sites: SITES,
      },
    );
    expect(yaml.load(out)).toEqual({
      encryptionsalt: SALT,
      config: { "genesys:region": "us_east_1", "genesys-byoc:sites": SITES },
    });
    expect(out).toContain("\n  genesys:region: us_east_1\n");
  });

  it("refuses in one line, writing nothing, when the file would read back otherwise (an alias into a key that goes)", () => {
    const file = path.join(dir, "Pulumi.test.yaml");
    fs.writeFileSync(file, "config:\n  genesys-byoc:location: &hq\n    name: HQ\n  other:copy: *hq\n");
    let err: unknown;
    try {
      withKeys(readStackFile(file), NS, { protect: true });
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(ImportError);
    expect((err as Error).message).toMatch(
      /^Pulumi\.test\.yaml: the genesys-byoc:\* keys cannot be written in place \(.+\); nothing written: remove those keys by hand and run again$/,
    );
  });
});

describe("keysIn", () => {
  it("lists the namespace's keys in file order", () => {
    const file = path.join(dir, "Pulumi.test.yaml");
    fs.writeFileSync(file, "config:\n  genesys-byoc:b: 1\n  genesys:region: x\n  'genesys-byoc:a': 2\n");
    expect(keysIn(readStackFile(file), NS)).toEqual(["genesys-byoc:b", "genesys-byoc:a"]);
  });
});
