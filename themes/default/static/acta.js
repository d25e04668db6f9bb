// acta default theme. Everything works without JavaScript; this adds the
// small-screen menu toggle, Escape for glossary tooltips, and keeps tooltips
// inside the viewport.
(function () {
  "use strict";
  document.addEventListener("keydown", function (e) {
    if (e.key !== "Escape") return;
    document.querySelectorAll(".term-ref").forEach(function (r) { r.classList.add("tip-hidden"); });
  });
  function place(ref) {
    var tip = ref.querySelector(".term-tip");
    if (!tip) return;
    ref.classList.remove("tip-hidden");
    tip.style.left = "0px";
    var box = tip.getBoundingClientRect();
    var over = box.right - (document.documentElement.clientWidth - 8);
    if (over > 0) tip.style.left = Math.min(-over, 0) - Math.max(0, box.left - over < 8 ? 8 - (box.left - over) : 0) + "px";
    box = tip.getBoundingClientRect();
    if (box.left < 8) tip.style.left = (parseFloat(tip.style.left) + 8 - box.left) + "px";
  }
  document.addEventListener("mouseover", function (e) {
    var ref = e.target.closest && e.target.closest(".term-ref");
    if (ref) place(ref);
  });
  document.addEventListener("focusin", function (e) {
    var ref = e.target.closest && e.target.closest(".term-ref");
    if (ref) place(ref);
  });
  var toggle = document.querySelector(".nav-toggle");
  var nav = document.getElementById("site-nav");
  if (!toggle || !nav) return;
  document.documentElement.classList.add("js");
  toggle.hidden = false;
  function set(open) {
    toggle.setAttribute("aria-expanded", open ? "true" : "false");
    document.documentElement.classList.toggle("nav-open", open);
  }
  toggle.addEventListener("click", function () {
    set(toggle.getAttribute("aria-expanded") !== "true");
  });
  document.addEventListener("keydown", function (e) {
    if (e.key === "Escape" && toggle.getAttribute("aria-expanded") === "true") {
      set(false);
      toggle.focus();
    }
  });
})();
