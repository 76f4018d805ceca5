/* modeltranslation's language tabs, made of jQuery UI tabs, put a link inside each tab:
   a control inside a control, which screen readers may not announce (axe:
   nested-interactive; jquery-ui issue 2171). The tab is the control, reached with the
   arrow keys: the links lose their address, and jQuery UI is told the panels are on
   this page rather than reading it from the addresses. Also names the language select
   modeltranslation adds beside the heading. */
(function () {
  "use strict";
  function tidy() {
    document.querySelectorAll("a.ui-tabs-anchor[href]").forEach(function (link) {
      link.removeAttribute("href");
    });
    var select = document.getElementById("modeltranslation-main-switch");
    if (select && !select.hasAttribute("aria-labelledby")) {
      select.setAttribute("aria-labelledby", "language-switch-label");
    }
  }

  // modeltranslation builds its tabs when the page is ready, and again for each inline
  // row added later.
  window.addEventListener("load", function () {
    // Read when a tab is chosen; jQuery UI has built the tabs from the addresses by now.
    var $ = window.django && window.django.jQuery;
    if ($ && $.ui && $.ui.tabs) {
      $.ui.tabs.prototype._isLocal = function () { return true; };
    }
    tidy();
    new MutationObserver(tidy).observe(document.body, {childList: true, subtree: true});
  });
}());
