package io.subgate.testing;

import io.micronaut.context.annotation.Requires;
import io.micronaut.context.event.BeanCreatedEvent;
import io.micronaut.context.event.BeanCreatedEventListener;
import io.subgate.account.AccountRepository;
import io.subgate.pricing.PriceOverrides;
import io.subgate.tenancy.ApiKeyRepository;
import io.subgate.tenancy.GroupRepository;
import io.subgate.tenancy.LimitRepository;
import io.subgate.tenancy.UsageQueries;
import io.subgate.tenancy.UserRepository;
import jakarta.inject.Singleton;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Test instrumentation: wraps the database-backed repositories the request path could touch and
 * records every call with its thread, so a test can assert that a warm request makes none. Active
 * when {@code subgate.test.count-repository-calls} is set.
 */
@Singleton
@Requires(property = "subgate.test.count-repository-calls", value = "true")
public final class RepositoryCalls implements BeanCreatedEventListener<Object> {
  private static final List<Class<?>> WATCHED =
      List.of(
          AccountRepository.class,
          GroupRepository.class,
          ApiKeyRepository.class,
          UserRepository.class,
          LimitRepository.class,
          PriceOverrides.class,
          UsageQueries.class,
          io.subgate.alert.AlertStore.class,
          io.subgate.egress.ProxyRepository.class);

  private final List<String> calls = new CopyOnWriteArrayList<>();

  @Override
  public Object onCreated(BeanCreatedEvent<Object> event) {
    Object bean = event.getBean();
    for (Class<?> port : WATCHED) {
      if (port.isInstance(bean)) {
        return wrap(port, bean);
      }
    }
    return bean;
  }

  private Object wrap(Class<?> port, Object target) {
    return Proxy.newProxyInstance(
        port.getClassLoader(),
        new Class<?>[] {port},
        (proxy, method, args) -> {
          if (method.getDeclaringClass() != Object.class) {
            calls.add(
                Thread.currentThread().getName()
                    + " "
                    + port.getSimpleName()
                    + "."
                    + method.getName());
          }
          try {
            return method.invoke(target, args);
          } catch (InvocationTargetException e) {
            throw e.getCause();
          }
        });
  }

  /** Calls recorded after {@code mark}, each as {@code <thread> <Port>.<method>}. */
  public List<String> since(int mark) {
    List<String> all = List.copyOf(calls);
    return all.subList(Math.min(mark, all.size()), all.size());
  }

  /**
   * Calls after {@code mark} made on request threads: the usage writer, the caches' background
   * reloads, budget events and the alert sender work off the request path and are left out.
   */
  public List<String> onRequestPath(int mark) {
    return since(mark).stream()
        .filter(
            c ->
                !c.startsWith("usage-writer ")
                    && !c.startsWith("candidate-reload ")
                    && !c.startsWith("api-key-reload ")
                    && !c.startsWith("budget-events ")
                    && !c.startsWith("alert-sender "))
        .toList();
  }

  public int mark() {
    return calls.size();
  }
}
