/**
 * A WHERE clause for a search page, built from optional filters: a filter whose value is undefined is left out, and
 * every value goes in as a named parameter, never into the SQL text.
 */
export class SqlFilters {
  private readonly conditions: string[] = [];
  readonly args: Record<string, unknown>;

  constructor(args: Record<string, unknown> = {}) {
    this.args = { ...args };
  }

  /** Adds `sql` (which names `@key`) when `value` is defined. */
  add(sql: string, key: string, value: unknown): this {
    if (value === undefined) return this;
    this.conditions.push(sql);
    this.args[key] = value;
    return this;
  }

  /** Adds a condition with no parameter. */
  always(sql: string): this {
    this.conditions.push(sql);
    return this;
  }

  /** `WHERE a AND b`, or '' with no condition. */
  get where(): string {
    return this.conditions.length ? `WHERE ${this.conditions.join(' AND ')}` : '';
  }
}
