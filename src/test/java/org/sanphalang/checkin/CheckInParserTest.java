package org.sanphalang.checkin;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;
import org.sanphalang.checkin.ParsedMessage.Kind;

class CheckInParserTest {

    private static final CheckInParser parser = new CheckInParser();

    private static Quantity q(String qty, String unit) {
        return new Quantity(new java.math.BigDecimal(qty), unit);
    }

    @Test
    void aQuantityWithoutUnitTakesThePreviousQuantitysUnit() {
        ParsedMessage m = parser.parse("ผลิต 120 ห่อ ขาย 95");
        assertThat(m.produced()).isEqualTo(q("120", "pack"));
        assertThat(m.sold()).isEqualTo(q("95", "pack"));
    }

    @Test
    void aQuantityWithoutAnyEarlierUnitHasNoUnit() {
        assertThat(parser.parse("ผลิต 70").produced()).isEqualTo(q("70", null));
    }

    @Test
    void quantitiesInTheSameUnitAddUp() {
        assertThat(parser.parse("ขายข้าวแต๋น 30 ห่อ กล้วยตาก 20 ห่อ").sold()).isEqualTo(q("50", "pack"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"ลูกค้าสั่ง 500 ห่อ", "จอง 20 ขวด", "got an order for 150 packs", "ออเดอร์ 300 ห่อ",
            "ลูกค้าต้องการ 100 ห่อ"})
    void ordersAreNeitherProducedNorSold(String text) {
        ParsedMessage m = parser.parse(text);
        assertThat(m.produced()).isNull();
        assertThat(m.sold()).isNull();
        assertThat(m.kind()).isEqualTo(Kind.OTHER);
    }

    @Test
    void anOrderDoesNotHideTheWorkDoneForIt() {
        ParsedMessage m = parser.parse("รับออเดอร์ 500 ห่อ ทำแล้ว 200 ห่อ");
        assertThat(m.produced()).isEqualTo(q("200", "pack"));
        assertThat(m.sold()).isNull();
    }

    @ParameterizedTest
    @ValueSource(strings = {"555", "555+ ขำมาก", "55555555", "๕๕๕", "5555++ จริง"})
    void laughterIsNotAQuantity(String text) {
        assertThat(parser.parse(text).kind()).isEqualTo(Kind.OTHER);
    }

    @Test
    void laughterNextToARealFigureLeavesTheFigure() {
        assertThat(parser.parse("555 ขายได้ 20 ห่อ").sold()).isEqualTo(q("20", "pack"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"นัดประชุม 10 โมง", "บ่ายสองเจอกัน", "บ่าย 3 โมงที่ศาลา", "วันที่ 15 ประชุม",
            "โทร 081-234-5678", "ประชุม 10:30 น.", "ตากกล้วยมา 3 วัน", "ใครไปตลาดบ้าง 2 คนพอ", "see you at 9"})
    void timesDatesPhonesAndHeadcountsAreNotFigures(String text) {
        ParsedMessage m = parser.parse(text);
        assertThat(m.produced()).isNull();
        assertThat(m.sold()).isNull();
        assertThat(m.revenueBaht()).isNull();
        assertThat(m.visitors()).isNull();
    }

    @Test
    void aMoneyAmountAfterASaleIsRevenue() {
        ParsedMessage m = parser.parse("ขาย 40 กก. ได้ 2,000 บาท");
        assertThat(m.revenueBaht()).isEqualByComparingTo("2000");
        assertThat(m.sold()).isEqualTo(q("40", "kg"));
    }

    @Test
    void aUnitPriceTimesTheQuantitySoldIsRevenueWhenNoTotalIsGiven() {
        assertThat(parser.parse("ขายได้ 60 ห่อ ห่อละ 25 บาท").revenueBaht()).isEqualByComparingTo("1500");
        assertThat(parser.parse("ขายได้ 120 ห่อ ห่อละ 25 รวม 3,000 บาท").revenueBaht()).isEqualByComparingTo("3000");
    }

    @Test
    void costWordsCoverTheWholeCostPhrase() {
        ParsedMessage m = parser.parse("ค่าน้ำมันรถไปส่งของ 350 บาท");
        assertThat(m.costBaht()).isEqualByComparingTo("350");
        assertThat(m.revenueBaht()).isNull();
    }

    @Test
    void visitorsAreCountedOnlyWithAVisitorWord() {
        assertThat(parser.parse("นักท่องเที่ยว 40 คน").visitors()).isEqualTo(40);
        assertThat(parser.parse("25 visitors today").visitors()).isEqualTo(25);
        assertThat(parser.parse("ประชุม 12 คน").visitors()).isNull();
    }

    @Test
    void zeroWidthSpacesInsideANumberAreDropped() {
        assertThat(parser.parse("ขาย 1\u200B000 ห่อ").sold()).isEqualTo(q("1000", "pack"));
        assertThat(parser.parse("ขาย\u200Bได้ 20\u200Cห่อ").sold()).isEqualTo(q("20", "pack"));
    }

    @Test
    void nonBreakingSpacesAndFullWidthDigitsAreReadLikePlainOnes() {
        assertThat(parser.parse("ขาย\u00A0１２\u00A0ห่อ").sold()).isEqualTo(q("12", "pack"));
    }

    @Test
    void emojiQuotesAndDollarSignsAreIgnored() {
        ParsedMessage m = parser.parse("\"ขาย ๕๐ ห่อ 😊🎉\" ได้ $ ๑,๐๐๐ บ. 👍");
        assertThat(m.sold()).isEqualTo(q("50", "pack"));
        assertThat(m.revenueBaht()).isEqualByComparingTo("1000");
    }

    @Test
    void amountsComeWithoutTrailingZeros() {
        ParsedMessage m = parser.parse("เก็บส้ม 1.50 ตัน ได้เงิน 4.5 หมื่น");
        assertThat(m.produced().qty().toPlainString()).isEqualTo("1.5");
        assertThat(m.revenueBaht().toPlainString()).isEqualTo("45000");
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(strings = {"   ", "\u200B\u200B", "\n\t"})
    void nothingToReadIsOther(String text) {
        assertThat(parser.parse(text)).isEqualTo(ParsedMessage.other());
    }

    @Test
    void aCheckInThatReportsAProblemStaysACheckInAndCarriesTheNeed() {
        ParsedMessage m = parser.parse("ขายได้ 50 ห่อ แต่ราคาตกมาก");
        assertThat(m.kind()).isEqualTo(Kind.CHECKIN);
        assertThat(m.needCategory()).isEqualTo(NeedCategory.MARKET);
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', value = {
            "ฝนตกทั้งอาทิตย์ ตากกล้วยไม่ได้|ENERGY", "อยากได้ตู้อบพลังงานแสงอาทิตย์|ENERGY",
            "our solar dryer is broken|ENERGY", "อยากได้เครื่องซีลถุงใหม่|PACKAGING",
            "ต้องการบรรจุภัณฑ์ใหม่|PACKAGING", "ส้มราคาตกมาก|MARKET", "ขายไม่ออกเลย|MARKET",
            "ต้องการความรู้เรื่องการทำบัญชี|FINANCE", "อยากกู้เงินมาลงทุน|FINANCE", "อยากขอ อย. ต้องทำยังไง|STANDARDS",
            "ขอคำแนะนำเรื่อง มผช.|STANDARDS", "นักท่องเที่ยวไม่มาเลย ช่วยประชาสัมพันธ์หน่อย|TOURISM",
            "หนอนระบาดในสวนส้ม|AGRICULTURE", "สมาชิกป่วยหลายคน|OTHER"})
    void namesTheCategoryOfANeed(String text, NeedCategory category) {
        ParsedMessage m = parser.parse(text);
        assertThat(m.kind()).isEqualTo(Kind.NEED);
        assertThat(m.needCategory()).isEqualTo(category);
    }

    @ParameterizedTest
    @ValueSource(strings = {"ขอบคุณทุกคนค่ะ", "ขอให้โชคดี", "พรุ่งนี้ไปประชุมไม่ได้นะ", "ตอบช้าหน่อยนะ"})
    void politePhrasesAndChatterAreNotNeeds(String text) {
        assertThat(parser.parse(text).kind()).isEqualTo(Kind.OTHER);
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', value = {"ทำข้าวแต๋น 100 ห่อ|ข้าวแต๋น", "ขายกล้วย 20 ถุง|กล้วยตาก",
            "เก็บส้ม 300 ลูก|ส้มเกลี้ยง", "ขายน้ำส้ม 40 ขวด|น้ำส้มเกลี้ยง", "sold 30 bottles of orange juice|น้ำส้มเกลี้ยง",
            "homestay guests 9|ท่องเที่ยวชุมชน", "นักท่องเที่ยวซื้อข้าวแต๋น 40 ห่อ|ข้าวแต๋น"})
    void namesTheProductInItsCanonicalThaiForm(String text, String product) {
        assertThat(parser.parse(text).product()).isEqualTo(product);
    }

    @Test
    void theParserIsSafeToShareBetweenThreads() throws Exception {
        var pool = java.util.concurrent.Executors.newFixedThreadPool(8);
        try {
            var futures = new java.util.ArrayList<java.util.concurrent.Future<ParsedMessage>>();
            for (int i = 0; i < 400; i++) {
                futures.add(pool.submit(() -> parser.parse("ผลิต ๑๒๐ ห่อ ขาย ๙๕ ห่อ ได้เงิน ๒,๓๗๕ บาท")));
            }
            for (var f : futures) {
                assertThat(f.get().revenueBaht()).isEqualByComparingTo("2375");
            }
        } finally {
            pool.shutdownNow();
        }
    }
}
