/**
 * The mock chart: plain server-rendered HTML in the manner of PowerChart — a patient list, a
 * chart with the EHR's own patient banner, and the app embedded through a SMART EHR launch.
 */
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

export function chartPage(patient: SeedPatient, launchUrl: string, now: Date): string {
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
<div class="chart">
  <nav class="menu" aria-label="Chart menu">
    <div>Results Review</div><div>Orders</div><div>Medication List</div><div>Documentation</div><div>Interactive View</div>
    <div class="current">ITB Companion</div>
  </nav>
  <iframe title="ITB Companion" src="${escapeHtml(launchUrl)}" width="1024" height="768"></iframe>
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
