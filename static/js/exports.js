// Exports page: download the CSV with a progress bar (rows received of rows expected).
// Without this script the link still downloads; very large exports are left to the browser's
// own download (streamed to disk) rather than held in page memory.
(function () {
  "use strict";
  var IN_PAGE_LIMIT = 500000; // rows; above this the browser's download bar shows progress

  function filename(response) {
    var found = /filename="([^"]+)"/.exec(response.headers.get("Content-Disposition") || "");
    return found ? found[1] : "audit.csv";
  }

  function save(blob, name) {
    var url = URL.createObjectURL(blob);
    var link = document.createElement("a");
    link.href = url;
    link.download = name;
    document.body.appendChild(link);
    link.click();
    link.remove();
    setTimeout(function () { URL.revokeObjectURL(url); }, 60000);
  }

  function download(link) {
    var box = link.closest("section").querySelector("[data-export-progress]");
    var bar = box.querySelector("progress");
    var status = box.querySelector("[data-export-status]");
    var expected = parseInt(link.getAttribute("data-expected-rows"), 10) || 0;
    var format = new Intl.NumberFormat();
    box.hidden = false;
    bar.value = 0;
    status.textContent = "Starting the export…";
    link.setAttribute("aria-disabled", "true");
    fetch(link.href, {credentials: "same-origin"}).then(function (response) {
      if (!response.ok) throw new Error("the server answered " + response.status);
      var total = parseInt(response.headers.get("X-Export-Rows"), 10);
      if (!isNaN(total)) { expected = total; bar.max = Math.max(total, 1); }
      var reader = response.body.getReader();
      var decoder = new TextDecoder();
      var parts = [];
      var lines = 0;
      function pump() {
        return reader.read().then(function (step) {
          if (step.done) return;
          parts.push(step.value);
          var text = decoder.decode(step.value, {stream: true});
          for (var i = text.indexOf("\n"); i !== -1; i = text.indexOf("\n", i + 1)) lines += 1;
          var rows = Math.min(Math.max(lines - 1, 0), expected);  // minus the header row
          bar.value = rows;
          status.textContent = "Received " + format.format(rows) + " of " + format.format(expected) + " rows";
          return pump();
        });
      }
      return pump().then(function () {
        var name = filename(response);
        save(new Blob(parts, {type: "text/csv;charset=utf-8"}), name);
        bar.value = bar.max;
        status.textContent = "Done: " + format.format(expected) + " rows saved as " + name + ".";
      });
    }).catch(function (error) {
      status.textContent = "The export failed (" + error.message + "). Reload the page and try again.";
    }).finally(function () {
      link.removeAttribute("aria-disabled");
    });
  }

  document.addEventListener("click", function (event) {
    var link = event.target.closest("[data-export-download]");
    if (!link || !window.fetch || !window.ReadableStream || !window.TextDecoder) return;
    if (link.getAttribute("aria-disabled") === "true") { event.preventDefault(); return; }
    var expected = parseInt(link.getAttribute("data-expected-rows"), 10) || 0;
    if (expected > IN_PAGE_LIMIT) {
      var status = link.closest("section").querySelector("[data-export-status]");
      link.closest("section").querySelector("[data-export-progress]").hidden = false;
      status.textContent = "A large export: your browser's download bar shows its progress.";
      return;
    }
    event.preventDefault();
    download(link);
  });
})();
