/* The review inbox's focus after an approval or a return made in place (labs/views_review.py; the page works
 * without this, as plain forms that come back to the same place).
 *
 * The server answers with the activity's article in its new state and a "review:done" event naming it and where
 * focus goes: "next" (after a decision) to the heading of the next activity still waiting below it, or the
 * article's status when none is left; "form" to the field with an error; "conflict" to the stale-edit notice;
 * "status" to the article's status. The live region (#review-announcer) says what happened.
 */
(function () {
  "use strict";

  function focus(element) {
    if (!element) {
      return false;
    }
    if (!element.hasAttribute("tabindex") && !/^(A|BUTTON|INPUT|SELECT|TEXTAREA|SUMMARY)$/.test(element.tagName)) {
      element.setAttribute("tabindex", "-1");
    }
    element.focus();
    return true;
  }

  function nextWaiting(item) {
    var next = item.nextElementSibling;
    while (next) {
      if (next.hasAttribute("data-review-item") && next.getAttribute("data-status") === "submitted") {
        return next;
      }
      next = next.nextElementSibling;
    }
    return null;
  }

  document.body.addEventListener("review:done", function (event) {
    var detail = event.detail || {};
    var item = detail.id ? document.getElementById(detail.id) : null;
    if (!item) {
      return;
    }
    var status = document.getElementById(detail.id + "-status");
    if (detail.focus === "next") {
      var next = nextWaiting(item);
      if (!(next && focus(document.getElementById(next.id + "-heading")))) {
        focus(status);
      }
    } else if (detail.focus === "form") {
      focus(item.querySelector("[aria-invalid='true']")) || focus(status);
    } else if (detail.focus === "conflict") {
      focus(item.querySelector(".conflict")) || focus(status);
    } else {
      focus(status);
    }
  });
})();
