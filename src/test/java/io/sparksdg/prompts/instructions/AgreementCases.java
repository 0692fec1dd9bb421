package io.sparksdg.prompts.instructions;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/**
 * Deterministic cases for comparing our checkers with IFEval's reference: random instructions of
 * every type with responses aimed at their boundaries (one below, at, one above), a pool of awkward
 * responses judged against every type, hand-written tricky cases, and the answers of {@link
 * GrownCases} that read like real model output.
 */
final class AgreementCases {

  /** One instruction and one response to judge. */
  record Case(String caseId, VerifiableInstruction instruction, String prompt, String response) {}

  static final String PROMPT = "Write a short note about the harbor at dawn.";

  private static final List<String> SENTENCES =
      List.of(
          "The harbor was quiet at dawn.",
          "Boats rocked gently against the pier!",
          "Did the fishermen leave early?",
          "A gull circled above the water.",
          "Mr. Smith opened his shop at 6 a.m. sharp.",
          "The tide rose by 1.5 meters.",
          "Nobody spoke for a while...",
          "Then the bells rang out.");

  /** Responses that stress whitespace, markdown, Unicode, JSON and boundary handling. */
  static final List<String> POOL =
      List.of(
          "",
          "   \n\t ",
          "Hello",
          "hello world",
          "HELLO WORLD, THIS IS A TEST OF THE SYSTEM.",
          "this is all lowercase and it talks about the weather in the city today.",
          "THIS ANSWER IS WRITTEN ENTIRELY IN CAPITAL LETTERS AND IT IS ABOUT THE SEA.",
          "I DON'T THINK WE CANNOT GO. It's fine, OK?",
          "Café au lait — naïve façade. Ünïcödé wörds ✓ 😀 and ÅNGSTRÖM.",
          "Straße ß and İstanbul ı; the Greek ΣΟΦΙΑ and σοφία.",
          "Trailing spaces here.   \n\n   ",
          "\"Quoted answer from start to end.\"",
          "\"Unbalanced quote at the start only.",
          "```json\n{\"answer\": 42, \"ok\": true}\n```",
          "```\n[1, 2, 3]\n```",
          "{\"a\": 1,}",
          "{\"a\": NaN}",
          "Here is JSON: {\"a\": 1}",
          "<<A Title>>\nBody text follows here.",
          "<< >>\nEmpty title.",
          "<<First>> and <<Second>> titles.",
          "Section 1\nIntro text.\nSection 2\nMore text.\nSECTION 3\nEnd.",
          "SECTION 1 alpha SECTION 2 beta",
          "* one\n* two\n- three\n** not a bullet\n*also bold*",
          "- a\n-b\n  - nested\n*\n*x",
          "This has *one highlight* and **a bold one** and ** ** empty.",
          "*a* *b* *c* *d* *e*",
          "First paragraph.\n\n***\n\nSecond paragraph.\n\n***\n\nThird paragraph.",
          "***\nLeading divider.\n***\nTrailing divider.\n***",
          "One.\n***\n***\nEmpty middle.",
          "Para one starts here.\n\nPara two starts here.\n\n\n\nPara three after blank lines.",
          "river runs.\n\n\"Garden\" grows.\n\nWindow, open.",
          "Answer one.\n******\nAnswer two.",
          "Same.\n******\nSame.",
          "******\nOnly one answer here.\n******",
          "Please fill in [name] and [address] and [ date ].",
          "Text with [unclosed bracket and ] [] [x]",
          "Main text.\n\nP.S. Remember the meeting.",
          "Main text.\np. p. s. a late note.",
          "Main text with maps. some more",
          "My answer is yes.",
          "My answer is Yes",
          "Is there anything else I can help with?",
          "That is my answer. Any other questions?\"",
          "Hope this helps!  \n",
          "Write a short note about the harbor at dawn. The harbor is calm.",
          "WRITE A SHORT NOTE ABOUT THE HARBOR AT DAWN. Sure.",
          "No commas here at all",
          "One, two, three.",
          "Dr. Who met Mrs. Jones in the U.S. Army. They talked. e.g. this one. "
              + "J. R. R. Tolkien wrote books. It costs 5. then more. Wait... Then it ended!? Yes.",
          "The river, the river and the RIVERBANK. River? rivers.",
          "Garden garden GARDEN gardening.",
          "Numbers 1,000 and 3.14 and 42 are not words? They are_words_too.",
          "tab\tseparated\twords and a\u00a0non-breaking space.",
          "Line one\r\nLine two\r\n\r\nLine three");

