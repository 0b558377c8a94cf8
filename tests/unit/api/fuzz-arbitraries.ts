/**
 * fast-check values from the app's own OpenAPI document: each route's path parameters, query parameters and JSON
 * body, as plausible values (by the schema's types, enums and bounds, so requests get past the schemas into the
 * handlers) and as mutations of them (a key dropped, an unknown key, a wrong type, edge values).
 */
import fc from 'fast-check';

export interface JsonSchema {
  type?: string | string[];
  enum?: unknown[];
  const?: unknown;
  properties?: Record<string, JsonSchema>;
  required?: string[];
  items?: JsonSchema;
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
  minimum?: number;
  maximum?: number;
  minLength?: number;
  maxLength?: number;
  additionalProperties?: JsonSchema | boolean;
}

export interface RouteOp {
  method: string;
  /** The OpenAPI path, e.g. /api/v1/campaigns/{id}. */
  path: string;
  pathParams: string[];
  query: Record<string, JsonSchema>;
  body: JsonSchema | undefined;
  multipart: boolean;
}

/** Every operation of the OpenAPI document the app serves at /docs/json. */
export function routesOf(doc: { paths: Record<string, Record<string, { parameters?: Array<{ in: string; name: string; schema?: JsonSchema }>; requestBody?: { content: Record<string, { schema: JsonSchema }> } }>> }): RouteOp[] {
  return Object.entries(doc.paths).flatMap(([path, methods]) =>
    Object.entries(methods).map(([method, op]) => ({
      method: method.toUpperCase(),
      path,
      pathParams: (op.parameters ?? []).filter((p) => p.in === 'path').map((p) => p.name),
      query: Object.fromEntries((op.parameters ?? []).filter((p) => p.in === 'query').map((p) => [p.name, p.schema ?? {}])),
      body: op.requestBody?.content['application/json']?.schema,
      multipart: op.requestBody?.content['multipart/form-data'] !== undefined,
    })),
  );
}

const edgeStrings = fc.constantFrom('', ' ', '0', '-1', '1e309', 'null', '%', '../../etc/passwd', '\u0000', '=HYPERLINK("x")', '+8613800138000', '13800138000', '2026-03-10', '2026-02-30', '24:00', 'x'.repeat(5000), '{"a":1}', '__proto__', 'constructor');
const edgeNumbers = fc.constantFrom(0, -1, 1, 2 ** 31, -(2 ** 53), Number.MAX_SAFE_INTEGER, 0.5, 1e21);

/** A value the schema would accept, most of the time. */
export function valueOf(s: JsonSchema | undefined, depth = 0): fc.Arbitrary<unknown> {
  if (!s || depth > 4) return fc.jsonValue({ maxDepth: 2 });
  if (s.const !== undefined) return fc.constant(s.const);
  if (s.enum) return fc.constantFrom(...s.enum);
  const alts = s.anyOf ?? s.oneOf;
  if (alts?.length) return fc.oneof(...alts.map((a) => valueOf(a, depth + 1)));
  const type = Array.isArray(s.type) ? s.type[0] : s.type;
  switch (type) {
    case 'integer':
      return fc.oneof(fc.integer({ min: s.minimum ?? -5, max: Math.min(s.maximum ?? 1000, (s.minimum ?? 0) + 1000) }), edgeNumbers);
    case 'number':
      return fc.oneof(fc.double({ min: s.minimum ?? -5, max: s.maximum ?? 1000, noNaN: true }), edgeNumbers);
    case 'boolean':
      return fc.boolean();
    case 'string':
      return fc.oneof(fc.string({ minLength: s.minLength ?? 0, maxLength: Math.min(s.maxLength ?? 40, 40) }), edgeStrings, fc.integer({ min: 13000000000, max: 19999999999 }).map(String));
    case 'array':
      return fc.array(valueOf(s.items, depth + 1), { maxLength: 4 });
    case 'object':
    default: {
      if (!s.properties) return fc.dictionary(fc.string({ maxLength: 8 }), fc.jsonValue({ maxDepth: 1 }), { maxKeys: 3 });
      const props = s.properties;
      const required = new Set(s.required ?? []);
      return fc.record(Object.fromEntries(Object.entries(props).map(([k, v]) => [k, valueOf(v, depth + 1)])), { requiredKeys: [...required].filter((k) => k in props) });
    }
  }
}

/** A plausible body, then maybe one mutation of it. */
export function bodyOf(s: JsonSchema | undefined): fc.Arbitrary<unknown> {
  const base = valueOf(s);
  return fc.oneof(
    { weight: 3, arbitrary: base },
    {
      weight: 3,
      arbitrary: fc.tuple(base, fc.nat(), fc.oneof(fc.jsonValue({ maxDepth: 1 }), edgeStrings, edgeNumbers), fc.constantFrom('drop', 'add', 'retype')).map(([b, pick, v, how]) => {
        if (typeof b !== 'object' || b === null || Array.isArray(b)) return v;
        const o = { ...(b as Record<string, unknown>) };
        const keys = Object.keys(o);
        const k = keys.length ? keys[pick % keys.length]! : 'x';
        if (how === 'drop') delete o[k];
        else if (how === 'add') o[`unknown${pick % 3}`] = v;
        else o[k] = v;
        return o;
      }),
    },
    { weight: 1, arbitrary: fc.jsonValue({ maxDepth: 3 }) },
  );
}

/** Query strings: some of the route's own parameters with plausible or edge values, sometimes an unknown one. */
export function queryOf(q: Record<string, JsonSchema>): fc.Arbitrary<Record<string, string>> {
  const names = Object.keys(q);
  const one = (n: string) => fc.oneof(valueOf(q[n]).map((v) => (typeof v === 'string' ? v : JSON.stringify(v))), edgeStrings);
  const own = names.length ? fc.record(Object.fromEntries(names.map((n) => [n, one(n)])), { requiredKeys: [] }) : fc.constant({});
  return fc.tuple(own, fc.option(fc.tuple(fc.constantFrom('zzz', 'limit', 'from', '__proto__'), edgeStrings), { nil: undefined })).map(([o, extra]) => (extra ? { ...o, [extra[0]]: extra[1] } : o) as Record<string, string>);
}
