/**
 * The two-country estate of the docs ("Whole estates" in docs/configuration.md), in parts, for the
 * end-to-end tests that deploy it (tests/e2e/estate.test.ts, tests/e2e/lag.test.ts): a US site in
 * Indianapolis, a GB site in London with a custom "UK Mobile" number plan and a named route serving
 * it, and a carrier per country.
 */

/** The GB mobile plan's pattern as the docs give it. */
export const UK_MOBILE_MATCH = "^\\+447\\d{9}$";

/**
 * A carrier of `country` ("US" or "UK"), its termination identifier `<prefix>us` / `<prefix>uk`.
 *
 * @param prefix The stack's name prefix (also the identifier's).
 * @param inboundSite The site key it terminates at, if any.
 */
export function carrier(country: "US" | "UK", prefix: string, inboundSite?: string) {
  const c = country.toLowerCase();
  return {
    externalTrunkName: `${country} Carrier`,
    sipServers: [`sip.${c}-carrier.example`],
    inboundSipTerminationIdentifier: `${prefix}${c}`,
    ...(inboundSite && { inboundSite }),
  };
}

/**
 * The Indianapolis site, its default route carrying `carriers`.
 *
 * @param carriers Carrier keys on its default route.
 */
export function indianapolis(carriers: string[]) {
  return {
    location: {
      name: "Indianapolis",
      number: "+13175550100",
      street1: "7601 Interactive Way",
      city: "Indianapolis",
      country: "US",
    },
    site: { name: "Indianapolis", timeZone: "America/Indiana/Indianapolis" },
    routes: [{ carriers }],
  };
}

/**
 * The London site: the UK Mobile plan, the `uk` carrier on its default route, and a route "UK
 * Mobile" serving the plan's classification with `uk` then `us`.
 *
 * @param match The UK Mobile plan's pattern.
 */
export function london(match = UK_MOBILE_MATCH) {
  return {
    location: {
      name: "London",
      number: "+442071838750",
      street1: "1 Poultry",
      city: "London",
      country: "GB",
    },
    site: { name: "London", timeZone: "Europe/London" },
    numberPlans: [
      { name: "UK Mobile", classification: "UK Mobile", matchType: "regex", match, normalizedFormat: "$0" },
    ],
    routes: [
      { carriers: ["uk"] },
      { name: "UK Mobile", carriers: ["uk", "us"], classificationTypes: ["UK Mobile"] },
    ],
  };
}

/** The DID pools of the two sites' numbers. */
export const US_POOL = {
  startPhoneNumber: "+13175550100",
  endPhoneNumber: "+13175550199",
  description: "Indianapolis",
};
export const GB_POOL = {
  startPhoneNumber: "+442071838750",
  endPhoneNumber: "+442071838759",
  description: "London",
};
