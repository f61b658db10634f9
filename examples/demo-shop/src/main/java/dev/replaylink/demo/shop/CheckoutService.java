package dev.replaylink.demo.shop;

import jakarta.inject.Singleton;

/**
 * Places orders — and always fails, on purpose. The run script traces this method with the
 * OpenTelemetry agent's method instrumentation, so the failure becomes an error span with the
 * exception, without tracing code here.
 */
@Singleton
public class CheckoutService {
  public String placeOrder(int items) {
    throw new PaymentDeclinedException(
        "Payment provider declined the order of " + items + " item(s): card issuer unavailable");
  }

  /** The error the demo is about. */
  public static final class PaymentDeclinedException extends RuntimeException {
    public PaymentDeclinedException(String message) {
      super(message);
    }
  }
}
