package org.sanphalang.checkin;

import java.time.Duration;
import java.util.Map;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * @param photoWindow   a photo from the same person this soon after a check-in is attached to it
 * @param maxPhotoBytes larger photos are not kept
 * @param editWindow    after tapping แก้ไข, the person's next check-in within this time replaces the old one
 * @param defaultUnits  unit used by the button check-in per product (unit codes as the parser writes them);
 *                      products not listed count in packs
 * @param presets       amounts offered as buttons in the button check-in
 */
@ConfigurationProperties("sanphalang.checkin")
public record CheckInSettings(
        @DefaultValue("10m") Duration photoWindow,
        @DefaultValue("5242880") long maxPhotoBytes,
        @DefaultValue("10m") Duration editWindow,
        Map<String, String> defaultUnits,
        @DefaultValue({"10", "20", "50", "100", "200", "500"}) java.util.List<Integer> presets) {

    public String unitFor(String product) {
        return defaultUnits == null || product == null ? "pack" : defaultUnits.getOrDefault(product, "pack");
    }
}
