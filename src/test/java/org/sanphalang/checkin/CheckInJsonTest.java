package org.sanphalang.checkin;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The parse result reaches the API as the contract spells it: lower-case kind, plain numbers, explicit nulls. */
class CheckInJsonTest {

    private final JsonMapper json = JsonMapper.builder().build();

    @Test
    void serialisesAsTheContractShowsIt() {
        ParsedMessage m = new CheckInParser().parse("ทำข้าวแต๋น 250 ห่อ ได้เงิน 4,500 บาท");

        JsonNode actual = json.readTree(json.writeValueAsString(m));

        assertThat(actual).isEqualTo(json.readTree("""
                {"kind":"checkin","produced":{"qty":250,"unit":"pack"},"sold":null,"revenueBaht":4500,
                 "costBaht":null,"visitors":null,"product":"ข้าวแต๋น","needCategory":null}"""));
        assertThat(json.writeValueAsString(m)).doesNotContain("E+").contains("\"revenueBaht\":4500");
    }

    @Test
    void writesDecimalsAndNeedCategories() {
        String out = json.writeValueAsString(new CheckInParser().parse("เก็บส้ม 1.5 ตัน แต่ราคาตก"));
        assertThat(out).contains("\"qty\":1.5").contains("\"needCategory\":\"MARKET\"").contains("\"kind\":\"checkin\"");
    }
}
