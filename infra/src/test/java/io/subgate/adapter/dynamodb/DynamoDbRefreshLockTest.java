package io.subgate.adapter.dynamodb;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.subgate.testing.DynamoDbLocal;
import io.subgate.token.RefreshLock;
import io.subgate.token.RefreshLockContract;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.threeten.extra.MutableClock;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DynamoDbRefreshLockTest extends RefreshLockContract {
  private final DynamoDbLocal local = DynamoDbLocal.start();
  private final DynamoDbClient client = client(local.endpoint());
  // Starts at the real time: DynamoDB Local's TTL sweeper deletes items whose cleanup "ttl" is
  // past by the wall clock, so a clock fixed in the past let it free held leases mid-test (a CI run
  // lost one update in mutualExclusion that way).
  private final MutableClock clock =
      MutableClock.of(Instant.now().truncatedTo(ChronoUnit.SECONDS), ZoneOffset.UTC);
  private final DynamoDbRefreshLock lock;

  DynamoDbRefreshLockTest() {
    DynamoDbRefreshLock.createTable(client, "locks");
    lock = new DynamoDbRefreshLock(client, "locks", clock);
  }

  static DynamoDbClient client(String endpoint) {
    return DynamoDbClient.builder()
        .endpointOverride(URI.create(endpoint))
        .region(Region.US_EAST_1)
        .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("t", "t")))
        .httpClient(UrlConnectionHttpClient.create())
        .build();
  }

  @AfterAll
  void stop() {
    client.close();
    local.close();
  }

  @Override
  protected RefreshLock lock() {
    return lock;
  }

  @Override
  protected void letExpire(String key, Duration lease) {
    clock.add(lease.plusMillis(1));
  }

  @Test
  void item_carriesOwnerLeaseEndAndCleanupTtl() {
    String key = "gemini:account:item-check";
    var lease = lock.tryAcquire(key, Duration.ofSeconds(60)).orElseThrow();
    Map<String, AttributeValue> item =
        client
            .getItem(b -> b.tableName("locks").key(Map.of("pk", AttributeValue.fromS(key))))
            .item();
    assertEquals(AttributeValue.fromS(lease.owner()), item.get("owner"));
    assertEquals(
        AttributeValue.fromN(Long.toString(clock.instant().plusSeconds(60).toEpochMilli())),
        item.get("expiresAtEpochMs"));
    long ttl = Long.parseLong(java.util.Objects.requireNonNull(item.get("ttl")).n());
    assertTrue(
        ttl >= clock.instant().plusSeconds(60).plus(Duration.ofHours(1)).getEpochSecond(),
        "the cleanup ttl lies an hour past the lease end, so DynamoDB never deletes a live lease");
    assertTrue(lock.release(lease));
    assertTrue(
        client
            .getItem(b -> b.tableName("locks").key(Map.of("pk", AttributeValue.fromS(key))))
            .item()
            .isEmpty());
  }

  @Test
  void heldLease_survivesDynamoDbLocalsTtlSweep() {
    // DynamoDB Local sweeps items whose ttl is past by the wall clock once a second; 2.5 s covers
    // two sweeps.
    String key = "gemini:account:ttl-sweep";
    var lease = lock.tryAcquire(key, Duration.ofSeconds(60)).orElseThrow();
    java.util.concurrent.locks.LockSupport.parkNanos(Duration.ofMillis(2500).toNanos());
    assertTrue(lock.tryAcquire(key, Duration.ofSeconds(60)).isEmpty(), "the lease is still held");
    assertTrue(lock.release(lease));
  }
}
