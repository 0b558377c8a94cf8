/** The flow format as JSON Schema (for editors and docs/ivr-flow.schema.json), generated from the zod schemas. */
import { z } from 'zod';
import { flowSchema } from './flow-schema.js';

/** JSON Schema of a flow file as an author writes it (defaults optional). Cross-node rules are not in it. */
export function flowJsonSchema(): Record<string, unknown> {
  const schema = z.toJSONSchema(flowSchema, { io: 'input', unrepresentable: 'any' }) as Record<string, unknown>;
  return {
    ...schema,
    $id: 'https://hotline.invalid/ivr-flow.schema.json',
    title: 'hotline IVR flow',
    description:
      'An IVR flow file (config/ivr/*.yaml). Validate with `hotline ivr validate <file>`: it also checks targets, ' +
      'reachability, menus with no way out, loops without input and missing prompt files, which a JSON Schema cannot.',
  };
}
