package io.sparksdg.prompts.instructions;

import java.text.Normalizer;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.TreeSet;

/**
 * Seeded text that reads like real model output rather than like our own test phrasing: prose in
 * IFEval's 30 response languages (and Chinese), markdown, curly quotes and guillemets, em dashes,
 * ellipses, CJK, Indic and Thai script, emoji and joiners, NFD accents, very short and very long
 * answers. The same seed gives the same text.
 */
final class ModelOutput {

  /** Sentences per language, as a model would write them (each ends with its own punctuation). */
  static final Map<String, List<String>> SENTENCES =
      Map.ofEntries(
          Map.entry(
              "en",
              List.of(
                  "The harbor was quiet at dawn.",
                  "He said “Stop.” Then he left.",
                  "She called it ‘the best day of the year’ — and she meant it.",
                  "It’s 5 p.m. in the U.S. right now, so the office is closing.",
                  "Wait… are you sure?",
                  "The ratio is ½ and the area is 3 m² in total.",
                  "First, mix the flour and water; then let the dough rest for 30 minutes.",
                  "Dr. Green met Mr. Brown at the station.",
                  "“Why?” she asked. “Because it works.”",
                  "We waited -- then we left for the coast.",
                  "In short: keep it simple, test early, and ship often!",
                  "The café’s naïve façade hides a modern kitchen.",
                  "Visit https://example.com/docs?id=1 for the details.",
                  "Step ① comes before step ②, as the manual says.",
                  "Our family emoji 👨‍👩‍👧 renders as one glyph on most phones.",
                  "The U.N. report (published in 2021) was clear.",
                  "That’s it — nothing more to add.",
                  "Honestly? I don’t know.",
                  "e.g. the river, the bridge, and the old mill.",
                  "The price went from $3.50 to $4.25 in a week.")),
          Map.entry(
              "es",
              List.of(
                  "El puerto estaba tranquilo al amanecer.",
                  "Los pescadores preparaban sus redes y hablaban del tiempo.",
                  "¿Quieres que te lo explique otra vez?",
                  "¡Claro que sí! Es muy fácil.",
                  "Según el informe, la economía creció un 2,5 % este año.")),
          Map.entry(
              "pt",
              List.of(
                  "O porto estava calmo ao amanhecer.",
                  "Os pescadores preparavam as suas redes e conversavam sobre o tempo.",
                  "Não sei se vou conseguir chegar a tempo.",
                  "Obrigado pela sua paciência!",
                  "A reunião foi adiada para a próxima semana.")),
          Map.entry(
              "fr",
              List.of(
                  "Le port était calme à l'aube.",
                  "« Bonjour », dit-il. Puis il partit.",
                  "Les pêcheurs préparaient leurs filets et parlaient du temps.",
                  "C’est une très bonne question !",
                  "Voici les étapes à suivre pour réussir.")),
          Map.entry(
              "de",
              List.of(
                  "Der Hafen war bei Sonnenaufgang still.",
                  "Die Fischer bereiteten ihre Netze vor und sprachen über das Wetter.",
                  "„Warum nicht?“, fragte sie.",
                  "Das Ergebnis ist überraschend gut.",
                  "Straße und Maß werden mit ß geschrieben.")),
          Map.entry(
              "it",
              List.of(
                  "Il porto era tranquillo all'alba.",
                  "I pescatori preparavano le reti e parlavano del tempo.",
                  "Perché non ci proviamo insieme?",
                  "È una giornata bellissima, vero?",
                  "Grazie mille per l’aiuto!")),
          Map.entry(
              "ru",
              List.of(
                  "На рассвете в гавани было тихо.",
                  "Рыбаки готовили свои сети и говорили о погоде.",
                  "«Почему?» — спросила она.",
                  "Это очень хороший вопрос!")),
          Map.entry(
              "uk",
              List.of(
                  "На світанку в гавані було тихо.",
                  "Рибалки готували свої сіті й говорили про погоду.",
                  "Дякую за вашу допомогу!")),
          Map.entry(
              "bg",
              List.of(
                  "На разсъмване пристанището беше тихо.",
                  "Рибарите приготвяха мрежите си и говореха за времето.",
                  "Благодаря за помощта!")),
          Map.entry(
              "pl",
              List.of(
                  "O świcie w porcie panowała cisza.",
                  "Rybacy przygotowywali sieci i rozmawiali o pogodzie.",
                  "Dziękuję bardzo za pomoc!")),
          Map.entry(
              "fi",
              List.of(
                  "Satama oli hiljainen aamunkoitteessa.",
                  "Kalastajat valmistelivat verkkojaan ja puhuivat säästä.",
                  "Kiitos paljon avusta!")),
          Map.entry(
              "vi",
              List.of(
                  "Bến cảng yên tĩnh lúc bình minh.",
                  "Những người đánh cá chuẩn bị lưới và nói chuyện về thời tiết.",
                  "Cảm ơn bạn rất nhiều!")),
          Map.entry(
              "sw",
              List.of(
                  "Bandari ilikuwa kimya alfajiri.",
                  "Wavuvi walitayarisha nyavu zao na kuzungumza kuhusu hali ya hewa.",
                  "Asante sana kwa msaada wako!")),
          Map.entry(
              "ja",
              List.of(
                  "夜明けの港は静かでした。",
                  "漁師たちは網を準備しながら天気について話していました。",
                  "本当にありがとうございます！",
                  "「なぜ？」と彼女は聞いた。")),
          Map.entry(
              "ko",
              List.of("새벽의 항구는 조용했습니다.", "어부들은 그물을 준비하며 날씨에 대해 이야기했습니다.", "정말 감사합니다!", "왜요? 그냥요.")),
          Map.entry("zh", List.of("黎明时分，港口很安静。", "渔民们一边准备渔网，一边谈论天气。", "你好吗？我很好！")),
          Map.entry(
              "ar",
              List.of(
                  "كان الميناء هادئا عند الفجر.",
                  "كان الصيادون يجهزون شباكهم ويتحدثون عن الطقس.",
                  "شكرا جزيلا على مساعدتك!")),
          Map.entry(
              "fa",
              List.of(
                  "بندر در سپیده‌دم آرام بود.",
                  "ماهیگیران تورهای خود را آماده می‌کردند و درباره هوا صحبت می‌کردند.",
                  "خیلی ممنون از کمک شما!")),
          Map.entry(
              "ur",
              List.of(
                  "صبح کے وقت بندرگاہ پرسکون تھی۔",
                  "ماہی گیر اپنے جال تیار کر رہے تھے اور موسم کے بارے میں باتیں کر رہے تھے۔",
                  "آپ کی مدد کا بہت شکریہ!")),
          Map.entry(
              "he",
              List.of(
                  "הנמל היה שקט עם שחר.",
                  "הדייגים הכינו את הרשתות שלהם ודיברו על מזג האוויר.",
                  "תודה רבה על העזרה!")),
          Map.entry(
              "hi",
              List.of(
                  "भोर में बंदरगाह शांत था।",
                  "मछुआरे अपने जाल तैयार कर रहे थे और मौसम के बारे में बात कर रहे थे।",
                  "आपकी मदद के लिए बहुत धन्यवाद!")),
          Map.entry(
              "ne",
              List.of(
                  "बिहानीपख बन्दरगाह शान्त थियो।",
                  "माछा मार्नेहरूले आफ्ना जालहरू तयार पार्दै मौसमको बारेमा कुरा गरिरहेका थिए।")),
          Map.entry(
              "mr",
              List.of(
                  "पहाटे बंदर शांत होते.",
                  "मच्छीमार आपली जाळी तयार करत होते आणि हवामानाबद्दल बोलत होते.")),
          Map.entry(
              "bn",
              List.of(
                  "ভোরবেলা বন্দরটি শান্ত ছিল।",
                  "জেলেরা তাদের জাল প্রস্তুত করছিল এবং আবহাওয়া নিয়ে কথা বলছিল।",
                  "আপনার সাহায্যের জন্য অনেক ধন্যবাদ!")),
          Map.entry(
              "pa",
              List.of(
                  "ਸਵੇਰੇ ਬੰਦਰਗਾਹ ਸ਼ਾਂਤ ਸੀ।",
                  "ਮਛੇਰੇ ਆਪਣੇ ਜਾਲ ਤਿਆਰ ਕਰ ਰਹੇ ਸਨ ਅਤੇ ਮੌਸਮ ਬਾਰੇ ਗੱਲਾਂ ਕਰ ਰਹੇ ਸਨ।")),
          Map.entry(
              "gu",
              List.of(
                  "વહેલી સવારે બંદર શાંત હતું.",
                  "માછીમારો પોતાની જાળ તૈયાર કરતા હતા અને હવામાન વિશે વાત કરતા હતા.")),
          Map.entry(
              "ta",
              List.of(
                  "விடியற்காலையில் துறைமுகம் அமைதியாக இருந்தது.",
                  "மீனவர்கள் தங்கள் வலைகளைத் தயார் செய்து வானிலை பற்றிப் பேசினார்கள்.",
                  "உங்கள் உதவிக்கு மிக்க நன்றி!")),
          Map.entry(
              "te",
              List.of(
                  "తెల్లవారుజామున ఓడరేవు ప్రశాంతంగా ఉంది.",
                  "జాలర్లు తమ వలలను సిద్ధం చేసుకుంటూ వాతావరణం గురించి మాట్లాడుకున్నారు.")),
          Map.entry(
              "kn",
              List.of(
                  "ಮುಂಜಾನೆ ಬಂದರು ಶಾಂತವಾಗಿತ್ತು.",
                  "ಮೀನುಗಾರರು ತಮ್ಮ ಬಲೆಗಳನ್ನು ಸಿದ್ಧಪಡಿಸುತ್ತಾ ಹವಾಮಾನದ ಬಗ್ಗೆ ಮಾತನಾಡುತ್ತಿದ್ದರು.")),
          Map.entry(
              "ml",
              List.of(
                  "പുലർച്ചെ തുറമുഖം ശാന്തമായിരുന്നു.",
                  "മീൻപിടുത്തക്കാർ വലകൾ ഒരുക്കുകയും കാലാവസ്ഥയെക്കുറിച്ച് സംസാരിക്കുകയും ചെയ്തു.")),
          Map.entry(
              "th",
              List.of(
                  "ท่าเรือเงียบสงบในยามรุ่งอรุณ",
                  "ชาวประมงเตรียมอวนและคุยกันเรื่องสภาพอากาศ",
                  "ขอบคุณมากครับ!")));

