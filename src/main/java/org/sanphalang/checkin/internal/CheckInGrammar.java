package org.sanphalang.checkin.internal;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.List;
import java.util.Objects;
import org.sanphalang.checkin.NeedCategory;
import org.sanphalang.checkin.ParsedMessage;
import org.sanphalang.checkin.ParsedMessage.Kind;
import org.sanphalang.checkin.Quantity;

/**
 * Reads the tokens of one message left to right.
 * <p>
 * A cue word ("ผลิต", "ขาย", "รายได้", "ค่า…", "จอง") decides what the amounts after it are until the next cue; an
 * amount is a number phrase plus the unit word right after it. Goods with no cue at all count as produced, because
 * that is what a bare report ("วันนี้ 200 ห่อ") means; money with no cue counts as revenue for the same reason,
 * and money after a sale is its revenue. Orders, bookings, leftovers and wanted things are read and dropped.
 * <p>
 * Kind: any figure makes a check-in. Otherwise a need cue makes a need. A check-in that also reports a problem keeps
 * kind {@code checkin} and carries the need's category, so no figure is lost and the need is still visible.
 */
public final class CheckInGrammar {

    private static final String PEOPLE = "people";
    private static final String OTHER_UNIT = "other";
    private static final BigDecimal MAX_VISITORS = new BigDecimal(1_000_000);

    private final Tokenizer tokenizer;
    private final NumberReader numbers = new NumberReader();

    public CheckInGrammar(Lexicon lexicon) {
        this.tokenizer = new Tokenizer(lexicon);
    }

    public ParsedMessage read(String text) {
        return new Reading(tokenizer.tokenize(text)).run();
    }

    /** What kind of thing follows an amount. */
    private enum UnitKind { GOODS, NONE, MONEY, PEOPLE, IGNORED }

    /** Modifiers that apply to the next amount only. */
    private enum OneShot { NONE, SKIP, PRICE, MONEY_PREFIX }

    /** The state of one parse; never shared between threads. */
    private final class Reading {
        private final List<Token> tokens;

        private Cue role;
        private boolean needRole;
        /** Between a cost word and its amount, other cues are part of the cost's name. */
        private boolean costPhrase;
        /** The current sale cue already has its quantity: a bare amount after it is the money. */
        private boolean cueFilled;
        /** A unit price read while talking about cost is a unit cost, which never becomes revenue. */
        private boolean priceIsCost;
        private OneShot oneShot = OneShot.NONE;
        private boolean buyer;
        private boolean total;
        private String lastUnit;
        private Quantity lastGoods;

        private Quantity produced;
        private Quantity sold;
        private BigDecimal revenue;
        private BigDecimal cost;
        private BigDecimal visitors;
        private BigDecimal unitPrice;
        private String priceUnit;

        private String product;
        private String service;
        private NeedCategory topic;
        private NeedCategory weakTopic;
        private boolean strongNeed;
        private boolean weakNeed;
        private boolean productionCue;

        Reading(List<Token> tokens) {
            this.tokens = tokens;
        }

        ParsedMessage run() {
            int i = 0;
            while (i < tokens.size()) {
                Token t = tokens.get(i);
                if (t.isNumeric()) {
                    i = amount(i);
                    continue;
                }
                if (t.type() == Token.Type.PUNCT || t.type() == Token.Type.NUMBERISH) {
                    oneShot = OneShot.NONE;
                    costPhrase = false;
                } else if (t.type() == Token.Type.WORD) {
                    word(i);
                }
                i++;
            }
            return result();
        }

