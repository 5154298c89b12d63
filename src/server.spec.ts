import { GraphQLError } from 'graphql';
import pino from 'pino';
import { formatError } from './server';

describe('formatError', () => {
  const log = pino({ level: 'silent' });

  it('masks unexpected errors and gives a reference', () => {
    const out = formatError(log, false)({ message: 'relation "x" does not exist' }, new Error('relation "x" does not exist'));
    expect(out.message).toBe('Internal server error');
    expect(out.extensions).toMatchObject({ code: 'INTERNAL_SERVER_ERROR' });
    expect(typeof out.extensions!.reference).toBe('string');
  });

  it('passes coded errors through without stack traces', () => {
    const err = new GraphQLError('nope', { extensions: { code: 'FORBIDDEN' } });
    const out = formatError(log, false)({ message: 'nope', extensions: { code: 'FORBIDDEN', stacktrace: ['x'] } }, err);
    expect(out).toEqual({ message: 'nope', extensions: { code: 'FORBIDDEN' } });
  });

  it('names the fields of validation errors', () => {
    const err = new GraphQLError('Argument Validation Error', {
      extensions: { code: 'BAD_USER_INPUT', validationErrors: [{ property: 'input', children: [{ property: 'label', constraints: { length: 'label must be shorter than or equal to 120 characters' } }] }] },
    });
    const out = formatError(log, false)({ message: err.message, extensions: err.extensions }, err);
    expect(out.message).toBe('Invalid input: input.label: label must be shorter than or equal to 120 characters');
    expect(out.extensions!.fields).toEqual([{ field: 'input.label', reasons: ['label must be shorter than or equal to 120 characters'] }]);
  });
});
