/**
 * Display formatting shared by the views. Dates are written so no reader can misread them
 * (`3 Mar 2019`, never `03/03`).
 */
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'] as const;

/** `2019-03-03` → `3 Mar 2019`; a partial date keeps only what it has (`Mar 2019`, `2019`). */
export function formatBirthDate(date: string | undefined): string {
  if (!date) return 'date not recorded';
  const m = /^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?/.exec(date);
  if (!m) return date;
  const [, y, mo, d] = m;
  const month = mo ? MONTHS[Number(mo) - 1] : undefined;
  if (!month) return y ?? date;
  return d ? `${Number(d)} ${month} ${y}` : `${month} ${y}`;
}

export function formatAge(age: { years: number; months: number } | undefined): string {
  if (!age || !Number.isInteger(age.years) || !Number.isInteger(age.months) || age.years < 0 || age.years > 150 || age.months < 0 || age.months > 11) return 'age unknown';
  const years = `${age.years} ${age.years === 1 ? 'year' : 'years'}`;
  const months = `${age.months} ${age.months === 1 ? 'month' : 'months'}`;
  return age.years === 0 ? months : `${years} ${months}`;
}

export function formatSex(sex: 'male' | 'female' | 'other' | 'unknown' | undefined): string {
  switch (sex) {
    case 'male':
      return 'Male';
    case 'female':
      return 'Female';
    case 'other':
      return 'Other';
    case 'unknown':
    case undefined:
      return 'Sex not recorded';
    default:
      return sex satisfies never;
  }
}
