/**
 * The mock chart: plain server-rendered HTML in the manner of PowerChart — a patient list, a
 * chart with the EHR's own patient banner, and the app embedded through a SMART EHR launch.
 */
import type { CdsCard, CdsLink, CdsResult } from './cds-client.ts';
import type { SeedPatient } from './seed/generate.ts';

export function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] ?? c);
}

/** "6 years", "11 months", or "Unknown" when the chart has no birth date. */
export function ageText(birthDate: string | undefined, now: Date): string {
  if (!birthDate) return 'Unknown';
  const [y, m, d] = birthDate.split('-').map(Number) as [number, number, number];
  let months = (now.getUTCFullYear() - y) * 12 + (now.getUTCMonth() + 1 - m);
  if (now.getUTCDate() < d) months--;
  return months >= 24 ? `${Math.floor(months / 12)} years` : `${months} months`;
}

function page(title: string, body: string): string {
  return `<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><meta http-equiv="X-UA-Compatible" content="IE=edge">
<title>${escapeHtml(title)}</title>
<style>
  body { margin: 0; font: 13px/1.4 Tahoma, Verdana, Segoe UI, sans-serif; background: #e9edf2; color: #1d2a38; }
  header.toolbar { background: #2d4a6b; color: #fff; padding: 6px 12px; display: flex; gap: 16px; align-items: center; }
  header.toolbar a { color: #fff; }
  main { padding: 12px; }
  table { border-collapse: collapse; background: #fff; width: 100%; max-width: 1200px; }
  th, td { border: 1px solid #c3ccd6; padding: 6px 8px; text-align: left; vertical-align: top; }
  th { background: #d6dee7; }
  .banner { background: #fdfdf3; border: 1px solid #b8b08a; padding: 6px 10px; display: grid; grid-template-columns: repeat(4, auto); gap: 2px 24px; max-width: 1024px; }
  .banner .name { font-size: 16px; font-weight: bold; grid-column: 1 / -1; }
  .chart { display: flex; gap: 12px; margin-top: 8px; }
  nav.menu { width: 170px; background: #fff; border: 1px solid #c3ccd6; }
  nav.menu div { padding: 5px 8px; border-bottom: 1px solid #e1e6eb; color: #66727f; }
  nav.menu div.current { background: #cfe0f3; color: #1d2a38; font-weight: bold; }
  iframe { border: 1px solid #8fa1b3; background: #fff; }
  .error { background: #fff; border: 2px solid #9e2d2d; padding: 16px; max-width: 720px; }
  .cds { max-width: 1200px; margin-top: 8px; }
  .cds-status { background: #fff; border: 1px solid #c3ccd6; padding: 6px 10px; margin: 0; }
  .cds-card { background: #fff; border: 1px solid #8fa1b3; border-left-width: 8px; padding: 6px 10px; margin: 0 0 6px; }
  .cds-card.critical { border-left-color: #9e2d2d; background: #fff5f5; }
  .cds-card.warning { border-left-color: #8a5a00; background: #fffaf0; }
  .cds-card.info { border-left-color: #2d4a6b; }
  .cds-card h3 { font-size: 14px; margin: 0 0 4px; }
  .cds-indicator { display: inline-block; font-weight: bold; text-transform: uppercase; letter-spacing: 0.04em; margin-right: 6px; }
  .cds-card.critical .cds-indicator { color: #9e2d2d; }
  .cds-card.warning .cds-indicator { color: #6b4500; }
  .cds-card details { margin: 4px 0; }
  .cds-card ul { margin: 4px 0; padding-left: 20px; }
  .cds-card p { margin: 4px 0; }
  .cds-source { color: #3f4b57; }
  .orders { max-width: 1200px; margin-top: 8px; background: #fff; border: 1px solid #c3ccd6; padding: 6px 10px; }
  .orders fieldset { border: 1px solid #c3ccd6; margin: 6px 0; }
  .orders label { margin-right: 12px; }
</style></head>
<body><header class="toolbar"><strong>Sandbox EHR</strong><span>PowerChart-style mock chart (synthetic patients only)</span><a href="/">Patient list</a></header>
<main>${body}</main></body></html>`;
}

export function patientListPage(patients: readonly SeedPatient[], now: Date): string {
  const rows = patients
    .map(
      (p) => `<tr>
  <td><a href="/chart/${encodeURIComponent(p.id)}">${escapeHtml(p.name)}</a></td>
  <td>${escapeHtml(ageText(p.birthDate, now))}</td>
  <td>${escapeHtml(p.gender ?? 'unknown')}</td>
  <td>${escapeHtml(p.mrn)}</td>
  <td>${escapeHtml(p.scenario)}</td>
  <td><a href="/chart/${encodeURIComponent(p.id)}/tab" target="_blank" rel="noopener">Open ITB Companion in a new tab</a></td>
</tr>`,
    )
    .join('\n');
  return page(
    'Sandbox EHR — patient list',
    `<h1>Kids Rehab — patient list</h1>
<table><thead><tr><th>Name</th><th>Age</th><th>Sex</th><th>MRN</th><th>Scenario</th><th>Launch</th></tr></thead>
<tbody>
${rows}
</tbody></table>`,
  );
}