  /** Answers so short, or so bare, that tokenizers and language identifiers are at their edge. */
  static final List<String> SHORT =
      List.of(
          "OK",
          "Ok.",
          "Yes.",
          "no",
          "HELLO",
          "WHY? BECAUSE!",
          "ㅋㅋㅋ",
          "Kiitos",
          "Kiitos!",
          "https://example.com",
          "www.example.org/path",
          "👍",
          "🚀✅",
          "42",
          "3.14",
          "…",
          "N/A",
          "Ciao!",
          "OBRIGADO!",
          "GRAZIE MILLE",
          "Merci.",
          "Danke!",
          "Gracias",
          "Спасибо",
          "ありがとう",
          "谢谢",
          "धन्यवाद",
          "ขอบคุณ",
          "ok ok ok",
          "DON’T.",
          "A.",
          "i.e.",
          "hello world",
          "THE END",
          "Sí",
          "¿Qué?",
          "Ja",
          "Nein!",
          "x",
          "—",
          "½ ² ①");

  /** Fragments at the edges of the tokenizers: abbreviations, numbers, quotes, dashes, marks. */
  static final List<String> EDGE =
      List.of(
          "He said “Stop.” Then he left.",
          "“Go.” “Now?” “Yes!”",
          "« Oui. » Non.",
          "‘Fine.’ she said.",
          "It was 5 p.m. The bus was late.",
          "See Fig. 3. It shows the trend.",
          "J. R. R. Tolkien wrote it. He was British.",
          "Approx. 3.5 kg. That is heavy.",
          "The U.S. The U.K. The E.U. all agreed.",
          "Mrs. Smith arrived. Ms. Jones didn't.",
          "It costs 5. then it costs 6.",
          "Wait... Then it ended.",
          "Wait… then it ended.",
          "So -- he said -- no.",
          "A list: 1. eggs 2. milk 3. bread.",
          "Version 2.0. Released today.",
          "(See above.) Next point.",
          "[Note.] Done.",
          "\"Quoted.\" Next.",
          "He asked, “Why?” and left.",
          "DON’T STOP — KEEP GOING… NOW!",
          "I’M SURE IT’S FINE; WE’LL SEE.",
          "JONES DIDN'T. NOBODY DID.",
          "HELLO...WORLD and OK--FINE",
          "½ cup, 2² = 4, ① first, ‿ tie, a‍b joined",
          "नमस्ते दुनिया। यह एक परीक्षण है।",
          "வணக்கம் உலகம். இது ஒரு சோதனை.",
          "สวัสดีชาวโลก นี่คือการทดสอบ",
          "café naïve résumé",
          "e\u0301te\u0301 cafe\u0301",
          "x²+y²=z² and H₂O.",
          "Co. Ltd. Inc. Corp. all closed.",
          "Dr. Who? No. Dr. No.",
          "e.g. this. i.e. that.",
          "Is it 3.14? Yes. It is π.");

