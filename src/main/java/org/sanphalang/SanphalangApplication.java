package org.sanphalang;

import java.time.Clock;
import java.time.ZoneId;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.context.annotation.Bean;
import org.springframework.scheduling.annotation.EnableScheduling;

/**
 * Sanphalang (สานพลัง): a LINE chatbot that keeps village producer groups and the officers who support
 * them moving together. Each feature lives in its own package; see the package-info of each.
 */
@SpringBootApplication
@ConfigurationPropertiesScan
@EnableScheduling
public class SanphalangApplication {

    public static void main(String[] args) {
        SpringApplication.run(SanphalangApplication.class, args);
    }

    /** One clock for "now" and "today", in {@code SANPHALANG_ZONE}; tests replace it to move time. */
    @Bean
    Clock clock(@Value("${sanphalang.zone}") ZoneId zone) {
        return Clock.system(zone);
    }
}
