// Acceptance: the known session-replay leak classes never reach storage, in balanced mode and strict — hidden
// inputs (value attribute, value set by script, added later), value attributes (in the page and set
// by script), e-mail addresses and tokens in data-* attributes (in the page, set and added by script),
// fields filled by Chromium's own autofill (card and address, through the DevTools Autofill domain),
// contenteditable text (in the page, typed, and in an element made editable later), and fields inside
// a shadow root and a same-origin iframe.
// Through the recorder in each mode, and as a hostile client that records the same page with bare rrweb
// (no masking at all: the raw events are checked to hold every secret) and posts that to the
// service, whose privacy net alone must then keep the secrets out.
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { check, customEvents, pageHtml, runBrowserTest, waitFor } from './lib/harness.mjs';

const RRWEB = readFileSync(new URL('../node_modules/@rrweb/record/dist/record.umd.min.cjs', import.meta.url), 'utf8');
const hex = (n) => randomBytes(n).toString('hex');
const rnd = (p) => `${p}${hex(6)}`;
// letters only: what autofill puts into name and address fields
const letters = (p) => p + [...randomBytes(8)].map((b) => String.fromCharCode(97 + (b % 26))).join('');

function cardNumber() {
  const digits = [4, ...[...randomBytes(14)].map((b) => b % 10)];
  let sum = 0;
  for (let i = 0; i < 15; i++) {
    let d = digits[14 - i];
    if (i % 2 === 0) d = d * 2 > 9 ? d * 2 - 9 : d * 2;
    sum += d;
  }
  return digits.join('') + ((10 - (sum % 10)) % 10);
}

function newSecrets() {
  return {
    hiddenAttribute: rnd('HidAttr'),
    hiddenProperty: rnd('HidProp'),
    hiddenAdded: rnd('HidAdd'),
    buttonValue: rnd('BtnVal'),
    checkboxValue: rnd('ChkVal'),
    radioValue: rnd('RadVal'),
    optionValue: rnd('OptVal'),
    dataElementValue: rnd('DataVal'),
    listItemValue: rnd('LiVal'),
    scriptButtonValue: rnd('BtnJs'),
    scriptDefaultValue: rnd('DfltJs'),
    scriptOptionValue: rnd('OptJs'),
    dataEmail: `${rnd('mail')}@example.com`,
    dataToken: `tok_live_9${hex(12)}7`,
    dataJsonEmail: `${rnd('json')}@example.org`,
    dataScriptEmail: `${rnd('owner')}@example.net`,
    dataAddedToken: `sk_9${hex(10)}Zz`,
    autofillCardName: letters('Cardholder '),
    autofillCardNumber: cardNumber(),
    autofillGivenName: letters('Given'),
    autofillFamilyName: letters('Family'),
    autofillStreet: `12 ${letters('Street')} Road`,
    autofillCity: letters('City'),
    editableInitial: rnd('EditInit'),
    editableTyped: rnd('EditTyped'),
    plaintextEditableTyped: rnd('PlainTyped'),
    madeEditableTyped: rnd('LateTyped'),
    shadowTyped: rnd('ShadowTyped'),
    iframeTyped: rnd('FrameTyped'),
  };
}

