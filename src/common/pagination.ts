import { ClassType, Field, InputType, Int, ObjectType } from 'type-graphql';
import { badInput } from './errors';

@ObjectType({ description: 'Relay pagination state of a connection.' })
export class PageInfo {
  @Field({ description: 'True when more items follow the last edge.' })
  hasNextPage!: boolean;

  @Field(() => String, { nullable: true, description: 'Cursor of the last edge; pass it as `after` to get the next page.' })
  endCursor!: string | null;
}

/** A Relay-style connection type for `T` (edges with cursors, page info, total count). */
export function Connection<T extends object>(itemClass: ClassType<T>, name: string) {
  @ObjectType(`${name}Edge`, { description: `One ${name} in a page, with its cursor.` })
  class Edge {
    @Field(() => itemClass, { description: `The ${name}.` })
    node!: T;

    @Field({ description: 'Opaque cursor of this edge.' })
    cursor!: string;
  }

  @ObjectType()
  abstract class ConnectionClass {
    @Field(() => [Edge], { description: 'The items of this page.' })
    edges!: Edge[];

    @Field(() => PageInfo, { description: 'Whether more pages follow.' })
    pageInfo!: PageInfo;

    @Field(() => Int, { description: 'How many items match in total.' })
    totalCount!: number | Promise<number>;
  }
  return ConnectionClass;
}

/** Opaque cursors: base64url of a JSON sort key, so clients cannot depend on their shape. */
export function encodeCursor(key: unknown): string {
  return Buffer.from(JSON.stringify(key)).toString('base64url');
}

export function decodeCursor<T>(cursor: string, isValid: (v: unknown) => v is T): T {
  let value: unknown;
  try {
    value = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    throw badInput('`after` is not a cursor returned by this API', 'after');
  }
  if (!isValid(value)) throw badInput('`after` is not a cursor returned by this API', 'after');
  return value;
}

/** Checks `first` against the configured cap; the error names the cap so clients can adapt. */
export function checkPageSize(first: number, max: number): number {
  if (!Number.isInteger(first) || first < 1) throw badInput('`first` must be at least 1', 'first');
  if (first > max) throw badInput(`\`first\` must be at most ${max}`, 'first');
  return first;
}

@InputType({ description: 'Page request.' })
export class PageInput {
  @Field(() => Int, { defaultValue: 20, description: 'How many items; at most the server cap (MAX_PAGE_SIZE, default 100).' })
  first!: number;

  @Field(() => String, { nullable: true, description: 'Return items after this cursor.' })
  after?: string | null;
}