        private void word(int i) {
            Token t = tokens.get(i);
            for (LexEntry e : t.entries()) {
                switch (e.role()) {
                    case PRODUCT -> product = product == null ? compound(i, e.arg()) : product;
                    case SERVICE -> service = service == null ? e.arg() : service;
                    case TOPIC -> topic = topic == null ? NeedCategory.valueOf(e.arg()) : topic;
                    case WEAKTOPIC -> weakTopic = weakTopic == null ? NeedCategory.valueOf(e.arg()) : weakTopic;
                    case WEAKNEED -> weakNeed = true;
                    case BUYER -> buyer = true;
                    case TOTAL -> total = true;
                    case SKIPNEXT -> oneShot = OneShot.SKIP;
                    case PRICE -> setPrice(null);
                    case PER -> per(i);
                    case MONEY -> {
                        if (i + 1 < tokens.size() && tokens.get(i + 1).isNumeric()) {
                            oneShot = OneShot.MONEY_PREFIX; // "฿1,600"
                        }
                    }
                    default -> { }
                }
            }
            if (t.has(Role.NEED)) {
                if (buyer && amountFollows(i + 1)) {
                    role = Cue.ORDER; // "ลูกค้าต้องการ 100 ห่อ" is an order, not the group's need
                } else {
                    strongNeed = true;
                    role = null;
                    needRole = true;
                }
            }
            Cue cue = t.cue();
            if (cue != null) {
                cue(cue, i);
            }
        }

        private void cue(Cue cue, int i) {
            if (costPhrase && !tokens.get(i).spaceBefore()) {
                return; // "ค่าน้ำมันรถไปส่งของ 350": the words after ค่า name the cost, they are not cues
            }
            needRole = false;
            cueFilled = false;
            oneShot = OneShot.NONE;
            costPhrase = cue == Cue.COST;
            if (cue == Cue.BUY) {
                cue = buyer ? Cue.SOLD : Cue.COST; // a named buyer buys from the group; otherwise the group buys
            }
            if (cue.isProductionOrSale()) {
                productionCue = true;
            }
            if (cue == Cue.VISITORS) {
                buyer = true; // visitors who buy are customers
            }
            if (cue == Cue.SOLDOUT) {
                soldOut(i);
            }
            role = cue;
        }

        /** "ห่อละ 25" names the unit before ละ; "ต่อห่อ 12", "per pack" name it after. */
        private void per(int i) {
            String before = i > 0 ? unitCode(tokens.get(i - 1)) : null;
            String after = i + 1 < tokens.size() ? unitCode(tokens.get(i + 1)) : null;
            if (before != null || after != null) {
                setPrice(before != null ? before : after);
            }
        }

        private void setPrice(String unit) {
            oneShot = OneShot.PRICE;
            priceUnit = unit;
            priceIsCost = role == Cue.COST;
        }

        /** In English the head noun comes last: "orange juice" is juice, not oranges. */
        private String compound(int i, String name) {
            Token t = tokens.get(i);
            boolean latin = !t.text().isEmpty() && t.text().charAt(0) < 0x0E00;
            if (latin && i + 1 < tokens.size() && tokens.get(i + 1).has(Role.PRODUCT)) {
                return tokens.get(i + 1).arg(Role.PRODUCT);
            }
            return name;
        }

        private boolean amountFollows(int k) {
            for (int j = k; j < tokens.size() && !stopsLookahead(tokens.get(j)); j++) {
                if (tokens.get(j).isNumeric()) {
                    return true;
                }
            }
            return false;
        }

        /** "ขายหมด": unless goods follow, what was sold is the last quantity read, and a bare amount is money. */
        private void soldOut(int i) {
            int k = i + 1;
            while (k < tokens.size() && !stopsLookahead(tokens.get(k)) && !tokens.get(k).isNumeric()) {
                k++;
            }
            if (k < tokens.size() && tokens.get(k).isNumeric()) {
                NumberReader.Amount a = numbers.read(tokens, k);
                if (a != null && unitKind(a.next()) == UnitKind.GOODS) {
                    return;
                }
            }
            if (sold == null && lastGoods != null) {
                sold = lastGoods;
            }
        }

