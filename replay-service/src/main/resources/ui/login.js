// Carries the page the user wanted (?next=) through the login form, and shows a failed attempt.
const params = new URLSearchParams(location.search);
const next = params.get('next');
if (next && next.startsWith('/') && !next.startsWith('//')) {
  document.getElementById('next').value = next;
  const sso = document.getElementById('sso');
  if (sso) {
    sso.href = '/login/oidc?next=' + encodeURIComponent(next);
  }
}
const error = params.get('error');
if (error) {
  const box = document.getElementById('login-error');
  if (error === 'throttled') {
    box.textContent = 'Too many failed sign-in attempts. Wait a few minutes and try again.';
  }
  box.hidden = false;
}