/** How the chart opens a card's link: a fresh EHR launch for a SMART link to a registered app, else undefined. */
export type CardLinkHref = (link: CdsLink) => { href: string; target: string } | undefined;

/** The card's detail (CDS Hooks: GitHub-flavoured markdown): paragraphs, "- " lists and **bold**, everything escaped. */
export function markdownHtml(markdown: string): string {
  const inline = (text: string): string => escapeHtml(text).replace(/\*\*(.+?)\*\*/g, '<strong>$1</strong>');
  const out: string[] = [];
  let list: string[] = [];
  const flush = (): void => {
    if (list.length > 0) out.push(`<ul>${list.join('')}</ul>`);
    list = [];
  };
  for (const line of markdown.split('\n')) {
    if (/^\s*- /.test(line)) {
      list.push(`<li>${inline(line.replace(/^\s*- /, ''))}</li>`);
      continue;
    }
    flush();
    if (line.trim() !== '') out.push(`<p>${inline(line)}</p>`);
  }
  flush();
  return out.join('');
}

const INDICATOR_WORDS: Record<CdsCard['indicator'], string> = { critical: 'Critical', warning: 'Warning', info: 'Info' };

function cardHtml(card: CdsCard, linkHref: CardLinkHref): string {
  const links = card.links
    .map((link) => {
      const target = linkHref(link);
      if (target === undefined) return `<li>${escapeHtml(link.label)} (not opened: not an app registered with this EHR)</li>`;
      return `<li><a href="${escapeHtml(target.href)}" target="${escapeHtml(target.target)}"${target.target === '_blank' ? ' rel="noopener"' : ''}>${escapeHtml(link.label)}</a></li>`;
    })
    .join('');
  const suggestions = card.suggestions.map((s) => `<li>Suggestion: ${escapeHtml(s.label)}${s.isRecommended ? ' (recommended)' : ''}</li>`).join('');
  const source = card.source.url === undefined ? escapeHtml(card.source.label) : `<a href="${escapeHtml(card.source.url)}" target="_blank" rel="noopener">${escapeHtml(card.source.label)}</a>`;
  return `<article class="cds-card ${card.indicator}" aria-label="${escapeHtml(`${INDICATOR_WORDS[card.indicator]}: ${card.summary}`)}">
  <h3><span class="cds-indicator">${INDICATOR_WORDS[card.indicator]}</span><span class="cds-summary">${escapeHtml(card.summary)}</span></h3>
  ${card.detail === undefined ? '' : `<details><summary>Details</summary><div class="cds-detail">${markdownHtml(card.detail)}</div></details>`}
  <p class="cds-source">Source: ${source}</p>
  ${suggestions === '' ? '' : `<ul class="cds-suggestions">${suggestions}</ul>`}
  ${links === '' ? '' : `<ul class="cds-links">${links}</ul>`}
</article>`;
}

/** The cards the service returned, or what went wrong, as the chart's alert banner shows them. */
export function cdsCardsHtml(result: CdsResult, linkHref: CardLinkHref, what: string): string {
  switch (result.kind) {
    case 'not-configured':
      return `<p class="cds-status">No decision support service is registered for ${escapeHtml(what)}.</p>`;
    case 'failed':
      return `<p class="cds-status" role="alert">Decision support for ${escapeHtml(what)} could not be checked: ${escapeHtml(result.message)}. This is not the same as no alerts.</p>`;
    case 'cards': {
      const unreadable = result.unreadable === 0 ? '' : `<p class="cds-status" role="alert">${result.unreadable} alert${result.unreadable === 1 ? '' : 's'} from the service could not be shown (incomplete).</p>`;
      if (result.cards.length === 0) return `${unreadable}<p class="cds-status">No decision support alerts for ${escapeHtml(what)}.</p>`;
      return `${unreadable}${result.cards.map((c) => cardHtml(c, linkHref)).join('\n')}`;
    }
    default:
      return result satisfies never;
  }
}

