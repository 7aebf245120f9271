package org.sanphalang.checkin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import java.time.Duration;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.sanphalang.checkin.internal.CheckInGrammar;
import org.sanphalang.checkin.internal.Lexicon;

class CheckInRobustnessTest {

    private final CheckInParser parser = new CheckInParser();

    @Test
    void aHundredThousandCharacterMessageIsReadQuicklyFromItsStart() {
        String text = "ขาย 50 ห่อ " + "ข้าวแต๋น 555 ฮ่าๆ 1,000 บาท ".repeat(4_000);
        assertThat(text.length()).isGreaterThan(100_000);

        long start = System.nanoTime();
        ParsedMessage m = parser.parse(text);
        Duration took = Duration.ofNanos(System.nanoTime() - start);

        assertThat(took).isLessThan(Duration.ofSeconds(1));
        assertThat(m.kind()).isEqualTo(ParsedMessage.Kind.CHECKIN);
        assertThat(m.sold()).isEqualTo(new Quantity(new java.math.BigDecimal(50), "pack"));
    }

    @Test
    void aMessageCutInsideASurrogatePairDoesNotBreak() {
        String text = "x".repeat(1_999) + "😊 ขาย 10 ห่อ";
        assertThatCode(() -> parser.parse(text)).doesNotThrowAnyException();
    }

    /**
     * Calls the grammar directly: {@link CheckInParser#parse} swallows exceptions, which would hide the bugs this
     * test is here to find.
     */
    @Test
    void neverThrowsOnRandomJunk() {
        CheckInGrammar grammar = new CheckInGrammar(Lexicon.load());
        String alphabet = "ขายผลิตทำห่อถุงกก.บาท฿คนโมงร้อยพันหมื่นแสนล้านสองห้าเอ็ดยี่สิบละรวมกว่าต่อค่าจองเสียไม่ได้"
                + "เแโใไ่้๊๋็์ัิีึืุูำะา๐๑๒๓๔๕๖๗๘๙0123456789,,..:/-+$%kK abcdefghijklmnopqrstuvwxyz\n\t\"'()"
                + "\u200B\u00A0\uFEFF１２３";
        int[] extra = {0x1F600, 0x1F44D, 0x1F389, 0xD800, 0xDC00};
        Random random = new Random(20261129L);
        for (int run = 0; run < 2_000; run++) {
            StringBuilder text = new StringBuilder();
            int length = random.nextInt(120);
            for (int i = 0; i < length; i++) {
                if (random.nextInt(20) == 0) {
                    text.appendCodePoint(extra[random.nextInt(extra.length)]);
                } else {
                    text.append(alphabet.charAt(random.nextInt(alphabet.length())));
                }
            }
            String input = text.toString();
            assertThatCode(() -> {
                ParsedMessage m = grammar.read(input);
                assertThat(m.kind()).isNotNull();
            }).as("input %s", input.codePoints().mapToObj(Integer::toHexString).toList())
                    .doesNotThrowAnyException();
        }
    }
}
