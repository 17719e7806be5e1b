// factcheck front-end glue. No inline scripts anywhere: the CSP forbids them.
(function () {
  "use strict";
  var token = document.querySelector('meta[name="csrf-token"]');
  // Every htmx request carries the CSRF token, as forms do.
  document.body.addEventListener("htmx:configRequest", function (event) {
    if (token) event.detail.headers["X-CSRFToken"] = token.content;
  });
})();
