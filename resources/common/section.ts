/**
 * A settings section: the part of the stack config (and of the `ByocTelephony` arguments) that one
 * resource kind reads. Each kind declares its own in resources/<kind>/settings.ts: the settings it
 * requires, how they map to the resource's inputs and, per resource input, the setting it comes
 * from. The values are checked by the resource's own check (resources/<kind>/schema.ts), which
 * names each input through that table (a {@link Label}), so every failure is named by the key its
 * user edits (`location.number`, `carriers.intl.sipServers[0]`) and no message text is ever parsed
 * or rewritten. settings/ assembles the sections and adds the rules across them.
 *
 * Pure: no Pulumi import.
 */
import { isDeepStrictEqual } from "node:util";
import { type CheckFailure, type Label, isRecord, isUnknown, knownFailures, topKey } from "./validate";

/**
 * Where the user docs describe a group of settings, as a settings message points to it
 * (`(see ${DOCS.estates})`): a file the package ships and a heading in it, named as it begins
 * (tests/unit/settings.test.ts checks that each heading exists).
 */
export const DOCS = {
  /** The component's arguments in the one-site form (`location`, `site`): the README's program. */
  component: "README.md, Use it from your own Pulumi program",
  /** `carriers` and `routes`. */
  carriers: "docs/configuration.md, Several carriers and routes",
  /** `sites` and `didPools`. */
  estates: "docs/configuration.md, Whole estates",
} as const;

/** One problem with the settings: the key to fix and the line that says how. */
export interface Issue {
  /** The setting's key, e.g. `location.number` or `routes[1]` (to tell problems about one key apart). */
  key: string;
  /** One line, starting with the key. */
  message: string;
}

/** Settings as read: plain values by key. */
export type Raw = Record<string, unknown>;

/** One section of the settings, checked on its own. */
export interface Section {
  /** Settings that must be present (each missing one is reported once, as `<key> is required`). */
  required: readonly string[];
  /** For each resource input path the resource's check reports on: the setting it comes from. */
  keys: Readonly<Record<string, string>>;
  /**
   * Settings made of digits that must stay strings (`pulumi config set --path` stores `+1…` as a
   * number otherwise), each with an example value.
   */
  digitStrings?: Readonly<Record<string, string>>;
  /** Rules across the section's own settings (`path` is where the section is, e.g. `carriers.intl`). */
  rules?: (raw: Raw, path: string) => Issue[];
  /** The resource's own check on the inputs the settings map to, ids not known yet as unknowns. */
  check: (raw: Raw, prefix: string, label: Label) => { inputs: unknown; failures: CheckFailure[] };
}

/** A string with its value known: unknown values and non-strings are left to the checks. */
export const known = (v: unknown): v is string => typeof v === "string" && !isUnknown(v);

/** `prefix + name`, or the bare name when it is empty (so the check reports it missing, not the prefix). */
export function prefixed<T>(prefix: string, name: T): T | string {
  return typeof name === "string" && name.trim() !== "" && !isUnknown(name) ? prefix + name : name;
}

/**
 * The settings of `section` that map to the resource inputs `inputs`: its `keys` table read
 * backwards (`emergencyNumber.number` → `number`), what `npm run import` writes for an object it
 * read. Inputs without a setting (ids of other objects) are left out.
 */
export function settingsOf(section: Section, inputs: object): Raw {
  const out: Raw = {};
  for (const [property, setting] of Object.entries(section.keys)) {
    let v: unknown = inputs;
    for (const part of property.split(".")) v = isRecord(v) ? v[part] : undefined;
    if (property !== "" && v !== undefined) out[setting] = v;
  }
  return out;
}

/** `settings` without the keys whose value equals the default given for it. */
export function withoutDefaults(settings: Raw, defaults: Readonly<Record<string, unknown>>): Raw {
  return Object.fromEntries(Object.entries(settings).filter(([k, v]) => !isDeepStrictEqual(v, defaults[k])));
}

/**
 * The problems of one section at `path`: missing settings, the section's own rules, then the
 * resource's check, each failure named by its setting. `skip` lists keys already reported.
 */
export function checkSection(
  section: Section,
  raw: Raw,
  path: string,
  prefix: string,
  skip: ReadonlySet<string> = new Set(),
): Issue[] {
  const key = (setting: string) => `${path}.${setting}`;
  const missing = section.required.filter((k) => raw[k] === undefined).map(key);
  const issues: Issue[] = missing.map((k) => ({ key: k, message: `${k} is required` }));
  issues.push(...(section.rules?.(raw, path) ?? []));
  // An input path under a mapped input keeps its tail: `plans[0].match` → `numberPlans[0].match`.
  const setting = (property: string) => {
    const top = topKey(property);
    if (section.keys[property] !== undefined) return section.keys[property];
    return section.keys[top] !== undefined ? section.keys[top] + property.slice(top.length) : property;
  };
  const label: Label = (property) => key(setting(property));
  const { inputs, failures } = section.check(raw, prefix, label);
  const done = new Set([...skip, ...missing]);
  for (const f of knownFailures(inputs as Raw, failures)) {
    const k = label(f.property);
    if (done.has(k)) continue;
    issues.push({ key: k, message: f.reason.startsWith(k) ? f.reason : `${k}: ${f.reason}` });
  }
  return issues;
}
