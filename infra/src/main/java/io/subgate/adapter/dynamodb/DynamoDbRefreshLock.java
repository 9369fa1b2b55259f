package io.subgate.adapter.dynamodb;

import io.subgate.token.BackendUnavailableException;
import io.subgate.token.Lease;
import io.subgate.token.RefreshLock;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;

/**
 * {@link RefreshLock} on DynamoDB: one conditional {@code PutItem} takes a free or expired lease
 * (the expiry is compared with {@code :now} from the injected clock, never with DynamoDB's lazy
 * TTL), and an owner-conditioned {@code DeleteItem} releases it. The {@code ttl} attribute only
 * lets DynamoDB clean up abandoned items.
 */
public final class DynamoDbRefreshLock implements RefreshLock {
  static final String PK = "pk";
  static final String OWNER = "owner";
  static final String EXPIRES = "expiresAtEpochMs";
  static final String TTL = "ttl";
  private static final Duration CLEANUP_GRACE = Duration.ofHours(1);

  private final DynamoDbClient dynamo;
  private final String table;
  private final Clock clock;

  public DynamoDbRefreshLock(DynamoDbClient dynamo, String table, Clock clock) {
    this.dynamo = dynamo;
    this.table = table;
    this.clock = clock;
  }

  @Override
  public Optional<Lease> tryAcquire(String key, Duration leaseTime) {
    String owner = UUID.randomUUID().toString();
    Instant now = clock.instant();
    Instant expires = now.plus(leaseTime);
    try {
      dynamo.putItem(
          b ->
              b.tableName(table)
                  .item(
                      Map.of(
                          PK, AttributeValue.fromS(key),
                          OWNER, AttributeValue.fromS(owner),
                          EXPIRES, number(expires.toEpochMilli()),
                          TTL, number(expires.plus(CLEANUP_GRACE).getEpochSecond())))
                  .conditionExpression("attribute_not_exists(#pk) OR #exp < :now")
                  // "owner" and "ttl" are DynamoDB reserved words; every name goes through
                  // #aliases.
                  .expressionAttributeNames(Map.of("#pk", PK, "#exp", EXPIRES))
                  .expressionAttributeValues(Map.of(":now", number(now.toEpochMilli()))));
      return Optional.of(new Lease(key, owner, "dynamodb"));
    } catch (ConditionalCheckFailedException e) {
      return Optional.empty();
    } catch (SdkException e) {
      throw new BackendUnavailableException("dynamodb", e);
    }
  }

  @Override
  public boolean release(Lease lease) {
    try {
      dynamo.deleteItem(
          b ->
              b.tableName(table)
                  .key(Map.of(PK, AttributeValue.fromS(lease.key())))
                  .conditionExpression("#owner = :owner")
                  .expressionAttributeNames(Map.of("#owner", OWNER))
                  .expressionAttributeValues(
                      Map.of(":owner", AttributeValue.fromS(lease.owner()))));
      return true;
    } catch (ConditionalCheckFailedException e) {
      return false;
    } catch (SdkException e) {
      throw new BackendUnavailableException("dynamodb", e);
    }
  }

  /**
   * Creates the lock table (pay per request) with TTL on {@code ttl}; for local setups and tests.
   */
  public static void createTable(DynamoDbClient dynamo, String table) {
    dynamo.createTable(
        b ->
            b.tableName(table)
                .billingMode(BillingMode.PAY_PER_REQUEST)
                .attributeDefinitions(
                    AttributeDefinition.builder()
                        .attributeName(PK)
                        .attributeType(ScalarAttributeType.S)
                        .build())
                .keySchema(
                    KeySchemaElement.builder().attributeName(PK).keyType(KeyType.HASH).build()));
    dynamo.updateTimeToLive(
        b -> b.tableName(table).timeToLiveSpecification(t -> t.attributeName(TTL).enabled(true)));
  }

  private static AttributeValue number(long value) {
    return AttributeValue.fromN(Long.toString(value));
  }
}
