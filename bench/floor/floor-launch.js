// The one-read placeholder app's launch page: fhirclient's browser build, authorize, nothing else.
const params = new URLSearchParams(window.location.search);
window.FHIR.oauth2.authorize({
  iss: params.get('iss'),
  launch: params.get('launch'),
  clientId: 'itb-companion',
  scope: 'launch openid fhirUser online_access patient/Patient.read',
  redirectUri: 'floor.html',
});