function leakBody(s, publicText) {
  return `
  <h1 data-replay-unmask>${publicText}</h1>
  <form id="account" onsubmit="return false">
    <input type="hidden" name="csrf" value="${s.hiddenAttribute}">
    <input id="hidden-prop" type="hidden" name="state">
    <input id="nickname" type="text" name="nickname">
    <button id="choice" type="button" value="${s.buttonValue}">Choose</button>
    <button id="later" type="button">Later</button>
    <label><input type="checkbox" name="news" value="${s.checkboxValue}" checked> News</label>
    <label><input type="radio" name="plan" value="${s.radioValue}"> Plan</label>
    <select id="plans"><option value="${s.optionValue}">Basic</option><option id="pro" value="p2">Pro</option></select>
  </form>
  <data id="sku" value="${s.dataElementValue}">Product</data>
  <ol><li value="${s.listItemValue}">First</li><li id="third" value="3">Third</li></ol>
  <div id="profile" data-email="${s.dataEmail}" data-token="${s.dataToken}" data-user='{"mail":"${s.dataJsonEmail}"}' data-role="admin">Profile</div>
  <div id="owner">Owner</div>
  <div id="added"></div>
  <form id="pay" onsubmit="return false">
    <input id="cc-name" name="ccname" autocomplete="cc-name">
    <input id="cc-number" name="cardnumber" autocomplete="cc-number">
    <input id="cc-exp" name="ccexp" autocomplete="cc-exp">
    <input id="cc-csc" name="cvc" autocomplete="cc-csc">
  </form>
  <form id="ship" onsubmit="return false">
    <input id="given" name="fname" autocomplete="given-name">
    <input id="family" name="lname" autocomplete="family-name">
    <input id="street" name="address" autocomplete="address-line1">
    <input id="city" name="city" autocomplete="address-level2">
    <input id="zip" name="zip" autocomplete="postal-code">
  </form>
  <div id="editor" contenteditable="true"><p>${s.editableInitial}</p></div>
  <div id="plain-editor" contenteditable="plaintext-only"></div>
  <div id="late-editor">Draft</div>
  <div id="host"></div>
  <iframe id="frame" srcdoc="<input id=inner name=inner>" width="200" height="40"></iframe>
  <script>document.getElementById('host').attachShadow({ mode: 'open' }).innerHTML = '<input id="shadow-input">';</script>`;
}

async function backendNodeId(cdp, selector) {
  const { root } = await cdp.send('DOM.getDocument');
  const { nodeId } = await cdp.send('DOM.querySelector', { nodeId: root.nodeId, selector });
  return (await cdp.send('DOM.describeNode', { nodeId })).node.backendNodeId;
}

/** What the visitor and the page's scripts do; checks that each leak class really happened in the page. */
async function act(page, s) {
  await page.evaluate((s) => {
    document.getElementById('hidden-prop').value = s.hiddenProperty;
    document.getElementById('nickname').defaultValue = s.scriptDefaultValue;
    document.getElementById('later').setAttribute('value', s.scriptButtonValue);
    document.getElementById('pro').value = s.scriptOptionValue;
    document.getElementById('owner').dataset.ownerEmail = s.dataScriptEmail;
    document.getElementById('added').insertAdjacentHTML('beforeend',
      `<input type="hidden" name="nonce" value="${s.hiddenAdded}"><span data-session-token="${s.dataAddedToken}">Row</span>`);
  }, s);
  // Chromium's own autofill, as a visitor picking a saved card and address from the browser
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('DOM.enable');
  await cdp.send('Autofill.trigger', {
    fieldId: await backendNodeId(cdp, '#cc-number'),
    card: { number: s.autofillCardNumber, name: s.autofillCardName, expiryMonth: '04', expiryYear: '2031', cvc: '987' },
  });
  await cdp.send('Autofill.trigger', {
    fieldId: await backendNodeId(cdp, '#street'),
    address: { fields: [
      { name: 'NAME_FIRST', value: s.autofillGivenName }, { name: 'NAME_LAST', value: s.autofillFamilyName },
      { name: 'ADDRESS_HOME_LINE1', value: s.autofillStreet }, { name: 'ADDRESS_HOME_CITY', value: s.autofillCity },
      { name: 'ADDRESS_HOME_ZIP', value: '0150' }, { name: 'ADDRESS_HOME_COUNTRY', value: 'NO' },
    ] },
  });
  await cdp.detach();
  await page.click('#editor p');
  await page.keyboard.press('End');
  await page.keyboard.type(` ${s.editableTyped}`);
  await page.click('#plain-editor');
  await page.keyboard.type(s.plaintextEditableTyped);
  await page.evaluate(() => { document.getElementById('late-editor').contentEditable = 'true'; });
  await page.click('#late-editor');
  await page.keyboard.press('End');
  await page.keyboard.type(` ${s.madeEditableTyped}`);
  await page.locator('#shadow-input').type(s.shadowTyped);
  await page.frameLocator('#frame').locator('#inner').type(s.iframeTyped);
  await page.waitForTimeout(300);

  const seen = await page.evaluate(() => {
    const v = (id) => document.getElementById(id).value;
    return {
      autofilled: [...document.querySelectorAll('#pay input, #ship input')].every((i) => i.matches(':autofill')),
      fields: [v('cc-name'), v('cc-number'), v('given'), v('family'), v('street'), v('city'), v('hidden-prop')],
      editors: ['editor', 'plain-editor', 'late-editor'].map((id) => document.getElementById(id).textContent),
      shadow: document.getElementById('host').shadowRoot.getElementById('shadow-input').value,
      frame: document.getElementById('frame').contentDocument.getElementById('inner').value,
    };
  });
  check(seen.autofilled, `Chromium did not autofill every card and address field: ${JSON.stringify(seen)}`);
  const expected = [s.autofillCardName, s.autofillCardNumber, s.autofillGivenName, s.autofillFamilyName, s.autofillStreet, s.autofillCity, s.hiddenProperty];
  check(JSON.stringify(seen.fields) === JSON.stringify(expected), `the page's fields do not hold the values: ${JSON.stringify(seen.fields)}`);
  check(seen.editors[0].includes(s.editableTyped) && seen.editors[1] === s.plaintextEditableTyped && seen.editors[2].includes(s.madeEditableTyped),
    `typing into the contenteditable elements did not happen: ${JSON.stringify(seen.editors)}`);
  check(seen.shadow === s.shadowTyped && seen.frame === s.iframeTyped, `typing into the shadow root or iframe did not happen: ${JSON.stringify(seen)}`);
}

