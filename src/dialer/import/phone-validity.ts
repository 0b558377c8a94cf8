/**
 * libphonenumber's validity test for a national number, with its regular expressions compiled once.
 * libphonenumber builds a new RegExp from the metadata's pattern text on every check (helpers/matchesEntirely.js),
 * which was the largest single cost of importing a list of mobiles. This applies the same metadata the same way
 * (getNumberType: the general pattern, then any number type whose lengths and pattern fit) without the rebuilding;
 * tests/unit/dialer/import/phone-validity.test.ts checks it gives the same answer as PhoneNumber.isValid().
 */
import { Metadata, type CountryCode } from 'libphonenumber-js/max';

// The parts of libphonenumber's Metadata the validity test reads; its type declarations leave them out.
interface PlanType {
  pattern(): string;
  possibleLengths(): number[] | undefined;
}
interface Plan {
  hasTypes(): boolean;
  nationalNumberPattern(): string;
  type(name: string): PlanType | undefined;
}

// Every type getNumberType tries; one match makes the number valid.
const numberTypes = ['FIXED_LINE', 'MOBILE', 'PREMIUM_RATE', 'TOLL_FREE', 'SHARED_COST', 'VOIP', 'PERSONAL_NUMBER', 'PAGER', 'UAN', 'VOICEMAIL'];

const whole = (pattern: string) => new RegExp(`^(?:${pattern})$`);

/** A test of whether a national number (digits only, no prefix) is a valid number of `country`. */
export function nationalValidity(country: CountryCode): (national: string) => boolean {
  const metadata = new Metadata();
  metadata.selectNumberingPlan(country);
  const plan = metadata as unknown as Plan;
  const general = whole(plan.nationalNumberPattern());
  if (!plan.hasTypes()) return (national) => general.test(national);
  const types = numberTypes.flatMap((name) => {
    const t = plan.type(name);
    const pattern = t?.pattern();
    return t === undefined || !pattern ? [] : [{ re: whole(pattern), lengths: t.possibleLengths() }];
  });
  return (national) => general.test(national) && types.some((t) => (t.lengths === undefined || t.lengths.includes(national.length)) && t.re.test(national));
}
