/*
 * A small renderer of LINE messages (text, Flex, image, sticker, template) into DOM elements, faithful enough to read:
 * boxes (vertical / horizontal / baseline), text and spans with size / weight / color / align, images, buttons,
 * separators, fillers, bubbles and carousels. Actions are handed to onAction(action); nothing here talks to a server.
 */
(function () {
  'use strict';

  var SIZES = { xxs: 11, xs: 13, sm: 14, md: 16, lg: 19, xl: 22, xxl: 29, '3xl': 35, '4xl': 48, '5xl': 74 };
  var SPACES = { none: 0, xs: 2, sm: 4, md: 8, lg: 12, xl: 16, xxl: 20 };
  var IMAGE_SIZES = { xxs: 40, xs: 60, sm: 80, md: 100, lg: 120, xl: 140, xxl: 160, '3xl': 180, '4xl': 200, '5xl': 220, full: null };
  var BUBBLE_WIDTHS = { nano: 120, micro: 160, deca: 220, hecto: 241, kilo: 260, mega: 300, giga: 386 };

  function el(tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) { e.className = cls; }
    if (text !== undefined && text !== null) { e.textContent = String(text); }
    return e;
  }

  function px(value, table) {
    if (value === undefined || value === null) { return null; }
    if (table && Object.prototype.hasOwnProperty.call(table, value)) { return table[value] + 'px'; }
    if (/^\d+(\.\d+)?(px|%)$/.test(String(value))) { return String(value); }
    return null;
  }

  function safeUrl(url) {
    return /^(https?:|data:image\/)/i.test(String(url || '')) ? String(url) : '';
  }

  function padding(node, c) {
    var all = px(c.paddingAll, SPACES);
    if (all) { node.style.padding = all; }
    ['Top', 'Bottom', 'Start', 'End'].forEach(function (side) {
      var v = px(c['padding' + side], SPACES);
      if (v) { node.style['padding' + (side === 'Start' ? 'Left' : side === 'End' ? 'Right' : side)] = v; }
    });
  }

  function common(node, c, parentLayout, first, spacing) {
    var horizontal = parentLayout === 'horizontal' || parentLayout === 'baseline';
    var flex = c.flex !== undefined ? c.flex : (horizontal ? 1 : 0);
    node.style.flex = flex + ' ' + (flex === 0 ? 0 : 1) + ' ' + (flex === 0 ? 'auto' : '0');
    if (horizontal && flex !== 0) { node.style.minWidth = '0'; }
    var gap = !first ? (px(c.margin, SPACES) || spacing) : null;
    if (gap) { node.style[horizontal ? 'marginLeft' : 'marginTop'] = gap; }
    if (c.position === 'absolute') { node.style.position = 'absolute'; }
    ['offsetTop', 'offsetBottom', 'offsetStart', 'offsetEnd'].forEach(function (k) {
      var v = px(c[k], SPACES);
      if (v) { node.style[{ offsetTop: 'top', offsetBottom: 'bottom', offsetStart: 'left', offsetEnd: 'right' }[k]] = v; }
    });
    if (c.gravity) { node.style.alignSelf = { top: 'flex-start', center: 'center', bottom: 'flex-end' }[c.gravity] || ''; }
  }

  function textStyle(node, c) {
    var size = px(c.size, SIZES);
    if (size) { node.style.fontSize = size; }
    if (c.weight === 'bold') { node.style.fontWeight = 'bold'; }
    if (c.color) { node.style.color = c.color; }
    if (c.style === 'italic') { node.style.fontStyle = 'italic'; }
    if (c.decoration === 'underline') { node.style.textDecoration = 'underline'; }
    if (c.decoration === 'line-through') { node.style.textDecoration = 'line-through'; }
  }

  function component(c, ctx, parentLayout, first, spacing) {
    var node;
    switch (c.type) {
      case 'box': node = box(c, ctx); break;
      case 'text': node = text(c); break;
      case 'span': node = el('span', 'fx-span', c.text); textStyle(node, c); return node;
      case 'image': node = image(c); break;
      case 'icon': node = el('img', 'fx-icon'); node.src = safeUrl(c.url); node.alt = ''; break;
      case 'button': node = button(c, ctx); break;
      case 'separator':
        node = el('hr', 'fx-separator');
        if (c.color) { node.style.borderColor = c.color; }
        node.style.flex = '0 0 auto';
        var m = px(c.margin, SPACES);
        if (m && !first) { node.style[parentLayout === 'vertical' ? 'marginTop' : 'marginLeft'] = m; }
        if (parentLayout !== 'vertical') { node.classList.add('fx-separator-v'); }
        return node;
      case 'filler': node = el('div', 'fx-filler'); node.style.flex = (c.flex !== undefined ? c.flex : 1) + ' 1 0'; return node;
      case 'spacer': node = el('div', 'fx-spacer'); node.style.height = px(c.size, SPACES) || '8px'; return node;
      case 'video': node = el('div', 'fx-unknown', '🎬 video'); break;
      default: node = el('div', 'fx-unknown', '[' + c.type + ']');
    }
    common(node, c, parentLayout, first, spacing);
    if (c.action && c.type !== 'button') {
      node.classList.add('fx-tappable');
      node.addEventListener('click', function () { ctx.onAction(c.action); });
    }
    return node;
  }

  function box(c, ctx) {
    var layout = c.layout || 'vertical';
    var node = el('div', 'fx-box fx-' + layout);
    if (c.backgroundColor) { node.style.backgroundColor = c.backgroundColor; }
    if (c.borderColor) { node.style.borderColor = c.borderColor; node.style.borderStyle = 'solid'; }
    var bw = { none: 0, light: 0.5, normal: 1, medium: 2, semibold: 3, bold: 4 }[c.borderWidth];
    if (bw !== undefined) { node.style.borderWidth = bw + 'px'; node.style.borderStyle = 'solid'; }
    var radius = px(c.cornerRadius, SPACES);
    if (radius) { node.style.borderRadius = radius; }
    if (c.width) { node.style.width = c.width; }
    if (c.height) { node.style.height = c.height; }
    if (c.justifyContent) { node.style.justifyContent = c.justifyContent.replace('space-', 'space-'); }
    if (c.alignItems) { node.style.alignItems = c.alignItems; }
    padding(node, c);
    var spacing = px(c.spacing, SPACES);
    (c.contents || []).forEach(function (child, i) {
      node.appendChild(component(child, ctx, layout, i === 0, spacing));
    });
    return node;
  }

  function text(c) {
    var node = el('div', 'fx-text');
    if (c.contents && c.contents.length) {
      c.contents.forEach(function (s) { node.appendChild(component(s, null, 'baseline', true, null)); });
    } else {
      node.textContent = c.text || '';
    }
    textStyle(node, c);
    if (c.align) { node.style.textAlign = { start: 'left', end: 'right', center: 'center' }[c.align] || ''; }
    node.style.whiteSpace = c.wrap ? 'pre-wrap' : 'nowrap';
    if (!c.wrap) { node.style.overflow = 'hidden'; node.style.textOverflow = 'ellipsis'; }
    if (c.maxLines) { node.style.webkitLineClamp = String(c.maxLines); }
    return node;
  }

  function image(c) {
    var wrap = el('div', 'fx-image');
    var img = el('img');
    img.src = safeUrl(c.url);
    img.alt = c.altText || '';
    img.loading = 'lazy';
    var size = c.size === 'full' ? null : (px(c.size, IMAGE_SIZES) || '100px');
    if (size) { img.style.maxWidth = size; } else { img.style.width = '100%'; }
    if (c.aspectRatio && /^\d+(\.\d+)?:\d+(\.\d+)?$/.test(c.aspectRatio)) {
      var parts = c.aspectRatio.split(':');
      img.style.aspectRatio = parts[0] + ' / ' + parts[1];
      img.style.objectFit = c.aspectMode === 'cover' ? 'cover' : 'contain';
      if (!size) { img.style.width = '100%'; }
    }
    if (c.backgroundColor) { img.style.backgroundColor = c.backgroundColor; }
    img.onerror = function () { wrap.classList.add('fx-image-missing'); wrap.setAttribute('data-alt', '🖼 ' + (c.altText || 'image')); };
    wrap.style.textAlign = { start: 'left', end: 'right', center: 'center' }[c.align || 'center'];
    wrap.appendChild(img);
    return wrap;
  }

  function button(c, ctx) {
    var style = c.style || 'link';
    var node = el('button', 'fx-button fx-button-' + style, (c.action && c.action.label) || '');
    node.type = 'button';
    if (c.color) {
      if (style === 'link') { node.style.color = c.color; } else { node.style.backgroundColor = c.color; }
    }
    if (c.height === 'sm') { node.classList.add('fx-button-sm'); }
    node.addEventListener('click', function () { if (c.action) { ctx.onAction(c.action); } });
    return node;
  }

  function bubble(b, ctx) {
    var node = el('div', 'fx-bubble');
    var width = BUBBLE_WIDTHS[b.size || 'mega'];
    if (width) { node.style.maxWidth = width + 'px'; }
    if (b.direction === 'rtl') { node.dir = 'rtl'; }
    var styles = b.styles || {};
    ['header', 'hero', 'body', 'footer'].forEach(function (part) {
      var block = b[part];
      if (!block) { return; }
      var section = el('div', 'fx-part fx-' + part);
      var st = styles[part] || {};
      if (st.backgroundColor) { section.style.backgroundColor = st.backgroundColor; }
      if (st.separator) { section.classList.add('fx-part-separator'); }
      var child = block.type === 'box' ? box(block, ctx) : component(block, ctx, 'vertical', true, null);
      if (block.type === 'box' && !block.paddingAll && part !== 'hero') { child.classList.add('fx-default-pad'); }
      section.appendChild(child);
      node.appendChild(section);
    });
    if (b.action) {
      node.classList.add('fx-tappable');
      node.addEventListener('click', function () { ctx.onAction(b.action); });
    }
    return node;
  }

  function flexContainer(contents, ctx) {
    if (contents.type === 'carousel') {
      var car = el('div', 'fx-carousel');
      (contents.contents || []).forEach(function (b) { car.appendChild(bubble(b, ctx)); });
      return car;
    }
    return bubble(contents, ctx);
  }

  function template(t, ctx) {
    var node = el('div', 'fx-bubble fx-template');
    var body = el('div', 'fx-part fx-body fx-default-pad');
    if (t.title) { body.appendChild(el('div', 'fx-text fx-template-title', t.title)); }
    body.appendChild(el('div', 'fx-text', t.text || ''));
    (t.actions || []).forEach(function (a) {
      var b = el('button', 'fx-button fx-button-link', a.label || '');
      b.type = 'button';
      b.addEventListener('click', function () { ctx.onAction(a); });
      body.appendChild(b);
    });
    node.appendChild(body);
    return node;
  }

  /** A LINE message object as a DOM element; onAction(action) is called when a button or tappable area is used. */
  function renderMessage(message, onAction) {
    var ctx = { onAction: onAction || function () {} };
    if (!message || typeof message !== 'object') { return el('div', 'msg-text', String(message)); }
    switch (message.type) {
      case 'text': return el('div', 'msg-text', message.text);
      case 'flex':
        var wrap = el('div', 'msg-flex');
        wrap.setAttribute('data-alt-text', message.altText || '');
        wrap.appendChild(flexContainer(message.contents || {}, ctx));
        return wrap;
      case 'image':
        var img = el('img', 'msg-image');
        img.src = safeUrl(message.previewImageUrl || message.originalContentUrl);
        img.alt = 'image';
        return img;
      case 'sticker': return el('div', 'msg-sticker', '🧸 sticker ' + (message.packageId || '') + '/' + (message.stickerId || ''));
      case 'template': return template(message.template || {}, ctx);
      default: return el('div', 'msg-text', '[' + message.type + '] ' + (message.altText || message.text || ''));
    }
  }

  window.SanphalangFlex = { renderMessage: renderMessage };
}());
