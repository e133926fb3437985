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
      if (!item) return;
      pin(item);
      if (pinned) return;
      // A second click or tap on the pinned wire clears it: the click also focused the wire, and a
      // focused wire stays lit, so it lets go of the focus too.
      if (svg.contains(document.activeElement)) document.activeElement.blur();
      show(null);
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
    // Two drawings: the image with the output map (the steps' parts), and the group's network (its nodes and wires).
    var steps = json(root).steps, status = root.querySelector(".fcc-status"), svgs = all(root, "svg");
    var network = svgs.filter(function (svg) { return svg.querySelector("[data-kind]"); })[0];
    var play = root.querySelector('[data-action="play"]'), light = lighter(network), timer = null, current = 0;
    var parts = all(root, ".fcc-step"), outputs = all(root, ".fcc-output"), items = all(network, "[data-kind]");
    function show(k) {
      var wrapped = k >= steps.length ? "Back to the first step. " : k < 0 ? "Back to the last step. " : "";
      current = (k + steps.length) % steps.length;
      var step = steps[current];
      parts.forEach(function (e) { e.classList.toggle("fcc-current", +e.dataset.step === current); });
      outputs.forEach(function (e) { e.classList.toggle("fcc-done", +e.dataset.step <= current); });
      light(items.filter(function (e) {
        return +e.dataset.neuron === step.neuron ||
          (e.dataset.kind === "pixel" && step.pixels.indexOf(+e.dataset.pixel) >= 0);
      }));
      status.textContent = wrapped + step.text;
      root.dataset.step = current;
    }
    // Play runs to the last step and stops there; from the last step it starts again at the first.
    function run(on) {
      clearInterval(timer);
      if (on && current === steps.length - 1) show(current + 1);
      timer = on ? setInterval(function () {
        show(current + 1);
        if (current === steps.length - 1) run(false);
      }, 1500) : null;
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
     shown: beyond it, numbers on a page stop being exact. layerCounts is shared by the calculator and the
     self-check questions (5). */
  var LIMIT = BigInt(Number.MAX_SAFE_INTEGER) + 1n;
  var LIMIT_WORDS = "2\u2075\u00b3 (about 9 \u00d7 10\u00b9\u2075)";
  /* Per axis: the (output position, kernel offset) pairs on a pixel (h), and the offsets that ever are (t); offset a
     of a kernel dilated d reads pixel i*s + a*d - p at output position i. */
  function axis(n, k, s, p, m, d) {
    var h = 0, t = 0;
    for (var a = 0; a < k; a++) {
      var first = Math.max(0, Math.ceil((p - a * d) / s)), last = Math.min(m - 1, Math.floor((n - 1 + p - a * d) / s));
      if (last >= first) { h += last - first + 1; t += 1; }
    }
    return {h: BigInt(h), t: BigInt(t)};
  }
  /* The pixels the stride leaves unread at the end of each row and column, said in words. */
  function strideWords(s, span, left, p) {
    var lost = Math.max(0, left - p), start = "Stride " + count(s) + " does not divide the " + plural(span, "pixel") +
      " the kernel can move, so ", end = " Deep-learning libraries do the same; the package's output_side refuses " +
      "such a stride unless it is asked to floor.";
    if (lost) return start + "the last " + (lost === 1 ? "pixel" : count(lost) + " pixels") + " of each row and " +
      "column of the image " + (lost === 1 ? "is" : "are") + " not read." + end;
    return start + "the last " + (left === 1 ? "zero" : count(left) + " zeros") + " of padding at the end of each " +
      "row and column " + (left === 1 ? "is" : "are") + " not read; every pixel of the image is." + end;
  }
  /* The sizes v (side, in_channels, kernel, out_channels, stride, padding, and groups and dilation, 1 if absent): the
     output's
     side, its positions and neurons, per stage [wires, weights, biases, parameters, multiply-accumulates] or null
     (2^53 or more), and the convolution's parameters and multiply-accumulates, without and with the padding
     products (padded). null for sizes the page refuses, after telling say why; only the side when the
     kernels hold too many weights to count. */
  function layerCounts(v, say) {
    var n = v.side, k = v.kernel, s = v.stride, p = v.padding, g = v.groups || 1, d = v.dilation || 1;
    var reach = d * (k - 1) + 1, span = n + 2 * p - reach;  // a dilated kernel spans d(k - 1) + 1 pixels
    var cin = BigInt(v.in_channels), cout = BigInt(v.out_channels), groups = BigInt(g);
    if (span < 0) {
      var spread = d > 1 ? " of dilation " + count(d) + " (a " + count(reach) + "\u00d7" + count(reach) + " window)" : "";
      say("A " + count(k) + "\u00d7" + count(k) + " kernel" + spread + " does not fit on a " + count(n) + "\u00d7" +
          count(n) + " image with padding " + count(p) + ": the kernel side can be at most " +
          count(Math.floor((n + 2 * p - 1) / d) + 1) + ".");
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
    var inputs = cin * BigInt(n) * BigInt(n), outputs = cout * mm, a = axis(n, k, s, p, m, d);
    var wires = cout * cinG * a.h * a.h, weights = cout * cinG * a.t * a.t;
    if (a.t < BigInt(k)) say("Some kernel cells meet only padding: a framework such as Keras stores " +
                             count(cout * cinG * kk) + " weights, of which " + count(weights) +
                             " can change an output.");
    result.positions = mm;
    result.neurons = outputs;
    result.out_channels = cout;
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
      if (ok) result = layerCounts(v, say);
      var stages = result && result.stages, tooLarge = false;
      if (stages) {
        neurons.textContent = plural(result.positions, "position") + " of the kernel, so " +
          plural(result.neurons, "neuron") + ": " + plural(result.out_channels, "output channel") + " (" +
          (result.out_channels === 1n ? "group" : "groups") + ") of " + count(result.positions) + ".";
      }
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

  /* 5. Check yourself: the questions of fc_to_conv.questions, graded here. A generated question draws
     its sizes from the ranges in its data and counts with layerCounts, as fc_to_conv.questions.values does
     with the calculator's counts in Python (the browser tests compare the two on many draws). Answers
     are kept in localStorage, never sent anywhere; "Forget my answers" clears them. */
  function show(value) { return typeof value === "number" ? count(value).replace("-", "\u2212") : value; }
  function factor(value) { return value < 0 ? "(" + show(value) + ")" : show(value); }
  function fill(template, values) { return template.replace(/\{(\w+)\}/g, function (m, key) { return show(values[key]); }); }
  function rows(matrix) {
    var text = matrix.map(function (row) { return "[" + row.map(show).join("\u00a0") + "]"; });
    return text.slice(0, -1).join(", ") + " and " + text[text.length - 1];
  }
  /* What fc_to_conv.questions.values gives for a draw: every value a question shows or asks. */
  function questionValues(kind, defaults, p) {
    if (kind === "output_value") {
      var terms = [], output = 0;
      for (var a = 0; a < 2; a++) {
        for (var b = 0; b < 2; b++) {
          var pixel = p.image[p.row + a][p.column + b], weight = p.kernel[a][b];
          terms.push(show(pixel) + "\u00b7" + factor(weight));
          output += pixel * weight;
        }
      }
      return {row: p.row, column: p.column, image_rows: rows(p.image), kernel_rows: rows(p.kernel), output: output,
              sum: terms.join(" + ") + " = " + show(output)};
    }
    var v = {};
    Object.keys(defaults).forEach(function (name) { v[name] = name in p ? p[name] : defaults[name]; });
    var c = layerCounts(v, function () {}), s = c.stages.map(function (stage) { return stage.map(Number); });
    var fc = s[0], grouped = s[1], local = s[2], conv = s[3];
    return {
      side: v.side, kernel: v.kernel, stride: v.stride, padding: v.padding, in_channels: v.in_channels,
      out_channels: v.out_channels, pixels: v.side * v.side, inputs: v.in_channels * v.side * v.side,
      window: v.kernel * v.kernel, per_kernel: v.kernel * v.kernel * v.in_channels,
      span: v.side + 2 * v.padding - v.kernel, out_side: c.side, positions: Number(c.positions), neurons: fc[2],
      fc_wires: fc[0], fc_weights: fc[1], fc_biases: fc[2], fc_parameters: fc[3],
      grouped_weights: grouped[1], local_wires: local[0],
      conv_weights: conv[1], conv_biases: conv[2], conv_parameters: conv[3], conv_macs: conv[4],
      shift: p.shift || 0, kept: c.side - (p.shift || 0)
    };
  }
  function canonical(params) { return JSON.stringify(params, Object.keys(params).sort()); }
  function bound(p, value) { return typeof value === "string" ? p[value] : value; }
  /* Whether a draw (one kept in localStorage, say) is one the question can draw: every size in its range. */
  function drawable(data, p) {
    function whole(v, low, high) { return Number.isInteger(v) && v >= low && v <= high; }
    return !!p && data.ranges.every(function (r) { return whole(p[r[0]], bound(p, r[1]), bound(p, r[2])); }) &&
      data.matrices.every(function (m) {
        return Array.isArray(p[m[0]]) && p[m[0]].length === m[1] && p[m[0]].every(function (row) {
          return Array.isArray(row) && row.length === m[1] && row.every(function (v) { return whole(v, m[2], m[3]); });
        });
      });
  }
  function randint(low, high) { return low + Math.floor(Math.random() * (high - low + 1)); }
  function drawQuestion(data) {
    var p = {};
    data.ranges.forEach(function (r) {
      p[r[0]] = randint(bound(p, r[1]), bound(p, r[2]));
    });
    data.matrices.forEach(function (m) {
      p[m[0]] = [];
      for (var i = 0; i < m[1]; i++) {
        p[m[0]].push([]);
        for (var j = 0; j < m[1]; j++) p[m[0]][i].push(randint(m[2], m[3]));
      }
    });
    return p;
  }
  var store = (function () {
    try { localStorage.setItem("fc-to-conv:test", "1"); localStorage.removeItem("fc-to-conv:test"); return localStorage; }
    catch (e) { return null; }  // storage switched off: the page still grades, it only forgets
  })();
  function remember(key, value) {
    try { if (store) { if (value === null) store.removeItem(key); else store.setItem(key, JSON.stringify(value)); } }
    catch (e) { /* full: nothing kept */ }
  }
  function recall(key) {
    try { return store ? JSON.parse(store.getItem(key)) : null; } catch (e) { return null; }
  }
  function graded(item, feedback, right, text) {
    item.dataset.result = right === null ? "invalid" : right ? "right" : "wrong";
    feedback.textContent = text;
  }
  function generated(item, key) {
    var data = json(item), form = item.querySelector("form"), input = item.querySelector("input");
    var prompt = item.querySelector(".fcc-prompt"), feedback = item.querySelector(".fcc-feedback");
    var worked = item.querySelector(".fcc-worked"), params = null, values = null;
    function pose(p) {
      var found = questionValues(data.kind, data.defaults, p);
      params = p;
      values = found;
      item.dataset.params = JSON.stringify(p);
      prompt.textContent = fill(data.prompt, found);
      worked.querySelector(".fcc-worked-text").textContent = fill(data.worked, found);
      worked.querySelector(".fcc-answer-value").textContent = show(found[data.answer]);
      worked.open = false;
      input.value = "";
      feedback.textContent = "";
      delete item.dataset.result;
    }
    function grade() {
      var text = input.value.replace(/[\s,]/g, "").replace(/\u2212/g, "-");
      var typed = /^-?\d+$/.test(text) ? +text : null, right = typed === null ? null : typed === values[data.answer];
      graded(item, feedback, right, typed === null ? "Type a whole number, such as 12." : right
        ? "Right: " + show(typed) + "."
        : "Not " + show(typed) + ". Try again, or open the worked answer.");
      remember(key, {kind: data.kind, params: params, answer: input.value});
    }
    form.addEventListener("submit", function (event) { event.preventDefault(); grade(); });
    item.querySelector('[data-action="new"]').addEventListener("click", function () {
      var p = drawQuestion(data), before = canonical(params);
      for (var tries = 0; canonical(p) === before && tries < 20; tries++) p = drawQuestion(data);
      pose(p);
      feedback.textContent = "New question: " + prompt.textContent;
      remember(key, {kind: data.kind, params: params, answer: ""});
    });
    var saved = recall(key), kept = saved && saved.kind === data.kind && drawable(data, saved.params);
    pose(kept ? saved.params : data.params);  // a draw kept by an older edition of the page is not posed
    if (kept && typeof saved.answer === "string" && saved.answer) { input.value = saved.answer; grade(); }
    return function () { pose(data.params); };
  }
  function choices(item, key) {
    var data = json(item), radios = all(item, 'input[type="radio"]'), feedback = item.querySelector(".fcc-feedback");
    function grade() {
      var chosen = radios.filter(function (r) { return r.checked; })[0], choice = chosen && data.choices[+chosen.value];
      radios.forEach(function (r) { r.parentNode.classList.remove("fcc-right", "fcc-wrong"); });
      if (!choice) { graded(item, feedback, null, "Choose an answer first."); return; }
      chosen.parentNode.classList.add(choice.right ? "fcc-right" : "fcc-wrong");
      graded(item, feedback, choice.right, (choice.right ? "Right. " : "Not this one. ") + choice.why);
      remember(key, {choice: +chosen.value});
    }
    item.querySelector("form").addEventListener("submit", function (event) { event.preventDefault(); grade(); });
    var saved = recall(key), kept = saved && radios.filter(function (r) { return +r.value === saved.choice; })[0];
    if (kept) { kept.checked = true; grade(); }
    return function () {
      radios.forEach(function (r) { r.checked = false; r.parentNode.classList.remove("fcc-right", "fcc-wrong"); });
      feedback.textContent = "";
      delete item.dataset.result;
    };
  }
  function quiz(root) {
    var prefix = root.dataset.storage, status = root.querySelector(".fcc-forgotten");
    var resets = all(root, ".fcc-question").map(function (item) {
      var key = prefix + item.id;
      var reset = (item.classList.contains("fcc-generated") ? generated : choices)(item, key);
      return function () { remember(key, null); reset(); };
    });
    root.querySelector('[data-action="forget"]').addEventListener("click", function () {
      resets.forEach(function (reset) { reset(); });
      status.textContent = "Your answers on this page are forgotten.";
    });
  }

  // A figure, table or displayed formula wider than its scrolling box (a phone's screen) gets a hint above
  // it, shown while the box is narrower than what it holds: its size changes with the window, and when a
  // hidden stage is shown. A formula's box is its <math>, and the hint goes above the formula's block.
  var SWIPE = window.matchMedia && window.matchMedia("(pointer: coarse)").matches
    ? "Wider than the screen: swipe sideways to see all of it."
    : "Wider than the column: scroll sideways to see all of it.";
  function swipeHint(box) {
    var hint = document.createElement("p"), above = box.tagName.toLowerCase() === "math" ? box.parentNode : box;
    hint.className = "fcc-help fcc-swipe";
    hint.textContent = SWIPE;
    above.parentNode.insertBefore(hint, above);
    function update() { hint.hidden = box.scrollWidth <= box.clientWidth + 1; }
    update();
    if (window.ResizeObserver) new ResizeObserver(update).observe(box);
  }

  // A figure drawn for a desktop column and shown in a phone's: its smallest text, 10 pt (13.3 px at its
  // drawn size, the img's width attribute), is under 10 px once the figure is shown at less than three
  // quarters of that size. The figure is a link to its own file (fc_to_conv.sphinxext.a11y): a line
  // under it, shown while it is that small, says that a tap opens it full size.
  var LEGIBLE = 0.75, TAP = "Small on this screen: tap the figure to open it full size.";
  function tapHint(img) {
    var link = img.closest("a[href]"), hint = document.createElement("p");
    hint.className = "fcc-help fcc-tap";
    hint.textContent = TAP;
    link.parentNode.insertBefore(hint, link.nextSibling);
    function update() { hint.hidden = !img.clientWidth || img.clientWidth >= LEGIBLE * img.getAttribute("width"); }
    update();
    if (window.ResizeObserver) new ResizeObserver(update).observe(img);
  }

  function start() {
    all(document, ".fcc-scroll, .bd-article .pst-scrollable-table-container, .bd-article div.math > math").forEach(swipeHint);
    all(document, ".bd-article a[href] > img[width]").forEach(tapHint);
    all(document, ".fcc-stepper").forEach(stepper);
    all(document, ".fcc-trace .fcc-net").forEach(function (box) { tracer(box, box.querySelector(".fcc-status")); });
    all(document, ".fcc-slide").forEach(slide);
    all(document, ".fcc-calc").forEach(calculator);
    all(document, ".fcc-quiz").forEach(quiz);
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
