package io.sparksdg.sim;

import java.util.List;
import java.util.SplittableRandom;

/** Word lists the simulator draws its text from, so generated lists look topical and diverse. */
final class Vocabulary {

  static final List<String> ADJECTIVES =
      List.of(
          "quantum", "urban", "sustainable", "ancient", "digital", "coastal", "renewable",
          "medieval", "microbial", "orbital", "nocturnal", "tropical", "modular", "arctic",
          "volcanic", "minimalist", "collaborative", "autonomous", "forgotten", "seasonal",
          "regional", "experimental", "handmade", "migratory", "industrial", "acoustic",
          "botanical", "cognitive", "decentralized", "edible", "financial", "geothermal",
          "historic", "interactive", "juvenile", "kinetic", "linguistic", "maritime", "nomadic",
          "organic", "parallel", "quiet", "recursive", "subterranean", "thermal", "underwater",
          "vintage", "wild", "youthful", "zero-waste", "alpine", "baroque", "civic", "desert",
          "electric", "folk", "glacial", "hybrid", "indigenous", "lunar", "mountain", "neural",
          "public", "rural");

  static final List<String> DOMAINS =
      List.of(
          "astronomy", "gardening", "cooking", "architecture", "economics", "music", "medicine",
          "robotics", "poetry", "chemistry", "geology", "cartography", "textile", "aviation",
          "nutrition", "photography", "sailing", "beekeeping", "typography", "linguistics",
          "ecology", "archaeology", "finance", "carpentry", "ceramics", "cryptography",
          "dance", "education", "forestry", "genetics", "hydrology", "immunology", "journalism",
          "law", "logistics", "mathematics", "meteorology", "mythology", "neuroscience",
          "oceanography", "pharmacy", "philosophy", "physics", "psychology", "statistics",
          "theatre", "tourism", "urbanism", "virology", "winemaking", "zoology", "baking",
          "chess", "cycling", "energy", "fashion", "gaming", "hiking", "insurance", "knitting",
          "mining", "painting", "retail", "software");

  static final List<String> NOUNS =
      List.of(
          "networks", "gardens", "markets", "patterns", "systems", "rituals", "engines",
          "habits", "maps", "stories", "tools", "materials", "signals", "habitats", "methods",
          "puzzles", "recipes", "experiments", "communities", "archives", "instruments",
          "models", "journeys", "strategies", "machines", "festivals", "workshops", "trails",
          "cycles", "landscapes", "policies", "protocols", "sensors", "routines", "budgets",
          "schools", "bridges", "harbors", "libraries", "kitchens", "studios", "farms",
          "forests", "rivers", "cities", "villages", "satellites", "circuits", "languages",
          "textures", "colors", "metrics", "incentives", "traditions", "designs", "forecasts",
          "myths", "codes", "ledgers", "games", "songs", "crafts", "careers", "debates");

  static final List<String> SUFFIXES =
      List.of(
          "", "", "", "", "", "", "", "", " for beginners", " in practice", " at scale",
          " on a budget", " for children", " after 1900", " in small towns", " under pressure",
          " for remote teams", " in winter", " around the world", " of the future");

  static final List<String> VERBS =
      List.of(
          "shape", "improve", "connect", "challenge", "explain", "support", "transform",
          "reveal", "balance", "strengthen", "simplify", "complement", "reflect", "influence",
          "organize", "sustain", "protect", "measure", "extend", "clarify");

  static final List<String> OPENERS =
      List.of(
          "In practice,", "For example,", "In short,", "Historically,", "As a result,",
          "In many cases,", "On the other hand,", "More importantly,", "To put it simply,",
          "In addition,", "Over time,", "Notably,", "At its core,", "By contrast,", "");

  private Vocabulary() {}

  static String pick(List<String> words, SplittableRandom random) {
    return words.get(random.nextInt(words.size()));
  }
}
