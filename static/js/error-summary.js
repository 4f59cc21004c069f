/* The error summary after a failed submit (templates/components/form_errors.html, and the pages that write their
 * own `.error-summary`): a keyboard or screen-reader user should start at the list of what to correct, not at the
 * top of the page. The markup works without this script; it adds:
 *
 * - When a page loads with an error summary, or HTMX brings one in, the first summary gets focus and is scrolled
 *   into view.
 * - A link in the summary puts focus in its field, with the field's label (or the legend of its group) in view.
 *   The link's fragment alone would not: a group of radio buttons or checkboxes has no element with the field's id
 *   (its inputs are id_0, id_1, …), and a field's label would be scrolled out of sight above it.
 */
(function () {
  "use strict";

  var FIELDS = "input:not([type=hidden]), select, textarea";

  function focusSummary(root) {
    var summary = root.matches && root.matches(".error-summary") ? root : root.querySelector(".error-summary");
    if (!summary) {
      return;
    }
    if (!summary.hasAttribute("tabindex")) {
      summary.setAttribute("tabindex", "-1");  // focusable by script, not a stop for Tab
    }
    summary.focus({ preventScroll: true });
    summary.scrollIntoView({ block: "start" });
  }

  function fieldFor(id) {
    var target = document.getElementById(id);
    if (target && target.matches(FIELDS)) {
      return target;
    }
    if (target) {
      return target.querySelector(FIELDS);  // a widget wrapping its inputs (Django's RadioSelect)
    }
    return document.getElementById(id + "_0");  // the first choice of a group rendered choice by choice
  }

  function inView(field) {
    var fieldset = field.closest("fieldset");
    var legend = fieldset && fieldset.querySelector("legend");
    var label = field.id && document.querySelector("label[for='" + field.id + "']");
    if (legend && (field.type === "radio" || field.type === "checkbox")) {
      return legend;
    }
    return label || field;
  }

  document.addEventListener("click", function (event) {
    var link = event.target.closest ? event.target.closest(".error-summary a[href^='#']") : null;
    if (!link) {
      return;
    }
    var field = fieldFor(decodeURIComponent(link.getAttribute("href").slice(1)));
    if (!field) {
      return;  // not a field: the link's own behaviour
    }
    event.preventDefault();
    inView(field).scrollIntoView({ block: "start" });
    field.focus({ preventScroll: true });
  });

  document.addEventListener("htmx:load", function (event) {
    if (event.detail.elt !== document.body) {  // the page itself is handled below
      focusSummary(event.detail.elt);
    }
  });

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", function () { focusSummary(document); });
  } else {
    focusSummary(document);
  }
})();
