/* Latchkey dashboard: optional conveniences. Every page works without this file.
 *  - Copy buttons: any element with data-copy-target="<id>" (rendered `hidden`, so
 *    no-JS users never see a dead button) is shown and copies that element's text.
 *  - .secret-box: a click selects the whole secret.
 *  - <time datetime>: gets a title with the exact local time when it has none.
 *  - A "select all" box (data-select-all="<field name>", rendered `hidden`) is shown
 *    and ticks or clears every checkbox of that name in its form; it shows itself
 *    ticked, clear or mixed as the boxes are.
 */
'use strict';

(function () {
  var live = null;

  function announce(text) {
    if (!live) {
      live = document.createElement('span');
      live.className = 'visually-hidden';
      live.setAttribute('role', 'status');
      live.setAttribute('aria-live', 'polite');
      document.body.appendChild(live);
    }
    live.textContent = '';
    window.setTimeout(function () { live.textContent = text; }, 50);
  }

  function selectContents(el) {
    if (el.tagName === 'INPUT' || el.tagName === 'TEXTAREA') {
      el.focus();
      el.select();
      return;
    }
    var range = document.createRange();
    range.selectNodeContents(el);
    var sel = window.getSelection();
    sel.removeAllRanges();
    sel.addRange(range);
  }

  function textOf(el) {
    if (el.tagName === 'INPUT' || el.tagName === 'TEXTAREA') {
      return el.value;
    }
    return el.textContent.trim();
  }

  function flash(button, text) {
    if (!button.hasAttribute('data-label')) {
      button.setAttribute('data-label', button.textContent);
    }
    button.textContent = text;
    window.clearTimeout(button.latchkeyTimer);
    button.latchkeyTimer = window.setTimeout(function () {
      button.textContent = button.getAttribute('data-label');
    }, 2000);
  }

  /* Without the async clipboard API (or when it refuses), select the text, try the
   * legacy copy command, and otherwise leave the selection for the user to copy. */
  function fallbackCopy(button, target) {
    selectContents(target);
    var ok = false;
    try {
      ok = document.execCommand('copy');
    } catch (e) {
      ok = false;
    }
    if (ok) {
      flash(button, 'Copied');
      announce('Copied to clipboard');
    } else {
      flash(button, 'Press Ctrl+C');
      announce('Text selected; press Control C or Command C to copy');
    }
  }

  function copyFrom(button) {
    var target = document.getElementById(button.getAttribute('data-copy-target'));
    if (!target) {
      return;
    }
    var text = textOf(target);
    if (navigator.clipboard && window.isSecureContext) {
      navigator.clipboard.writeText(text).then(function () {
        flash(button, 'Copied');
        announce('Copied to clipboard');
      }, function () {
        fallbackCopy(button, target);
      });
    } else {
      fallbackCopy(button, target);
    }
  }

  function initSelectAll(box) {
    var form = box.form;
    var name = box.getAttribute('data-select-all');
    if (!form) {
      return;
    }
    function boxes() {
      var all = form.querySelectorAll('input[type="checkbox"]');
      var out = [];
      for (var j = 0; j < all.length; j++) {
        if (all[j].name === name && !all[j].disabled) {
          out.push(all[j]);
        }
      }
      return out;
    }
    function sync() {
      var b = boxes();
      var on = 0;
      for (var j = 0; j < b.length; j++) {
        if (b[j].checked) {
          on++;
        }
      }
      box.checked = b.length > 0 && on === b.length;
      box.indeterminate = on > 0 && on < b.length;
    }
    box.hidden = false;
    box.addEventListener('change', function () {
      var b = boxes();
      for (var j = 0; j < b.length; j++) {
        b[j].checked = box.checked;
      }
      box.indeterminate = false;
    });
    form.addEventListener('change', function (ev) {
      if (ev.target !== box && ev.target.name === name) {
        sync();
      }
    });
    sync();
  }

  function init() {
    var i;
    var buttons = document.querySelectorAll('[data-copy-target]');
    for (i = 0; i < buttons.length; i++) {
      if (document.getElementById(buttons[i].getAttribute('data-copy-target'))) {
        buttons[i].hidden = false;
        buttons[i].addEventListener('click', function (ev) {
          ev.preventDefault();
          copyFrom(ev.currentTarget);
        });
      }
    }

    var selectAll = document.querySelectorAll('input[data-select-all]');
    for (i = 0; i < selectAll.length; i++) {
      initSelectAll(selectAll[i]);
    }

    var boxes = document.querySelectorAll('.secret-box');
    for (i = 0; i < boxes.length; i++) {
      boxes[i].addEventListener('click', function (ev) {
        selectContents(ev.currentTarget);
      });
    }

    var times = document.querySelectorAll('time[datetime]');
    for (i = 0; i < times.length; i++) {
      if (!times[i].getAttribute('title')) {
        var d = new Date(times[i].getAttribute('datetime'));
        if (!isNaN(d.getTime())) {
          times[i].setAttribute('title', d.toLocaleString());
        }
      }
    }
  }

  if (document.readyState === 'loading') {
    document.addEventListener('DOMContentLoaded', init);
  } else {
    init();
  }
}());
