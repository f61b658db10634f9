package dev.replaylink.demo.shop;

import io.micronaut.context.annotation.Value;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Post;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.sentry.Sentry;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/** The shop's API: products, add to cart (works), checkout (fails with a 500). */
@Controller
@ExecuteOn(TaskExecutors.BLOCKING)
final class ShopController {
  record Product(String id, String name, String price) {}

  static final List<Product> PRODUCTS =
      List.of(
          new Product("mug", "Replay mug", "12.00"),
          new Product("shirt", "Trace T-shirt", "24.00"),
          new Product("sticker", "Session sticker pack", "4.50"));

  private final CheckoutService checkout;
  private final AtomicInteger cart = new AtomicInteger();
  private final String replaylinkUrl;
  private final String ingestKey;

  ShopController(
      CheckoutService checkout,
      @Value("${replaylink.url:`http://localhost:8080`}") String replaylinkUrl,
      @Value("${replaylink.ingest-key:}") String ingestKey) {
    this.checkout = checkout;
    this.replaylinkUrl = replaylinkUrl.replaceAll("/$", "");
    this.ingestKey = ingestKey;
  }

  @Get(uri = "/api/products", produces = MediaType.APPLICATION_JSON)
  List<Product> products() {
    return PRODUCTS;
  }

  @Post(uri = "/api/cart", produces = MediaType.APPLICATION_JSON)
  Map<String, Object> addToCart(@Body Map<String, String> item) {
    return Map.of("items", cart.incrementAndGet(), "added", item.getOrDefault("id", "?"));
  }

  @Post(uri = "/api/checkout", produces = MediaType.APPLICATION_JSON)
  HttpResponse<Map<String, Object>> checkout() {
    try {
      return HttpResponse.ok(Map.of("order", checkout.placeOrder(cart.get())));
    } catch (CheckoutService.PaymentDeclinedException e) {
      Sentry.captureException(e);
      LastErrorLinks.Links links = LastErrorLinks.take();
      Map<String, Object> body = new LinkedHashMap<>();
      body.put("error", "checkout_failed");
      body.put("message", e.getMessage());
      body.put("sentryEventId", links == null ? null : links.eventId());
      body.put("replayUrl", links == null ? null : links.replayUrl());
      return HttpResponse.<Map<String, Object>>status(HttpStatus.INTERNAL_SERVER_ERROR).body(body);
    }
  }

  /** The recorder, served by replay-service at /sdk/replaylink.js. */
  @Get("/replaylink.js")
  HttpResponse<?> recorder() {
    return HttpResponse.status(HttpStatus.FOUND)
        .header("Location", replaylinkUrl + "/sdk/replaylink.js");
  }

  /** Where the pages find the recorder (replay-service) and the project's ingest key. */
  @Get(uri = "/config.js", produces = "application/javascript")
  String config() {
    boolean propagate = !"true".equals(System.getenv("DEMO_WITHOUT_PROPAGATION"));
    return "window.SHOP_CONFIG = "
        + "{\"replaylinkUrl\":\""
        + js(replaylinkUrl)
        + "\",\"ingestKey\":\""
        + js(ingestKey)
        + "\",\"propagate\":"
        + propagate
        + "};\n";
  }

  private static String js(String s) {
    return s.replace("\\", "\\\\").replace("\"", "\\\"").replace("<", "\\u003c");
  }
}
