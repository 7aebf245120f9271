package org.sanphalang.store;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.springframework.boot.SpringApplication;
import org.springframework.mock.env.MockEnvironment;

class EmbeddedStoreDefaultsTest {

    private final EmbeddedStoreDefaults defaults = new EmbeddedStoreDefaults();

    @Test
    void theDriversCommandTimersAreOffOnTheEmbeddedStore() {
        MockEnvironment environment = new MockEnvironment().withProperty("sanphalang.store.uri", "");
        defaults.postProcessEnvironment(environment, new SpringApplication());
        assertThat(environment.getProperty(EmbeddedStoreDefaults.COMMAND_METRICS)).isEqualTo("false");

        MockEnvironment unset = new MockEnvironment();
        defaults.postProcessEnvironment(unset, new SpringApplication());
        assertThat(unset.getProperty(EmbeddedStoreDefaults.COMMAND_METRICS)).isEqualTo("false");
    }

    @Test
    void onARealMongoDbSpringBootsDefaultStays() {
        MockEnvironment environment = new MockEnvironment().withProperty("sanphalang.store.uri", "mongodb://db1,db2/?replicaSet=rs0");
        defaults.postProcessEnvironment(environment, new SpringApplication());
        assertThat(environment.getProperty(EmbeddedStoreDefaults.COMMAND_METRICS)).isNull();
        assertThat(environment.getPropertySources().contains(EmbeddedStoreDefaults.SOURCE)).isFalse();
    }

    @Test
    void anOperatorsSettingWinsOverTheDefault() {
        MockEnvironment environment = new MockEnvironment().withProperty(EmbeddedStoreDefaults.COMMAND_METRICS, "true");
        defaults.postProcessEnvironment(environment, new SpringApplication());
        assertThat(environment.getProperty(EmbeddedStoreDefaults.COMMAND_METRICS)).isEqualTo("true");
    }
}
