import { Field, Int, ObjectType } from 'type-graphql';

const formatters = new Map<string, Intl.NumberFormat>();

/** Building an Intl formatter is costly; one per currency is kept. */
function formatterFor(currency: string): Intl.NumberFormat {
  let f = formatters.get(currency);
  if (!f) formatters.set(currency, (f = new Intl.NumberFormat('en-GB', { style: 'currency', currency })));
  return f;
}

const formattedAmounts = new Map<string, string>();

/** Formatting is costly too, and lists show the same few hundred prices again and again. */
function formatted(amountMinor: number, currency: string): string {
  const key = `${currency}${amountMinor}`;
  let text = formattedAmounts.get(key);
  if (text === undefined) {
    if (formattedAmounts.size >= 10_000) formattedAmounts.clear();
    formattedAmounts.set(key, (text = formatterFor(currency).format(amountMinor / 100)));
  }
  return text;
}

@ObjectType({ description: 'An amount of money in integer minor units (cents) of a currency.', simpleResolvers: true })
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
    m.formatted = formatted(amountMinor, currency);
    return m;
  }
}
