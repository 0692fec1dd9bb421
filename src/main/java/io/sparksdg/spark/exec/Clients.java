package io.sparksdg.spark.exec;

import io.sparksdg.model.ChatClient;
import io.sparksdg.model.RewardClient;
import io.sparksdg.model.http.HttpModelClients;
import java.util.Map;

/** The clients of this JVM for the function's endpoints, by endpoint name. */
public final class Clients {
  private final Map<String, Target> targets;
  private final Map<String, ChatClient> chats;

  Clients(Map<String, Target> targets) {
    this(targets, Map.of());
  }

  /** Clients whose chat client of an endpoint in {@code chats} is that one (batch mode). */
  Clients(Map<String, Target> targets, Map<String, ChatClient> chats) {
    this.targets = targets;
    this.chats = chats;
  }

  public ChatClient chat(String endpoint) {
    ChatClient own = chats.get(endpoint);
    if (own != null) {
      return own;
    }
    Target t = targets.get(endpoint);
    return HttpModelClients.chat(t.name(), t.config());
  }

  public RewardClient reward(String endpoint) {
    Target t = targets.get(endpoint);
    return HttpModelClients.reward(t.name(), t.config());
  }
}
