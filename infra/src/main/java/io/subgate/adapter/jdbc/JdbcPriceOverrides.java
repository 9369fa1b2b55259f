package io.subgate.adapter.jdbc;

import io.micronaut.data.jdbc.runtime.JdbcOperations;
import io.micronaut.json.JsonMapper;
import io.micronaut.json.tree.JsonNode;
import io.micronaut.transaction.annotation.Transactional;
import io.subgate.pricing.ModelPrice;
import io.subgate.pricing.PriceJson;
import io.subgate.pricing.PriceOverrides;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.ResultSet;
import java.sql.Timestamp;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** {@link PriceOverrides} in {@code price_overrides}, one JSON price per model (lower case). */
@Singleton
public class JdbcPriceOverrides implements PriceOverrides {
  private final JdbcOperations jdbc;
  private final JsonMapper json;
  private final Clock clock;

  public JdbcPriceOverrides(JdbcOperations jdbc, JsonMapper json, Clock clock) {
    this.jdbc = jdbc;
    this.json = json;
    this.clock = clock;
  }

  @Override
  @Transactional(readOnly = true)
  public List<ModelPrice> all() {
    return jdbc.prepareStatement(
        "SELECT model, price FROM price_overrides ORDER BY model",
        statement -> {
          List<ModelPrice> out = new ArrayList<>();
          try (ResultSet rs = statement.executeQuery()) {
            while (rs.next()) {
              out.add(
                  PriceJson.read(
                      json.readValue(rs.getString("price"), JsonNode.class), "override"));
            }
          } catch (IOException e) {
            throw new UncheckedIOException(e);
          }
          return out;
        });
  }

  @Override
  @Transactional
  public void put(ModelPrice price) {
    String model = price.model().toLowerCase(Locale.ROOT);
    String body;
    try {
      body = json.writeValueAsString(PriceJson.write(price));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    Timestamp now = Timestamp.from(clock.instant());
    int updated =
        jdbc.prepareStatement(
            "UPDATE price_overrides SET price = ?, updated_at = ? WHERE model = ?",
            statement -> {
              statement.setString(1, body);
              statement.setTimestamp(2, now);
              statement.setString(3, model);
              return statement.executeUpdate();
            });
    if (updated == 0) {
      jdbc.prepareStatement(
          "INSERT INTO price_overrides (model, price, updated_at) VALUES (?, ?, ?)",
          statement -> {
            statement.setString(1, model);
            statement.setString(2, body);
            statement.setTimestamp(3, now);
            return statement.executeUpdate();
          });
    }
  }

  @Override
  @Transactional
  public boolean remove(String model) {
    return jdbc.prepareStatement(
            "DELETE FROM price_overrides WHERE model = ?",
            statement -> {
              statement.setString(1, model.toLowerCase(Locale.ROOT));
              return statement.executeUpdate();
            })
        > 0;
  }
}
