// Shows who is signed in in the page header, and the Audit link to admins.
const slot = document.getElementById('whoami');
if (slot) {
  fetch('/api/v1/me', { credentials: 'same-origin', headers: { Accept: 'application/json' } })
    .then((r) => (r.ok ? r.json() : null))
    .then((me) => {
      if (!me) return;
      slot.textContent = me.user + ' (' + me.role + ')';
      slot.title = me.groups.length ? 'Groups: ' + me.groups.join(', ') : '';
      const audit = document.getElementById('audit-link');
      if (audit && me.role === 'admin') audit.hidden = false;
    })
    .catch(() => {});
}
