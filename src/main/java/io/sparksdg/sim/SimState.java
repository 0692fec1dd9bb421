package io.sparksdg.sim;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/** What one simulator shares across its connections: options, counters, attempts, the log. */
final class SimState {

  /** A request's identity for attempt counting: the first 128 bits of its body hash. */
  private record Key(long high, long low) {}

  private final SimulatorOptions options;
  private final InstructModel instruct;
  // "Bearer <key>" of each accepted key, by position from 0; empty when no key is required
  private final java.util.List<byte[]> acceptedKeys = new java.util.ArrayList<>();
  private final LongAdder[] byKey;
  private final java.util.Set<Integer> revoked = ConcurrentHashMap.newKeySet();
  private final Map<Key, AtomicInteger> attempts = new ConcurrentHashMap<>();
  private final Map<String, LongAdder> byModel = new ConcurrentHashMap<>();

  /** With latency by conversation: each conversation's request bodies in the order first seen. */
  private final Map<String, java.util.List<Long>> bodiesByConversation = new ConcurrentHashMap<>();

  private final RequestLog log;
  private final LongAdder requests = new LongAdder();
  private final LongAdder ok = new LongAdder();
  private final LongAdder faulted = new LongAdder();
  private final LongAdder rejected = new LongAdder();
  private final AtomicInteger inFlight = new AtomicInteger();
  private final AtomicLong firstRequestMillis = new AtomicLong();
  private final AtomicLong lastReplyMillis = new AtomicLong();
  private final AtomicInteger peakInFlight = new AtomicInteger();
  private final ServerSlots slots;
  private final SimBatches batches;

  SimState(SimulatorOptions options, int logCapacity) {
    this.options = options;
    this.instruct = new InstructModel(options.seed(), options.repeatRate());
    if (options.requiredApiKey() != null) {
      acceptedKeys.add(("Bearer " + options.requiredApiKey()).getBytes(StandardCharsets.UTF_8));
      for (String key : options.additionalApiKeys()) {
        acceptedKeys.add(("Bearer " + key).getBytes(StandardCharsets.UTF_8));
      }
    }
    this.byKey = new LongAdder[acceptedKeys.size()];
    for (int i = 0; i < byKey.length; i++) {
      byKey[i] = new LongAdder();
    }
    this.log = new RequestLog(logCapacity);
    this.slots = new ServerSlots(options.slots());
    this.batches = new SimBatches(this);
  }

  SimBatches batches() {
    return batches;
  }

  SimulatorOptions options() {
    return options;
  }

  RequestLog log() {
    return log;
  }

  /**
   * Whether the Authorization header carries an accepted key that is not revoked (always true when
   * none is required); counts the request against the key it carried.
   */
  boolean authorized(String authorization) {
    if (acceptedKeys.isEmpty()) {
      return true;
    }
    int position = keyPosition(authorization);
    if (position < 0) {
      return false;
    }
    byKey[position].increment();
    return !revoked.contains(position);
  }

  /** The position (from 0) of the accepted key in an Authorization header; -1 for none. */
  private int keyPosition(String authorization) {
    byte[] given =
        authorization == null
            ? new byte[0]
            : authorization.strip().getBytes(StandardCharsets.UTF_8);
    int found = -1;
    for (int i = 0; i < acceptedKeys.size(); i++) {
      // constant time for each key, and every key compared
      if (MessageDigest.isEqual(acceptedKeys.get(i), given)) {
        found = i;
      }
    }
    return found;
  }

  /**
   * Revokes the key in an Authorization header: requests with it get 401 from now on. Returns its
   * position from 1, or 0 when the header carries no accepted key.
   */
  int revoke(String authorization) {
    int position = keyPosition(authorization);
    if (position < 0) {
      return 0;
    }
    revoked.add(position);
    return position + 1;
  }

  /** Counts a parsed request and returns its attempt number, 1 for the first. */
  int recordAttempt(SimRequest request) {
    byModel.computeIfAbsent(request.model(), m -> new LongAdder()).increment();
    Key key = new Key(Json.seedOf(request.bodyHash()), requestKeyLow(request));
    int attempt = attempts.computeIfAbsent(key, k -> new AtomicInteger()).incrementAndGet();
    log.add(request.model(), request.messagesHash(), attempt);
    return attempt;
  }

