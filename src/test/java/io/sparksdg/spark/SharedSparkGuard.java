package io.sparksdg.spark;

import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Before a test class that is not a {@link SparkTestBase}, stops the context the Spark test classes
 * share, so that the class starts Spark (or not) as it would alone. Registered for every test class
 * through {@code META-INF/services} and {@code junit-platform.properties}.
 */
public final class SharedSparkGuard implements BeforeAllCallback {

  @Override
  public void beforeAll(ExtensionContext context) {
    if (!SparkTestBase.class.isAssignableFrom(context.getRequiredTestClass())) {
      SparkTestBase.stopShared();
    }
  }
}