/** Every secret absent from `stored` (JSON sent or answered), each one found named in the failure. */
function checkNoneStored(how, stored, secrets) {
  const leaked = Object.entries(secrets).filter(([, v]) => stored.includes(v)).map(([k, v]) => `${k} "${v}"`);
  check(!leaked.length, `${how} holds ${leaked.join(', ')}`);
}

/** Ordinary content is kept: the test looked at a real recording, not an empty one. */
function checkOrdinaryKept(how, stored, publicText) {
  check(stored.includes(publicText), `${how}: the page's ordinary text is missing (empty recording?)`);
  check(stored.includes('"data-role":"admin"'), `${how}: an ordinary data-* attribute was not kept`);
  check(stored.includes('"id":"third","value":"3"'), `${how}: the number an li shows was not kept`);
}

/** Input events stored for the autofilled fields, masked; the nodes' IDs come from the snapshot. */
function checkAutofillRecordedMasked(how, events) {
  const ids = {};
  const walk = (n) => n && (n.attributes && n.attributes.id && (ids[n.attributes.id] = n.id), (n.childNodes || []).forEach(walk));
  events.forEach((e) => e.type === 2 && walk(e.data.node));
  for (const field of ['cc-name', 'cc-number', 'given', 'street']) {
    const inputs = events.filter((e) => e.type === 3 && e.data.source === 5 && e.data.id === ids[field]);
    check(inputs.length && inputs.every((e) => /^\*+$/.test(e.data.text)), `${how}: autofill of #${field} not recorded as masked input: ${JSON.stringify(inputs)}`);
  }
}

