package org.sanphalang.checkin;

import java.math.BigDecimal;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

import com.linecorp.bot.messaging.model.Message;
import com.linecorp.bot.messaging.model.PostbackAction;
import com.linecorp.bot.messaging.model.QuickReply;
import com.linecorp.bot.messaging.model.QuickReplyItem;
import com.linecorp.bot.messaging.model.TextMessage;
import org.sanphalang.checkin.internal.CheckInCards;
import org.sanphalang.checkin.internal.CheckInStore;
import org.sanphalang.groups.Groups;
import org.sanphalang.groups.LineGroup;
import org.sanphalang.groups.PrivacyNotice;
import org.sanphalang.outbound.Outbox;
import org.sanphalang.outbound.OutgoingMessage;
import org.sanphalang.webhook.ChatHandler;
import org.sanphalang.webhook.ChatMessage;
import org.sanphalang.webhook.Postback;
import org.springframework.context.MessageSource;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;

/**
 * A check-in with no typing: รายงานผล → product → what (ผลิต / ขาย / รายได้) → amount, each step a row of quick-reply
 * buttons. The last row also offers "พิมพ์เอง", which opens the keyboard already filled with the words to complete.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 110)
class ButtonReport implements ChatHandler {

    private static final Set<String> START = Set.of("รายงานผล", "รายงาน", "report");
    private static final List<Integer> BAHT_PRESETS = List.of(500, 1000, 2000, 3000, 5000, 10000);

    private final Groups groups;
    private final CheckInStore store;
    private final CheckInCards cards;
    private final PrivacyNotice privacy;
    private final Outbox outbox;
    private final MessageSource texts;
    private final CheckInSettings settings;
    private final Clock clock;

    ButtonReport(Groups groups, CheckInStore store, CheckInCards cards, PrivacyNotice privacy, Outbox outbox, MessageSource texts,
                 CheckInSettings settings, Clock clock) {
        this.groups = groups;
        this.store = store;
        this.cards = cards;
        this.privacy = privacy;
        this.outbox = outbox;
        this.texts = texts;
        this.settings = settings;
        this.clock = clock;
    }

    @Override
    public boolean handle(ChatMessage message) {
        if (!message.chat().isGroup()) {
            return false;
        }
        boolean started = message.isText() && START.contains(message.text().toLowerCase(Locale.ROOT));
        Postback postback = message.postback();
        if (!started && !"report".equals(postback.action())) {
            return false;
        }
        Optional<LineGroup> group = groups.find(message.chat().id()).filter(LineGroup::registered);
        if (group.isEmpty()) {
            send(message, List.of(new TextMessage(text("checkin.unregistered"))));
            return true;
        }
        String product = postback.get("p");
        String what = postback.get("w");
        String amount = postback.get("q");
        if (product == null) {
            askProduct(message, group.get());
        } else if (what == null) {
            askWhat(message, product);
        } else if (amount == null) {
            askAmount(message, product, what);
        } else {
            record(message, group.get(), product, what, amount);
        }
        return true;
    }

    private void askProduct(ChatMessage message, LineGroup group) {
        List<QuickReplyItem> items = new ArrayList<>();
        List<String> products = group.products() == null ? List.of() : group.products();
        for (String product : products.stream().limit(12).toList()) {
            items.add(button(product, "action=report&p=" + enc(product), product));
        }
        items.add(button(text("checkin.report.other-product"), "action=report&p=-", text("checkin.report.other-product")));
        send(message, List.of(question(text("checkin.report.product"), items)));
    }

    private void askWhat(ChatMessage message, String product) {
        List<QuickReplyItem> items = new ArrayList<>();
        for (String what : List.of("produced", "sold", "revenue")) {
            String label = text("checkin.what." + what);
            items.add(button(label, "action=report&p=" + enc(product) + "&w=" + what, label));
        }
        send(message, List.of(question(text("checkin.report.what"), items)));
    }

    private void askAmount(ChatMessage message, String product, String what) {
        boolean money = what.equals("revenue");
        String unit = money ? "บาท" : texts.getMessage("unit." + settings.unitFor(product), null, "", CheckInCards.THAI_LOCALE);
        List<QuickReplyItem> items = new ArrayList<>();
        for (int amount : money ? BAHT_PRESETS : settings.presets()) {
            String label = (CheckInCards.number(BigDecimal.valueOf(amount)) + " " + unit).strip();
            items.add(button(label, "action=report&p=" + enc(product) + "&w=" + what + "&q=" + amount, label));
        }
        String fill = text("checkin.what." + what) + ("-".equals(product) ? "" : product) + " ";
        items.add(new QuickReplyItem(new PostbackAction(text("checkin.report.type-own"), "action=report-type", null, null,
                PostbackAction.InputOption.OPEN_KEYBOARD, fill)));
        send(message, List.of(question(texts.getMessage("checkin.report.amount", new Object[]{unit}, CheckInCards.THAI_LOCALE), items)));
    }

    private void record(ChatMessage message, LineGroup group, String product, String what, String amountText) {
        BigDecimal amount;
        try {
            amount = new BigDecimal(amountText);
        } catch (NumberFormatException forged) {
            return;
        }
        String productName = "-".equals(product) ? null : product;
        Quantity quantity = new Quantity(amount, settings.unitFor(productName));
        ParsedMessage figures = switch (what) {
            case "produced" -> new ParsedMessage(ParsedMessage.Kind.CHECKIN, quantity, null, null, null, null, productName, null);
            case "sold" -> new ParsedMessage(ParsedMessage.Kind.CHECKIN, null, quantity, null, null, null, productName, null);
            default -> new ParsedMessage(ParsedMessage.Kind.CHECKIN, null, null, amount, null, null, productName, null);
        };
        String summary = text("checkin.what." + what) + " " + ("revenue".equals(what) ? CheckInCards.number(amount) + " บาท" : cards.quantity(quantity));
        CheckIn checkIn = store.record(CheckInStore.of("b" + message.eventKey(), group.id(), message.userId(), message.at(),
                summary, figures, productName, "buttons"));
        List<Message> reply = new ArrayList<>();
        privacy.firstTime(group.id()).ifPresent(reply::add);
        reply.add(cards.confirmation(checkIn, group.displayName(), clock.getZone()));
        send(message, reply);
    }

    private static QuickReplyItem button(String label, String data, String displayText) {
        String shortLabel = label.length() > 20 ? label.substring(0, 20) : label;
        return new QuickReplyItem(new PostbackAction(shortLabel, data, displayText, null, null, null));
    }

    private static TextMessage question(String text, List<QuickReplyItem> items) {
        return new TextMessage(new QuickReply(items), null, text, null, null);
    }

    private String text(String key) {
        return texts.getMessage(key, null, CheckInCards.THAI_LOCALE);
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    private void send(ChatMessage message, List<Message> messages) {
        outbox.enqueue(OutgoingMessage.reply("report:" + message.eventKey(), message.chat().id(), message.replyToken(),
                message.at(), "button-report", messages));
    }
}
