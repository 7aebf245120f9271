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
    void writesModuleDocumentationForEveryModule() throws Exception {
        java.nio.file.Path folder = java.nio.file.Path.of("target", "spring-modulith-docs");
        new Documenter(modules, Documenter.Options.defaults().withOutputFolder(folder.toString()))
                .writeModulesAsPlantUml().writeIndividualModulesAsPlantUml();

        org.assertj.core.api.Assertions.assertThat(folder.resolve("components.puml")).isNotEmptyFile();
        modules.forEach(module -> org.assertj.core.api.Assertions.assertThat(
                folder.resolve("module-" + module.getIdentifier() + ".puml")).isNotEmptyFile());
    }
}
