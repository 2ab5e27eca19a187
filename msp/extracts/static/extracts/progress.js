// Follow a running check or import: update the bar and the words, then show the result when it ends.
(function () {
  var box = document.getElementById("job-progress");
  if (!box) return;
  var bar = document.getElementById("job-progress-bar");
  var text = document.getElementById("job-progress-text");
  function poll() {
    fetch(box.dataset.statusUrl, { credentials: "same-origin", headers: { Accept: "application/json" } })
      .then(function (response) { return response.json(); })
      .then(function (status) {
        if (!status.busy) { window.location.reload(); return; }
        bar.value = status.percent;
        bar.textContent = status.percent + "%";
        text.textContent = status.state === "queued" ? "Waiting to start." : (status.stage || "Starting") + ": " + status.percent + "% done.";
        window.setTimeout(poll, 1000);
      })
      .catch(function () { window.setTimeout(poll, 5000); });
  }
  window.setTimeout(poll, 1000);
})();
