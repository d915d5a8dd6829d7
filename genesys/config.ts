/**
 * Where and as whom to connect: the one place that resolves connection settings.
 *
 * Sources, per key: stack config (`genesys:<key>`, from the provider's `configure()` or the
 * program's `pulumi.Config`), then the environment. The region (or API URL) is taken as a pair
 * from the first source that sets either, so an exported GENESYS_CLOUD_REGION never contradicts
 * a stack that targets the emulator through `genesys:apiUrl`.
 */

/** Region keys and their domains, as the SDK's PureCloudRegionHosts lists them. */
export const REGION_DOMAINS: Readonly<Record<string, string>> = {
  us_east_1: "mypurecloud.com",
  eu_west_1: "mypurecloud.ie",
  ap_southeast_2: "mypurecloud.com.au",
  ap_northeast_1: "mypurecloud.jp",
  eu_central_1: "mypurecloud.de",
  us_west_2: "usw2.pure.cloud",
  ca_central_1: "cac1.pure.cloud",
  ap_northeast_2: "apne2.pure.cloud",
  eu_west_2: "euw2.pure.cloud",
  ap_south_1: "aps1.pure.cloud",
  us_east_2: "use2.us-gov-pure.cloud",
  sa_east_1: "sae1.pure.cloud",
  me_central_1: "mec1.pure.cloud",
  ap_northeast_3: "apne3.pure.cloud",
  eu_central_2: "euc2.pure.cloud",
  mx_central_1: "mxc1.pure.cloud",
  ap_southeast_1: "apse1.pure.cloud",
  eusc_de_east_1: "edee1.eusc-pure.cloud",
};

/** Resolved settings for one org. `target` is either a Genesys domain or a gateway URL. */
export interface ConnectionSettings {
  clientId: string;
  clientSecret: string;
  /** Genesys Cloud domain such as `mypurecloud.com` (set when connecting to a real region). */
  domain?: string;
  /** Base URL of a gateway or the local emulator, such as `http://127.0.0.1:8787`. */
  apiUrl?: string;
}

/** Anything with `get(key)`: a `pulumi.Config`, the provider's `configure()` config, a Map. */
export interface ConfigSource {
  get(key: string): string | undefined;
}

/** The config keys and their environment fallbacks. */
export const SETTINGS = {
  region: { key: "genesys:region", env: "GENESYS_CLOUD_REGION" },
  apiUrl: { key: "genesys:apiUrl", env: "GENESYS_CLOUD_API_URL" },
  clientId: { key: "genesys:clientId", env: "GENESYS_CLOUD_CLIENT_ID" },
  clientSecret: { key: "genesys:clientSecret", env: "GENESYS_CLOUD_CLIENT_SECRET" },
} as const;

/** Bad or missing connection settings; the message lists what to set. */
export class ConfigurationError extends Error {
  constructor(problems: string[]) {
    super(
      "Genesys Cloud connection settings are incomplete or contradictory:\n" +
        problems.map((p) => `  - ${p}`).join("\n"),
    );
    this.name = "ConfigurationError";
  }
}

/** Maps a region key (`us_east_1`, `us-east-1`) or a domain (`mypurecloud.com`) to a domain. */
export function regionToDomain(region: string): string | undefined {
  const r = region.trim().toLowerCase();
  const key = r.replace(/-/g, "_");
  if (REGION_DOMAINS[key]) return REGION_DOMAINS[key];
  const domain = r.replace(/^(https?:\/\/)?(api\.|login\.)?/, "").replace(/\/.*$/, "");
  return Object.values(REGION_DOMAINS).includes(domain) ? domain : undefined;
}

function clean(v: string | undefined): string | undefined {
  const t = v?.trim();
  return t ? t : undefined;
}

/**
 * Resolves connection settings from stack config and the environment; throws a
 * {@link ConfigurationError} listing every problem at once.
 */
export function resolveConnection(
  config: ConfigSource | undefined,
  env: NodeJS.ProcessEnv = process.env,
): ConnectionSettings {
  const fromConfig = (s: { key: string }) => clean(config?.get(s.key));
  const fromEnv = (s: { env: string }) => clean(env[s.env]);
  const pick = (s: { key: string; env: string }) => fromConfig(s) ?? fromEnv(s);
  const problems: string[] = [];

  // Region/API URL as a pair from the first source that sets either.
  const configTarget = { region: fromConfig(SETTINGS.region), apiUrl: fromConfig(SETTINGS.apiUrl) };
  const envTarget = { region: fromEnv(SETTINGS.region), apiUrl: fromEnv(SETTINGS.apiUrl) };
  const useConfig = configTarget.region !== undefined || configTarget.apiUrl !== undefined;
  const { region, apiUrl } = useConfig ? configTarget : envTarget;
  const where = useConfig ? "stack config" : "the environment";

  let domain: string | undefined;
  let url: string | undefined;
  if (region !== undefined && apiUrl !== undefined) {
    problems.push(
      `both a region (${region}) and an API URL (${apiUrl}) are set in ${where}: set only one ` +
        `(genesys:apiUrl / ${SETTINGS.apiUrl.env} for the local emulator, genesys:region / ${SETTINGS.region.env} for a real org)`,
    );
  } else if (region !== undefined) {
    domain = regionToDomain(region);
    if (!domain) {
      problems.push(
        `region "${region}" is not a Genesys Cloud region: use a key such as us_east_1 or a domain such as mypurecloud.com ` +
          `(keys: ${Object.keys(REGION_DOMAINS).join(", ")})`,
      );
    }
  } else if (apiUrl !== undefined) {
    try {
      const u = new URL(apiUrl);
      if (u.protocol !== "http:" && u.protocol !== "https:") throw new Error("protocol");
      url = `${u.protocol}//${u.host}`;
    } catch {
      problems.push(`API URL "${apiUrl}" is not an http(s) URL such as http://127.0.0.1:8787`);
    }
  } else {
    problems.push(
      `no target: set genesys:region (or ${SETTINGS.region.env}), e.g. us_east_1, ` +
        `or genesys:apiUrl (or ${SETTINGS.apiUrl.env}) for the local emulator`,
    );
  }

  const clientId = pick(SETTINGS.clientId);
  const clientSecret = pick(SETTINGS.clientSecret);
  if (!clientId) {
    problems.push(`no OAuth client id: set genesys:clientId (or ${SETTINGS.clientId.env})`);
  }
  if (!clientSecret) {
    problems.push(
      `no OAuth client secret: run 'pulumi config set --secret genesys:clientSecret <secret>' (or set ${SETTINGS.clientSecret.env})`,
    );
  }
  if (problems.length) throw new ConfigurationError(problems);
  return { clientId: clientId!, clientSecret: clientSecret!, domain, apiUrl: url };
}