  /** A few sentences in each of many of IFEval's response languages. */
  static final Map<String, String> LANGUAGE_SAMPLES =
      Map.ofEntries(
          Map.entry(
              "en",
              "The harbor was quiet at dawn. The fishermen prepared their nets and talked about"
                  + " the weather while the gulls waited on the pier."),
          Map.entry(
              "es",
              "El puerto estaba tranquilo al amanecer. Los pescadores preparaban sus redes y"
                  + " hablaban del tiempo mientras las gaviotas esperaban en el muelle."),
          Map.entry(
              "pt",
              "O porto estava calmo ao amanhecer. Os pescadores preparavam as suas redes e"
                  + " conversavam sobre o tempo enquanto as gaivotas esperavam no cais."),
          Map.entry(
              "fr",
              "Le port était calme à l'aube. Les pêcheurs préparaient leurs filets et parlaient"
                  + " du temps pendant que les mouettes attendaient sur la jetée."),
          Map.entry(
              "de",
              "Der Hafen war bei Sonnenaufgang still. Die Fischer bereiteten ihre Netze vor und"
                  + " sprachen über das Wetter, während die Möwen auf dem Steg warteten."),
          Map.entry(
              "it",
              "Il porto era tranquillo all'alba. I pescatori preparavano le reti e parlavano del"
                  + " tempo mentre i gabbiani aspettavano sul molo."),
          Map.entry(
              "ru",
              "На рассвете в гавани было тихо. Рыбаки готовили свои сети и говорили о погоде,"
                  + " пока чайки ждали на причале."),
          Map.entry(
              "uk",
              "На світанку в гавані було тихо. Рибалки готували свої сіті й говорили про"
                  + " погоду, поки чайки чекали на причалі."),
          Map.entry(
              "bg",
              "На разсъмване пристанището беше тихо. Рибарите подготвяха мрежите си и говореха"
                  + " за времето, докато чайките чакаха на кея."),
          Map.entry(
              "pl",
              "O świcie w porcie było cicho. Rybacy przygotowywali sieci i rozmawiali o pogodzie,"
                  + " a mewy czekały na pomoście."),
          Map.entry(
              "fi",
              "Satama oli hiljainen aamunkoitteessa. Kalastajat valmistelivat verkkojaan ja"
                  + " puhuivat säästä, kun lokit odottivat laiturilla."),
          Map.entry(
              "vi",
              "Bến cảng yên tĩnh lúc bình minh. Những người đánh cá chuẩn bị lưới và nói chuyện"
                  + " về thời tiết trong khi những con mòng biển chờ trên cầu tàu."),
          Map.entry(
              "sw",
              "Bandari ilikuwa kimya alfajiri. Wavuvi walikuwa wakitayarisha nyavu zao na"
                  + " kuzungumza kuhusu hali ya hewa wakati shakwe wakisubiri gatini."),
          Map.entry("ja", "夜明けの港は静かでした。漁師たちは網の準備をしながら天気について話し、カモメは桟橋で待っていました。"),
          Map.entry("ko", "새벽의 항구는 조용했다. 어부들은 그물을 준비하며 날씨에 대해 이야기했고 갈매기들은 부두에서 기다렸다."),
          Map.entry(
              "ar",
              "كان الميناء هادئا عند الفجر. كان الصيادون يجهزون شباكهم ويتحدثون عن الطقس بينما"
                  + " كانت النوارس تنتظر على الرصيف."),
          Map.entry(
              "fa",
              "بندر هنگام سپیده دم آرام بود. ماهیگیران تورهای خود را آماده می کردند و درباره"
                  + " هوا صحبت می کردند در حالی که مرغان دریایی روی اسکله منتظر بودند."),
          Map.entry(
              "he",
              "הנמל היה שקט עם שחר. הדייגים הכינו את הרשתות שלהם ודיברו על מזג האוויר בזמן"
                  + " שהשחפים חיכו על המזח."),
          Map.entry(
              "hi",
              "भोर के समय बंदरगाह शांत था। मछुआरे अपने जाल तैयार कर रहे थे और मौसम के बारे में बात"
                  + " कर रहे थे, जबकि समुद्री पक्षी घाट पर इंतज़ार कर रहे थे।"),
          Map.entry(
              "bn",
              "ভোরবেলা বন্দরটি শান্ত ছিল। জেলেরা তাদের জাল প্রস্তুত করছিল এবং আবহাওয়া নিয়ে কথা"
                  + " বলছিল, আর গাঙচিলেরা ঘাটে অপেক্ষা করছিল।"),
          Map.entry(
              "th",
              "ท่าเรือเงียบสงบในยามรุ่งอรุณ ชาวประมงกำลังเตรียมอวนและพูดคุยกันเรื่องอากาศ ขณะที่นกนางนวลรออยู่บนท่าเทียบเรือ"),
          Map.entry(
              "ta",
              "விடியற்காலையில் துறைமுகம் அமைதியாக இருந்தது. மீனவர்கள் தங்கள் வலைகளைத் தயார்"
                  + " செய்துகொண்டு வானிலை பற்றிப் பேசினார்கள்."),
          Map.entry(
              "te",
              "తెల్లవారుజామున ఓడరేవు ప్రశాంతంగా ఉంది. జాలర్లు తమ వలలను సిద్ధం చేసుకుంటూ వాతావరణం"
                  + " గురించి మాట్లాడుకున్నారు."));

