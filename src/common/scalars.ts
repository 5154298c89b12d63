import { GraphQLJSONObject } from 'graphql-scalars';

/** Free-form JSON objects (product attributes). */
export const JSONObject = GraphQLJSONObject;