        private int amount(int i) {
            Token first = tokens.get(i);
            NumberReader.Amount a = numbers.read(tokens, i);
            if (a == null) {
                return i + 1;
            }
            int next = a.next();
            UnitKind kind = unitKind(next);
            String unit = kind == UnitKind.GOODS || kind == UnitKind.PEOPLE || kind == UnitKind.IGNORED
                    ? unitCode(tokens.get(next)) : null;
            if (kind != UnitKind.NONE) {
                next++;
            }
            if (a.value() == null) {
                oneShot = OneShot.NONE;
                return next;
            }
            boolean single = a.next() == i + 1;
            if (single && first.laughter() && kind == UnitKind.NONE) {
                return next; // 555, 555+
            }
            OneShot shot = oneShot;
            oneShot = OneShot.NONE;
            costPhrase = false;
            if ((kind == UnitKind.MONEY || kind == UnitKind.NONE) && next < tokens.size()
                    && tokens.get(next).has(Role.PER)) {
                // "25 บาท ต่อห่อ", "30 baht per pack": a price written after its amount
                String perUnit = next + 1 < tokens.size() ? unitCode(tokens.get(next + 1)) : null;
                if (perUnit != null || tokens.get(next).arg(Role.PER) != null) {
                    setPrice(perUnit);
                    shot = OneShot.PRICE;
                    next += perUnit != null ? 2 : 1;
                }
            }
            if (kind == UnitKind.GOODS) {
                lastUnit = unit;
            }
            if (shot == OneShot.SKIP || kind == UnitKind.IGNORED) {
                return next;
            }
            if (shot == OneShot.PRICE) {
                if ((kind == UnitKind.MONEY || kind == UnitKind.NONE) && !priceIsCost) {
                    unitPrice = a.value();
                }
                return next;
            }
            if (shot == OneShot.MONEY_PREFIX && kind == UnitKind.NONE) {
                kind = UnitKind.MONEY;
            }
            dispatch(a.value(), kind, unit, next);
            total = false;
            return next;
        }

        private void dispatch(BigDecimal value, UnitKind kind, String unit, int next) {
            Cue r = needRole ? Cue.STOCK : role;
            if (r == null && kind != UnitKind.MONEY) {
                Cue claim = claimingCue(next);
                if (claim != null) {
                    r = claim;
                } else if (kind == UnitKind.GOODS) {
                    r = Cue.PRODUCED;
                } else {
                    return;
                }
            }
            switch (kind) {
                case MONEY -> money(value, r);
                case PEOPLE -> {
                    if (r == Cue.VISITORS) {
                        addVisitors(value);
                    }
                }
                case GOODS -> goods(new Quantity(value, unit), r);
                case NONE -> bare(value, r);
                default -> { }
            }
        }

        private void money(BigDecimal value, Cue r) {
            if (r == null) {
                revenue = add(revenue, value);
                return;
            }
            switch (r) {
                case COST -> cost = add(cost, value);
                case ORDER, STOCK -> { }
                default -> revenue = add(revenue, value);
            }
        }

        private void goods(Quantity q, Cue r) {
            switch (r) {
                case PRODUCED -> produced = add(produced, q);
                case SOLD, SALES, SOLDOUT -> {
                    sold = add(sold, q);
                    cueFilled = true;
                }
                case DELIVER -> {
                    if (buyer) {
                        sold = add(sold, q);
                    }
                }
                default -> { }
            }
            lastGoods = q;
        }

        private void bare(BigDecimal value, Cue r) {
            switch (r) {
                case SOLD -> {
                    if (cueFilled) {
                        revenue = add(revenue, value); // "ขาย 40 กก. ได้ 6,000": the amount after the sale is money
                    } else {
                        goods(new Quantity(value, lastUnit), r);
                    }
                }
                case PRODUCED -> goods(new Quantity(value, lastUnit), r);
                case DELIVER -> {
                    if (buyer) {
                        goods(new Quantity(value, lastUnit), r);
                    }
                }
                case SOLDOUT, SALES, REVENUE -> revenue = add(revenue, value);
                case COST -> cost = add(cost, value);
                case VISITORS -> addVisitors(value);
                default -> { }
            }
        }

