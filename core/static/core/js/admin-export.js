/* The admin export page's "Select all" box, bound from this file.
 *
 * django-import-export 4.4 binds it with an inline handler (onchange="onSelectToggleChange(event)"),
 * which the site's Content-Security-Policy (script-src 'self') refuses to run: clicking it did
 * nothing. The server leaves the attribute out (core.imports.StaffImportExportAdminMixin); here
 * the library's own function is bound as a listener, and the label is tied to the box so that
 * clicking it toggles too.
 */
"use strict";
document.addEventListener("DOMContentLoaded", function () {
  document.querySelectorAll("input.select-toggle").forEach(function (toggle) {
    if (!toggle.id) {
      toggle.id = "select-all-toggle";
    }
    toggle.addEventListener("change", function (event) {
      window.onSelectToggleChange(event);
    });
  });
});
