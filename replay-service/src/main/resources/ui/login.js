// Carries the page the user wanted (?next=) through the login form, and shows a failed attempt.
const params = new URLSearchParams(location.search);
const next = params.get('next');
if (next && next.startsWith('/') && !next.startsWith('//')) {
  document.getElementById('next').value = next;
}
if (params.get('error')) {
  document.getElementById('login-error').hidden = false;
}
