// The shop's own script. Replaylink needs only the init call; everything else is the shop.
const cfg = window.SHOP_CONFIG || {};
if (window.Replaylink) {
  const options = { endpoint: cfg.replaylinkUrl, key: cfg.ingestKey };
  if (cfg.propagate === false || new URLSearchParams(location.search).get('propagate') === 'false') {
    // demo knob (DEMO_WITHOUT_PROPAGATION=true, or ?propagate=false on the page): a target no request
    // matches, so the shop's requests get no traceparent/baggage
    options.tracePropagationTargets = ['https://propagation-disabled.invalid/'];
  }
  window.Replaylink.init(options);
}

const products = document.getElementById('products');
const result = document.getElementById('result');

function show(text, ok, link) {
  result.hidden = false;
  result.className = ok ? 'ok' : '';
  result.replaceChildren(document.createTextNode(text));
  if (link) {
    const a = document.createElement('a');
    a.href = link;
    a.id = 'replay-link';
    a.textContent = 'Watch the replay of this error';
    a.target = '_blank';
    result.append(document.createElement('br'), a);
  }
}

fetch('/api/products').then((r) => r.json()).then((list) => {
  for (const p of list) {
    const li = document.createElement('li');
    const button = document.createElement('button');
    button.textContent = 'Add to cart';
    button.className = 'add';
    button.dataset.id = p.id;
    button.addEventListener('click', async () => {
      const r = await fetch('/api/cart', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ id: p.id }) });
      const body = await r.json();
      document.getElementById('cart-count').textContent = `Cart: ${body.items}`;
      show(`${p.name} added to your cart.`, true);
    });
    li.append(Object.assign(document.createElement('strong'), { textContent: p.name }), document.createElement('br'),
      document.createTextNode(`€${p.price} `), button);
    products.append(li);
  }
  document.body.dataset.ready = 'true';
});

document.getElementById('checkout').addEventListener('click', async () => {
  const r = await fetch('/api/checkout', { method: 'POST' });
  const body = await r.json();
  if (r.ok) {
    show('Order placed!', true);
  } else {
    show(`Checkout failed: ${body.message}`, false, body.replayUrl);
    document.body.dataset.checkoutStatus = String(r.status);
  }
});

document.getElementById('coupon').addEventListener('click', () => {
  const coupon = undefined;
  return coupon.code.toUpperCase(); // throws: the coupon widget is broken on purpose
});

// "Gift wrap" has no handler on purpose: clicking it does nothing (a dead click).
