/**
 * Types shared by the public resource classes.
 */
import type * as pulumi from "@pulumi/pulumi";

/** A plain value type where every level may be a Pulumi Input (arrays of Outputs included). */
export type DeepInput<T> = T extends (infer U)[]
  ? pulumi.Input<DeepInput<U>[]>
  : T extends object
    ? pulumi.Input<{ [K in keyof T]: DeepInput<T[K]> }>
    : pulumi.Input<T>;

/** Resource arguments derived from a plain inputs type: every field, at any depth, may be an Input. */
export type Args<T> = { [K in keyof T]: DeepInput<T[K]> };

/** The module part of every type token: `pulumi-nodejs:dynamic/genesys:<Type>`. */
export const TOKEN_MODULE = "genesys";