runBrowserTest('leaks', async ({ service, app, newPage, api }) => {
  check(!service.fake, 'needs the real service (REPLAYLINK_URL): its privacy net is under test');
  // Through the recorder, in balanced mode (the default) and in strict mode
  const byMode = {};
  for (const privacy of ['balanced', 'strict']) {
    const secrets = newSecrets();
    const publicText = rnd('Public');
    app.page(`leaks-${privacy}`, pageHtml({ endpoint: service.url, key: service.key, privacy }, leakBody(secrets, publicText)));
    const page = await newPage();
    const sent = [];
    page.on('request', (r) => {
      if (!r.url().includes('/api/v1/ingest')) return;
      const body = r.postDataBuffer();
      sent.push(body && body[0] === 0x1f && body[1] === 0x8b ? gunzipSync(body).toString('utf8') : String(body));
    });
    await page.goto(`${app.origin}/page/leaks-${privacy}`);
    const sessionId = await page.evaluate(() => Replaylink.getSessionId());
    check(sessionId, `${privacy}: no session ID after init`);
    await act(page, secrets);
    await page.evaluate(() => Replaylink.track('leaks-done', {}));
    check(await page.evaluate(() => Replaylink.flush()), `${privacy}: flush did not reach the service`);
    const events = await waitFor(`${privacy}: the stored recording up to the last action`, async () => {
      const r = await api(`/api/v1/sessions/${sessionId}/events`);
      return r && customEvents(r.events, 'track').length ? r.events : null;
    });
    const stored = JSON.stringify([events, await api(`/api/v1/sessions/${sessionId}`), await api('/api/v1/sessions?limit=100')]);
    // the recorder masks on its own: none of it leaves the browser, whatever the service would do
    check(sent.length && sent.every((b) => b.includes('"events"')), `${privacy}: the recorder's batches were not seen: ${sent.length}`);
    checkNoneStored(`${privacy}: what the recorder sent`, sent.join('\n'), secrets);
    checkNoneStored(`${privacy}: what the service stored from the recorder`, stored, secrets);
    checkOrdinaryKept(`${privacy}: recorder`, stored, publicText);
    checkAutofillRecordedMasked(`${privacy}: recorder`, events);
    byMode[privacy] = { sessionId, events: events.length };
  }

  // A hostile client: bare rrweb, nothing masked, posted as it is
  const raw = newSecrets();
  const rawPublic = rnd('RawPublic');
  app.page('leaks-raw', `<!doctype html><html><head><meta charset="utf-8"><script>${RRWEB}</script>
<script>window.__raw = []; rrwebRecord.record({ emit: (e) => window.__raw.push(e), maskInputOptions: {}, maskAllInputs: false });</script>
</head><body>${leakBody(raw, rawPublic)}</body></html>`);
  const rawPage = await newPage();
  await rawPage.goto(`${app.origin}/page/leaks-raw`);
  await act(rawPage, raw);
  const rawEvents = await rawPage.evaluate(() => window.__raw);
  const rawJson = JSON.stringify(rawEvents);
  const missing = Object.entries(raw).filter(([, v]) => !rawJson.includes(v)).map(([k]) => k);
  check(!missing.length, `bare rrweb did not record these, so the privacy net is not tested for them: ${missing.join(', ')}`);
  const hostileSession = `hostile-${hex(8)}`;
  const r = await fetch(`${service.url}/api/v1/ingest`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', 'X-Replaylink-Key': service.key },
    body: JSON.stringify({ sessionId: hostileSession, windowId: `win-${hex(8)}`, seq: 0, sentAt: Date.now(), events: rawEvents }),
  });
  check(r.status === 200, `the hostile batch was not accepted: ${r.status} ${await r.text()}`);
  const hostileEvents = (await api(`/api/v1/sessions/${hostileSession}/events`)).events;
  // DomContentLoaded and Load come before the first snapshot, where the events API starts
  const recorded = rawEvents.filter((e) => e.type >= 2).length;
  check(hostileEvents.length === recorded, `stored ${hostileEvents.length} of the ${recorded} raw events from the snapshot on`);
  const hostileStored = JSON.stringify([hostileEvents, await api(`/api/v1/sessions/${hostileSession}`)]);
  checkNoneStored('what the service stored from bare rrweb', hostileStored, raw);
  checkOrdinaryKept('privacy net', hostileStored, rawPublic);
  checkAutofillRecordedMasked('privacy net', hostileEvents);
  return { ...byMode, hostileSession, rawEvents: rawEvents.length };
});
