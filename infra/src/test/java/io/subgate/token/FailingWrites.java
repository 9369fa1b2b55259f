package io.subgate.token;

import io.subgate.account.AccountRepository;
import io.subgate.account.Credentials;
import java.lang.reflect.Proxy;

/** Wraps a repository so that its next credentials write fails as if the database went away. */
final class FailingWrites {
  private FailingWrites() {}

  static AccountRepository wrap(AccountRepository real, boolean[] failNext) {
    return (AccountRepository)
        Proxy.newProxyInstance(
            AccountRepository.class.getClassLoader(),
            new Class<?>[] {AccountRepository.class},
            (proxy, method, args) -> {
              if (method.getName().equals("compareAndSetCredentials")
                  && args[2] instanceof Credentials
                  && failNext[0]) {
                failNext[0] = false;
                throw new IllegalStateException("database connection lost");
              }
              try {
                return method.invoke(real, args);
              } catch (java.lang.reflect.InvocationTargetException e) {
                throw e.getCause();
              }
            });
  }
}
