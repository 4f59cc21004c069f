/* The login page's demo accounts (templates/account/login.html, development only): each email becomes a button
 * that fills in the login form with that account and the shared password, and moves focus to "Log in". Without
 * this script the list still shows the addresses and the password to type.
 */
(function () {
  "use strict";

  function enhance() {
    var list = document.querySelector("[data-demo-logins]");
    var login = document.getElementById("id_login");
    var password = document.getElementById("id_password");
    if (!list || !login || !password) {
      return;
    }
    var submit = login.form ? login.form.querySelector("button[type=submit]") : null;
    var shared = list.getAttribute("data-demo-password");
    list.querySelectorAll("code[data-demo-login]").forEach(function (code) {
      var button = document.createElement("button");
      button.type = "button";
      button.className = "link-button";
      button.textContent = code.textContent;
      button.setAttribute("aria-label", list.getAttribute("data-fill-label") + " " + code.textContent);
      button.addEventListener("click", function () {
        login.value = code.textContent;
        password.value = shared;
        (submit || password).focus();
      });
      code.replaceWith(button);
    });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", enhance);
  } else {
    enhance();
  }
})();
