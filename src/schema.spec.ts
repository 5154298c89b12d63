import { GraphQLEnumType, GraphQLInputObjectType, GraphQLInterfaceType, GraphQLObjectType, GraphQLUnionType, isSpecifiedScalarType } from 'graphql';
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
});