        /**
         * A quantity written before its cue ("40 แพ็ค ขายหมดแล้ว", "25 visitors") belongs to that cue when the cue
         * is the very next word and has no amount of its own; otherwise "ได้ 180 ห่อ ขายไป 100" would lose 180.
         */
        private Cue claimingCue(int next) {
            int k = next;
            while (k < tokens.size() && tokens.get(k).isFillerOnly()) {
                k++;
            }
            if (k >= tokens.size()) {
                return null;
            }
            Cue cue = tokens.get(k).cue();
            if (cue == null || !cue.claimsBackwards()) {
                return null;
            }
            for (int j = k + 1; j < tokens.size() && !stopsLookahead(tokens.get(j)); j++) {
                if (tokens.get(j).isNumeric()) {
                    return null;
                }
            }
            return cue;
        }

        private boolean stopsLookahead(Token t) {
            return t.type() == Token.Type.PUNCT || t.cue() != null;
        }

        private UnitKind unitKind(int index) {
            if (index >= tokens.size()) {
                return UnitKind.NONE;
            }
            Token t = tokens.get(index);
            if (t.type() == Token.Type.UNKNOWN) {
                return UnitKind.IGNORED; // counted in something we do not know ("50 ชุด"): better lost than misfiled
            }
            if (t.has(Role.UNIT)) {
                return OTHER_UNIT.equals(t.arg(Role.UNIT)) ? UnitKind.IGNORED : UnitKind.GOODS;
            }
            if (t.has(Role.MONEY)) {
                return UnitKind.MONEY;
            }
            if (t.has(Role.PEOPLE)) {
                return UnitKind.PEOPLE;
            }
            if (t.has(Role.TIME)) {
                return UnitKind.IGNORED;
            }
            return UnitKind.NONE;
        }

        private String unitCode(Token t) {
            if (t.has(Role.UNIT)) {
                return t.arg(Role.UNIT);
            }
            return t.has(Role.PEOPLE) ? PEOPLE : null;
        }

        private Quantity add(Quantity old, Quantity q) {
            if (old == null || total) {
                return q;
            }
            // Different units cannot be added; the first one reported is kept.
            return Objects.equals(old.unit(), q.unit()) ? new Quantity(old.qty().add(q.qty()), old.unit()) : old;
        }

        private BigDecimal add(BigDecimal old, BigDecimal value) {
            return old == null || total ? value : old.add(value);
        }

        private void addVisitors(BigDecimal value) {
            visitors = add(visitors, value);
        }

        private ParsedMessage result() {
            if (revenue == null && unitPrice != null) {
                if (PEOPLE.equals(priceUnit)) {
                    revenue = visitors == null ? null : visitors.multiply(unitPrice);
                } else if (sold != null
                        && (priceUnit == null || sold.unit() == null || priceUnit.equals(sold.unit()))) {
                    revenue = sold.qty().multiply(unitPrice);
                }
            }
            Integer people = visitors == null || visitors.compareTo(MAX_VISITORS) > 0 ? null
                    : visitors.setScale(0, RoundingMode.HALF_UP).intValueExact();
            boolean figures = produced != null || sold != null || revenue != null || cost != null || people != null;
            boolean need = strongNeed || (weakNeed && (topic != null || weakTopic != null || productionCue));
            NeedCategory category = !need ? null
                    : topic != null ? topic : weakTopic != null ? weakTopic : NeedCategory.OTHER;
            Kind kind = figures ? Kind.CHECKIN : need ? Kind.NEED : Kind.OTHER;
            return new ParsedMessage(kind, clean(produced), clean(sold), clean(revenue), clean(cost), people,
                    product != null ? product : service, category);
        }

        private Quantity clean(Quantity q) {
            return q == null ? null : new Quantity(clean(q.qty()), q.unit());
        }

        private BigDecimal clean(BigDecimal v) {
            if (v == null) {
                return null;
            }
            BigDecimal s = v.stripTrailingZeros();
            return s.scale() < 0 ? s.setScale(0) : s; // 4.5E+3 would reach JSON as 4.5E+3
        }
    }
}
