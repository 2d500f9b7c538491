/*
 * Uplift error summary — progressive enhancement (CSP-safe, no inline JS).
 *
 * 1. On page load, move keyboard/screen-reader focus to the error summary
 *    (.u-error-summary[data-module="u-error-summary"]) so users hear
 *    "There is a problem" and the list of errors first.
 * 2. When an error link is followed, focus the field and scroll its label
 *    (or fieldset legend) into view, so the question is visible too.
 * 3. After an htmx swap that brings in a new error summary, focus it.
 *
 * Without JavaScript the summary still shows, and its links still jump to
 * the fields by fragment.
 */
(function () {
  "use strict";

  var SELECTOR = '[data-module="u-error-summary"]';

  function focusSummary(root) {
    var scope = root && root.querySelector ? root : document;
    var summary = scope.matches && scope.matches(SELECTOR) ? scope : scope.querySelector(SELECTOR);
    if (!summary || summary.getAttribute("data-disable-auto-focus") === "true") {
      return;
    }
    if (!summary.hasAttribute("tabindex")) {
      summary.setAttribute("tabindex", "-1");
    }
    summary.focus();
  }

  function isFormControl(el) {
    return /^(INPUT|SELECT|TEXTAREA|BUTTON)$/.test(el.tagName);
  }

  function labelFor(input) {
    var fieldset = input.closest("fieldset");
    if (fieldset) {
      var legend = fieldset.querySelector("legend");
      if (legend) {
        // Use the legend if the field sits within a screen's height of it.
        var gap = input.getBoundingClientRect().top - legend.getBoundingClientRect().top;
        if (gap < window.innerHeight / 2) {
          return legend;
        }
      }
    }
    if (input.id) {
      var label = document.querySelector('label[for="' + (window.CSS && CSS.escape ? CSS.escape(input.id) : input.id) + '"]');
      if (label) {
        return label;
      }
    }
    return input.closest("label");
  }

  document.addEventListener("click", function (event) {
    var link = event.target.closest ? event.target.closest(SELECTOR + ' a[href^="#"]') : null;
    if (!link) {
      return;
    }
    var target = document.getElementById(decodeURIComponent(link.getAttribute("href").slice(1)));
    if (!target) {
      return;
    }
    if (!isFormControl(target)) {
      target = target.querySelector("input, select, textarea") || target;
    }
    if (!isFormControl(target)) {
      return; // let the browser follow the fragment
    }
    event.preventDefault();
    var label = labelFor(target);
    (label || target).scrollIntoView();
    target.focus({ preventScroll: true });
  });

  focusSummary(document);

  document.addEventListener("htmx:afterSettle", function (event) {
    if (event.detail && event.detail.elt) {
      focusSummary(event.detail.elt);
    }
  });
})();
