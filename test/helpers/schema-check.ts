/**
 * A small structural check of JSON against the API's own OpenAPI schemas: types, required
 * properties, enums, patterns, arrays, $ref, oneOf and allOf. Enough to hold every answer to
 * what the document promises; not a general JSON Schema validator.
 */
type Schema = Record<string, unknown>;

export function checkSchema(value: unknown, schema: Schema, components: Record<string, Schema>, at = "$"): string[] {
  if (typeof schema.$ref === "string") return checkSchema(value, components[schema.$ref.split("/").pop()!]!, components, at);
  if (Array.isArray(schema.allOf)) return (schema.allOf as Schema[]).flatMap((s) => checkSchema(value, s, components, at));
  if (Array.isArray(schema.oneOf)) {
    const fits = (schema.oneOf as Schema[]).filter((s) => checkSchema(value, s, components, at).length === 0);
    return fits.length === 1 ? [] : [`${at}: fits ${fits.length} of the oneOf schemas`];
  }
  const problems: string[] = [];
  const types = schema.type === undefined ? [] : Array.isArray(schema.type) ? (schema.type as string[]) : [schema.type as string];
  const typeOf = (v: unknown) => (v === null ? "null" : Array.isArray(v) ? "array" : Number.isInteger(v) ? "integer" : typeof v);
  if (types.length > 0) {
    const t = typeOf(value);
    if (!types.includes(t) && !(t === "integer" && types.includes("number"))) return [`${at}: ${t}, not ${types.join(" or ")}`];
  }
  if (Array.isArray(schema.enum) && !(schema.enum as unknown[]).includes(value)) problems.push(`${at}: ${JSON.stringify(value)} not in ${JSON.stringify(schema.enum)}`);
  if (typeof schema.pattern === "string" && typeof value === "string" && !new RegExp(schema.pattern).test(value)) problems.push(`${at}: "${value}" does not match ${schema.pattern}`);
  if (typeOf(value) === "object" && schema.properties !== undefined) {
    const obj = value as Record<string, unknown>;
    for (const r of (schema.required as string[] | undefined) ?? []) if (!(r in obj)) problems.push(`${at}: missing ${r}`);
    for (const [k, s] of Object.entries(schema.properties as Record<string, Schema>)) if (k in obj) problems.push(...checkSchema(obj[k], s, components, `${at}.${k}`));
  }
  if (Array.isArray(value) && schema.items !== undefined) value.forEach((v, i) => problems.push(...checkSchema(v, schema.items as Schema, components, `${at}[${i}]`)));
  return problems;
}
