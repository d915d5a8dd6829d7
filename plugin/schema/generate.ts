/**
 * Generates the provider plugin's Pulumi package schema (plugin/schema.json) from the TypeScript
 * the package is made of, so that the schema has one source: the resources' own typed and
 * documented inputs and outputs (`<Name>Inputs` and `<Name>Outputs` in resources/<kind>/schema.ts,
 * the class's TSDoc in resources/<kind>/index.ts), the component's arguments (lib/args.ts) and
 * output properties (lib/component.ts), the functions' arguments and results (lib/lookups.ts) and the provider's
 * configuration (plugin/config.ts). A property whose TSDoc carries the tag `@secret` is secret.
 *
 * `npm run schema` writes the file; tests/unit/pluginSchema.test.ts fails when the committed one
 * differs from what this generates. Runs at development time only (it needs the TypeScript
 * compiler, a dev dependency), so it is not part of the build.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import * as ts from "typescript";
import { COMPONENT, FUNCTIONS, PACKAGE, RESOURCES, token } from "../kinds";

/** The project's root directory. */
const ROOT = path.resolve(__dirname, "../..");

/** Where the schema is written. */
export const SCHEMA_PATH = path.join(ROOT, "plugin/schema.json");

/** A property's or type's spec, as Pulumi's package schema writes it (the parts used here). */
interface TypeSpec {
  type?: "string" | "number" | "boolean" | "array" | "object";
  items?: TypeSpec;
  additionalProperties?: TypeSpec;
  $ref?: string;
  oneOf?: TypeSpec[];
}

interface PropertySpec extends TypeSpec {
  description?: string;
  secret?: boolean;
}

interface ObjectSpec {
  description?: string;
  properties: Record<string, PropertySpec>;
  required?: string[];
}

/** The source files the schema is read from. */
function sourceFiles(): string[] {
  return [
    ...RESOURCES.flatMap((r) => [`resources/${r.folder}/schema.ts`, `resources/${r.folder}/index.ts`]),
    "lib/component.ts",
    "lib/args.ts",
    "lib/lookups.ts",
    "plugin/config.ts",
  ].map((f) => path.join(ROOT, f));
}

/** A type name in the schema for a TypeScript name: `CarrierArgs` → `Carrier`, avoiding the package's other names. */
function schemaTypeName(tsName: string, taken: ReadonlySet<string>): string {
  const base = tsName.replace(/(Args|Inputs)$/, "") || tsName;
  return taken.has(base) ? `${base}Spec` : base;
}

/** Reads the project's TypeScript and builds the schema. */
class Generator {
  private readonly program: ts.Program;
  private readonly checker: ts.TypeChecker;
  /** Named object types, by schema name, and the declaration each came from. */
  readonly types = new Map<string, { spec: ObjectSpec & { type: "object" }; origin: ts.Node | undefined }>();
  /** Names no type may take: the resources', the component's and the functions'. */
  private readonly reserved: Set<string>;

  constructor() {
    const config = ts.readConfigFile(path.join(ROOT, "tsconfig.json"), (f) => ts.sys.readFile(f));
    const parsed = ts.parseJsonConfigFileContent(config.config, ts.sys, ROOT);
    this.program = ts.createProgram(sourceFiles(), { ...parsed.options, noEmit: true });
    this.checker = this.program.getTypeChecker();
    this.reserved = new Set([...RESOURCES.map((r) => r.name), COMPONENT, ...FUNCTIONS.map((f) => f.name)]);
  }

  /** The exported symbol `name` of `file` (aliases followed). */
  symbol(file: string, name: string): ts.Symbol {
    const sf = this.program.getSourceFile(path.join(ROOT, file));
    const mod = sf && this.checker.getSymbolAtLocation(sf);
    const found = mod && this.checker.getExportsOfModule(mod).find((s) => s.name === name);
    if (!found) throw new Error(`plugin/schema: ${file} exports no ${name}`);
    return found.flags & ts.SymbolFlags.Alias ? this.checker.getAliasedSymbol(found) : found;
  }

