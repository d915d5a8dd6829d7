/**
 * The provider plugin's configuration: where and as whom it connects. A program sets it as the
 * package's config (`genesys-byoc:apiUrl`, `genesys-byoc:clientSecret`…, used by the default
 * provider) or on an explicit provider resource; each key unset falls back to its
 * `GENESYS_CLOUD_*` environment variable, as for the dynamic resources (genesys/config.ts).
 *
 * {@link ProviderConfig} is also the source of the schema's `config` and `provider` sections
 * (`npm run schema`).
 */
import type { ConfigSource } from "../genesys/config";
import { SETTINGS } from "../genesys/config";

/** The provider's configuration: the org's region or API URL, and the OAuth client credentials. */
export interface ProviderConfig {
  /**
   * The org's Genesys Cloud region, as a key (`us_east_1`) or a domain (`mypurecloud.com`). Set
   * this or `apiUrl`, not both. Default: the `GENESYS_CLOUD_REGION` environment variable.
   */
  region?: string;
  /**
   * Base URL of a gateway or of the local Genesys Cloud emulator, such as `http://127.0.0.1:8787`,
   * instead of `region`. Default: the `GENESYS_CLOUD_API_URL` environment variable.
   */
  apiUrl?: string;
  /** OAuth client id (client credentials grant). Default: the `GENESYS_CLOUD_CLIENT_ID` environment variable. */
  clientId?: string;
  /**
   * OAuth client secret. Default: the `GENESYS_CLOUD_CLIENT_SECRET` environment variable.
   * @secret
   */
  clientSecret?: string;
}

/** The keys of {@link ProviderConfig}, as the connection settings name them (`genesys:<key>`). */
const KEYS = Object.keys(SETTINGS) as (keyof ProviderConfig)[];

/**
 * The connection settings source for a provider configuration: `genesys:<key>` reads `<key>`.
 *
 * @param config The provider's configuration as the engine sent it (strings only; others ignored).
 */
export function configSource(config: Record<string, unknown>): ConfigSource {
  const values: Partial<Record<string, string>> = {};
  for (const key of KEYS) {
    const v = config[key];
    if (typeof v === "string") values[`genesys:${key}`] = v;
  }
  return { get: (key) => values[key] };
}
