// factcheck front-end glue. No inline scripts anywhere: the CSP forbids them.
(function () {
  "use strict";
  var body = document.body;
  var token = document.querySelector('meta[name="csrf-token"]');

  // Every htmx request carries the CSRF token, as forms do.
  body.addEventListener("htmx:configRequest", function (event) {
    if (token) event.detail.headers["X-CSRFToken"] = token.content;
  });

  function say(message) {
    var box = document.getElementById("messages");
    if (!box) return;
    var p = document.createElement("p");
    p.className = "flash flash-error";
    p.textContent = message;
    box.replaceChildren(p);
  }

  // The message of an error fragment (errors/_message.html), read as text: nothing in it runs.
  function serverMessage(xhr) {
    var found = new DOMParser().parseFromString(xhr.responseText || "", "text/html").querySelector("[data-message]");
    return found ? found.textContent.trim() : "";
  }

  // A failed request never loses typed text: it stays in the form (and in the draft store).
  body.addEventListener("htmx:responseError", function (event) {
    var status = event.detail.xhr.status;
    if (status === 503) say("The database is not answering. Nothing was saved; your text is still here. Try again in a minute.");
    else if (status === 401) say("Your session has ended. Log in again; your text is kept.");
    else if (status === 413) say(serverMessage(event.detail.xhr) || "The upload is too large. Nothing was saved.");
    else say("The server answered " + status + ". Nothing was saved; your text is still here.");
  });
  body.addEventListener("htmx:sendError", function () {
    say("The server cannot be reached. Nothing was saved; your text is still here.");
  });

  // Drafts: typed text survives a reload, an expired session and an outage.
  function draftKey(form) { return "factcheck-draft:" + form.dataset.draft; }
  function fields(form) {
    return Array.prototype.filter.call(form.elements, function (el) {
      return el.name && el.type !== "hidden" && el.type !== "submit" && el.type !== "button";
    });
  }
  body.addEventListener("input", function (event) {
    var form = event.target.form;
    if (!form || !form.dataset.draft) return;
    var data = {};
    fields(form).forEach(function (el) { data[el.name] = el.value; });
    try { localStorage.setItem(draftKey(form), JSON.stringify(data)); } catch (e) { /* storage full or off */ }
  });
  function restoreDrafts(root) {
    root.querySelectorAll("form[data-draft]").forEach(function (form) {
      var saved;
      try { saved = JSON.parse(localStorage.getItem(draftKey(form)) || "null"); } catch (e) { saved = null; }
      if (!saved) return;
      fields(form).forEach(function (el) {
        if (saved[el.name] && !el.value.trim()) el.value = saved[el.name];
        else if (saved[el.name] && el.tagName === "SELECT" && !el.value) el.value = saved[el.name];
      });
    });
  }
  // Saved: forget the draft before the new panel is swapped in (and drafts restored).
  body.addEventListener("htmx:beforeSwap", function (event) {
    var form = event.detail.requestConfig && event.detail.requestConfig.elt;
    var status = event.detail.xhr.status;
    if (form && form.dataset && form.dataset.draft && status >= 200 && status < 300) {
      try { localStorage.removeItem(draftKey(form)); } catch (e) { /* ignore */ }
    }
  });

  // Claim highlight follows its state without a reload: a verdict recorded, a source added,
  // or (on a conflict) what someone else saved.
  function showState(claimId, status, rating) {
    var el = document.getElementById("claim-" + claimId);
    if (!el) return;
    el.className = el.className.replace(/\brating-\S+/g, "").replace(/\bstatus-\S+/g, "").trim() + " status-" + status + (rating ? " rating-" + rating : "");
    if (rating) el.dataset.rating = rating.replace(/_/g, " "); else delete el.dataset.rating;
  }
  body.addEventListener("verdictRecorded", function (event) {
    showState(event.detail.claimId, "done", event.detail.rating);
  });
  body.addEventListener("claimChanged", function (event) {
    showState(event.detail.claimId, event.detail.status, event.detail.rating);
  });
  body.addEventListener("sourceAdded", function (event) {
    var el = document.getElementById("claim-" + event.detail.claimId);
    if (el && /\bstatus-open\b/.test(el.className)) showState(event.detail.claimId, "in_progress", null);
  });

  // The search box searches as it is typed in; leaving it must not send the same search again.
  var search = document.getElementById("q");
  if (search) search.addEventListener("change", function (event) { event.stopPropagation(); });

  // A list refreshed while a row has focus (a search answering late) keeps focus on that row.
  function navRows() { return Array.prototype.slice.call(document.querySelectorAll("a[data-nav]")); }
  var focusedRow = -1;
  body.addEventListener("htmx:beforeSwap", function (event) {
    if (event.detail.target && event.detail.target.id === "article-table") focusedRow = navRows().indexOf(document.activeElement);
  });
  body.addEventListener("htmx:afterSettle", function () {
    if (focusedRow < 0) return;
    var rows = navRows();
    if (rows.length && (document.activeElement === body || !document.activeElement)) rows[Math.min(focusedRow, rows.length - 1)].focus();
    focusedRow = -1;
  });

  function claims() { return Array.prototype.slice.call(document.querySelectorAll("a.claim")); }
  function currentClaim() {
    return document.querySelector("a.claim.selected") || (document.activeElement && document.activeElement.closest && document.activeElement.closest("a.claim"));
  }
  function select(el) {
    claims().forEach(function (c) { c.classList.remove("selected"); });
    el.classList.add("selected");
    el.focus();
    el.click();
  }

  body.addEventListener("htmx:afterSwap", function (event) {
    var panel = document.getElementById("claim-panel");
    if (!panel || event.detail.target.id !== "claim-panel" && !panel.contains(event.detail.elt)) return;
    restoreDrafts(panel);
    var claimId = panel.dataset.claimId;
    claims().forEach(function (c) { c.classList.toggle("selected", c.dataset.claimId === claimId); });
    var alert = panel.querySelector("[role=alert]");
    var fromForm = event.detail.requestConfig && event.detail.requestConfig.verb === "post";
    if (alert) { alert.setAttribute("tabindex", "-1"); alert.focus(); }
    else if (fromForm) panel.focus();
  });

  document.addEventListener("keydown", function (event) {
    if (event.key === "Enter" && (event.ctrlKey || event.metaKey) && event.target.form) {
      event.preventDefault();  // Ctrl+Enter saves the form being typed in (a textarea too)
      event.target.form.requestSubmit();
      return;
    }
    if (event.ctrlKey || event.metaKey || event.altKey) return;
    var help = document.getElementById("key-help");
    var target = event.target;
    var typing = target.closest && target.closest("input, textarea, select, [contenteditable]");
    if (event.key === "Escape") {
      if (typing) {
        if (target.type === "search") event.preventDefault();  // leave the search, keep its words
        target.blur(); var c = currentClaim(); if (c) c.focus();
      }
      return;  // an open <dialog> closes itself on Esc
    }
    if (typing || (help && help.open)) return;
    var list = claims();
    var key = event.key;
    var rows = list.length ? [] : navRows();
    if ((key === "j" || key === "k") && rows.length) {
      // A list page: walk its links; Enter opens the focused one.
      var row = rows.indexOf(document.activeElement);
      event.preventDefault();
      rows[row === -1 ? 0 : key === "j" ? Math.min(row + 1, rows.length - 1) : Math.max(row - 1, 0)].focus();
    } else if (key === "/" && document.getElementById("q")) {
      event.preventDefault();
      document.getElementById("q").focus();
    } else if ((key === "j" || key === "k") && list.length) {
      var index = list.indexOf(currentClaim());
      var next = key === "j" ? Math.min(index + 1, list.length - 1) : Math.max(index - 1, 0);
      if (index === -1) next = 0;
      event.preventDefault();
      select(list[next]);
    } else if (key === "n") {
      // Next claim that differs from, or is missing in, the origin documents.
      var flagged = list.filter(function (c) { return c.dataset.origin; });
      if (!flagged.length) return;
      var at = list.indexOf(currentClaim());
      var after = flagged.filter(function (c) { return list.indexOf(c) > at; });
      event.preventDefault();
      select(after.length ? after[0] : flagged[0]);
    } else if (key === "s" || key === "v" || key === "c" || key === "a") {
      var control = document.querySelector('#claim-panel [data-key="' + key + '"]');
      if (!control) return;
      event.preventDefault();
      if (key === "a") control.click(); else control.focus();
    } else if (key === "?" && help) {
      event.preventDefault();
      help.showModal();
    }
  });

  // Upload progress for imports.
  body.addEventListener("htmx:xhr:progress", function (event) {
    var bar = event.target.querySelector && event.target.querySelector("[data-upload-progress]");
    if (bar && event.detail.lengthComputable) bar.value = Math.round(100 * event.detail.loaded / event.detail.total);
  });

  restoreDrafts(document);
})();
