package io.sparksdg.prompts;

import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads a model's yes/no answer leniently: the first word decides, after markdown emphasis, quotes,
 * leading punctuation and an optional {@code Answer:} label are skipped, so "Yes.", "yes",
 * "**Yes**" and "No, because ..." are read, while a reply that does not start with yes or no
 * ("Maybe", "It depends", an empty reply) is not.
 */
public final class YesNo {

  private static final Pattern FIRST_WORD =
      Pattern.compile(
          "^[\\s*_`\"'“‘>#(\\[-]*(?:(?:final\\s+)?answer\\s*[:\\-]\\s*[\\s*_`\"'“‘(\\[]*)?"
              + "(yes|no)(?![\\p{L}\\p{N}])",
          Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE);

  private YesNo() {}

  /** True for yes, false for no, empty when the reply does not start with either. */
  public static Optional<Boolean> parse(String reply) {
    if (reply == null) {
      return Optional.empty();
    }
    Matcher m = FIRST_WORD.matcher(reply.strip());
    if (!m.find()) {
      return Optional.empty();
    }
    return Optional.of(m.group(1).toLowerCase(Locale.ROOT).equals("yes"));
  }
}
