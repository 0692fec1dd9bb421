package io.sparksdg.sim;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Answers in the language a verifiable instruction asks for ("Your ENTIRE response should be in
 * Spanish language, ..."), so that simulated runs exercise the language checker instead of always
 * failing it. A few sentences per language, written to read as that language to a language
 * identifier; other requested languages get the usual English answer.
 */
final class Languages {

  private static final Pattern REQUEST =
      Pattern.compile("response should be in (\\p{L}+) language", Pattern.CASE_INSENSITIVE);

  /** Sentences by the language's English name, lowercase. */
  private static final Map<String, List<String>> SENTENCES =
      Map.ofEntries(
          Map.entry(
              "spanish",
              List.of(
                  "Esta respuesta explica el tema con ejemplos sencillos.",
                  "Los expertos recomiendan empezar por los conceptos básicos.",
                  "Además, conviene revisar los resultados con cuidado.",
                  "En resumen, la práctica constante es la clave del éxito.",
                  "Cada paso debe quedar claro antes de pasar al siguiente.")),
          Map.entry(
              "french",
              List.of(
                  "Cette réponse explique le sujet avec des exemples simples.",
                  "Les experts recommandent de commencer par les notions de base.",
                  "De plus, il faut vérifier les résultats avec soin.",
                  "En résumé, la pratique régulière est la clé de la réussite.",
                  "Chaque étape doit être claire avant de passer à la suivante.")),
          Map.entry(
              "german",
              List.of(
                  "Diese Antwort erklärt das Thema mit einfachen Beispielen.",
                  "Fachleute empfehlen, mit den Grundlagen zu beginnen.",
                  "Außerdem sollte man die Ergebnisse sorgfältig prüfen.",
                  "Zusammengefasst ist regelmäßige Übung der Schlüssel zum Erfolg.",
                  "Jeder Schritt sollte klar sein, bevor der nächste beginnt.")),
          Map.entry(
              "italian",
              List.of(
                  "Questa risposta spiega l'argomento con esempi semplici.",
                  "Gli esperti consigliano di partire dai concetti di base.",
                  "Inoltre, è meglio controllare i risultati con attenzione.",
                  "In sintesi, la pratica costante è la chiave del successo.",
                  "Ogni passaggio deve essere chiaro prima di andare avanti.")),
          Map.entry(
              "portuguese",
              List.of(
                  "Esta resposta explica o assunto com exemplos simples.",
                  "Os especialistas recomendam começar pelos conceitos básicos.",
                  "Além disso, convém verificar os resultados com cuidado.",
                  "Em resumo, a prática constante é a chave do sucesso.",
                  "Cada etapa deve ficar clara antes de passar para a seguinte.")),
          Map.entry(
              "russian",
              List.of(
                  "Этот ответ объясняет тему на простых примерах.",
                  "Специалисты советуют начинать с основных понятий.",
                  "Кроме того, результаты стоит внимательно проверить.",
                  "Короче говоря, постоянная практика — ключ к успеху.")),
          Map.entry(
              "finnish",
              List.of(
                  "Tämä vastaus selittää aiheen yksinkertaisten esimerkkien avulla.",
                  "Asiantuntijat suosittelevat aloittamaan perusasioista.",
                  "Lisäksi tulokset kannattaa tarkistaa huolellisesti.",
                  "Lyhyesti sanottuna jatkuva harjoittelu on menestyksen avain.")),
          Map.entry(
              "japanese",
              List.of(
                  "この回答では、簡単な例を使ってテーマを説明します。",
                  "専門家は基本的な考え方から始めることを勧めています。",
                  "また、結果を注意深く確認することが大切です。",
                  "つまり、継続的な練習が成功の鍵です。")),
          Map.entry(
              "korean",
              List.of(
                  "이 답변은 간단한 예를 들어 주제를 설명합니다.",
                  "전문가들은 기본 개념부터 시작할 것을 권합니다.",
                  "또한 결과를 꼼꼼히 확인하는 것이 좋습니다.",
                  "요약하자면 꾸준한 연습이 성공의 열쇠입니다.")),
          Map.entry(
              "hindi",
              List.of(
                  "यह उत्तर सरल उदाहरणों के साथ विषय को समझाता है।",
                  "विशेषज्ञ बुनियादी बातों से शुरुआत करने की सलाह देते हैं।",
                  "इसके अलावा, परिणामों की ध्यान से जाँच करनी चाहिए।",
                  "संक्षेप में, लगातार अभ्यास ही सफलता की कुंजी है।")),
          Map.entry(
              "arabic",
              List.of(
                  "تشرح هذه الإجابة الموضوع بأمثلة بسيطة.",
                  "ينصح الخبراء بالبدء بالمفاهيم الأساسية.",
                  "بالإضافة إلى ذلك، يجب مراجعة النتائج بعناية.",
                  "باختصار، الممارسة المستمرة هي مفتاح النجاح.")),
          Map.entry(
              "thai",
              List.of(
                  "คำตอบนี้อธิบายหัวข้อด้วยตัวอย่างง่ายๆ",
                  "ผู้เชี่ยวชาญแนะนำให้เริ่มจากแนวคิดพื้นฐาน",
                  "นอกจากนี้ควรตรวจสอบผลลัพธ์อย่างรอบคอบ",
                  "สรุปแล้วการฝึกฝนอย่างสม่ำเสมอคือกุญแจสู่ความสำเร็จ")),
          Map.entry(
              "vietnamese",
              List.of(
                  "Câu trả lời này giải thích chủ đề bằng những ví dụ đơn giản.",
                  "Các chuyên gia khuyên nên bắt đầu từ những khái niệm cơ bản.",
                  "Ngoài ra, cần kiểm tra kết quả một cách cẩn thận.",
                  "Tóm lại, luyện tập thường xuyên là chìa khóa của thành công.")),
          Map.entry(
              "swahili",
              List.of(
                  "Jibu hili linaeleza mada kwa mifano rahisi.",
                  "Wataalamu wanashauri kuanza na mambo ya msingi.",
                  "Zaidi ya hayo, ni vizuri kukagua matokeo kwa makini.",
                  "Kwa ufupi, mazoezi ya kila siku ndiyo ufunguo wa mafanikio.")));

  private Languages() {}

  /**
   * The language a user turn asks the answer to be in (the last turn first: a multi-turn prompt may
   * state it in its first turn), when the simulator can write it.
   */
  static Optional<String> requested(List<SimRequest.Turn> turns) {
    for (int i = turns.size() - 1; i >= 0; i--) {
      SimRequest.Turn turn = turns.get(i);
      if ("user".equals(turn.role())) {
        Optional<String> language = requested(turn.content());
        if (language.isPresent()) {
          return language;
        }
      }
    }
    return Optional.empty();
  }

  static Optional<String> requested(String text) {
    Matcher m = REQUEST.matcher(text == null ? "" : text);
    while (m.find()) {
      String language = m.group(1).toLowerCase(Locale.ROOT);
      if (SENTENCES.containsKey(language)) {
        return Optional.of(language);
      }
    }
    return Optional.empty();
  }

  /** An answer of 2 to 5 sentences in the language, marked as simulated like every answer. */
  static String answer(String language, SplittableRandom random) {
    List<String> sentences = SENTENCES.get(language);
    if (sentences == null) {
      throw new IllegalArgumentException(
          "The simulator writes no " + language + "; use one of " + SENTENCES.keySet());
    }
    boolean spaced = !language.equals("japanese");
    StringBuilder out = new StringBuilder(TextGen.MARK);
    int count = 2 + random.nextInt(4);
    for (int i = 0; i < count; i++) {
      if (i > 0 && spaced) {
        out.append(i % 3 == 0 ? "\n\n" : " ");
      } else if (i > 0) {
        out.append(i % 3 == 0 ? "\n\n" : "");
      }
      out.append(sentences.get(random.nextInt(sentences.size())));
    }
    return out.toString();
  }

  static List<String> names() {
    return List.copyOf(new TreeSet<>(SENTENCES.keySet()));
  }
}
