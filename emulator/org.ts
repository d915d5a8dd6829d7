/**
 * `GET /api/v2/authorization/products`, `GET`/`PUT /api/v2/organizations/me` and `GET /api/v2/telephony/mediaregions`.
 * Reference §5 and §13.
 */
import { ApiError, referencedKeyMissing, requiredFieldMissing } from "./errors";
import { HOME_REGION } from "./seed";
import { MEDIA_REGIONS } from "./sites";
import { clone, type Organization, type Store } from "./store";
import { bodyObject, optInt, optString, type Json } from "./validate";

/**
 * OrganizationProductEntityListing: `entities, pageSize, pageNumber, total, pageCount` only, `total` always numeric
 * [C]. `byoc` is present unless the emulator runs with `--no-byoc`.
 */
export function getProducts(store: Store) {
  const entities = [...(store.options.byoc ? [{ id: "byoc" }] : []), { id: "voice" }];
  return { entities, pageSize: 25, pageNumber: 1, total: entities.length, pageCount: 1 };
}

/** The organization [C fields], always with `defaultSiteId` [C-test]. */
export function getOrganization(store: Store): Organization {
  return clone(store.state.organization);
}

/**
 * `PUT /api/v2/organizations/me`: `version` is required [C model] and must be the current one → 409
 * `general.conflict` [C message]. Only `defaultSiteId` (which must name a live site → 400
 * `referenced.key.does.not.exist` [I]) and `name` change here; the other fields are read-only for this slice [I].
 */
export function putOrganization(store: Store, raw: unknown): Organization {
  const body = bodyObject(raw);
  const org = store.state.organization;
  const version = optInt(body, "version");
  if (version === undefined) throw requiredFieldMissing("version");
  if (version !== org.version)
    throw new ApiError(
      409,
      "general.conflict",
      "The version supplied does not match the current version of the user",
    );
  const defaultSiteId = optString(body, "defaultSiteId") ?? org.defaultSiteId;
  const site = store.site(defaultSiteId);
  if (!site || site.state === "deleted") throw referencedKeyMissing("defaultSiteId", defaultSiteId);
  const name = optString(body, "name") || org.name;
  store.state.organization = { ...org, name, defaultSiteId, version: org.version + 1 };
  store.touch();
  return getOrganization(store);
}

/**
 * `GET /api/v2/telephony/mediaregions` → MediaRegions `{awsHomeRegion, awsCoreRegions, awsSatelliteRegions}` [C
 * shape]. The home region and the split into core and satellite regions are ours [I].
 */
export function getMediaRegions(): Json {
  return {
    awsHomeRegion: HOME_REGION,
    awsCoreRegions: MEDIA_REGIONS.filter((r) => !SATELLITES.includes(r)),
    awsSatelliteRegions: MEDIA_REGIONS.filter((r) => SATELLITES.includes(r)),
  };
}

/** Media regions with no Genesys Cloud core of their own (satellites) [I]; the other known regions are core. */
const SATELLITES = ["us-east-2", "ap-southeast-1", "mx-central-1"];
