/**
 * Types shared by the public resource classes.
 */
import type * as pulumi from "@pulumi/pulumi";

/** Resource arguments derived from a plain inputs type: every field may be a Pulumi Input. */
export type Args<T> = { [K in keyof T]: pulumi.Input<T[K]> };

/** The module part of every type token: `pulumi-nodejs:dynamic/genesys:<Type>`. */
export const TOKEN_MODULE = "genesys";
