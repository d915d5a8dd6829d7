/**
 * `GET /api/v2/authorization/products` and `GET /api/v2/organizations/me`. Reference §5.
 */
import { clone, type Organization, type Store } from "./store";

/**
 * OrganizationProductEntityListing: `entities, pageSize, pageNumber, total, pageCount` only, `total` always numeric
 * [C]. `byoc` is present unless the emulator runs with `--no-byoc`.
 */
export function getProducts(store: Store) {
  const entities = [...(store.options.byoc ? [{ id: "byoc" }] : []), { id: "voice" }];
  return { entities, pageSize: 25, pageNumber: 1, total: entities.length, pageCount: 1 };
}

/** The organization [C fields]. */
export function getOrganization(store: Store): Organization {
  return clone(store.state.organization);
}