  private AgreementCases() {}

  static List<Case> all() {
    List<Case> cases = new ArrayList<>();
    Random rnd = new Random(20240611L);
    for (String id : InstructionRegistry.ids()) {
      for (int k = 0; k < 4; k++) {
        VerifiableInstruction instruction = InstructionRegistry.random(id, rnd);
        List<String> responses = aimed(instruction, rnd);
        for (int r = 0; r < responses.size(); r++) {
          cases.add(
              new Case(
                  id + "/aimed-" + k + "-" + r,
                  instruction,
                  prompt(instruction),
                  responses.get(r)));
        }
        // a few pool responses per random instance; every pool response for the first one
        List<Integer> picks = IntStream.range(0, POOL.size()).boxed().collect(Collectors.toList());
        Collections.shuffle(picks, rnd);
        int take = k == 0 ? POOL.size() : 6;
        for (int p : picks.subList(0, take)) {
          cases.add(
              new Case(id + "/pool-" + k + "-" + p, instruction, prompt(instruction), POOL.get(p)));
        }
      }
    }
    cases.addAll(tricky());
    cases.addAll(GrownCases.all());
    return cases;
  }

  private static String prompt(VerifiableInstruction instruction) {
    return instruction instanceof Combination.RepeatPrompt repeat
        ? repeat.promptToRepeat()
        : PROMPT;
  }