/** The alert banner (filled once the patient-view hook answers) and the order box (order-select / order-sign). */
function cdsSections(patientId: string): string {
  const base = `/chart/${encodeURIComponent(patientId)}/cds`;
  return `<section class="cds" id="cds-alerts" aria-label="Decision support alerts" aria-live="polite" aria-busy="true"><p class="cds-status">Checking decision support alerts…</p></section>
<details class="orders"><summary>New order</summary>
<form id="order-box" aria-label="New order">
  <fieldset><legend>Order</legend>
    <label><input type="radio" name="order" value="lumbar-puncture" checked> Lumbar puncture</label>
    <label><input type="radio" name="order" value="itb"> Intrathecal baclofen infusion</label>
  </fieldset>
  <fieldset><legend>Intrathecal baclofen</legend>
    <label>Dose <input name="dose" type="number" step="any" min="0" value="450" size="6"></label>
    <label>Unit <select name="unit"><option value="ug/d">micrograms/day</option><option value="mg/d">mg/day</option></select></label>
    <label>Concentration <input name="concentration" type="number" step="any" min="0" value="2000" size="6"> micrograms/mL</label>
  </fieldset>
  <button type="submit" name="hook" value="order-select">Select order</button>
  <button type="submit" name="hook" value="order-sign">Sign order</button>
</form>
<section class="cds" id="order-alerts" aria-label="Order alerts" aria-live="polite"></section>
</details>
<script>
(() => {
  const alerts = document.getElementById('cds-alerts');
  fetch(${JSON.stringify(`${base}/patient-view`)}, { method: 'POST' })
    .then((r) => (r.ok ? r.text() : Promise.reject(new Error(String(r.status)))))
    .then((html) => { alerts.innerHTML = html; })
    .catch(() => { alerts.innerHTML = '<p class="cds-status" role="alert">Decision support alerts could not be checked. This is not the same as no alerts.</p>'; })
    .finally(() => alerts.setAttribute('aria-busy', 'false'));
  const form = document.getElementById('order-box');
  const out = document.getElementById('order-alerts');
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const data = new FormData(form);
    const body = { hook: event.submitter ? event.submitter.value : 'order-select', order: data.get('order'), dose: data.get('dose'), unit: data.get('unit'), concentration: data.get('concentration') };
    out.setAttribute('aria-busy', 'true');
    out.innerHTML = '<p class="cds-status">Checking the order…</p>';
    fetch(${JSON.stringify(`${base}/order`)}, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) })
      .then((r) => r.text())
      .then((html) => { out.innerHTML = html; })
      .catch(() => { out.innerHTML = '<p class="cds-status" role="alert">The order could not be checked. This is not the same as no alerts.</p>'; })
      .finally(() => out.setAttribute('aria-busy', 'false'));
  });
})();
</script>`;
}

export function chartPage(patient: SeedPatient, launchUrl: string, now: Date, options: { cds?: boolean } = {}): string {
  return page(
    `${patient.name} — chart`,
    `<section class="banner" aria-label="Patient banner">
  <div class="name">${escapeHtml(patient.name)}</div>
  <div>DOB: ${escapeHtml(patient.birthDate ?? 'Unknown')}</div>
  <div>Age: ${escapeHtml(ageText(patient.birthDate, now))}</div>
  <div>Sex: ${escapeHtml(patient.gender ?? 'unknown')}</div>
  <div>MRN: ${escapeHtml(patient.mrn)}</div>
  <div>Location: ${escapeHtml(patient.location)}</div>
  <div>Allergies: No Known Allergies</div>
  <div>Attending: Dr Jordan Lee</div>
  <div><a href="/chart/${encodeURIComponent(patient.id)}/tab" target="_blank" rel="noopener">Open in a new tab</a></div>
</section>
${options.cds === true ? cdsSections(patient.id) : ''}
<div class="chart">
  <nav class="menu" aria-label="Chart menu">
    <div>Results Review</div><div>Orders</div><div>Medication List</div><div>Documentation</div><div>Interactive View</div>
    <div class="current">ITB Companion</div>
  </nav>
  <iframe title="ITB Companion" name="itb-app" src="${escapeHtml(launchUrl)}" width="1024" height="768"></iframe>
</div>`,
  );
}

/** Standalone launch with `launch/patient`: the EHR asks the user which patient. */
export function patientPickerPage(patients: readonly SeedPatient[], params: URLSearchParams, now: Date): string {
  const items = patients
    .map((p) => {
      const q = new URLSearchParams(params);
      q.set('sandbox_patient', p.id);
      return `<li><a href="/oauth/authorize?${escapeHtml(q.toString())}">${escapeHtml(p.name)}</a> — ${escapeHtml(ageText(p.birthDate, now))}, ${escapeHtml(p.mrn)}</li>`;
    })
    .join('\n');
  return page('Select a patient', `<h1>Select a patient</h1><p>The app asked for a patient (standalone launch).</p><ul>${items}</ul>`);
}

export function errorPage(title: string, message: string): string {
  return page(title, `<div class="error" role="alert"><h1>${escapeHtml(title)}</h1><p>${escapeHtml(message)}</p></div>`);
}
