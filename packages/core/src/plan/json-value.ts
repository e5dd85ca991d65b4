// Plain JSON values: what plans, journal records and step outputs are made of, so that they hash and replay exactly.

type JsonPrimitive = string | number | boolean | null;
export type JsonValue = JsonPrimitive | JsonValue[] | { [key: string]: JsonValue };
export type JsonObject = { [key: string]: JsonValue };
