/* The book's interactive figures. Their SVG and data are made by fc_to_conv.interactive while the
   book builds; this script only reads the markup: data-weight, data-pixel, data-neuron, data-step,
   and the JSON in each widget's <script type="application/json">. No framework, no kernel. */
(function () {
  "use strict";

  function all(root, selector) { return Array.prototype.slice.call(root.querySelectorAll(selector)); }
  function json(root) { return JSON.parse(root.querySelector("script.fcc-data").textContent); }
  function plural(n, word) { return count(n) + " " + word + (String(n) === "1" ? "" : "s"); }
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

  /* 4. A real layer: each stage's wires, weights, biases, parameters and multiply-accumulates, counted exactly
     with BigInt by the closed forms of fc_to_conv.real_layers.derivation_counts, in the order of the stage cards
     (the stages of fc_to_conv.stages); with channel groups, every stage but the fully connected one is that many
     layers of one group side by side (fc_to_conv.interactive.grouped_stage_counts). Counts from 2^53 on are not
     shown: beyond it, numbers on a page stop being exact. */
  var LIMIT = BigInt(Number.MAX_SAFE_INTEGER) + 1n;
  var LIMIT_WORDS = "2\u2075\u00b3 (about 9 \u00d7 10\u00b9\u2075)";
  function calculator(root) {
    var form = root.querySelector("form"), messages = root.querySelector(".fcc-messages");
    var neurons = root.querySelector(".fcc-neurons"), inputs = {}, cards = all(root, ".fcc-card");
    var summary = {};
    all(root, "[data-summary]").forEach(function (dd) { summary[dd.dataset.summary] = dd; });
    all(form, "input").forEach(function (i) { inputs[i.name] = i; });
    function label(name) { return inputs[name].closest("label").querySelector("span").textContent; }
    function say(text) {
      var li = document.createElement("li");
      li.textContent = text;
      messages.appendChild(li);
    }
    function shown(x) { return x !== null && x < LIMIT ? count(x) : "\u2014"; }
    /* Per axis: the (output position, kernel offset) pairs on a pixel (h), and the offsets that ever are (t). */
    function axis(n, k, s, p, m) {
      var h = 0, t = 0;
      for (var a = 0; a < k; a++) {
        var first = Math.max(0, Math.ceil((p - a) / s)), last = Math.min(m - 1, Math.floor((n - 1 + p - a) / s));
        if (last >= first) { h += last - first + 1; t += 1; }
      }
      return {h: BigInt(h), t: BigInt(t)};
    }
    /* The pixels the stride leaves unread at the end of each row and column, said in words. */
    function strideWords(s, span, left, p) {
      var lost = Math.max(0, left - p), start = "Stride " + count(s) + " does not divide the " + plural(span, "pixel") +
        " the kernel can move, so ";
      if (lost) return start + "the last " + (lost === 1 ? "pixel" : count(lost) + " pixels") + " of each row and " +
        "column of the image " + (lost === 1 ? "is" : "are") + " not read, as deep-learning libraries do.";
      return start + "the last " + (left === 1 ? "zero" : count(left) + " zeros") + " of padding at the end of each " +
        "row and column " + (left === 1 ? "is" : "are") + " not read; every pixel of the image is.";
    }
    function layer(v) {
      var n = v.side, k = v.kernel, s = v.stride, p = v.padding, g = v.groups, span = n + 2 * p - k;
      var cin = BigInt(v.in_channels), cout = BigInt(v.out_channels), groups = BigInt(g);
      if (span < 0) {
        say("A " + count(k) + "\u00d7" + count(k) + " kernel does not fit on a " + count(n) + "\u00d7" + count(n) +
            " image with padding " + count(p) + ": the kernel side can be at most " + count(n + 2 * p) + ".");
        return null;
      }
      if (cin % groups || cout % groups) {
        say(plural(g, "channel group") + " must divide both the " + count(cin) + " input and the " + count(cout) +
            " output channels.");
        return null;
      }
      var cinG = cin / groups, m = Math.floor(span / s) + 1, mm = BigInt(m) * BigInt(m), kk = BigInt(k) * BigInt(k);
      var result = {side: m};
      if (kk * cinG * cout >= LIMIT) {
        say("The kernels hold " + LIMIT_WORDS + " weights or more: too many to count exactly on a web page.");
        return result;
      }
      var left = span % s;
      if (left) say(strideWords(s, span, left, p));
      var inputs = cin * BigInt(n) * BigInt(n), outputs = cout * mm, a = axis(n, k, s, p, m);
      var wires = cout * cinG * a.h * a.h, weights = cout * cinG * a.t * a.t;
      if (a.t < BigInt(k)) say("Some kernel cells meet only padding: a framework such as Keras stores " +
                               count(cout * cinG * kk) + " weights, of which " + count(weights) +
                               " can change an output.");
      neurons.textContent = plural(mm, "position") + " of the kernel, so " + plural(outputs, "neuron") + ": " +
        plural(cout, "output channel") + " (" + (cout === 1n ? "group" : "groups") + ") of " + count(mm) + ".";
      result.stages = [[inputs * outputs, inputs * outputs, outputs], [outputs * cinG * BigInt(n) * BigInt(n),
              cout * cinG * BigInt(n) * BigInt(n), cout], [wires, wires, outputs], [wires, weights, cout]].map(function (c) {
        var values = [c[0], c[1], c[2], c[1] + c[2], c[0]];
        return values.every(function (x) { return x < LIMIT; }) ? values : null;
      });
      result.parameters = weights + cout;
      result.macs = wires;
      result.padded = outputs * cinG * kk;
      return result;
    }
    function update() {
      var v = {}, ok = true, result = null;
      messages.textContent = "";
      neurons.textContent = "";
      Object.keys(inputs).forEach(function (name) {
        var text = inputs[name].value.trim(), min = +inputs[name].dataset.min;
        var valid = /^\d+$/.test(text) && +text >= min && +text <= Number.MAX_SAFE_INTEGER;
        inputs[name].setAttribute("aria-invalid", valid ? "false" : "true");
        if (valid) v[name] = +text;
        else { ok = false; say(label(name) + ": enter a whole number from " + min + " to " + count(Number.MAX_SAFE_INTEGER) + "."); }
      });
      if (ok) result = layer(v);
      var stages = result && result.stages, tooLarge = false;
      cards.forEach(function (card, index) {
        var c = stages && stages[index];
        if (stages && !c) tooLarge = true;
        card.classList.toggle("fcc-impossible", !c);
        all(card, "dd").forEach(function (dd, column) { dd.textContent = c ? count(c[column]) : "\u2014"; });
      });
      summary.out_side.textContent = result ? count(result.side) : "\u2014";
      [["parameters", "parameters"], ["macs", "macs"], ["padded_macs", "padded"]].forEach(function (pair) {
        var value = stages ? result[pair[1]] : null;
        if (value !== null && value >= LIMIT) tooLarge = true;
        summary[pair[0]].textContent = shown(value);
      });
      if (tooLarge) say("A dash: that count reaches " + LIMIT_WORDS + " or more, too many to count exactly on a web page.");
    }
    all(root, ".fcc-presets button").forEach(function (button) {
      button.addEventListener("click", function () {
        var sizes = JSON.parse(button.dataset.sizes);
        Object.keys(sizes).forEach(function (name) { inputs[name].value = String(sizes[name]); });
        update();
      });
    });
    form.addEventListener("input", update);
    form.addEventListener("submit", function (event) { event.preventDefault(); });
    update();
  }

  // A figure or table wider than its scrolling box (a phone's screen) gets a hint above it, shown while
  // the box is narrower than what it holds: its size changes with the window, and when a hidden stage is shown.
  var SWIPE = "Wider than the screen: swipe sideways to see all of it.";
  function swipeHint(box) {
    var hint = document.createElement("p");
    hint.className = "fcc-help fcc-swipe";
    hint.textContent = SWIPE;
    box.parentNode.insertBefore(hint, box);
    function update() { hint.hidden = box.scrollWidth <= box.clientWidth + 1; }
    update();
    if (window.ResizeObserver) new ResizeObserver(update).observe(box);
  }

  function start() {
    all(document, ".fcc-scroll, .bd-article .pst-scrollable-table-container").forEach(swipeHint);
    all(document, ".fcc-stepper").forEach(stepper);
    all(document, ".fcc-trace .fcc-net").forEach(function (box) { tracer(box, box.querySelector(".fcc-status")); });
    all(document, ".fcc-slide").forEach(slide);
    all(document, ".fcc-calc").forEach(calculator);
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