  /** Responses built for one instruction: passing ones and near misses. */
  static List<String> aimed(VerifiableInstruction instruction, Random rnd) {
    if (instruction instanceof Keywords.Existence e) {
      String all = "We walked by the " + String.join(" and the ", e.keywords()) + " today.";
      String upper = all.toUpperCase();
      String missing = "We walked by the " + e.keywords().get(0) + "s today.";
      return List.of(all, upper, e.keywords().size() > 1 ? missing : "Nothing relevant here.");
    }
    if (instruction instanceof Keywords.Frequency f) {
      return List.of(
          repeatWord(f.keyword(), f.frequency() - 1),
          repeatWord(f.keyword(), f.frequency()),
          repeatWord(f.keyword(), f.frequency() + 1));
    }
    if (instruction instanceof Keywords.ForbiddenWords f) {
      String word = f.forbiddenWords().get(0);
      return List.of(
          "A plain sentence with none of them.",
          "Here the " + Character.toUpperCase(word.charAt(0)) + word.substring(1) + " appears.",
          "Only " + word + "s and sub" + word + " appear.");
    }
    if (instruction instanceof Keywords.LetterFrequency l) {
      return List.of(
          letters(l.letter(), l.letFrequency() - 1),
          letters(l.letter(), l.letFrequency()),
          letters(l.letter(), l.letFrequency() + 1),
          sentences(rnd, 3));
    }
    if (instruction instanceof Length.NumberSentences s) {
      return List.of(
          sentences(rnd, s.numSentences() - 1),
          sentences(rnd, s.numSentences()),
          sentences(rnd, s.numSentences() + 1));
    }
    if (instruction instanceof Length.NumberParagraphs p) {
      int n = p.numParagraphs();
      return List.of(
          paragraphs(n - 1, "\n\n***\n\n"),
          paragraphs(n, "\n\n***\n\n"),
          paragraphs(n + 1, "\n***\n"),
          "***\n" + paragraphs(n, " *** ") + "\n***");
    }
    if (instruction instanceof Length.NumberWords w) {
      return List.of(
          words(rnd, w.numWords() - 1), words(rnd, w.numWords()), words(rnd, w.numWords() + 1));
    }
    if (instruction instanceof Length.NthParagraphFirstWord p) {
      return List.of(
          nthParagraphs(p, p.numParagraphs(), p.firstWord()),
          nthParagraphs(p, p.numParagraphs(), "\"" + capitalized(p.firstWord()) + ",\""),
          nthParagraphs(p, p.numParagraphs() + 1, p.firstWord()),
          nthParagraphs(p, p.numParagraphs(), "the"));
    }
    if (instruction instanceof Content.NumberPlaceholders p) {
      return List.of(
          placeholders(p.numPlaceholders() - 1),
          placeholders(p.numPlaceholders()),
          placeholders(p.numPlaceholders() + 1));
    }
    if (instruction instanceof Content.Postscript p) {
      return List.of(
          "The note.\n\n" + p.postscriptMarker() + " See you soon.",
          "The note.\n\n" + p.postscriptMarker().toLowerCase() + " see you soon.",
          "The note without any postscript.");
    }
    if (instruction instanceof Format.NumberBulletLists b) {
      return List.of(
          bullets(b.numBullets() - 1), bullets(b.numBullets()), bullets(b.numBullets() + 1));
    }
    if (instruction instanceof Format.ConstrainedResponse) {
      return List.of("My answer is no.", "Well... My answer is maybe. Thanks", "My answer: yes");
    }
    if (instruction instanceof Format.NumberHighlightedSections h) {
      return List.of(
          highlights(h.numHighlights() - 1),
          highlights(h.numHighlights()),
          highlights(h.numHighlights() + 1));
    }
    if (instruction instanceof Format.MultipleSections s) {
      return List.of(
          sections(s.sectionSpliter(), s.numSections() - 1),
          sections(s.sectionSpliter(), s.numSections()),
          sections(s.sectionSpliter().toLowerCase(), s.numSections()));
    }
    if (instruction instanceof Format.JsonFormat) {
      return List.of(
          "{\"name\": \"harbor\", \"boats\": [1, 2, 3]}",
          "```JSON\n{\"nested\": {\"x\": null}}\n```",
          "{'single': 'quotes'}",
          "\"just a string\"");
    }
    if (instruction instanceof Format.Title) {
      return List.of("<<Morning at the Harbor>>\nText.", "<<>>\nText.", "<Morning>\nText.");
    }
    if (instruction instanceof Combination.TwoResponses) {
      return List.of(
          "First answer.\n******\nSecond answer.",
          "First answer.\n******\nFirst answer.",
          "One.\n******\nTwo.\n******\nThree.");
    }
    if (instruction instanceof Combination.RepeatPrompt r) {
      return List.of(
          r.promptToRepeat() + "\nHere is my answer.",
          "  " + r.promptToRepeat().toUpperCase() + " Answer.",
          "Sure! " + r.promptToRepeat());
    }
    if (instruction instanceof StartEnd.EndChecker e) {
      return List.of(
          "Some text. " + e.endPhrase(),
          "\"Some text. " + e.endPhrase().toLowerCase() + "\"\n",
          "Some text. " + e.endPhrase() + " Bye.");
    }
    if (instruction instanceof StartEnd.Quotation) {
      return List.of("\"All quoted.\"", "  \"Quoted with spaces\"  ", "\"", "Not quoted.");
    }
    if (instruction instanceof ChangeCase.CapitalWordFrequency c) {
      return List.of(
          capitals(c.capitalFrequency() - 1),
          capitals(c.capitalFrequency()),
          capitals(c.capitalFrequency() + 1));
    }
    if (instruction instanceof ChangeCase.EnglishCapital) {
      return List.of(
          "THE HARBOR WAS QUIET AT DAWN AND THE BOATS WERE STILL.",
          "The harbor was quiet at dawn and the boats were still.");
    }
    if (instruction instanceof ChangeCase.EnglishLowercase) {
      return List.of(
          "the harbor was quiet at dawn and the boats were still.",
          "the harbor was quiet at dawn and I watched the boats.");
    }
    if (instruction instanceof Language.ResponseLanguage l) {
      List<String> out = new ArrayList<>();
      String own = LANGUAGE_SAMPLES.get(l.language());
      if (own != null) {
        out.add(own);
      }
      // in key order: Map.ofEntries iterates in an order that changes from one JVM to the next
      List<String> others = new ArrayList<>(new TreeMap<>(LANGUAGE_SAMPLES).values());
      others.remove(own);
      Collections.shuffle(others, rnd);
      out.addAll(others.subList(0, 3));
      return out;
    }
    if (instruction instanceof Punctuation.NoComma) {
      return List.of("No commas in this one.", "Yes, one comma.");
    }
    throw new IllegalStateException("No responses for " + instruction.id());
  }

