/* The book's interactive figures. Their SVG and data are made by fc_to_conv.interactive while the
   book builds; this script only reads the markup: data-weight, data-pixel, data-neuron, data-step,
   and the JSON in each widget's <script type="application/json">. No framework, no kernel. */
(function () {
  "use strict";

  function all(root, selector) { return Array.prototype.slice.call(root.querySelectorAll(selector)); }
  function json(root) { return JSON.parse(root.querySelector("script.fcc-data").textContent); }
  function plural(n, word) { return n + " " + word + (n === 1 ? "" : "s"); }
  function count(n) { return String(n).replace(/\B(?=(\d{3})+(?!\d))/g, ","); }
  function percent(x) { return (x * 100).toFixed(2) + "%"; }
  function push(map, key, value) { (map[key] = map[key] || []).push(value); }

  /* Lights wires, pixels and neurons of one network SVG: class fcc-on on them, fcc-active on the SVG. */
  function lighter(svg) {
    var lit = [];
    return function (elements) {
      lit.forEach(function (e) { e.classList.remove("fcc-on"); });
      lit = elements || [];
      lit.forEach(function (e) { e.classList.add("fcc-on"); });
      svg.classList.toggle("fcc-active", lit.length > 0);
    };
  }

  /* 1. Trace a weight: point at or focus a wire, a pixel or a neuron of a traceable network. The
     pointer picks the nearest wire within REACH (SVG units), so even a wire crossed by many others can
     be reached. Listeners sit on the HTML box around the SVG: on SVG elements, focus listeners would
     make the SVG itself a tab stop in Chrome. */
  var REACH = 5;
  function tracer(box, status) {
    var svg = box.querySelector("svg"), idle = status.textContent, light = lighter(svg);
    var by = {weight: {}, pixel: {}, neuron: {}}, segments = [];
    var nodes = {pixel: all(svg, ".fcc-pixel"), neuron: all(svg, ".fcc-neuron")};
    var items = all(svg, "[data-kind]"), pinned = null, axis = "neuron", shown = null;
    items.forEach(function (item) {
      var d = item.dataset, label;
      if (d.kind === "wire") {
        ["weight", "pixel", "neuron"].forEach(function (key) { push(by[key], d[key], item); });
        label = "wire from pixel " + d.pixel + " to neuron " + d.neuron + ", weight id " + d.weight;
        var path = item.querySelector("path"), halo = path.cloneNode(false);
        var xy = path.getAttribute("d").match(/-?[\d.]+/g);
        segments.push({wire: item, x1: +xy[0], y1: +xy[1], x2: +xy[2], y2: +xy[3]});
        halo.removeAttribute("style");
        halo.removeAttribute("clip-path");
        halo.setAttribute("class", "fcc-halo");
        item.appendChild(halo);
      } else {
        label = d.kind + " " + d[d.kind];
      }
      item.setAttribute("role", "button");
      item.setAttribute("aria-label", label);
      item.setAttribute("aria-pressed", "false");
      item.setAttribute("tabindex", item === nodes.pixel[0] ? "0" : "-1");
    });
    function node(kind, index) { return svg.querySelector(".fcc-" + kind + '[data-' + kind + '="' + index + '"]'); }
    function wiresOf(item) {
      var d = item.dataset;
      return (d.kind === "wire" ? by.weight[d.weight] : by[d.kind][d[d.kind]]) || [];
    }
    function show(item) {
      if (item === shown) return;
      shown = item;
      if (!item) { light([]); status.textContent = idle; return; }
      var wires = wiresOf(item), d = item.dataset, ends = [], ids = [];
      wires.forEach(function (w) {
        ends.push(node("pixel", w.dataset.pixel), node("neuron", w.dataset.neuron));
        if (ids.indexOf(+w.dataset.weight) < 0) ids.push(+w.dataset.weight);
      });
      light(wires.concat(ends, [item]));
      ids.sort(function (a, b) { return a - b; });
      status.textContent = d.kind === "wire"
        ? "weight id " + d.weight + " \u2014 " + (wires.length === 1
          ? "used by one wire only (not shared): pixel " + d.pixel + " to neuron " + d.neuron
          : "shared by " + wires.length + " wires (this one: pixel " + d.pixel + " to neuron " + d.neuron + ")")
        : d.kind + " " + d[d.kind] + " \u2014 " + plural(wires.length, "wire") + ", " +
          (ids.length > 8 ? ids.length + " distinct weight ids"
                          : "weight " + (ids.length === 1 ? "id " : "ids ") + ids.join(", "));
    }
    function focused() { return svg.contains(document.activeElement) ? document.activeElement : null; }
    function pointed(event) {
      var hit = event.target.closest ? event.target.closest(".fcc-node") : null, m = svg.getScreenCTM();
      if (hit || !m) return hit;
      var p = new DOMPoint(event.clientX, event.clientY).matrixTransform(m.inverse()), best = null, nearest = REACH;
      segments.forEach(function (s) {
        var dx = s.x2 - s.x1, dy = s.y2 - s.y1;
        var t = Math.max(0, Math.min(1, ((p.x - s.x1) * dx + (p.y - s.y1) * dy) / (dx * dx + dy * dy || 1)));
        var distance = Math.hypot(p.x - s.x1 - t * dx, p.y - s.y1 - t * dy);
        if (distance < nearest) { nearest = distance; best = s.wire; }
      });
      return best;
    }
    function pin(item) {
      pinned = pinned === item ? null : item;
      items.forEach(function (e) { e.setAttribute("aria-pressed", e === pinned ? "true" : "false"); });
      show(pinned || item);
    }
    function unpin() {
      pinned = null;
      items.forEach(function (e) { e.setAttribute("aria-pressed", "false"); });
      show(null);
    }
    function next(item, key) {
      var d = item.dataset, list, i;
      if (d.kind === "wire") {
        if (key === "ArrowLeft") return node("pixel", d.pixel);
        if (key === "ArrowRight") return node("neuron", d.neuron);
        list = by[axis][d[axis]];
      } else {
        if (d.kind === "pixel" && key === "ArrowRight") { axis = "pixel"; return (by.pixel[d.pixel] || [])[0]; }
        if (d.kind === "neuron" && key === "ArrowLeft") { axis = "neuron"; return (by.neuron[d.neuron] || [])[0]; }
        list = nodes[d.kind];
      }
      i = list.indexOf(item);
      return {ArrowDown: list[i + 1], ArrowUp: list[i - 1], Home: list[0], End: list[list.length - 1]}[key];
    }
    box.addEventListener("pointermove", function (event) {
      var item = pointed(event);
      svg.style.cursor = item ? "pointer" : "";
      show(item || pinned || focused());
    });
    box.addEventListener("pointerleave", function () { show(pinned || focused()); });
    box.addEventListener("click", function (event) {
      var item = pointed(event);
      if (item) pin(item);
    });
    box.addEventListener("focusin", function (event) {
      var item = event.target.closest("[data-kind]");
      if (!item) return;
      items.forEach(function (e) { e.setAttribute("tabindex", e === item ? "0" : "-1"); });
      show(item);
    });
    box.addEventListener("focusout", function (event) {
      if (!svg.contains(event.relatedTarget)) show(pinned);
    });
    box.addEventListener("keydown", function (event) {
      var item = event.target.closest("[data-kind]"), target;
      if (!item) return;
      if (event.key === "Enter" || event.key === " ") {
        pin(item);
      } else if (event.key === "Escape") {
        unpin();
      } else if ((target = next(item, event.key))) {
        target.focus();
      } else if (!/^(Arrow|Home|End)/.test(event.key)) {
        return;
      }
      event.preventDefault();
    });
    return {reset: unpin};
  }

  /* 2. Step through the derivation: one stage at a time, its counts, #stage=slug in the address. */
  function stepper(root) {
    var stages = json(root), buttons = all(root, ".fcc-stage"), status = root.querySelector(".fcc-status");
    var panels = all(root, ".fcc-panel"), tracers = panels.map(function (panel) {
      return tracer(panel, status);
    });
    var slugs = stages.map(function (s) { return s.slug; });
    function select(i, focus, keepAddress) {
      buttons.forEach(function (b, k) {
        b.setAttribute("aria-checked", k === i ? "true" : "false");
        b.tabIndex = k === i ? 0 : -1;
      });
      panels.forEach(function (p, k) { p.hidden = k !== i; });
      tracers.forEach(function (t) { t.reset(); });
      ["wires", "weights", "reduction"].forEach(function (key) {
        root.querySelector('[data-count="' + key + '"]').textContent = stages[i][key + "_text"];
      });
      root.dataset.stage = slugs[i];
      if (focus) buttons[i].focus();
      if (!keepAddress && history.replaceState) history.replaceState(null, "", "#stage=" + slugs[i]);
    }
    function fromAddress() {
      var match = /^#stage=([\w-]+)$/.exec(location.hash), i = match ? slugs.indexOf(match[1]) : -1;
      if (i >= 0) select(i, false, true);
      return i >= 0;
    }
    buttons.forEach(function (b, k) { b.addEventListener("click", function () { select(k, false); }); });
    root.querySelector(".fcc-stages").addEventListener("keydown", function (event) {
      var i = buttons.indexOf(document.activeElement), last = buttons.length - 1;
      var to = {ArrowRight: i + 1, ArrowDown: i + 1, ArrowLeft: i - 1, ArrowUp: i - 1, Home: 0, End: last}[event.key];
      if (to === undefined || i < 0) return;
      event.preventDefault();
      select((to + buttons.length) % buttons.length, true);
    });
    window.addEventListener("hashchange", fromAddress);
    root.dataset.stage = slugs[0];
    if (fromAddress()) {
      // Once math above it is typeset, the section has moved: scroll to it again.
      var scroll = function () { root.scrollIntoView(); };
      scroll();
      window.addEventListener("load", function () {
        var math = window.MathJax && window.MathJax.startup && window.MathJax.startup.promise;
        (math || Promise.resolve()).then(scroll);
      });
    }
  }

  /* 3. Watch the kernel slide: one window per step, its neuron lit, its output added to the map. */
  function slide(root) {
    var steps = json(root).steps, svg = root.querySelector("svg"), status = root.querySelector(".fcc-status");
    var play = root.querySelector('[data-action="play"]'), light = lighter(svg), timer = null, current = 0;
    var parts = all(svg, ".fcc-step"), outputs = all(svg, ".fcc-output"), items = all(svg, "[data-kind]");
    function show(k) {
      current = (k + steps.length) % steps.length;
      var step = steps[current];
      parts.forEach(function (e) { e.classList.toggle("fcc-current", +e.dataset.step === current); });
      outputs.forEach(function (e) { e.classList.toggle("fcc-done", +e.dataset.step <= current); });
      light(items.filter(function (e) {
        return +e.dataset.neuron === step.neuron ||
          (e.dataset.kind === "pixel" && step.pixels.indexOf(+e.dataset.pixel) >= 0);
      }));
      status.textContent = step.text;
      root.dataset.step = current;
    }
    function run(on) {
      clearInterval(timer);
      timer = on ? setInterval(function () { show(current + 1); }, 1500) : null;
      play.textContent = on ? "\u275a\u275a Pause" : "\u25b6 Play";
      status.setAttribute("aria-live", on ? "off" : "polite");
    }
    root.querySelector(".fcc-controls").addEventListener("click", function (event) {
      var action = event.target.closest("button") && event.target.closest("button").dataset.action;
      if (action === "play") run(!timer);
      if (action === "prev" || action === "next") { run(false); show(current + (action === "next" ? 1 : -1)); }
    });
    show(0);
  }

  /* 4. Your own sizes: each stage's wires and weights, or why the stage cannot be built. */
  function calculator(root) {
    var form = root.querySelector("form"), messages = root.querySelector(".fcc-messages"), inputs = {}, rows = {};
    var names = {n: "Image side n", k: "Kernel side k", neurons: "Hidden neurons", groups: "Groups"};
    all(form, "input").forEach(function (i) { inputs[i.name] = i; });
    all(root, "tbody tr").forEach(function (r) { rows[r.dataset.stage] = r; });
    function divisors(h) {
      var found = [];
      for (var d = 1; d <= h && found.length < 12; d++) if (h % d === 0) found.push(d);
      return found.join(", ") + (found[found.length - 1] < h ? ", \u2026, " + h : "");
    }
    function say(text, neurons) {
      var li = document.createElement("li");
      li.textContent = text;
      if (neurons) {
        var fix = document.createElement("button");
        fix.type = "button";
        fix.dataset.neurons = neurons;
        fix.textContent = "use " + count(neurons) + " neurons";
        li.append(" ", fix);
      }
      messages.appendChild(li);
    }
    function update() {
      var v = {}, counts = {}, ok = true;
      messages.textContent = "";
      Object.keys(names).forEach(function (name) {
        var text = inputs[name].value.trim(), max = +inputs[name].max;
        var valid = /^\d+$/.test(text) && +text >= 1 && +text <= max;
        inputs[name].setAttribute("aria-invalid", valid ? "false" : "true");
        if (valid) v[name] = +text;
        else { ok = false; say(names[name] + ": enter a whole number from 1 to " + count(max) + "."); }
      });
      if (ok) {
        var n = v.n, k = v.k, h = v.neurons, g = v.groups, pixels = n * n, positions = (n - k + 1) * (n - k + 1);
        counts["fully-connected"] = [pixels * h, pixels * h];
        if (h % g === 0) counts.grouped = [pixels * h, g * pixels];
        else say(count(h) + " neurons cannot be split into " + count(g) + " equal groups: the number of groups " +
                 "must divide the number of neurons (" + divisors(h) + ").");
        if (k > n) {
          say("A " + k + "\u00d7" + k + " kernel does not fit on a " + n + "\u00d7" + n +
              " image: the kernel can be at most as large as the image.");
        } else if (h === g * positions) {
          counts["locally-connected"] = [h * k * k, h * k * k];
          counts.convolutional = [h * k * k, g * k * k];
        } else {
          say("A " + k + "\u00d7" + k + " kernel fits on a " + n + "\u00d7" + n + " image in " +
              plural(positions, "position") + ", and each group needs one neuron per position: " +
              plural(g, "group") + " need " + count(g * positions) + " neurons, not " + count(h) + ".",
              g * positions <= +inputs.neurons.max && g * positions);
        }
      }
      Object.keys(rows).forEach(function (slug) {
        var c = counts[slug], row = rows[slug], fc = counts["fully-connected"];
        row.classList.toggle("fcc-impossible", !c);
        row.querySelector('[data-count="wires"]').textContent = c ? count(c[0]) : "\u2014";
        row.querySelector('[data-count="weights"]').textContent = c ? count(c[1]) : "\u2014";
        row.querySelector('[data-count="reduction"]').textContent = c ? percent(1 - c[1] / fc[1]) : "\u2014";
      });
    }
    form.addEventListener("input", update);
    form.addEventListener("submit", function (event) { event.preventDefault(); });
    messages.addEventListener("click", function (event) {
      var fix = event.target.closest("button[data-neurons]");
      if (!fix) return;
      inputs.neurons.value = fix.dataset.neurons;
      update();
      inputs.neurons.focus();
    });
    update();
  }

  function start() {
    all(document, ".fcc-stepper").forEach(stepper);
    all(document, ".fcc-trace .fcc-net").forEach(function (box) { tracer(box, box.querySelector(".fcc-status")); });
    all(document, ".fcc-slide").forEach(slide);
    all(document, ".fcc-calc").forEach(calculator);
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
