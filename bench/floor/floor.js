// The one-read placeholder app: complete the launch, read the Patient, show its name.
window.FHIR.oauth2
  .ready()
  .then((client) => client.patient.read())
  .then((patient) => {
    const name = (patient.name && patient.name[0]) || {};
    const out = document.getElementById('out');
    out.textContent = [(name.given || []).join(' '), name.family || ''].join(' ').trim() || patient.id;
    out.setAttribute('data-done', 'true');
  });