  /** The TSDoc text of a symbol (block tags left out; `{@link X}` as `X`). */
  doc(symbol: ts.Symbol): string | undefined {
    const text = ts
      .displayPartsToString(symbol.getDocumentationComment(this.checker))
      .replace(/\{@link\s+([^}|\s]+)\s*(?:\|\s*([^}]+))?\}/g, (_m, target: string, label?: string) =>
        label ? label.trim() : `\`${target}\``,
      )
      .trim();
    return text === "" ? undefined : text;
  }

  /** Whether the symbol's TSDoc carries `@secret`. */
  private isSecret(symbol: ts.Symbol): boolean {
    return symbol.getJsDocTags(this.checker).some((t) => t.name === "secret");
  }

  /** The declared type of an interface or type alias. */
  declaredType(symbol: ts.Symbol): ts.Type {
    return this.checker.getDeclaredTypeOfSymbol(symbol);
  }

  /** The properties of an object type as a schema object (`hint` names anonymous nested types). */
  object(type: ts.Type, hint: string, description?: string): ObjectSpec {
    const properties: Record<string, PropertySpec> = {};
    const required: string[] = [];
    for (const prop of this.checker.getPropertiesOfType(type)) {
      if (prop.name.startsWith("__")) continue;
      const decl = prop.valueDeclaration ?? prop.declarations?.[0];
      const propType = decl
        ? this.checker.getTypeOfSymbolAtLocation(prop, decl)
        : this.checker.getTypeOfSymbol(prop);
      const spec: PropertySpec = {
        ...this.spec(propType, hint + prop.name.charAt(0).toUpperCase() + prop.name.slice(1)),
        ...(this.doc(prop) !== undefined && { description: this.doc(prop) }),
        ...(this.isSecret(prop) && { secret: true }),
      };
      properties[prop.name] = spec;
      const optional = (prop.flags & ts.SymbolFlags.Optional) !== 0 || this.admitsUndefined(propType);
      if (!optional) required.push(prop.name);
    }
    return {
      ...(description !== undefined && { description }),
      properties,
      ...(required.length > 0 && { required: required.sort() }),
    };
  }

  private admitsUndefined(type: ts.Type): boolean {
    const parts = type.isUnion() ? type.types : [type];
    return parts.some((t) => (t.flags & (ts.TypeFlags.Undefined | ts.TypeFlags.Void)) !== 0);
  }

  /** Whether `t` is a Promise or a Pulumi Output (the other arms of `pulumi.Input<T>`). */
  private isWrapper(t: ts.Type): boolean {
    const name = t.getSymbol()?.name ?? t.aliasSymbol?.name;
    return name === "Promise" || name === "OutputInstance" || name === "Output";
  }

  /** The schema spec of a TypeScript type. */
  spec(type: ts.Type, hint: string): TypeSpec {
    const f = ts.TypeFlags;
    let members = (type.isUnion() ? type.types : [type]).filter(
      (t) => (t.flags & (f.Undefined | f.Null | f.Void)) === 0,
    );
    // An Output or Promise of T is T (a plain intersection `OutputInstance<T> & Lifted<T>` too).
    members = members.filter(
      (t) => !(this.isWrapper(t) || (t.isIntersection() && t.types.some((x) => this.isWrapper(x)))),
    );
    if (members.length === 0) return { $ref: "pulumi.json#/Any" };
    const kind = (t: ts.Type): string =>
      t.flags & (f.String | f.StringLiteral)
        ? "string"
        : t.flags & (f.Number | f.NumberLiteral)
          ? "number"
          : t.flags & (f.Boolean | f.BooleanLiteral)
            ? "boolean"
            : "object";
    const kinds = new Set(members.map(kind));
    if (kinds.size > 1) return { $ref: "pulumi.json#/Any" };
    const [only] = kinds;
    if (only !== "object") return { type: only as "string" | "number" | "boolean" };
    if (members.length > 1) {
      const distinct = members.map((m) => this.spec(m, hint));
      return { oneOf: distinct };
    }
    const t = members[0];
    if (this.checker.isArrayType(t)) {
      const [item] = this.checker.getTypeArguments(t as ts.TypeReference);
      return { type: "array", items: this.spec(item, hint) };
    }
    const index = this.checker.getIndexInfoOfType(t, ts.IndexKind.String);
    if (index && this.checker.getPropertiesOfType(t).length === 0) {
      return { type: "object", additionalProperties: this.spec(index.type, hint) };
    }
    if (t.flags & f.Any || t.flags & f.Unknown) return { $ref: "pulumi.json#/Any" };
    return { $ref: `#/types/${token(this.named(t, hint))}` };
  }

  /** Registers an object type under its name (its interface's or alias's, else `hint`); returns the name. */
  private named(t: ts.Type, hint: string): string {
    // A generic alias (`Args<DidPoolInputs>`) is named after its argument.
    const argument = t.aliasTypeArguments?.[0]?.aliasSymbol ?? t.aliasTypeArguments?.[0]?.getSymbol();
    const symbol = argument ?? t.aliasSymbol ?? t.getSymbol();
    const tsName = symbol && !symbol.name.startsWith("__") ? symbol.name : hint;
    const name = schemaTypeName(tsName, this.reserved);
    const origin = symbol?.declarations?.[0];
    const seen = this.types.get(name);
    if (seen) {
      if (seen.origin !== origin)
        throw new Error(`plugin/schema: two different types would be named ${name}`);
      return name;
    }
    const entry = { spec: { type: "object" as const, properties: {} }, origin };
    this.types.set(name, entry); // before recursing: a type may refer to itself
    entry.spec = { type: "object", ...this.object(t, name, symbol && this.doc(symbol)) };
    return name;
  }

  /** The output properties of a class: its `pulumi.Output<T>` members, as T. */
  classOutputs(cls: ts.Symbol): ObjectSpec {
    const properties: Record<string, PropertySpec> = {};
    for (const member of this.checker.getPropertiesOfType(this.checker.getDeclaredTypeOfSymbol(cls))) {
      const decl = member.valueDeclaration;
      if (!decl || !ts.isPropertyDeclaration(decl) || !decl.type || !ts.isTypeReferenceNode(decl.type))
        continue;
      if (decl.type.typeName.getText() !== "pulumi.Output" || !decl.type.typeArguments?.length) continue;
      const inner = this.checker.getTypeFromTypeNode(decl.type.typeArguments[0]);
      properties[member.name] = {
        ...this.spec(inner, COMPONENT + member.name.charAt(0).toUpperCase() + member.name.slice(1)),
        ...(this.doc(member) !== undefined && { description: this.doc(member) }),
      };
    }
    return { properties };
  }
}