  /** Pieces for punctuation-dense text, where tokenizers' rules meet. */
  private static final List<String> PIECES =
      List.of(
          "Mr.",
          "U.S.A.",
          "5.",
          "a.m.",
          "...",
          ". . .",
          "?!",
          "“",
          "”",
          "‘",
          "’",
          "«",
          "»",
          "\"",
          "'",
          "(",
          ")",
          "--",
          "—",
          "word",
          "Word",
          "WORD",
          "Then",
          "However",
          "\n",
          "\n\n",
          "\t",
          "\u001c",
          "\u00a0",
          "DON’T",
          "WON'T",
          "I'M",
          "gimme",
          "GOTTA",
          "CANNOT",
          "'TWAS",
          ":",
          ",",
          "5,000",
          "3:45",
          ";",
          "*",
          "e\u0301",
          "ΣΟΦΙΑ",
          "İSTANBUL",
          "ǈ",
          "ＡＢＣ",
          "Ⅻ",
          "½",
          "①",
          "٣",
          "ทดสอบ",
          "कि",
          "ㅋ",
          "👍",
          "‿",
          "_",
          "1.5.",
          "etc.",
          "vs.",
          "Fig.",
          "No.",
          "Co.",
          "P.S.",
          "A.B",
          "?",
          "!",
          ".");

