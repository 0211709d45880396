'use strict';

// The sweep page's Cancel button (only where sweep serve --allow-cancel put it there): shown while the sweep runs; a click,
// once confirmed, posts to /api/sweeps/{id}/cancel, which cancels the sweep as sweep cancel does, then the page reads the
// sweep again. Messages go in as textContent.
(() => {
  const button = document.getElementById('cancel');
  const note = document.getElementById('cancel-note');
  const sweep = document.body.dataset.sweep;
  let sent = false;

  // sweep.js tells each time it has read the sweep.
  document.addEventListener('sweep:results', (event) => {
    button.hidden = sent || event.detail.sweep.state !== 'running';
  });

  button.addEventListener('click', async () => {
    if (!window.confirm(`Cancel sweep ${sweep}? Its pending trials will not run; running ones stop within an epoch.`)) return;
    sent = true;
    button.disabled = true;
    note.textContent = 'cancelling…';
    try {
      const response = await fetch(`/api/sweeps/${encodeURIComponent(sweep)}/cancel`, { method: 'POST', cache: 'no-store' });
      const body = await response.json();
      if (!response.ok) throw new Error(body.error);
      note.textContent = body.messages.join('; ');
      button.hidden = true;
      document.dispatchEvent(new CustomEvent('sweep:changed'));
    } catch (error) {
      sent = false;
      button.disabled = false;
      note.textContent = `cannot cancel: ${error.message}`;
    }
  });
})();
