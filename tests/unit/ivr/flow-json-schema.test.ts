import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { flowJsonSchema } from '../../../src/ivr/flow-json-schema.js';
import { nodeSchema } from '../../../src/ivr/flow-schema.js';
import { nodeTraits } from '../../../src/ivr/node-traits.js';

const docFile = join(import.meta.dirname, '../../../docs/ivr-flow.schema.json');

describe('docs/ivr-flow.schema.json', () => {
  it('is what the zod schema generates (regenerate: UPDATE_SCHEMA=1 npx vitest run --project unit ivr-schema-doc)', () => {
    const text = `${JSON.stringify(flowJsonSchema(), null, 2)}\n`;
    if (process.env.UPDATE_SCHEMA === '1') writeFileSync(docFile, text);
    expect(readFileSync(docFile, 'utf8')).toBe(text);
  });

  it('describes every node type, strictly', () => {
    const defs = flowJsonSchema().$defs as Record<string, { additionalProperties?: boolean }>;
    for (const type of Object.keys(nodeTraits)) {
      const def = defs[`${type[0]!.toUpperCase()}${type.slice(1)}Node`];
      expect(def, type).toBeDefined();
      expect(def!.additionalProperties).toBe(false);
    }
  });

  it('every node type has its traits row (and no row without a type)', () => {
    expect(Object.keys(nodeTraits).sort()).toEqual(nodeSchema.options.map((o) => o.shape.type.value).sort());
  });
});
