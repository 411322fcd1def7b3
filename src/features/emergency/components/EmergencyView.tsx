/** Being built: see the feature's issue. */
export function EmergencyView() {
  return (
    <section className="banner banner--info">
      <h2>Not available yet</h2>
      <p>This view is still being built. Use the EHR's own charting meanwhile.</p>
    </section>
  );
}
