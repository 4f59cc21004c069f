/* The plan editor's keyboard and focus behaviour (the markup works without it, as plain forms and links).
 *
 * - A form swapped in gets focus: the first field with an error, else the conflict notice, else the first field.
 * - After a save, cancel or delete the server names the element to focus ("plan:focus" event).
 * - When the whole plan is re-rendered after one save, other forms that are open keep what was typed:
 *   they are taken out before the swap and put back in place of their item afterwards.
 * - Escape in an inline form cancels it.
 */
(function () {
  "use strict";

  var kept = [];

  function focusForm(root) {
    var target = root.querySelector("[aria-invalid='true']") ||
      root.querySelector(".conflict") ||
      root.querySelector("input:not([type=hidden]), select, textarea, button");
    if (target) {
      target.focus();
    }
  }

  document.addEventListener("htmx:beforeSwap", function (event) {
    var target = event.detail.target;
    if (!target || target.id !== "plan") {
      return;
    }
    var source = event.detail.requestConfig && event.detail.requestConfig.elt;
    var own = source && source.closest ? source.closest("[data-plan-editing]") : null;
    kept = [];
    target.querySelectorAll("[data-plan-editing]").forEach(function (open) {
      if (open !== own && open.id) {
        kept.push(open);
      }
    });
  });

  document.addEventListener("htmx:afterSwap", function (event) {
    var target = event.detail.target;
    if (target && target.id === "plan") {
      kept.forEach(function (open) {
        var fresh = document.getElementById(open.id);
        if (fresh) {
          fresh.replaceWith(open);
        }
      });
      kept = [];
    }
  });

  // Newly swapped-in content: a form (or a delete confirmation) takes focus.
  document.addEventListener("htmx:load", function (event) {
    var elt = event.detail && event.detail.elt;
    if (elt && elt.hasAttribute && elt.hasAttribute("data-plan-editing")) {
      focusForm(elt);
    }
  });

  document.body.addEventListener("plan:focus", function (event) {
    var id = event.detail && event.detail.id;
    var element = id ? document.getElementById(id) : null;
    if (element) {
      if (!element.hasAttribute("tabindex")) {
        element.setAttribute("tabindex", "-1");
      }
      element.focus();
    }
  });

  document.addEventListener("keydown", function (event) {
    if (event.key !== "Escape") {
      return;
    }
    var open = event.target.closest && event.target.closest("[data-plan-editing]");
    var cancel = open ? open.querySelector("[data-plan-cancel]") : null;
    if (cancel) {
      event.preventDefault();
      cancel.click();
    }
  });
})();
