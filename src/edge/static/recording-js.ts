// The call page's voice-message player, served as /static/recording.js (the CSP forbids inline
// script). A browser's <audio> only says "cannot play"; when that happens this asks the edge's
// recording proxy once more and shows its answer (why Twilio did not hand the recording out).
export const RECORDING_JS = `(function () {
  var players = document.querySelectorAll('audio[data-problem]');
  Array.prototype.forEach.call(players, function (audio) {
    var box = document.getElementById(audio.getAttribute('data-problem'));
    if (!box) return;
    audio.addEventListener('error', function () {
      fetch(audio.currentSrc || audio.src, { headers: { Range: 'bytes=0-0' }, credentials: 'same-origin' })
        .then(function (res) { return res.ok ? null : res.text(); })
        .catch(function () { return null; })
        .then(function (text) {
          if (!text) return;
          box.textContent = text;
          box.hidden = false;
        });
    });
  });
})();
`;
