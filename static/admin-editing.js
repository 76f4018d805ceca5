/* Who else has this change form open (core/presence.py): the form tells the site it is
   open every few seconds and shows the answer. A notice only: nothing is locked. */
(function () {
  "use strict";

  function start() {
    var notice = document.getElementById("editing-notice");
    var form = notice && notice.closest("form");
    if (!notice || !form || !window.fetch || !window.FormData) {
      return;
    }
    var url = notice.getAttribute("data-url");
    var every = Number(notice.getAttribute("data-every")) * 1000;
    var csrf = form.querySelector("input[name=csrfmiddlewaretoken]").value;
    var shown = Array.prototype.map.call(notice.querySelectorAll("p"), function (p) {
      return p.textContent;
    }).join("\n");

    function show(editors) {
      // Rewritten only when it changes, so that screen readers announce news, not ticks.
      if (editors.join("\n") === shown) {
        return;
      }
      shown = editors.join("\n");
      notice.replaceChildren.apply(notice, editors.map(function (text) {
        var p = document.createElement("p");
        p.textContent = text;
        return p;
      }));
    }

    function body(state) {
      var data = new FormData();
      data.append("state", state);
      data.append("csrfmiddlewaretoken", csrf);
      return data;
    }

    function tell() {
      fetch(url, {method: "POST", body: body("here"), credentials: "same-origin",
                  headers: {"X-CSRFToken": csrf}})
        .then(function (response) { return response.ok ? response.json() : null; })
        .then(function (answer) { if (answer) { show(answer.editors); } })
        .catch(function () { /* offline for a moment: the next beat will tell */ });
    }

    tell();
    window.setInterval(tell, every);
    window.addEventListener("pageshow", function (event) {
      if (event.persisted) { tell(); }
    });
    window.addEventListener("pagehide", function () {
      if (navigator.sendBeacon) { navigator.sendBeacon(url, body("left")); }
    });
  }

  // The admin puts form media in <head>: start once the form is there.
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
}());
