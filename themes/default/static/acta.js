// acta default theme. Everything works without JavaScript: this adds the
// small-screen menu toggle, the light/dark switch, the section in view marked
// in "On this page", Escape to dismiss glossary and footnote tooltips, a first
// tap that opens a tooltip on touch screens, keeps tooltips inside the
// viewport, puts a Copy button on code blocks, and marks bare URLs so that
// print does not write them twice.
(function () {
  "use strict";
  var root = document.documentElement;
  var MARGIN = 8;

  // Glossary tooltips: CSS shows them on hover and focus; here they are moved
  // back into the viewport when they would stick out, flipped above the term
  // when there is no room below, and hidden by Escape until the next visit.
  function place(ref) {
    var tip = ref.querySelector(".term-tip");
    var term = ref.querySelector(".term, .fn-link");
    if (!tip || !term) return;
    ref.classList.remove("tip-hidden", "tip-above");
    tip.style.left = "";
    var box = tip.getBoundingClientRect();
    if (!box.width) return;
    var shift = 0;
    // A term broken over two lines: the card goes under its second part, not
    // under the start of the first (except on a phone, where the card spans
    // the text column and the term's box is not its container).
    var lines = term.getClientRects();
    if (lines.length > 1 && getComputedStyle(ref).position !== "static") {
      shift = lines[lines.length - 1].left - MARGIN - box.left;
    }
    var width = root.clientWidth;
    if (box.right + shift > width - MARGIN) shift = width - MARGIN - box.right;
    if (box.left + shift < MARGIN) shift = MARGIN - box.left;
    if (shift) tip.style.left = tip.offsetLeft + shift + "px";
    var top = lines.length ? lines[0].top : 0;
    if (box.bottom > window.innerHeight && top - box.height - MARGIN > 0) ref.classList.add("tip-above");
  }
  function refOf(target) {
    return target && target.closest ? target.closest(".term-ref") : null;
  }
  document.addEventListener("mouseover", function (e) {
    var ref = refOf(e.target);
    if (ref && !ref.contains(e.relatedTarget)) place(ref);
  });
  document.addEventListener("focusin", function (e) {
    var ref = refOf(e.target);
    if (ref) place(ref);
  });

  // Touch screens have no hover: the first tap on a term opens its card, the
  // second follows the link, a tap elsewhere closes it. Whether a tap is the
  // second is read when the finger lands: Safari shows :hover cards on the
  // first tap by itself and sends no click, Chrome sends the click at once.
  // Mouse, pen and keyboard follow the link at once, as before.
  var pointer = "";
  var shownAtTap = null;
  function tipShown(ref) {
    var tip = ref && ref.querySelector(".term-tip");
    return !!tip && getComputedStyle(tip).display !== "none";
  }
  document.addEventListener("pointerdown", function (e) {
    pointer = e.pointerType;
    var ref = refOf(e.target);
    shownAtTap = tipShown(ref) ? ref : null;
    var open = document.querySelectorAll(".term-ref.tip-open");
    for (var i = 0; i < open.length; i++) if (open[i] !== ref) open[i].classList.remove("tip-open");
  });
  document.addEventListener("keydown", function () {
    pointer = "";
  });
  document.addEventListener("click", function (e) {
    var term = e.target && e.target.closest ? e.target.closest(".term, .fn-link") : null;
    var ref = refOf(term);
    if (!ref || pointer !== "touch" || ref === shownAtTap) return;
    e.preventDefault();
    ref.classList.add("tip-open");
    place(ref);
  });

  // The labels of a page in another language than English, from base.html;
  // set before the Copy buttons below are made with them.
  var label = document.body.dataset;
  // Code blocks: a Copy button, only where the page may write the clipboard
  // (a secure context), so no page shows a button that cannot work. What
  // happened is said on the button and through one polite live region.
  if (navigator.clipboard && window.isSecureContext) {
    var copyStatus = document.createElement("div");
    copyStatus.className = "visually-hidden";
    copyStatus.setAttribute("role", "status");
    copyStatus.setAttribute("aria-live", "polite");
    document.body.appendChild(copyStatus);
    var blocks = document.querySelectorAll("pre.code");
    for (var b = 0; b < blocks.length; b++) addCopyButton(blocks[b]);
  }
  function addCopyButton(pre) {
    var wrap = document.createElement("div");
    wrap.className = "code-block";
    pre.parentNode.insertBefore(wrap, pre);
    wrap.appendChild(pre);
    var button = document.createElement("button");
    button.type = "button";
    button.className = "copy-code";
    button.textContent = label.copy || "Copy";
    button.setAttribute("aria-label", label.copyCode || "Copy code");
    var reset = 0;
    function said(message) {
      button.textContent = message;
      copyStatus.textContent = message;
      clearTimeout(reset);
      reset = setTimeout(function () {
        button.textContent = label.copy || "Copy";
        copyStatus.textContent = "";
      }, 2000);
    }
    button.addEventListener("click", function () {
      var code = pre.querySelector("code") || pre;
      navigator.clipboard.writeText(code.textContent).then(
        function () { said(label.copied || "Copied"); },
        function () { said(label.copyFailed || "Copy failed"); }
      );
    });
    wrap.appendChild(button);
  }

  // Printed, a link to another site shows its address (acta.css); a bare
  // URL, whose text is the address already, is marked not to.
  function bare(url) {
    return url.trim().replace(/^https?:\/\//, "").replace(/\/$/, "");
  }
  var external = document.querySelectorAll('main a[href^="http:"], main a[href^="https:"]');
  for (var l = 0; l < external.length; l++) {
    if (bare(external[l].getAttribute("href")) === bare(external[l].textContent)) external[l].classList.add("bare-url");
  }

  var toggle = document.querySelector(".nav-toggle");
  var nav = document.getElementById("site-nav");
  function setOpen(open) {
    toggle.setAttribute("aria-expanded", open ? "true" : "false");
    root.classList.toggle("nav-open", open);
  }
  // The current page's entry, in view inside the sidebar's own scroll box
  // (a term's page sits far down a long glossary).
  var list = nav && nav.firstElementChild;
  var current = nav && nav.querySelector('[aria-current="page"]');
  if (list && current && list.scrollHeight > list.clientHeight) {
    var top = current.getBoundingClientRect().top - list.getBoundingClientRect().top;
    if (top > list.clientHeight * 0.6) list.scrollTop = top - list.clientHeight / 3;
  }

  // Light, dark, or auto (as the system says): the choice is kept for the
  // next pages and visits; the script in <head> applies it before painting.
  var ORDER = ["auto", "light", "dark"];
  var themeSwitch = document.querySelector(".theme-switch");
  if (themeSwitch) {
    themeSwitch.addEventListener("click", function () {
      var now = root.getAttribute("data-theme") || "auto";
      var next = ORDER[(ORDER.indexOf(now) + 1) % ORDER.length];
      if (next === "auto") root.removeAttribute("data-theme");
      else root.setAttribute("data-theme", next);
      try {
        if (next === "auto") localStorage.removeItem("acta-theme");
        else localStorage.setItem("acta-theme", next);
      } catch (e) {
        // Storage refused (private mode): the choice lasts for this page.
      }
    });
  }

  if (toggle && nav) {
    toggle.addEventListener("click", function () {
      setOpen(toggle.getAttribute("aria-expanded") !== "true");
    });
  }

  // On this page: the section being read is the last whose heading has
  // passed under the header; at the very bottom, the last one.
  var tocLinks = document.querySelectorAll(".toc-side a");
  var headings = Array.prototype.map.call(tocLinks, function (a) {
    return document.getElementById(decodeURIComponent(a.hash.slice(1)));
  });
  var marking = false;
  function markSection() {
    marking = false;
    var line = innerHeight * 0.25;
    var at = -1;
    for (var i = 0; i < headings.length; i++) {
      if (headings[i] && headings[i].getBoundingClientRect().top <= line) at = i;
    }
    if (innerHeight + scrollY >= root.scrollHeight - 2 && scrollY > 0) at = headings.length - 1;
    for (var j = 0; j < tocLinks.length; j++) {
      if (j === at) tocLinks[j].setAttribute("aria-current", "location");
      else tocLinks[j].removeAttribute("aria-current");
    }
  }
  if (tocLinks.length) {
    addEventListener("scroll", function () {
      if (!marking) requestAnimationFrame(markSection);
      marking = true;
    }, { passive: true });
    markSection();
  }

  document.addEventListener("keydown", function (e) {
    if (e.key !== "Escape") return;
    var open = document.querySelectorAll(
      ".term-ref:not(.tip-hidden):hover, .term-ref:not(.tip-hidden):focus-within, .term-ref.tip-open"
    );
    for (var i = 0; i < open.length; i++) {
      open[i].classList.remove("tip-open");
      open[i].classList.add("tip-hidden");
    }
    if (open.length) return;
    if (toggle && toggle.getAttribute("aria-expanded") === "true") {
      setOpen(false);
      toggle.focus();
    }
  });
})();
