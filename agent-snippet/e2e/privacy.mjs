// Acceptance: typed values (password, e-mail, hidden, textarea, placeholder field) and secret URL
// parameters never reach anything the service stored, in balanced and strict privacy modes.
import { randomBytes } from 'node:crypto';
import { check, customEvents, pageHtml, runBrowserTest, waitFor } from './lib/harness.mjs';

const rnd = (p) => `${p}${randomBytes(6).toString('hex')}`;

runBrowserTest('privacy', async ({ service, app, newPage, api }) => {
  const results = {};
  for (const privacy of ['balanced', 'strict']) {
    const secrets = {
      password: rnd('Pw'),
      email: `${rnd('mail')}@example.com`,
      hidden: rnd('Hid'),
      hiddenScript: rnd('HidJs'),
      textarea: rnd('Notes'),
      placeholderField: rnd('Ph'),
      defaultValue: rnd('Dflt'),
      maskedText: rnd('Masked'),
      urlToken: rnd('Tok'),
      apiPassword: rnd('ApiPw'),
      navSession: rnd('Nav'),
      chosenOption: rnd('Chosen'),
      customParam: rnd('Cust'),
      blockedText: rnd('Blocked'),
      blockedClassText: rnd('BlkCls'),
      maskClassText: rnd('MskCls'),
    };
    const plainText = rnd('Plain');
    const mediaSecret = rnd('Media');
    const placeholderText = rnd('Hint');
    const publicText = rnd('Public');
    const config = { endpoint: service.url, key: service.key, privacy, scrubQueryParams: ['customerRef'] };
    app.page(`privacy-${privacy}`, pageHtml(config, `
      <h1 data-replay-unmask>${publicText}</h1>
      <p data-replay-mask>${secrets.maskedText}</p>
      <form onsubmit="return false">
        <input id="pw" type="password" autocomplete="off">
        <input id="email" type="email">
        <input id="hidden" type="hidden" value="${secrets.hidden}">
        <input id="hidden2" type="hidden">
        <input id="dflt" type="text" value="${secrets.defaultValue}">
        <textarea id="notes"></textarea>
        <input id="ph" type="text" placeholder="${placeholderText}">
        <select id="plan"><option value="p1">Basic</option><option value="p2">${secrets.chosenOption}</option></select>
        <button id="go" type="button">Go</button>
      </form>
      <p>${plainText}</p>
      <div data-replay-block><p>${secrets.blockedText}</p></div>
      <div class="rl-block"><p>${secrets.blockedClassText}</p></div>
      <p class="rl-mask">${secrets.maskClassText}</p>
      <img id="photo" src="/api/photo.png?m=${mediaSecret}" width="40" height="30" alt="photo">
      <video id="clip" src="/api/clip.mp4?m=${mediaSecret}" width="80" height="60"></video>`));
    const page = await newPage();
    await page.goto(`${app.origin}/page/privacy-${privacy}?token=${secrets.urlToken}&view=1`);
    const sessionId = await page.evaluate(() => Replaylink.getSessionId());
    check(sessionId, `${privacy}: no session ID after init`);
    await page.type('#pw', secrets.password);
    await page.type('#email', secrets.email);
    await page.type('#notes', secrets.textarea);
    await page.type('#ph', secrets.placeholderField);
    await page.selectOption('#plan', 'p2');
    await page.evaluate((v) => {
      document.getElementById('hidden2').value = v;
      document.getElementById('hidden2').setAttribute('value', v);
    }, secrets.hiddenScript);
    await page.evaluate((p) => fetch(`/api/data?password=${p}&page=2`).then((r) => r.text()), secrets.apiPassword);
    await page.evaluate((v) => history.pushState({}, '', `/page/step-2?session=${v}&step=2`), secrets.navSession);
    await page.evaluate((v) => history.pushState({}, '', `/page/step-3?customerRef=${v}`), secrets.customParam);
    await page.click('#go');
    await page.waitForTimeout(300);
    check(await page.evaluate(() => Replaylink.flush()), `${privacy}: flush did not reach the service`);

    const events = await waitFor(`${privacy}: stored events`, async () => {
      const r = await api(`/api/v1/sessions/${sessionId}/events`);
      return r && r.events.some((e) => e.type === 3 && e.data.source === 5) && customEvents(r.events, 'network').length ? r.events : null;
    });
    const stored = JSON.stringify([events, await api(`/api/v1/sessions/${sessionId}`), await api(`/api/v1/sessions?limit=100`)]);
    for (const [what, value] of Object.entries(secrets)) {
      check(!stored.includes(value), `${privacy}: ${what} value "${value}" was stored by the service`);
    }
    check(events.some((e) => e.type === 2), `${privacy}: no full snapshot stored`);
    check(events.some((e) => e.type === 3 && e.data.source === 5), `${privacy}: no input events stored (nothing was tested)`);
    check(stored.includes(publicText), `${privacy}: data-replay-unmask text missing (recording is empty?)`);
    const net = customEvents(events, 'network').find((e) => e.data.payload.url.includes('/api/data'));
    check(net && net.data.payload.url.includes('password=[scrubbed]'), `${privacy}: network URL not scrubbed: ${net && net.data.payload.url}`);
    const nav = customEvents(events, 'navigation')[0];
    check(nav && nav.data.payload.url.endsWith('/page/step-2?session=[scrubbed]&step=2'), `${privacy}: SPA navigation missing or not scrubbed: ${nav && nav.data.payload.url}`);
    const custom = customEvents(events, 'navigation')[1];
    check(custom && custom.data.payload.url.endsWith('/page/step-3?customerRef=[scrubbed]'), `${privacy}: scrubQueryParams not applied: ${custom && custom.data.payload.url}`);
    check(events.some((e) => e.type === 3 && e.data.source === 5 && e.data.id !== undefined && /^\*+$/.test(e.data.text || '')), `${privacy}: no masked input event (select)`);
    const nodes = [];
    const walk = (n) => n && (nodes.push(n), (n.childNodes || []).forEach(walk));
    events.forEach((e) => (e.type === 2 ? walk(e.data.node) : e.type === 3 && e.data.source === 0 && (e.data.adds || []).forEach((a) => walk(a.node))));
    const media = nodes.filter((n) => n.tagName === 'img' || n.tagName === 'video');
    check(media.length >= 2, `${privacy}: the media elements were not recorded at all`);
    const meta = events.find((e) => e.type === 4);
    check(meta && meta.data.href.includes('token=[scrubbed]') && meta.data.href.includes('view=1'), `${privacy}: page URL not scrubbed: ${meta && meta.data.href}`);
    if (privacy === 'strict') {
      check(!stored.includes(placeholderText), 'strict: placeholder attribute stored');
      check(!stored.includes(plainText), 'strict: unmarked text stored');
      check(!stored.includes(mediaSecret), 'strict: a media URL stored');
      check(media.every((n) => !n.attributes.src && n.attributes.rr_width), `strict: media not blocked: ${JSON.stringify(media.map((n) => n.attributes))}`);
    } else {
      check(stored.includes(plainText), 'balanced: unmarked text should be kept');
      check(stored.includes(placeholderText), 'balanced: placeholder attribute should be kept');
    }
    results[privacy] = { sessionId, events: events.length };
  }
  return results;
});
