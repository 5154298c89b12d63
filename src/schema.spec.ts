import { GraphQLEnumType, GraphQLInputObjectType, GraphQLInterfaceType, GraphQLObjectType, GraphQLUnionType, isSpecifiedScalarType } from 'graphql';
import { getMetadataStorage } from 'type-graphql';
import { createSchema } from './schema';
import { createServices } from './services';

describe('schema', () => {
  it('describes every public type, field, argument and enum value', async () => {
    const schema = await createSchema(createServices());
    const missing: string[] = [];
    for (const type of Object.values(schema.getTypeMap())) {
      if (type.name.startsWith('__') || isSpecifiedScalarType(type as never)) continue;
      if (['Query', 'Mutation', 'Subscription'].includes(type.name)) {
        // root types need no description of their own
      } else if (!type.description) missing.push(type.name);
      if (type instanceof GraphQLObjectType || type instanceof GraphQLInterfaceType || type instanceof GraphQLInputObjectType) {
        for (const field of Object.values(type.getFields())) {
          if (!field.description) missing.push(`${type.name}.${field.name}`);
          for (const arg of 'args' in field ? field.args : []) if (!arg.description) missing.push(`${type.name}.${field.name}(${arg.name})`);
        }
      }
      if (type instanceof GraphQLUnionType && !type.description) missing.push(type.name);
      if (type instanceof GraphQLEnumType) for (const v of type.getValues()) if (!v.description && !type.description) missing.push(`${type.name}.${v.name}`);
    }
    expect(missing).toEqual([]);
  });

  it('gives plain resolvers only to types none of whose fields carries roles or middleware', async () => {
    // simpleResolvers (the types a recommendation list repeats per item) skips type-graphql's per-field wrapper, and with
    // it any @Authorized or @UseMiddleware on a field: such a field must not hide in a simple type.
    await createSchema(createServices());
    const storage = getMetadataStorage();
    const simpleTypes = storage.objectTypes.filter((t) => t.simpleResolvers);
    expect(simpleTypes.map((t) => t.name).sort()).toEqual(['Money', 'Product', 'RecommendationItem']);
    const guarded = storage.fields
      .filter((f) => simpleTypes.some((t) => t.target === f.target) || f.simple)
      .filter((f) => (f.roles !== undefined && f.roles !== null) || (f.middlewares?.length ?? 0) > 0)
      .map((f) => `${f.target.name}.${f.name}`);
    expect(guarded).toEqual([]);
  });
});
