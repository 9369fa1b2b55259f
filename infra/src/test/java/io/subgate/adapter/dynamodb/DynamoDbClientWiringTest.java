package io.subgate.adapter.dynamodb;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.micronaut.context.ApplicationContext;
import io.subgate.testing.DynamoDbLocal;
import io.subgate.testing.TestServices;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;

/** The context's DynamoDbClient honours the endpoint override, so it can target DynamoDB Local. */
class DynamoDbClientWiringTest {

  @Test
  void injectedClient_talksToTheOverriddenEndpoint() {
    try (DynamoDbLocal local = DynamoDbLocal.start();
        ApplicationContext ctx =
            TestServices.context(
                TestServices.freshH2Url(),
                Map.of(
                    "aws.services.dynamodb.endpoint-override",
                    local.endpoint(),
                    "aws.region",
                    "us-east-1"))) {
      DynamoDbClient client = ctx.getBean(DynamoDbClient.class);
      client.createTable(
          b ->
              b.tableName("wiring")
                  .billingMode(BillingMode.PAY_PER_REQUEST)
                  .attributeDefinitions(
                      AttributeDefinition.builder()
                          .attributeName("pk")
                          .attributeType(ScalarAttributeType.S)
                          .build())
                  .keySchema(
                      KeySchemaElement.builder()
                          .attributeName("pk")
                          .keyType(KeyType.HASH)
                          .build()));
      client.putItem(b -> b.tableName("wiring").item(Map.of("pk", AttributeValue.fromS("hello"))));
      Map<String, AttributeValue> item =
          client
              .getItem(b -> b.tableName("wiring").key(Map.of("pk", AttributeValue.fromS("hello"))))
              .item();
      assertEquals(AttributeValue.fromS("hello"), item.get("pk"));
      assertEquals(1, client.listTables().tableNames().size());
    }
  }
}