  private static final List<String> EMOJI =
      List.of("😀", "🚀", "✅", "🎉", "👍🏽", "👨‍👩‍👧", "🏳️‍🌈", "❤️", "⚠️", "🇫🇮");

  private static final List<String> LANGS = List.copyOf(new TreeSet<>(SENTENCES.keySet()));

  private final Random rnd;

  ModelOutput(Random rnd) {
    this.rnd = rnd;
  }

  String language() {
    return rnd.nextInt(3) == 0 ? "en" : LANGS.get(rnd.nextInt(LANGS.size()));
  }

  String sentence(String lang) {
    List<String> bank = SENTENCES.get(lang);
    return bank.get(rnd.nextInt(bank.size()));
  }

  /** Some sentences, mostly in one language, now and then one in another script. */
  String prose(String lang, int sentences) {
    List<String> out = new ArrayList<>();
    for (int i = 0; i < sentences; i++) {
      out.add(
          rnd.nextInt(6) == 0
              ? EDGE.get(rnd.nextInt(EDGE.size()))
              : sentence(rnd.nextInt(8) == 0 ? language() : lang));
      if (rnd.nextInt(12) == 0) {
        out.add(EMOJI.get(rnd.nextInt(EMOJI.size())));
      }
    }
    String sep = lang.equals("ja") || lang.equals("zh") || lang.equals("th") ? "" : " ";
    return String.join(rnd.nextInt(6) == 0 ? "" : sep, out);
  }

