/* Rows of an admin inline ordered by moving them, not by typing numbers.
 *
 * Inlines whose model keeps a "position" (participants, donated items, items shown, photos, main
 * guests) render it as a hidden input marked data-row-order (core.admin.StaffInputMixin). Each
 * row gets "move up" and "move down" buttons (their labels come translated on that input); on
 * submit every row's position is written from the order the rows are shown in. Rows added with
 * "Add another" get the buttons too. No inline code: it runs under the site's CSP.
 */
"use strict";
(function () {
  function orderInput(row) {
    return row.querySelector("input[data-row-order]");
  }

  function rowsOf(container) {
    return Array.from(container.children).filter(function (row) {
      return orderInput(row) && !row.classList.contains("empty-form");
    });
  }

  function move(row, step) {
    const rows = rowsOf(row.parentNode);
    const index = rows.indexOf(row);
    const other = rows[index + step];
    if (!other) {
      return;
    }
    if (step < 0) {
      row.parentNode.insertBefore(row, other);
    } else {
      row.parentNode.insertBefore(other, row);
    }
    row.querySelector(step < 0 ? ".row-order-up" : ".row-order-down").focus();
  }

  function addButtons(row) {
    const input = orderInput(row);
    if (!input || row.classList.contains("empty-form") || row.querySelector(".row-order")) {
      return;
    }
    const box = document.createElement("span");
    box.className = "row-order";
    [["up", -1, input.dataset.moveUp, "\u2191"], ["down", 1, input.dataset.moveDown, "\u2193"]].forEach(
      function (spec) {
        const button = document.createElement("button");
        button.type = "button";
        button.className = "row-order-" + spec[0];
        button.setAttribute("aria-label", spec[2]);
        button.title = spec[2];
        button.textContent = spec[3];
        button.addEventListener("click", function () {
          move(row, spec[1]);
        });
        box.appendChild(button);
      });
    // The last cell of a table row (the first holds the record's name, drawn over the row).
    const cell = row.querySelector("td.delete") || row.querySelector("h3") || row.lastElementChild;
    cell.insertBefore(box, cell.firstChild);
  }

  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("input[data-row-order]").forEach(function (input) {
      addButtons(input.closest(".form-row, .inline-related"));
    });
    document.querySelectorAll("form").forEach(function (form) {
      form.addEventListener("submit", function () {
        const containers = new Set();
        form.querySelectorAll("input[data-row-order]").forEach(function (input) {
          const row = input.closest(".form-row, .inline-related");
          if (row) {
            containers.add(row.parentNode);
          }
        });
        containers.forEach(function (container) {
          rowsOf(container).forEach(function (row, index) {
            orderInput(row).value = index;
          });
        });
      });
    });
  });
  document.addEventListener("formset:added", function (event) {
    addButtons(event.target);
  });
})();
