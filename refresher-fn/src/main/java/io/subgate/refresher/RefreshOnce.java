package io.subgate.refresher;

import io.micronaut.context.ApplicationContext;
import io.micronaut.json.JsonMapper;
import io.subgate.refresh.RefreshSweep;
import io.subgate.refresh.SweepReport;
import java.io.IOException;

/** Command line: runs one sweep with the same configuration and prints its JSON summary. */
public final class RefreshOnce {
  private RefreshOnce() {}

  public static void main(String[] args) throws IOException {
    try (ApplicationContext context = ApplicationContext.run()) {
      SweepReport report = context.getBean(RefreshSweep.class).run();
      System.out.println(context.getBean(JsonMapper.class).writeValueAsString(report));
    }
  }
}
