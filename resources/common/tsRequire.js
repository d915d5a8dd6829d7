"use strict";
/**
 * Loads the project's TypeScript sources in the Pulumi processes (the program and the dynamic
 * provider process), transpiled once and then cached by content.
 *
 * ts-node (transpile-only) transpiles every file again on every run and loads the TypeScript
 * compiler first; a preview runs the program and the provider process, an `up` twice each. This
 * hook keeps each file's JavaScript under node_modules/.cache/genesys-byoc-ts/, keyed by a hash
 * of the file's path and text, tsconfig.json and the compiler's version, so an unchanged file
 * costs one small read and the compiler is loaded only on a miss. Type checking is `npm test`'s
 * job (tsc), as with ts-node's transpileOnly. Plain JavaScript (no TypeScript source) so that it
 * can be required before any TypeScript hook exists.
 *
 * Requiring this file installs the hook (once per process) for the project it lives in.
 */
const crypto = require("crypto");
const fs = require("fs");
const path = require("path");

const ROOT = path.resolve(__dirname, "..", "..");
const CACHE_DIR = path.join(ROOT, "node_modules", ".cache", "genesys-byoc-ts");
const MARK = Symbol.for("genesys-byoc.tsRequire");

function install() {
  const previous = require.extensions[".ts"];
  if (previous && previous[MARK]) return;
  const tsconfigText = fs.readFileSync(path.join(ROOT, "tsconfig.json"), "utf8");
  const tsPackage = require.resolve("typescript/package.json", { paths: [ROOT] });
  const salt = `${JSON.parse(fs.readFileSync(tsPackage, "utf8")).version}\n${tsconfigText}\n`;
  let compilerOptions; // set on the first miss, with the compiler

  function transpile(source, filename) {
    const ts = require(require.resolve("typescript", { paths: [ROOT] }));
    if (!compilerOptions) {
      const parsed = ts.parseConfigFileTextToJson("tsconfig.json", tsconfigText).config || {};
      compilerOptions = {
        ...ts.convertCompilerOptionsFromJson(parsed.compilerOptions || {}, ROOT).options,
        module: ts.ModuleKind.CommonJS,
        sourceMap: false,
        inlineSourceMap: true,
        inlineSources: false,
        noCheck: true,
      };
    }
    return ts.transpileModule(source, { fileName: filename, compilerOptions }).outputText;
  }

  function compile(source, filename) {
    const key = crypto
      .createHash("sha256")
      .update(salt)
      .update(filename)
      .update("\n")
      .update(source)
      .digest("hex");
    const file = path.join(CACHE_DIR, `${key}.js`);
    try {
      return fs.readFileSync(file, "utf8");
    } catch {
      // not cached yet
    }
    const output = transpile(source, filename);
    try {
      fs.mkdirSync(CACHE_DIR, { recursive: true });
      const tmp = `${file}.${process.pid}.tmp`;
      fs.writeFileSync(tmp, output);
      fs.renameSync(tmp, file);
    } catch {
      // a read-only tree still works, uncached
    }
    return output;
  }

  const hook = function (module, filename) {
    if (!filename.startsWith(ROOT + path.sep) || filename.includes(`${path.sep}node_modules${path.sep}`)) {
      if (previous) return previous(module, filename);
    }
    module._compile(compile(fs.readFileSync(filename, "utf8"), filename), filename);
  };
  hook[MARK] = true;
  require.extensions[".ts"] = hook;
  if (typeof process.setSourceMapsEnabled === "function") process.setSourceMapsEnabled(true);
}

install();
