package org.sanphalang.groups;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * @param codeTtl          how long a registration code stays valid
 * @param maxCodeFailures  wrong codes a group may type before it must wait
 * @param codeLockout      how long it waits
 */
@ConfigurationProperties("sanphalang.groups")
record GroupsSettings(
        @DefaultValue("7d") Duration codeTtl,
        @DefaultValue("5") int maxCodeFailures,
        @DefaultValue("1h") Duration codeLockout) {
}
