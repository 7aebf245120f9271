package org.sanphalang.checkin.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class CheckInNumberReaderTest {

    private static final Tokenizer tokenizer = new Tokenizer(Lexicon.load());
    private final NumberReader reader = new NumberReader();

    private BigDecimal read(String text) {
        List<Token> tokens = tokenizer.tokenize(text);
        NumberReader.Amount amount = reader.read(tokens, 0);
        return amount == null ? null : amount.value();
    }

    @ParameterizedTest(name = "{0} = {1}")
    @CsvSource(delimiter = '|', value = {"2,375|2375", "45,000|45000", "1.5|1.5", "1,234.50|1234.50", "180|180"})
    void readsArabicDigitsWithGroupingAndDecimals(String text, BigDecimal expected) {
        assertThat(read(text)).isEqualByComparingTo(expected);
    }

    @ParameterizedTest(name = "{0} = {1}")
    @CsvSource(delimiter = '|', value = {"๒,๓๗๕|2375", "๘,๒๐๐|8200", "๑.๕|1.5", "๑๒๐|120"})
    void readsThaiDigitsWithGrouping(String text, BigDecimal expected) {
        assertThat(read(text)).isEqualByComparingTo(expected);
    }

    @ParameterizedTest(name = "{0} = {1}")
    @CsvSource(delimiter = '|', value = {"หนึ่งร้อยยี่สิบ|120", "สองพัน|2000", "สามร้อย|300", "สิบเอ็ด|11",
            "ยี่สิบห้า|25", "ร้อยเอ็ด|101", "หกพันสองร้อยห้าสิบ|6250", "สองแสนห้าหมื่น|250000", "ล้าน|1000000",
            "สิบ|10"})
    void readsThaiNumberWords(String text, BigDecimal expected) {
        assertThat(read(text)).isEqualByComparingTo(expected);
    }

    @ParameterizedTest(name = "{0} = {1}")
    @CsvSource(delimiter = '|', value = {"3 พัน|3000", "3 หมื่น 5 พัน|35000", "1.5 หมื่น|15000", "2.5 หมื่น|25000",
            "1.2 แสน|120000", "2 ล้าน|2000000", "1 พัน 2 ร้อย|1200", "3พัน|3000", "๓ หมื่น|30000"})
    void readsDigitsFollowedByMultiplierWords(String text, BigDecimal expected) {
        assertThat(read(text)).isEqualByComparingTo(expected);
    }

    @ParameterizedTest(name = "{0} = {1}")
    @CsvSource(delimiter = '|', value = {"หมื่นห้า|15000", "2 หมื่น 5|25000", "พันห้า|1500", "แสนสอง|120000",
            "ร้อยห้า|105"})
    void readsTheSpokenShortFormOnlyAfterThousandsAndAbove(String text, BigDecimal expected) {
        assertThat(read(text)).isEqualByComparingTo(expected);
    }

    @ParameterizedTest(name = "{0} = {1}")
    @CsvSource(delimiter = '|', value = {"4k|4000", "4K|4000", "2.5k|2500", "12k|12000"})
    void readsKAfterANumberAsThousand(String text, BigDecimal expected) {
        assertThat(read(text)).isEqualByComparingTo(expected);
    }

    @Test
    void endsTheAmountAtASecondFigure() {
        List<Token> tokens = tokenizer.tokenize("70 50");
        NumberReader.Amount amount = reader.read(tokens, 0);
        assertThat(amount.value()).isEqualByComparingTo("70");
        assertThat(amount.next()).isEqualTo(1);
    }

    @Test
    void readsApproximateAmountsAsTheirRoundFigure() {
        assertThat(read("3 พันกว่า")).isEqualByComparingTo("3000");
    }

    @Test
    void refusesAbsurdlyLargeAmounts() {
        List<Token> tokens = tokenizer.tokenize("99999999999999999999");
        NumberReader.Amount amount = reader.read(tokens, 0);
        assertThat(amount.value()).isNull();
        assertThat(amount.next()).isEqualTo(1);
    }

    @Test
    void returnsNothingWhereNoNumberStarts() {
        assertThat(read("ขาย")).isNull();
    }
}
