// Progressive enhancement for the dashboard's live calls, served as /static/live.js (the CSP
// forbids inline script). Without JavaScript or EventSource the server-rendered list stays
// and the "refresh" link reloads it. The fragment comes from the server already escaped.
export const LIVE_JS = `(function () {
  var box = document.getElementById('live-calls');
  if (!box || !window.EventSource) return;
  var es = new EventSource(box.getAttribute('data-src'));
  var count = document.getElementById('live-count');
  es.addEventListener('live', function (e) {
    box.innerHTML = e.data;
    if (count) count.textContent = String(box.querySelectorAll('li').length);
    box.setAttribute('data-updated', String(Date.now()));
  });
  window.addEventListener('pagehide', function () { es.close(); });
})();
`;
