// The console works without this script; it only helps.
(function () {
  "use strict";
  // Fill the time-zone fields with the browser's zone.
  var zone = "";
  try { zone = Intl.DateTimeFormat().resolvedOptions().timeZone || ""; } catch (e) {}
  document.querySelectorAll("[data-browser-zone]").forEach(function (el) {
    if (zone && (el.value === "" || el.value === "UTC")) el.value = zone;
  });
  // Ask before destructive actions.
  document.querySelectorAll("form[data-confirm]").forEach(function (f) {
    f.addEventListener("submit", function (ev) {
      if (!window.confirm(f.getAttribute("data-confirm"))) ev.preventDefault();
    });
  });
  // Copy buttons (shown only where the clipboard can be written).
  document.querySelectorAll("button[data-copy]").forEach(function (b) {
    if (!navigator.clipboard) return;
    b.hidden = false;
    b.addEventListener("click", function () {
      var el = document.getElementById(b.getAttribute("data-copy"));
      navigator.clipboard.writeText(el.value).then(function () { b.textContent = "Copied"; });
    });
  });
  // Keep a pressed button from being pressed twice.
  document.querySelectorAll("form[method=post]").forEach(function (f) {
    f.addEventListener("submit", function (ev) {
      if (ev.defaultPrevented) return;
      var b = f.querySelector("button[type=submit]");
      if (b) setTimeout(function () { b.disabled = true; }, 0);
    });
  });
})();