  private static String repeatWord(String word, int times) {
    StringBuilder sb = new StringBuilder("Notes:");
    for (int i = 0; i < times; i++) {
      sb.append(i % 2 == 0 ? " the " + word : " the " + word.toUpperCase() + ",");
    }
    return sb.append(" done.").toString();
  }

  private static String letters(String letter, int times) {
    StringBuilder sb = new StringBuilder("#");
    for (int i = 0; i < times; i++) {
      sb.append(' ').append(i % 2 == 0 ? letter : letter.toUpperCase()).append(i);
    }
    return sb.toString();
  }

  private static String sentences(Random rnd, int n) {
    List<String> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      out.add(SENTENCES.get(rnd.nextInt(SENTENCES.size())));
    }
    return n == 0 ? "just words without an end" : String.join(" ", out);
  }

  private static String paragraphs(int n, String divider) {
    List<String> out = new ArrayList<>();
    for (int i = 1; i <= n; i++) {
      out.add("Paragraph " + i + " talks about the harbor.");
    }
    return n == 0 ? "No paragraphs" : String.join(divider, out);
  }

  private static String words(Random rnd, int n) {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < n; i++) {
      sb.append(i == 0 ? "" : (i % 17 == 0 ? ".\n" : " "));
      sb.append(Keywords.WORDS.get(rnd.nextInt(Keywords.WORDS.size())));
    }
    return sb.append('.').toString();
  }

  private static String nthParagraphs(Length.NthParagraphFirstWord p, int count, String first) {
    List<String> out = new ArrayList<>();
    for (int i = 1; i <= count; i++) {
      out.add((i == p.nthParagraph() ? first : "Paragraph") + " number " + i + " is here.");
    }
    return String.join("\n\n", out);
  }

  private static String placeholders(int n) {
    StringBuilder sb = new StringBuilder("Dear [name],");
    for (int i = 1; i < n; i++) {
      sb.append(" see [field ").append(i).append(']');
    }
    return n == 0 ? "Dear friend, no placeholders." : sb.toString();
  }

  private static String bullets(int n) {
    StringBuilder sb = new StringBuilder("Points:\n");
    for (int i = 0; i < n; i++) {
      sb.append(i % 2 == 0 ? "* point " : "- point ").append(i).append('\n');
    }
    return sb.append("That is all.").toString();
  }

  private static String highlights(int n) {
    StringBuilder sb = new StringBuilder("Text");
    for (int i = 0; i < n; i++) {
      sb.append(i % 2 == 0 ? " *part " + i + "*" : " **bold " + i + "**");
    }
    return sb.append(" end.").toString();
  }

  private static String sections(String marker, int n) {
    StringBuilder sb = new StringBuilder();
    for (int i = 1; i <= n; i++) {
      sb.append(marker).append(' ').append(i).append("\nContent ").append(i).append(".\n");
    }
    return n == 0 ? "No sections at all." : sb.toString();
  }

  private static String capitals(int n) {
    StringBuilder sb = new StringBuilder("Some words");
    for (int i = 0; i < n; i++) {
      sb.append(i % 3 == 2 ? " DON'T" : " LOUD");
    }
    return sb.append(" end.").toString();
  }

  private static String capitalized(String word) {
    return Character.toUpperCase(word.charAt(0)) + word.substring(1);
  }

  private static Case tricky(String name, String id, Map<String, Object> params, String response) {
    return new Case("tricky/" + name, InstructionRegistry.create(id, params), PROMPT, response);
  }

  /** Hand-written cases at edges the generated ones may miss. */
  static List<Case> tricky() {
    String words = Length.NumberWords.ID;
    String sentences = Length.NumberSentences.ID;
    return List.of(
        tricky(
            "words-at-boundary-less",
            words,
            Map.of("num_words", 3, "relation", "less than"),
            "one two three"),
        tricky(
            "words-at-boundary-atleast",
            words,
            Map.of("num_words", 3, "relation", "at least"),
            "one two three"),
        tricky(
            "words-hyphen",
            words,
            Map.of("num_words", 4, "relation", "at least"),
            "well-known state-of art"),
        tricky(
            "words-apostrophe",
            words,
            Map.of("num_words", 3, "relation", "less than"),
            "don't stop"),
        tricky(
            "sentences-abbrev",
            sentences,
            Map.of("num_sentences", 2, "relation", "less than"),
            "Mr. Smith met Dr. Jones."),
        tricky(
            "sentences-question",
            sentences,
            Map.of("num_sentences", 3, "relation", "at least"),
            "Really?! Yes. Okay"),
        tricky(
            "sentences-ellipsis",
            sentences,
            Map.of("num_sentences", 2, "relation", "at least"),
            "Wait... then go."),
        tricky(
            "sentences-no-space",
            sentences,
            Map.of("num_sentences", 2, "relation", "at least"),
            "One.Two.Three."),
        tricky(
            "sentences-newlines",
            sentences,
            Map.of("num_sentences", 3, "relation", "at least"),
            "Line one\nLine two\nLine three."),
        tricky(
            "paragraphs-trailing-ws",
            Length.NumberParagraphs.ID,
            Map.of("num_paragraphs", 2),
            "A\n***\nB   \n\n"),
        tricky(
            "highlight-bold-only",
            Format.NumberHighlightedSections.ID,
            Map.of("num_highlights", 1),
            "**bold**"),
        tricky(
            "highlight-spaces",
            Format.NumberHighlightedSections.ID,
            Map.of("num_highlights", 1),
            "* *"),
        tricky(
            "end-with-quote", StartEnd.EndChecker.ID, Map.of("end_phrase", "Bye."), "Text. Bye.\""),
        tricky(
            "end-unicode", StartEnd.EndChecker.ID, Map.of("end_phrase", "Ça va?"), "Salut. ÇA VA?"),
        tricky(
            "letter-unicode-dotted-i",
            Keywords.LetterFrequency.ID,
            Map.of("letter", "i", "let_frequency", 2, "let_relation", "at least"),
            "İ and ı"),
        tricky("json-trailing-comma", Format.JsonFormat.ID, Map.of(), "[1, 2,]"),
        tricky("json-number", Format.JsonFormat.ID, Map.of(), "  42  "),
        tricky("json-infinity", Format.JsonFormat.ID, Map.of(), "[Infinity, -Infinity]"),
        tricky("json-fence-lower-json", Format.JsonFormat.ID, Map.of(), "```json{\"a\":1}```"),
        tricky("title-spanning-lines", Format.Title.ID, Map.of(), "<<broken\ntitle>>"),
        tricky(
            "sections-inline",
            Format.MultipleSections.ID,
            Map.of("section_spliter", "Section", "num_sections", 2),
            "See Section 1 and Section 2 above."),
        tricky(
            "bullets-dash-text",
            Format.NumberBulletLists.ID,
            Map.of("num_bullets", 1),
            "- item\n--- rule"),
        tricky(
            "capital-i",
            ChangeCase.CapitalWordFrequency.ID,
            Map.of("capital_frequency", 2, "capital_relation", "at least"),
            "I think I can."),
        tricky(
            "capital-acronym",
            ChangeCase.CapitalWordFrequency.ID,
            Map.of("capital_frequency", 3, "capital_relation", "less than"),
            "NASA and the U.S. and A1 and 2024."),
        tricky("lowercase-digits-only", ChangeCase.EnglishLowercase.ID, Map.of(), "12345"),
        tricky("quotation-single-char", StartEnd.Quotation.ID, Map.of(), " \" "),
        tricky(
            "two-responses-padded",
            Combination.TwoResponses.ID,
            Map.of(),
            "\n******\nA\n******\nB\n******\n"),
        tricky(
            "forbidden-apostrophe",
            Keywords.ForbiddenWords.ID,
            Map.of("forbidden_words", List.of("river")),
            "The river's edge."),
        tricky(
            "existence-case",
            Keywords.Existence.ID,
            Map.of("keywords", List.of("Pizza")),
            "we love PIZZA"),
        tricky(
            "frequency-overlap",
            Keywords.Frequency.ID,
            Map.of("keyword", "aa", "frequency", 2, "relation", "at least"),
            "aaa"),
        tricky(
            "placeholder-multiline",
            Content.NumberPlaceholders.ID,
            Map.of("num_placeholders", 1),
            "[open\nclose]"),
        tricky(
            "postscript-inline",
            Content.Postscript.ID,
            Map.of("postscript_marker", "P.S."),
            "Text p.s. inline"),
        tricky(
            "nth-first-word-quote",
            Length.NthParagraphFirstWord.ID,
            Map.of("num_paragraphs", 2, "nth_paragraph", 2, "first_word", "river"),
            "Intro.\n\n'River' flows."),
        tricky(
            "language-no-letters",
            Language.ResponseLanguage.ID,
            Map.of("language", "de"),
            "12345 67 !!! 3.14"),
        tricky(
            "language-url-and-spanish",
            Language.ResponseLanguage.ID,
            Map.of("language", "es"),
            "Consulte https://example.com/harbor para más información sobre el puerto y sus"
                + " barcos."),
        tricky(
            "language-mostly-english-with-french",
            Language.ResponseLanguage.ID,
            Map.of("language", "en"),
            "The harbor was quiet at dawn, as the old song says: la mer est calme ce matin."),
        tricky(
            "language-mostly-french-with-english",
            Language.ResponseLanguage.ID,
            Map.of("language", "fr"),
            "Le port était calme à l'aube et les pêcheurs parlaient du temps. Good morning!"),
        tricky(
            "language-cyrillic-russian-as-ukrainian",
            Language.ResponseLanguage.ID,
            Map.of("language", "uk"),
            "На рассвете в гавани было тихо, и рыбаки говорили о погоде."),
        tricky(
            "nth-leading-blank",
            Length.NthParagraphFirstWord.ID,
            Map.of("num_paragraphs", 2, "nth_paragraph", 1, "first_word", "river"),
            "\n\nRiver one.\n\nTwo."));
  }
}
