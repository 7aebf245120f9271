package org.sanphalang.checkin.internal;

/** What the figures after a cue word are. */
public enum Cue {
    PRODUCED,
    SOLD,
    /** "ขายหมด": sold out, so a bare amount after it is money and the last quantity is what was sold. */
    SOLDOUT,
    /** "ยอดขาย": money or a bare amount is revenue, goods are sold. */
    SALES,
    REVENUE,
    COST,
    /** "ซื้อ": the group buying inputs (cost), or a buyer buying from the group (sale). */
    BUY,
    /** "ส่ง": delivering, which is a sale only when a buyer is named. */
    DELIVER,
    VISITORS,
    ORDER,
    /** Leftovers, profit, loss: amounts that are none of the contract's figures. */
    STOCK;

    /** Cues that can claim a quantity written just before them ("40 แพ็ค ขายหมดแล้ว", "25 visitors"). */
    boolean claimsBackwards() {
        return this == PRODUCED || this == SOLD || this == SOLDOUT || this == VISITORS;
    }

    boolean isProductionOrSale() {
        return this == PRODUCED || this == SOLD || this == SOLDOUT || this == SALES;
    }
}