/** A resource's description: its class's TSDoc without the dynamic resource's type token, and how to import it. */
function resourceDescription(
  g: Generator,
  name: string,
  folder: string,
  importId: string | undefined,
): string {
  const classDoc = g.doc(g.symbol(`resources/${folder}/index.ts`, name)) ?? "";
  const text = classDoc
    .split(/\n\s*\n/)
    .filter((p) => !p.startsWith("Type token:"))
    .join("\n\n");
  const id = importId ?? "the object's Genesys id";
  return (
    `${text}\n\n## Import\n\nThe id is ${id}:\n\n` +
    `\`\`\`sh\n$ pulumi import ${token(name)} <resource name> <id>\n\`\`\``
  );
}

/** The schema, as the JSON text written to plugin/schema.json. */
export function generateSchema(): string {
  const g = new Generator();
  const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, "package.json"), "utf8")) as {
    version: string;
    description: string;
    keywords?: string[];
    license?: string;
  };

  const resources: Record<string, unknown> = {};
  for (const r of RESOURCES) {
    const file = `resources/${r.folder}/schema.ts`;
    const inputs = g.object(g.declaredType(g.symbol(file, `${r.name}Inputs`)), r.name);
    const outputs = g.object(g.declaredType(g.symbol(file, `${r.name}Outputs`)), r.name);
    resources[token(r.name)] = {
      description: resourceDescription(g, r.name, r.folder, r.importId),
      inputProperties: inputs.properties,
      ...(inputs.required && { requiredInputs: inputs.required }),
      properties: outputs.properties,
      ...(outputs.required && { required: outputs.required }),
    };
  }

  const componentClass = g.symbol("lib/component.ts", COMPONENT);
  const componentArgs = g.object(g.declaredType(g.symbol("lib/args.ts", `${COMPONENT}Args`)), COMPONENT);
  const componentOutputs = g.classOutputs(componentClass);
  resources[token(COMPONENT)] = {
    isComponent: true,
    description: g.doc(componentClass),
    inputProperties: componentArgs.properties,
    ...(componentArgs.required && { requiredInputs: componentArgs.required }),
    // None is required: which are set depends on the form used (one site, or `sites`).
    properties: componentOutputs.properties,
  };

  const functions: Record<string, unknown> = {};
  for (const fn of FUNCTIONS) {
    const inputs = fn.args && g.object(g.declaredType(g.symbol("lib/lookups.ts", fn.args)), fn.name);
    const outputs = g.object(g.declaredType(g.symbol("lib/lookups.ts", fn.result)), fn.name);
    functions[token(fn.name)] = {
      description: g.doc(g.symbol("lib/lookups.ts", fn.name)),
      ...(inputs && {
        inputs: { properties: inputs.properties, ...(inputs.required && { required: inputs.required }) },
      }),
      outputs: { properties: outputs.properties, ...(outputs.required && { required: outputs.required }) },
    };
  }

  const config = g.object(g.declaredType(g.symbol("plugin/config.ts", "ProviderConfig")), "Provider");
  const types = Object.fromEntries(
    [...g.types.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([name, t]) => [token(name), t.spec]),
  );

  const schema = {
    name: PACKAGE,
    displayName: "Genesys Cloud BYOC",
    version: pkg.version,
    description: pkg.description,
    keywords: [...(pkg.keywords ?? []), "category/network", "kind/native"],
    license: pkg.license,
    publisher: "genesys-byoc-pulumi",
    meta: { moduleFormat: "(.*)" },
    language: {
      csharp: { packageReferences: { Pulumi: "3.*" }, rootNamespace: "Pulumi", respectSchemaVersion: true },
      go: {
        importBasePath: "genesys-byoc-pulumi/sdk/go/genesysbyoc",
        generateResourceContainerTypes: false,
        respectSchemaVersion: true,
      },
      python: {
        packageName: "pulumi_genesys_byoc",
        respectSchemaVersion: true,
        pyproject: { enabled: true },
      },
    },
    config: { variables: config.properties },
    provider: {
      description: "The genesys-byoc provider: how it connects to the org.",
      inputProperties: config.properties,
      properties: config.properties,
    },
    resources,
    functions,
    types,
  };
  return JSON.stringify(schema, null, 2) + "\n";
}

if (require.main === module) {
  fs.writeFileSync(SCHEMA_PATH, generateSchema());
  console.log(`wrote ${path.relative(process.cwd(), SCHEMA_PATH)}`);
}
