import { Field, Int, ObjectType } from 'type-graphql';

const formatters = new Map<string, Intl.NumberFormat>();

/** Building an Intl formatter is costly; one per currency is kept. */
function formatterFor(currency: string): Intl.NumberFormat {
  let f = formatters.get(currency);
  if (!f) formatters.set(currency, (f = new Intl.NumberFormat('en-GB', { style: 'currency', currency })));
  return f;
}

@ObjectType({ description: 'An amount of money in integer minor units (cents) of a currency.' })
export class Money {
  @Field(() => Int, { description: 'Amount in minor units, e.g. 4999 for 49.99.' })
  amountMinor!: number;

  @Field({ description: 'ISO 4217 currency code.' })
  currency!: string;

  @Field({ description: 'The amount formatted for display, e.g. "€49.99".' })
  formatted!: string;

  static of(amountMinor: number, currency: string): Money {
    const m = new Money();
    m.amountMinor = amountMinor;
    m.currency = currency;
    m.formatted = formatterFor(currency).format(amountMinor / 100);
    return m;
  }
}
