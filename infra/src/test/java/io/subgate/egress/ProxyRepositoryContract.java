package io.subgate.egress;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.subgate.account.DuplicateNameException;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** What every {@link ProxyRepository} must do; run on the fake, H2 and PostgreSQL. */
public abstract class ProxyRepositoryContract {

  protected abstract ProxyRepository proxies();

  private static String unique(String prefix) {
    return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
  }

  @Test
  void createKeepsTheSpec_andReturnsThePasswordDecrypted() {
    ProxySpec spec =
        new ProxySpec(unique("dc"), ProxyKind.SOCKS5, "10.0.0.7", 1080, "user", "pa55:word");
    EgressProxy created = proxies().create(spec);
    EgressProxy read = proxies().findById(created.id()).orElseThrow();
    assertEquals(spec, read.spec());
    assertEquals("pa55:word", read.password());
    assertEquals(1, read.version());
    assertTrue(proxies().all().stream().anyMatch(p -> p.id() == created.id()));
    assertFalse(read.address().contains("pa55"), "an address never holds the credentials");
  }

  @Test
  void updateAppliesOnlyAtTheExpectedVersion_andNamesStayUnique() {
    EgressProxy a =
        proxies().create(new ProxySpec(unique("a"), ProxyKind.HTTP, "h", 3128, null, null));
    EgressProxy b =
        proxies().create(new ProxySpec(unique("b"), ProxyKind.HTTP, "h", 3128, "u", "p"));
    ProxySpec next = new ProxySpec(a.name(), ProxyKind.SOCKS5, "h2", 1080, "u2", "p2");
    assertTrue(proxies().update(a.id(), 1, next));
    assertFalse(proxies().update(a.id(), 1, next), "a stale version loses");
    EgressProxy read = proxies().findById(a.id()).orElseThrow();
    assertEquals(next, read.spec());
    assertEquals(2, read.version());

    ProxySpec cleared = new ProxySpec(b.name(), ProxyKind.HTTP, "h", 3128, null, null);
    assertTrue(proxies().update(b.id(), 1, cleared));
    assertNull(proxies().findById(b.id()).orElseThrow().password(), "the password cleared");
    assertThrows(
        DuplicateNameException.class,
        () ->
            proxies()
                .update(b.id(), 2, new ProxySpec(a.name(), ProxyKind.HTTP, "h", 1, null, null)));
    assertThrows(
        DuplicateNameException.class,
        () -> proxies().create(new ProxySpec(a.name(), ProxyKind.HTTP, "h", 1, null, null)));
  }

  @Test
  void deleteRemoves_once() {
    EgressProxy p =
        proxies().create(new ProxySpec(unique("d"), ProxyKind.HTTP, "h", 8080, null, null));
    assertTrue(proxies().delete(p.id()));
    assertFalse(proxies().delete(p.id()));
    assertTrue(proxies().findById(p.id()).isEmpty());
  }
}
