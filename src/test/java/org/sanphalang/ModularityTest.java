package org.sanphalang;

import org.junit.jupiter.api.Test;
import org.springframework.modulith.core.ApplicationModules;
import org.springframework.modulith.docs.Documenter;

/** Feature packages talk only through each other's public (top-level) types, and never in a cycle. */
class ModularityTest {

    static final ApplicationModules modules = ApplicationModules.of(SanphalangApplication.class);

    @Test
    void featureModulesRespectTheirBoundaries() {
        modules.verify();
    }

    @Test
    void writesModuleDocumentation() {
        new Documenter(modules).writeModulesAsPlantUml().writeIndividualModulesAsPlantUml();
    }
}
