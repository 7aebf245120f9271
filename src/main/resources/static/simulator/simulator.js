/*
 * The simulator page: chats on the left, the open chat on the right. Everything a person does is posted to
 * /simulator/api/..., which turns it into a signed LINE webhook event for the bot; the bot's answers (and every
 * other change) come back on the /simulator/api/stream event stream.
 */
(function () {
  'use strict';

  var $ = function (id) { return document.getElementById(id); };
  var state = { people: {}, groups: {}, order: [], entries: [], seen: {}, current: null, speaker: {}, unread: {} };

  function api(method, path, body) {
    return fetch('/simulator/api/' + path, {
      method: method,
      headers: { 'Content-Type': 'application/json', 'Accept': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body)
    }).then(function (r) {
      return r.text().then(function (t) {
        var data = null;
        try { data = t ? JSON.parse(t) : null; } catch (e) { data = { message: t }; }
        if (!r.ok) { status('⚠ ' + r.status + ' ' + ((data && (data.message || data.webhookAnswer)) || '')); }
        return { ok: r.ok, status: r.status, data: data };
      });
    }).catch(function (e) { status('⚠ ' + e); return { ok: false, status: 0, data: null }; });
  }

  function status(text) {
    $('status').textContent = text;
  }

  // ---- the world ---------------------------------------------------------------------------------------------

  function applyWorld(world) {
    state.people = {};
    (world.people || []).forEach(function (p) { state.people[p.id] = p; });
    state.groups = {};
    (world.groups || []).forEach(function (g) { state.groups[g.id] = g; });
    renderChats();
    renderHead();
  }

  function addEntry(e) {
    if (state.seen[e.seq]) { return; }
    state.seen[e.seq] = true;
    state.entries.push(e);
    if (e.chat === state.current) {
      $('messages').appendChild(renderEntry(e));
      scrollDown();
      renderQuickReplies();
    } else {
      state.unread[e.chat] = (state.unread[e.chat] || 0) + 1;
      renderChats();
    }
  }

  function chatName(id) {
    if (state.groups[id]) { return state.groups[id].name; }
    if (state.people[id]) { return state.people[id].name; }
    return id;
  }

  function chatIds() {
    var ids = Object.keys(state.groups);
    Object.keys(state.people).forEach(function (id) { ids.push(id); });
    return ids;
  }

  function lastEntry(chat) {
    for (var i = state.entries.length - 1; i >= 0; i--) {
      if (state.entries[i].chat === chat) { return state.entries[i]; }
    }
    return null;
  }

  function preview(e) {
    if (!e) { return ''; }
    var m = e.message;
    if (typeof m === 'string') { return m; }
    var who = e.kind === 'bot' ? 'สานพลัง: ' : (e.fromName ? e.fromName + ': ' : '');
    return who + (m.type === 'text' ? m.text : (m.altText || '[' + m.type + ']'));
  }

  function renderChats() {
    var list = $('chats');
    var ids = chatIds();
    list.innerHTML = '';
    if (!ids.length) {
      var empty = document.createElement('li');
      empty.className = 'empty';
      empty.innerHTML = 'ยังไม่มีแชต — สร้างกลุ่มหรือเพิ่มคน หรือกด โหลดหมู่บ้านตัวอย่าง<br><small>no chats yet</small>';
      list.appendChild(empty);
      return;
    }
    ids.forEach(function (id) {
      var li = document.createElement('li');
      li.className = 'chat-item' + (id === state.current ? ' active' : '');
      li.setAttribute('data-chat', id);
      var group = state.groups[id];
      var person = state.people[id];
      var icon = group ? '👥' : (person.role === 'OFFICER' ? '🧑‍💼' : '🧑‍🌾');
      var title = document.createElement('div');
      title.className = 'chat-item-title';
      title.textContent = icon + ' ' + chatName(id);
      if (group && !group.botIn) { title.textContent += ' · (ไม่มีบอท)'; }
      if (person) { title.textContent += person.following ? ' · 1:1' : ' · 1:1 (ยังไม่เป็นเพื่อน)'; }
      if (state.unread[id]) {
        var badge = document.createElement('span');
        badge.className = 'badge';
        badge.textContent = state.unread[id];
        title.appendChild(badge);
      }
      var sub = document.createElement('div');
      sub.className = 'chat-item-sub';
      sub.textContent = preview(lastEntry(id));
      li.appendChild(title);
      li.appendChild(sub);
      li.addEventListener('click', function () { openChat(id); });
      list.appendChild(li);
    });
  }

  // ---- the open chat -----------------------------------------------------------------------------------------

  function openChat(id) {
    state.current = id;
    state.unread[id] = 0;
    document.body.classList.add('chat-open');
    renderChats();
    renderHead();
    var box = $('messages');
    box.innerHTML = '';
    state.entries.forEach(function (e) { if (e.chat === id) { box.appendChild(renderEntry(e)); } });
    scrollDown();
    renderQuickReplies();
    $('text').focus();
  }

  function renderHead() {
    var id = state.current;
    var tools = $('chat-tools');
    if (!id || (!state.groups[id] && !state.people[id])) {
      tools.hidden = true;
      return;
    }
    tools.hidden = false;
    var group = state.groups[id];
    $('chat-name').textContent = chatName(id);
    tools.querySelector('.group-only').hidden = !group;
    tools.querySelector('.user-only').hidden = !!group;
    var as = $('as');
    var previous = state.speaker[id] || as.value;
    as.innerHTML = '';
    if (group) {
      $('chat-sub').textContent = (group.botIn ? 'บอทอยู่ในกลุ่ม · bot in group' : 'บอทยังไม่อยู่ในกลุ่ม · bot not in group')
        + ' · สมาชิก ' + group.members.length + ' คน';
      group.members.forEach(function (uid) { if (state.people[uid]) { as.appendChild(option(uid, state.people[uid].name)); } });
      if (!group.members.length) { as.appendChild(option('', '— เพิ่มสมาชิกก่อน · add a member first —')); }
      var select = $('member-select');
      var chosen = select.value;
      select.innerHTML = '';
      Object.keys(state.people).forEach(function (uid) {
        var inGroup = group.members.indexOf(uid) >= 0;
        select.appendChild(option(uid, (inGroup ? '✓ ' : '') + state.people[uid].name));
      });
      if (chosen) { select.value = chosen; }
    } else {
      var p = state.people[id];
      $('chat-sub').textContent = 'แชต 1:1 กับบอท · 1:1 chat' + (p.role === 'OFFICER' ? ' · เจ้าหน้าที่ (officer)' : '')
        + (p.following ? ' · เป็นเพื่อนแล้ว (following)' : ' · ยังไม่เป็นเพื่อน (not following)');
      as.appendChild(option(id, p.name));
    }
    if (previous && as.querySelector('option[value="' + previous + '"]')) { as.value = previous; }
  }

  function option(value, label) {
    var o = document.createElement('option');
    o.value = value;
    o.textContent = label;
    return o;
  }

  function time(at) {
    var d = new Date(at);
    var today = new Date();
    var hm = ('0' + d.getHours()).slice(-2) + ':' + ('0' + d.getMinutes()).slice(-2);
    return d.toDateString() === today.toDateString() ? hm : d.getDate() + '/' + (d.getMonth() + 1) + ' ' + hm;
  }

  function renderEntry(e) {
    var li = document.createElement('li');
    li.setAttribute('data-seq', e.seq);
    if (e.kind === 'system') {
      li.className = 'entry system';
      li.textContent = e.message + ' · ' + time(e.at);
      return li;
    }
    li.className = 'entry ' + e.kind + (e.kind === 'user' && e.from === $('as').value ? ' mine' : '');
    var who = document.createElement('div');
    who.className = 'who';
    who.textContent = e.kind === 'bot' ? 'สานพลัง' + (e.via && e.via !== 'reply' ? ' · ' + e.via : '') : (e.fromName || e.from);
    li.appendChild(who);
    var row = document.createElement('div');
    row.className = 'bubble-row';
    row.appendChild(window.SanphalangFlex.renderMessage(e.message, function (action) { act(action, e); }));
    var t = document.createElement('span');
    t.className = 'time';
    t.textContent = time(e.at);
    row.appendChild(t);
    li.appendChild(row);
    return li;
  }

  function scrollDown() {
    var box = $('messages');
    box.scrollTop = box.scrollHeight;
  }

  /** Quick replies show under the chat while the bot's message carrying them is the chat's last line. */
  function renderQuickReplies() {
    var bar = $('quick-replies');
    bar.innerHTML = '';
    var last = lastEntry(state.current);
    if (!last || last.kind !== 'bot' || !last.message || !last.message.quickReply) { return; }
    (last.message.quickReply.items || []).forEach(function (item) {
      var b = document.createElement('button');
      b.type = 'button';
      b.className = 'quick-reply';
      b.textContent = (item.action && item.action.label) || '?';
      b.addEventListener('click', function () { bar.innerHTML = ''; act(item.action, last); });
      bar.appendChild(b);
    });
  }

  // ---- doing things ------------------------------------------------------------------------------------------

  function speaker() {
    var who = $('as').value;
    if (!who) { status('เลือกคนที่จะพิมพ์ก่อน (เพิ่มสมาชิกเข้ากลุ่ม) · pick who is speaking (add a member to the group)'); }
    return who;
  }

  function say(text) {
    var who = speaker();
    if (!who || !state.current || !text) { return Promise.resolve(); }
    state.speaker[state.current] = who;
    status('');
    return api('POST', 'messages', { chat: state.current, from: who, text: text });
  }

  function act(action, entry) {
    if (!action) { return; }
    var chat = entry && entry.chat ? entry.chat : state.current;
    if (chat !== state.current) { openChat(chat); }
    switch (action.type) {
      case 'postback':
        if (action.inputOption === 'openKeyboard') {
          var input = $('text');
          if (action.fillInText) { input.value = action.fillInText; }
          input.focus();
          input.setSelectionRange(input.value.length, input.value.length);
        }
        var who = speaker();
        if (!who) { return; }
        api('POST', 'postbacks', { chat: state.current, from: who, data: action.data, displayText: action.displayText || null });
        break;
      case 'message':
        say(action.text);
        break;
      case 'uri':
        if (/^https?:/i.test(action.uri || '')) { window.open(action.uri, '_blank', 'noopener'); }
        break;
      default:
        status('ตัวจำลองยังไม่รองรับปุ่มแบบ ' + action.type + ' · this action type is not simulated');
    }
  }

  function wire() {
    $('composer').addEventListener('submit', function (ev) {
      ev.preventDefault();
      var input = $('text');
      var text = input.value.trim();
      if (!text) { return; }
      say(text).then(function (r) { if (r && r.ok) { input.value = ''; } });
    });
    $('new-group-form').addEventListener('submit', function (ev) {
      ev.preventDefault();
      var name = $('new-group-name').value.trim();
      if (!name) { return; }
      api('POST', 'groups', { name: name }).then(function (r) {
        if (r.ok) { $('new-group-name').value = ''; state.groups[r.data.id] = r.data; openChat(r.data.id); }
      });
    });
    $('new-person-form').addEventListener('submit', function (ev) {
      ev.preventDefault();
      var name = $('new-person-name').value.trim();
      if (!name) { return; }
      api('POST', 'people', { name: name, role: $('new-person-role').value }).then(function (r) {
        if (r.ok) { $('new-person-name').value = ''; state.people[r.data.id] = r.data; renderChats(); renderHead(); }
      });
    });
    $('bot-join').addEventListener('click', function () { api('POST', 'groups/' + state.current + '/bot', { in: true }); });
    $('bot-leave').addEventListener('click', function () { api('POST', 'groups/' + state.current + '/bot', { in: false }); });
    $('member-add').addEventListener('click', function () {
      var uid = $('member-select').value;
      if (uid) { api('POST', 'groups/' + state.current + '/members', { userId: uid, in: true }); }
    });
    $('member-remove').addEventListener('click', function () {
      var uid = $('member-select').value;
      if (uid) { api('POST', 'groups/' + state.current + '/members', { userId: uid, in: false }); }
    });
    $('follow').addEventListener('click', function () { api('POST', 'people/' + state.current + '/follow', { in: true }); });
    $('unfollow').addEventListener('click', function () { api('POST', 'people/' + state.current + '/follow', { in: false }); });
    $('as').addEventListener('change', function () { if (state.current) { state.speaker[state.current] = $('as').value; } });
    $('back').addEventListener('click', function () { document.body.classList.remove('chat-open'); });
    Array.prototype.forEach.call(document.querySelectorAll('button.job'), function (b) {
      b.addEventListener('click', function () {
        var job = b.getAttribute('data-job');
        $('job-result').textContent = '⏳ ' + job + ' …';
        api('POST', 'jobs/' + encodeURIComponent(job)).then(function (r) {
          var o = r.data || {};
          $('job-result').textContent = job + ' → ' + (o.status ? 'HTTP ' + o.status + ' · ' : '') + (o.message || '')
            + (o.body ? '\n' + o.body : '');
          $('job-result').setAttribute('data-status', String(o.status));
        });
      });
    });
    $('seed').addEventListener('click', function () {
      var b = $('seed');
      b.disabled = true;
      $('seed-result').textContent = '⏳ กำลังสร้างหมู่บ้านตัวอย่าง… · building the demo village…';
      api('POST', 'seed').then(function (r) {
        b.disabled = false;
        var s = r.data || {};
        $('seed-result').textContent = r.ok
          ? '✅ ' + (s.groups || []).length + ' กลุ่ม · ' + s.people + ' คน · รายงานผล ' + s.checkIns + ' รายการ · ความต้องการ '
            + s.needsOpen + '/' + s.needsSent + ((s.problems || []).length ? '\n⚠ ' + s.problems.join('\n⚠ ') : '')
          : '⚠ ' + r.status;
        $('seed-result').setAttribute('data-done', 'true');
        if (r.ok && s.groups && s.groups.length) { openChat(s.groups[0]); }
      });
    });
  }

  function connect() {
    var source = new EventSource('/simulator/api/stream');
    source.addEventListener('open', function () { $('connection').className = 'connection live'; });
    source.addEventListener('error', function () { $('connection').className = 'connection down'; });
    source.addEventListener('snapshot', function (ev) {
      var snap = JSON.parse(ev.data);
      applyWorld(snap);
      (snap.timeline || []).forEach(function (e) {
        if (!state.seen[e.seq]) { state.seen[e.seq] = true; state.entries.push(e); }
      });
      state.entries.sort(function (a, b) { return a.seq - b.seq; });
      if (state.current) { openChat(state.current); } else { renderChats(); }
      document.body.setAttribute('data-ready', 'true');
    });
    source.addEventListener('world', function (ev) { applyWorld(JSON.parse(ev.data)); });
    source.addEventListener('entry', function (ev) { addEntry(JSON.parse(ev.data)); });
  }

  document.addEventListener('DOMContentLoaded', function () {
    wire();
    connect();
  });
}());