  /**
   * The service time of this attempt: the base latency (or, with a sigma, a lognormal draw with the
   * base latency as its mean) plus a deterministic share of the jitter.
   */
  long delayNanos(SimRequest request, int attempt) {
    long base = options.latency().toNanos();
    double sigma = options.latencySigma();
    if (sigma > 0 && base > 0) {
      double z =
          new java.util.Random(Json.mix(drawKey(request), attempt, options.seed())).nextGaussian();
      // mean exp(mu + sigma^2 / 2) = base
      base = Math.round(base * Math.exp(sigma * z - sigma * sigma / 2));
    }
    long jitter = options.latencyJitter().toNanos();
    if (jitter > 0) {
      base +=
          Math.floorMod(
              Json.mix(Json.seedOf(request.bodyHash()), attempt, options.seed()), jitter + 1);
    }
    return base;
  }

  /**
   * What a request's service time is drawn from: its body, or (with latency by conversation) its
   * conversation and how many other bodies with that conversation came first.
   */
  private long drawKey(SimRequest request) {
    long body = Json.seedOf(request.bodyHash());
    if (!options.latencyByConversation()) {
      return body;
    }
    java.util.List<Long> bodies =
        bodiesByConversation.computeIfAbsent(
            request.messagesHash(), k -> new java.util.ArrayList<>());
    int occurrence;
    synchronized (bodies) {
      occurrence = bodies.indexOf(body);
      if (occurrence < 0) {
        occurrence = bodies.size();
        bodies.add(body);
      }
    }
    return Json.mix(
        Long.parseUnsignedLong(request.messagesHash().substring(0, 16), 16),
        occurrence,
        0x6c61746eL);
  }

  FaultKind fault(SimRequest request, int attempt) {
    return FaultKind.decide(
        options.faults(), Json.seedOf(request.bodyHash()), attempt, options.seed());
  }

  /** The normal reply for the request: an instruct answer or a reward score. */
  byte[] reply(SimRequest request, int attempt) {
    long now = System.currentTimeMillis() / 1000;
    ObjectNode reply =
        !request.isReward()
            ? instruct.reply(request, attempt, now)
            : request.isScalarReward()
                ? RewardModel.scalarReply(request, attempt, now)
                : RewardModel.reply(request, attempt);
    return Json.bytes(reply);
  }

  void countRequest() {
    requests.increment();
    firstRequestMillis.compareAndSet(0, System.currentTimeMillis());
  }

  void countOk() {
    ok.increment();
    lastReplyMillis.accumulateAndGet(System.currentTimeMillis(), Math::max);
  }

  /**
   * Starts the run's window again: first request, last reply and peak in flight as if no request
   * had come, so a benchmark can warm the simulator's JIT and measure only what follows. Counts and
   * the request log stay.
   */
  void resetWindow() {
    firstRequestMillis.set(0);
    lastReplyMillis.set(0);
    peakInFlight.set(inFlight.get());
  }

  ServerSlots slots() {
    return slots;
  }

  void countFaulted() {
    faulted.increment();
  }

  void countRejected() {
    rejected.increment();
  }

  void enter() {
    int now = inFlight.incrementAndGet();
    peakInFlight.accumulateAndGet(now, Math::max);
  }

  void exit() {
    inFlight.decrementAndGet();
  }

  /** Model names requested so far plus the two generic simulated ones, sorted. */
  TreeSet<String> models() {
    TreeSet<String> models = new TreeSet<>(byModel.keySet());
    models.add("simulated-instruct");
    models.add("simulated-reward");
    return models;
  }

  SimulatorStats stats() {
    long[] batchCounts = batches.counts();
    Map<String, Long> perModel = new TreeMap<>();
    byModel.forEach((model, count) -> perModel.put(model, count.sum()));
    return new SimulatorStats(
        requests.sum(),
        ok.sum(),
        faulted.sum(),
        rejected.sum(),
        inFlight.get(),
        peakInFlight.get(),
        perModel,
        TimeUnit.NANOSECONDS.toMillis(slots.serviceNanos()),
        slots.queued(),
        slots.peakQueued(),
        firstRequestMillis.get(),
        lastReplyMillis.get(),
        keyCounts(),
        revoked.stream().map(p -> p + 1).sorted().toList(),
        batchCounts[0],
        batchCounts[1],
        batchCounts[2]);
  }

  private Map<String, Long> keyCounts() {
    Map<String, Long> counts = new TreeMap<>();
    for (int i = 0; i < byKey.length; i++) {
      counts.put(String.valueOf(i + 1), byKey[i].sum());
    }
    return counts;
  }

  private static long requestKeyLow(SimRequest request) {
    byte[] hash = request.bodyHash();
    long value = 0;
    for (int i = 8; i < 16; i++) {
      value = (value << 8) | (hash[i] & 0xff);
    }
    return value;
  }
}