  String paragraph(String lang) {
    return prose(lang, 1 + rnd.nextInt(4));
  }

  /** A whole answer in one of many shapes. */
  String answer() {
    String lang = language();
    String text =
        switch (rnd.nextInt(9)) {
          case 0 -> SHORT.get(rnd.nextInt(SHORT.size()));
          case 1 -> markdown(lang);
          case 2 -> dialogue();
          case 3 -> longAnswer(lang);
          case 4 -> "```python\nprint(\"hi\")  # “quoted”\n```\n\n" + paragraph(lang);
          case 5 ->
              "| Item | Note |\n|---|---|\n| A | " + sentence(lang) + " |\n\n" + paragraph(lang);
          default -> paragraphs(lang, 1 + rnd.nextInt(3), "\n\n");
        };
    return restyle(text);
  }

  /** Punctuation-dense text: abbreviations, quotes, clitics, odd spaces and scripts. */
  String fragments() {
    StringBuilder sb = new StringBuilder();
    int n = 1 + rnd.nextInt(16);
    for (int i = 0; i < n; i++) {
      sb.append(PIECES.get(rnd.nextInt(PIECES.size())));
      int r = rnd.nextInt(20);
      sb.append(r < 12 ? " " : r == 12 ? "\n" : "");
    }
    return sb.toString();
  }

  String paragraphs(String lang, int n, String separator) {
    List<String> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      out.add(paragraph(lang));
    }
    return String.join(separator, out);
  }

  String markdown(String lang) {
    StringBuilder sb = new StringBuilder();
    sb.append(rnd.nextBoolean() ? "## " : "**").append(sentence(lang));
    sb.append(sb.charAt(0) == '#' ? "\n\n" : "**\n\n");
    sb.append(paragraph(lang)).append("\n\n");
    int items = 1 + rnd.nextInt(4);
    for (int i = 1; i <= items; i++) {
      String mark =
          switch (rnd.nextInt(3)) {
            case 0 -> "- ";
            case 1 -> "* ";
            default -> i + ". ";
          };
      sb.append(mark).append(rnd.nextBoolean() ? "**" + word(lang) + "** — " : "");
      sb.append(sentence(lang)).append('\n');
    }
    return sb.append('\n').append("> ").append(sentence(lang)).toString();
  }

  String dialogue() {
    return switch (rnd.nextInt(4)) {
      case 0 -> "“Are you coming?” he asked. “Not yet,” I said. Then I went back inside.";
      case 1 -> "She whispered ‘maybe’. He didn’t hear it. « Alors ? » dit-il.";
      case 2 -> "“WAIT!” HE SHOUTED. “DON’T GO.” SHE STOPPED.";
      default -> "He said \"fine.\" Then he said “fine.” Then silence… The end.";
    };
  }

  String longAnswer(String lang) {
    return paragraphs(lang, 6 + rnd.nextInt(10), "\n\n");
  }

  /** A word from the language's bank, without punctuation. */
  String word(String lang) {
    String[] words = sentence(lang).split("[\\s\\p{P}]+");
    for (int i = 0; i < 4; i++) {
      String w = words[rnd.nextInt(words.length)];
      if (!w.isEmpty()) {
        return w;
      }
    }
    return "note";
  }

  /** Now and then upper or lower case, NFD accents, trailing blanks. */
  String restyle(String text) {
    String out = text;
    int r = rnd.nextInt(20);
    if (r == 0) {
      out = out.toUpperCase(Locale.ROOT);
    } else if (r == 1) {
      out = out.toLowerCase(Locale.ROOT);
    } else if (r == 2) {
      out = Normalizer.normalize(out, Normalizer.Form.NFD);
    }
    if (rnd.nextInt(10) == 0) {
      out = out + (rnd.nextBoolean() ? "\n" : "  \n\n");
    }
    return out;
  }

  int nextInt(int bound) {
    return rnd.nextInt(bound);
  }

  boolean nextBoolean() {
    return rnd.nextBoolean();
  }
}
