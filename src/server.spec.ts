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

  it("reports a value PostgreSQL refused (a malformed id, a NUL character) as the client's bad input, not a masked 500", () => {
    const warnings: unknown[] = [];
    const spy = pino({ level: 'warn' }, { write: (line: string) => warnings.push(JSON.parse(line)) });
    const uuid = Object.assign(new Error('invalid input syntax for type uuid: "x"'), { code: '22P02' });
    const out = formatError(spy, false)({ message: uuid.message, path: ['cart'] }, uuid);
    expect(out).toMatchObject({ message: 'Invalid input: invalid input syntax for type uuid: "x"', path: ['cart'], extensions: { code: 'BAD_USER_INPUT' } });
    expect(typeof out.extensions!.reference).toBe('string');
    expect(warnings).toEqual([expect.objectContaining({ msg: 'input refused by the database', sqlState: '22P02', reference: out.extensions!.reference })]);
    // TypeORM's QueryFailedError carries the driver's error as driverError.
    const nul = Object.assign(new Error('invalid byte sequence for encoding "UTF8": 0x00'), { driverError: { code: '22021' } });
    expect(formatError(log, false)({ message: nul.message }, nul).extensions!.code).toBe('BAD_USER_INPUT');
    // Other database errors stay masked.
    const constraint = Object.assign(new Error('duplicate key value violates unique constraint "uq_x"'), { code: '23505' });
    expect(formatError(log, false)({ message: constraint.message }, constraint)).toMatchObject({ message: 'Internal server error', extensions: { code: 'INTERNAL_SERVER_ERROR' } });
  });
});
