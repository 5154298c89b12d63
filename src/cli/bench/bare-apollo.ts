import { ApolloServer } from '@apollo/server';
import { startStandaloneServer } from '@apollo/server/standalone';

/** The reference for bench:api: a bare Apollo Server 5 answering `{ __typename }`. */
async function main(): Promise<void> {
  const server = new ApolloServer({ typeDefs: 'type Query { hello: String }', resolvers: { Query: { hello: () => 'world' } } });
  const { url } = await startStandaloneServer(server, { listen: { port: Number(process.env.PORT ?? 4100), host: '127.0.0.1' } });
  process.stdout.write(`ready ${url}\n`);
}

void main();
