import type { TimePoint } from '../../../fhir';
import { COLUMNS, describeMas, describePercent, signedDegrees, type BadsCell, type Comparison, type MasCell, type NoteCell, type TardieuCell } from '../comparison';
import type { Episode, RecordedAssessment } from '../model';
import { BADS_REGION_LABELS, TIME_POINT_LABELS, TIME_POINT_SHORT } from '../scales';
import { useSession } from '../../../session/session-context';
import { when } from './format';

const NotAssessed = () => <span className="not-assessed">not assessed</span>;

function BadsView({ cell, tp }: { cell: BadsCell; tp: TimePoint }) {
  switch (cell.kind) {
    case 'not-assessed':
      return <NotAssessed />;
    case 'incomplete':
      return (
        <span className="not-assessed">
          total missing: {cell.missingRegions.map((r) => BADS_REGION_LABELS[r].toLowerCase()).join(', ')} not scored
        </span>
      );
    case 'total':
      return (
        <>
          <span className="figure">{cell.total}</span> <span className="unit">of 32</span>
          {tp !== 'baseline' && (
            <span className="cell-line">
              {cell.change === null || cell.percentChange === null ? (
                <span className="muted">change not calculated (no complete baseline{cell.change !== null ? ' above 0' : ''})</span>
              ) : (
                <>
                  {cell.change > 0 ? '+' : cell.change < 0 ? '−' : ''}
                  {Math.abs(cell.change)} ({describePercent(cell.percentChange)})
                </>
              )}
            </span>
          )}
          {tp !== 'baseline' && cell.reductionAtLeast25Percent !== null && (
            <span className={`status-pill ${cell.reductionAtLeast25Percent ? 'zone-normal' : 'pill-neutral'}`}>
              ≥25% reduction: {cell.reductionAtLeast25Percent ? 'met' : 'not met'}
            </span>
          )}
          {cell.savedTotalDisagrees && <span className="cell-line error">The saved total differs from the regions' sum; the sum is shown.</span>}
        </>
      );
    default:
      return cell satisfies never;
  }
}

function MasView({ cell, tp }: { cell: MasCell; tp: TimePoint }) {
  if (cell.kind === 'not-assessed') return <NotAssessed />;
  return <span className={cell.direction === null ? undefined : `mas-${cell.direction}`}>{describeMas(cell, tp === 'baseline')}</span>;
}

function TardieuView({ cell }: { cell: TardieuCell }) {
  if (cell.kind === 'not-assessed') return <NotAssessed />;
  const v = cell.value;
  return (
    <>
      R2 − R1 <strong>{cell.r2MinusR1}°</strong>
      {cell.baselineR2MinusR1 !== null && <span className="cell-line">baseline {cell.baselineR2MinusR1}°, change {signedDegrees(cell.r2MinusR1 - cell.baselineR2MinusR1)}</span>}
      <span className="cell-line muted">
        R1 {v.r1}°, R2 {v.r2}°, quality {v.quality}
      </span>
    </>
  );
}

function NoteView({ cell }: { cell: NoteCell }) {
  switch (cell.kind) {
    case 'not-recorded':
      return <span className="not-assessed">not recorded</span>;
    case 'text':
      return <span className="note-text">{cell.text}</span>;
    default:
      return cell satisfies never;
  }
}

const yesNo = (v: boolean | null, unknown: string) => (v === null ? unknown : v ? 'Yes' : 'No');

/**
 * §3.4.8's "and/or" in words: "Cannot judge yet" until a BADS total or an MAS grade can be set
 * against baseline; "No" only from a comparison made, saying which part could not be compared.
 */
function criterionWords(e: { readonly meetsGuidelineCriterion: boolean | null; readonly badsReductionAtLeast25Percent: boolean | null; readonly masChanged: boolean | null }): string {
  if (e.meetsGuidelineCriterion === null) return 'Cannot judge yet: no BADS total or MAS grade after the dose can be compared with a baseline';
  if (e.meetsGuidelineCriterion) return 'Yes';
  if (e.badsReductionAtLeast25Percent === null) return 'No on the MAS grades compared (BADS could not be compared)';
  if (e.masChanged === null) return 'No on the BADS totals compared (MAS could not be compared)';
  return 'No';
}

/** The names of the people who amended saved scores, as read from the EHR. */
export type Amenders = { status: 'pending' } | { status: 'error' } | { status: 'ready'; names: ReadonlyMap<string, string | undefined> };

/** Who changed a saved score, by name; the reference when the name could not be read. */
function amenderText(by: readonly string[], amenders: Amenders): string {
  if (by.length === 0) return 'who changed it is not recorded';
  if (amenders.status === 'pending') return 'by … (reading the name)';
  return `by ${by.map((ref) => (amenders.status === 'ready' ? amenders.names.get(ref) : undefined) ?? `${ref} (name could not be read)`).join(', ')}`;
}

/** Every amended score of the compared assessments: what it is now, the note (reason, what it was), who and when. */
function Amendments({ comparison, amenders, timeZone }: { comparison: Comparison; amenders: Amenders; timeZone: string }) {
  const rows = COLUMNS.flatMap((tp) => (comparison.assessments[tp]?.amendments ?? []).map((m, i) => ({ tp, m, key: `${tp}-${i}` })));
  if (rows.length === 0) return null;
  return (
    <section className="card amendments" aria-labelledby="amendments-title">
      <h4 id="amendments-title">Changes to saved scores</h4>
      <ul>
        {rows.map(({ tp, m, key }) => (
          <li key={key} data-testid="amendment">
            {TIME_POINT_LABELS[tp]}, {m.item}: now <strong>{m.now}</strong>
            {m.note === undefined ? ' (no reason recorded)' : ` — ${m.note}`} — {amenderText(m.by, amenders)}
            {m.at === undefined ? '' : `, ${when(m.at, timeZone)}`}.
          </li>
        ))}
      </ul>
    </section>
  );
}

/** Baseline against 1, 2, 4, 6 h with the §3.4.8 evidence beside the scores. */
export function ComparisonPanel(props: { episode: Episode; comparison: Comparison; onEdit: (a: RecordedAssessment) => void; amenders: Amenders }) {
  const { episode, comparison: c } = props;
  const timeZone = useSession().site.site.timeZone;
  const any = COLUMNS.some((tp) => c.assessments[tp] !== undefined);
  if (!any) {
    return (
      <section aria-labelledby="comparison-title">
        <h3 id="comparison-title">Comparison with baseline</h3>
        <p className="banner banner--info">No assessment with a time point has been recorded for this test dose yet. Record the baseline first, then each time point after the dose.</p>
      </section>
    );
  }
  return (
    <section aria-labelledby="comparison-title">
      <h3 id="comparison-title">Comparison with baseline</h3>
      {episode.injection !== undefined && episode.baseline?.effective !== undefined && Date.parse(episode.baseline.effective) > Date.parse(episode.injection.at) && (
        <p className="banner banner--warning">
          The baseline was entered {when(episode.baseline.effective, timeZone)}, after the injection at {when(episode.injection.at, timeZone)}: check that it records tone before the dose.
        </p>
      )}
      {episode.repeated.map((r) => (
        <p key={r.timePoint} className="banner banner--warning">
          {r.count} assessments are recorded at {TIME_POINT_LABELS[r.timePoint].toLowerCase()} for this test dose: the latest is compared.
        </p>
      ))}
      {episode.outside > 0 && (
        <p className="muted">
          {episode.outside} assessment{episode.outside === 1 ? '' : 's'} from an earlier test dose {episode.outside === 1 ? 'is' : 'are'} not part of this comparison.
        </p>
      )}
      <div className="comparison-layout">
        <div className="table-scroll">
          <table className="comparison-table">
            <caption>Baseline against 1, 2, 4 and 6 hours after the test dose</caption>
            <thead>
              <tr>
                <th scope="col">Measure</th>
                {COLUMNS.map((tp) => (
                  <th key={tp} scope="col">
                    {TIME_POINT_SHORT[tp]}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              <tr>
                <th scope="row">Assessed</th>
                {COLUMNS.map((tp) => {
                  const a = c.assessments[tp];
                  return (
                    <td key={tp}>
                      {a === undefined ? (
                        <NotAssessed />
                      ) : (
                        <>
                          {when(a.effective, timeZone)}
                          {a.amended && <span className="status-pill pill-neutral">amended</span>}
                          <button type="button" className="link-button" onClick={() => props.onEdit(a)}>
                            Edit<span className="visually-hidden"> the {TIME_POINT_LABELS[tp].toLowerCase()} assessment</span>
                          </button>
                        </>
                      )}
                    </td>
                  );
                })}
              </tr>
              <tr>
                <th scope="row">
                  BADS total <span className="muted">(0–32; % change from baseline)</span>
                </th>
                {COLUMNS.map((tp) => (
                  <td key={tp} data-testid={`bads-${tp}`}>
                    <BadsView cell={c.bads[tp]} tp={tp} />
                  </td>
                ))}
              </tr>
              <tr className="section-row">
                <th scope="colgroup" colSpan={COLUMNS.length + 1}>
                  Modified Ashworth Scale: baseline → grade (direction)
                </th>
              </tr>
              {c.mas.length === 0 && (
                <tr>
                  <td colSpan={COLUMNS.length + 1}>
                    <NotAssessed />
                  </td>
                </tr>
              )}
              {c.mas.map((row) => (
                <tr key={row.key}>
                  <th scope="row">
                    {row.label}, {row.side}
                  </th>
                  {COLUMNS.map((tp) => (
                    <td key={tp}>
                      <MasView cell={row.cells[tp]} tp={tp} />
                    </td>
                  ))}
                </tr>
              ))}
              <tr className="section-row">
                <th scope="colgroup" colSpan={COLUMNS.length + 1}>
                  Modified Tardieu: R2 − R1 (dynamic component)
                </th>
              </tr>
              {c.tardieu.length === 0 && (
                <tr>
                  <td colSpan={COLUMNS.length + 1}>
                    <NotAssessed />
                  </td>
                </tr>
              )}
              {c.tardieu.map((row) => (
                <tr key={row.key}>
                  <th scope="row">
                    {row.label}, {row.side}
                  </th>
                  {COLUMNS.map((tp) => (
                    <td key={tp}>
                      <TardieuView cell={row.cells[tp]} />
                    </td>
                  ))}
                </tr>
              ))}
              <tr className="section-row">
                <th scope="colgroup" colSpan={COLUMNS.length + 1}>
                  Physiotherapy and OT notes (Guideline §3.2), as written
                </th>
              </tr>
              {c.notes.map((row) => (
                <tr key={row.field}>
                  <th scope="row">{row.label}</th>
                  {COLUMNS.map((tp) => (
                    <td key={tp} data-testid={`${row.field}-${tp}`}>
                      <NoteView cell={row.cells[tp]} />
                    </td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
          <Amendments comparison={c} amenders={props.amenders} timeZone={timeZone} />
        </div>
        <aside className="card evidence" aria-labelledby="evidence-title">
          <h4 id="evidence-title">Evidence for the verdict</h4>
          {c.evidence.ok ? (
            <>
              <p className="muted">
                Guideline §3.4.8: “A reduction in the Barry Albright Dystonia Scale of at least 25% and/or a change in the Modified Ashworth score are considered a positive test dose response.
                Achievement of family goals is also considered.”
              </p>
              <dl className="evidence-list">
                <dt>BADS reduced by at least 25% at any time point</dt>
                <dd>{yesNo(c.evidence.badsReductionAtLeast25Percent, 'Cannot be judged (no complete baseline and time point)')}</dd>
                <dt>MAS grade changed from baseline</dt>
                <dd>{yesNo(c.evidence.masChanged, 'Cannot be judged (no muscle assessed at baseline and after)')}</dd>
                <dt>Guideline criterion met on the recorded scores</dt>
                <dd data-testid="criterion-met">{criterionWords(c.evidence)} — evidence only; the clinician records the verdict.</dd>
              </dl>
              {c.evidence.summary.length > 0 && (
                <ul className="evidence-summary">
                  {c.evidence.summary.map((s) => (
                    <li key={s}>{s}</li>
                  ))}
                </ul>
              )}
              <ul className="notes">
                {c.evidence.notes.map((n) => (
                  <li key={n}>{n}</li>
                ))}
              </ul>
              <p className="source">Source: {c.evidence.source}</p>
            </>
          ) : (
            <p role="alert" className="banner banner--error">
              The recorded scores could not be compared ({c.evidence.error.field}): {c.evidence.error.message}
            </p>
          )}
        </aside>
      </div>
    </section>
  );
}
