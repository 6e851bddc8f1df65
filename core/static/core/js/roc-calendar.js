/* The admin's calendar and its "today" link speaking ROC dates, for date inputs marked
 * data-calendar="roc" (core.forms.RocAdminDateWidget marks them when the admin is in Chinese).
 *
 * Django's DateTimeShortcuts writes the first of the language's DATE_INPUT_FORMATS (2026/12/01
 * for zh-hant, a Gregorian date in an ROC form) and reads the input with it to open the calendar
 * on the typed month. On DOMContentLoaded (every script has run, in whatever order the admin's
 * media merge put them, and the window's load event, when DateTimeShortcuts.init builds the
 * calendars, has not fired yet) this file wraps three of its functions:
 * a picked day and "today / yesterday / tomorrow" are written as 114/09/14 (ISO for years up to
 * 1911, which numeric ROC cannot write), and a value such as 114/02/03 or 114年2月3日 opens the
 * calendar on February 2025. The server time offset Django keeps (DateTimeShortcuts.now()) is
 * used as is. No inline code: it runs under the site's Content-Security-Policy.
 */
"use strict";
document.addEventListener("DOMContentLoaded", function () {
  const shortcuts = window.DateTimeShortcuts;
  if (!shortcuts) {
    return;
  }
  const ROC_OFFSET = 1911;

  function isRoc(input) {
    return Boolean(input) && input.dataset.calendar === "roc";
  }

  function pad(number) {
    return String(number).padStart(2, "0");
  }

  function rocText(year, month, day) {
    if (year <= ROC_OFFSET) {
      return year + "-" + pad(month) + "-" + pad(day);
    }
    return (year - ROC_OFFSET) + "/" + pad(month) + "/" + pad(day);
  }

  // A Date for an ROC value (114/2/3, 114.02.03, 114-2, 114年2月3日, 中華民國114年2月), or null.
  function parseRoc(value) {
    const text = value.replace(/\s+/g, "").replace(/^(中華)?民國/, "");
    let match = /^(\d{1,3})[/.-](\d{1,2})(?:[/.-](\d{1,2}))?/.exec(text) ||
      /^(\d{1,3})年(\d{1,2})月(?:(\d{1,2})[日號])?/.exec(text);
    if (!match) {
      match = /^(\d{3})(\d{2})(\d{2})$/.exec(text);
    }
    if (!match) {
      return null;
    }
    const year = Number(match[1]) + ROC_OFFSET;
    const month = Number(match[2]);
    const day = match[3] ? Number(match[3]) : 1;
    if (month < 1 || month > 12) {
      return null;
    }
    return new Date(year, month - 1, day);
  }

  const pickDay = shortcuts.handleCalendarCallback;
  shortcuts.handleCalendarCallback = function (num) {
    const write = pickDay.call(shortcuts, num);
    return function (y, m, d) {
      write(y, m, d);
      const input = shortcuts.calendarInputs[num];
      if (isRoc(input)) {
        input.value = rocText(Number(y), Number(m), Number(d));
      }
    };
  };

  const quickLink = shortcuts.handleCalendarQuickLink;
  shortcuts.handleCalendarQuickLink = function (num, offset) {
    quickLink.call(shortcuts, num, offset);
    const input = shortcuts.calendarInputs[num];
    if (isRoc(input)) {
      const day = shortcuts.now();
      day.setDate(day.getDate() + offset);
      input.value = rocText(day.getFullYear(), day.getMonth() + 1, day.getDate());
    }
  };

  const openCalendar = shortcuts.openCalendar;
  shortcuts.openCalendar = function (num) {
    const input = shortcuts.calendarInputs[num];
    const typed = input ? input.value : "";
    const date = isRoc(input) && typed ? parseRoc(typed) : null;
    if (date) {
      // Django reads the input in the language's first input format to choose the month shown.
      input.value = date.strftime(window.get_format("DATE_INPUT_FORMATS")[0]);
    }
    try {
      openCalendar.call(shortcuts, num);
    } finally {
      if (date) {
        input.value = typed;
      }
    }
  };
});
