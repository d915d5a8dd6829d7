/**
 * OutboundRouteBinding provider. The binding's id is `<siteId>:<routeId>`.
 *
 * | verb   | HTTP calls                                                                                 |
 * |--------|--------------------------------------------------------------------------------------------|
 * | check  | none                                                                                       |
 * | diff   | none                                                                                       |
 * | create | default route: GET …/sites/{siteId}/outboundroutes?name= + PUT (2); named route: POST (1; after an ambiguous failure + GET by name) |
 * | read   | GET …/outboundroutes/{routeId} (1)                                                         |
 * | update | PUT …/outboundroutes/{routeId} (1)                                                         |
 * | delete | adopted route: PUT back what it carried (1); created route: DELETE (1); 404 = done          |
 */
import type * as pulumi from "@pulumi/pulumi";
import { orUndefinedIfNotFound } from "../../genesys/errors";
import * as api from "../../genesys/outboundRoutes";
import { client, configure } from "../common/connection";
import {
  checkWith,
  createOrRecover,
  diffDeclared,
  explainDuplicate,
  restrictToDeclared,
} from "../common/lifecycle";
import { fromApi, restoreBody, routeNameOf, snapshot, toRouteBody } from "./mapping";
import {
  DIFF_KEYS,
  OutboundRouteBindingInputs,
  OutboundRouteBindingOutputs,
  REPLACE_KEYS,
  checkBinding,
  parseBindingId,
} from "./schema";

type In = OutboundRouteBindingInputs;
type Out = OutboundRouteBindingOutputs;

export const provider: pulumi.dynamic.ResourceProvider<In, Out> = {
  configure,

  check: checkWith(checkBinding),

  diff: diffDeclared<In>(DIFF_KEYS, REPLACE_KEYS),

  async create(inputs) {
    const c = client();
    const name = routeNameOf(inputs);
    if (inputs.routeName === undefined) {
      // Adopt the site's default route and remember what it carried.
      const existing = await api.findByName(c, inputs.siteId, name);
      if (!existing) {
        throw new Error(`site ${inputs.siteId} has no "${name}"; set routeName to create a route instead`);
      }
      const before = snapshot(existing);
      const route = await api.put(c, inputs.siteId, existing.id!, toRouteBody(inputs, before));
      return {
        id: `${inputs.siteId}:${route.id}`,
        outs: { ...inputs, routeId: route.id!, adoptedFrom: before },
      };
    }
    try {
      const route = await createOrRecover(
        () => api.create(c, inputs.siteId, toRouteBody(inputs)),
        () => api.findByName(c, inputs.siteId, name),
      );
      return { id: `${inputs.siteId}:${route.id}`, outs: { ...inputs, routeId: route.id! } };
    } catch (err) {
      throw explainDuplicate(err, "Outbound route", name);
    }
  },

  async read(id, props) {
    const { siteId, routeId } = parseBindingId(id);
    const route = await api.get(client(), siteId, routeId);
    if (!route) return {};
    const declared = props ?? ({ siteId, trunkIds: [] } as unknown as Out);
    const seen = restrictToDeclared(fromApi(siteId, route, declared), declared, DIFF_KEYS) as In;
    const inputs = { ...seen, siteId, trunkIds: seen.trunkIds ?? [] };
    return {
      id,
      props: { ...inputs, routeId, ...(declared.adoptedFrom && { adoptedFrom: declared.adoptedFrom }) },
      inputs: inputs as Out,
    };
  },

  async update(id, olds, news) {
    const { siteId, routeId } = parseBindingId(id);
    await api.put(client(), siteId, routeId, toRouteBody(news, olds.adoptedFrom));
    return { outs: { ...news, routeId, ...(olds.adoptedFrom && { adoptedFrom: olds.adoptedFrom }) } };
  },

  async delete(id, props) {
    const { siteId, routeId } = parseBindingId(id);
    const c = client();
    if (props.adoptedFrom) {
      // Never delete the default route: give it back what it carried.
      const before = props.adoptedFrom;
      await orUndefinedIfNotFound(() => api.put(c, siteId, routeId, restoreBody(routeNameOf(props), before)));
      return;
    }
    await api.remove(c, siteId, routeId);
  },
};
