package dev.replaylink.service.config;

import io.micronaut.context.annotation.ConfigurationProperties;
import java.util.List;

/**
 * The server-side privacy safety net, applied to every event before storage whatever the client
 * sent: {@code replaylink.privacy.*}.
 */
@ConfigurationProperties(PrivacyConfiguration.PREFIX)
public class PrivacyConfiguration {
  public static final String PREFIX = "replaylink.privacy";
  public static final boolean DEFAULT_MASK_CARD_NUMBERS = true;
  public static final boolean DEFAULT_MASK_EMAILS = false;

  private boolean maskCardNumbers = DEFAULT_MASK_CARD_NUMBERS;
  private boolean maskEmails = DEFAULT_MASK_EMAILS;
  private List<String> maskPatterns = List.of();

  /** Mask digit sequences that pass the Luhn check (payment card numbers) in all recorded text. */
  public boolean isMaskCardNumbers() {
    return maskCardNumbers;
  }

  public void setMaskCardNumbers(boolean maskCardNumbers) {
    this.maskCardNumbers = maskCardNumbers;
  }

  /**
   * Mask e-mail addresses in all recorded text (off by default: they are often the point of a
   * page).
   */
  public boolean isMaskEmails() {
    return maskEmails;
  }

  public void setMaskEmails(boolean maskEmails) {
    this.maskEmails = maskEmails;
  }

  /** Further regular expressions whose matches are masked in all recorded text. */
  public List<String> getMaskPatterns() {
    return maskPatterns;
  }

  public void setMaskPatterns(List<String> maskPatterns) {
    this.maskPatterns = maskPatterns == null ? List.of() : List.copyOf(maskPatterns);
  }
}
