package org.sanphalang.flex;

import java.nio.file.Path;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Where the Flex templates are read from.
 *
 * @param templatesDir folder of template files ({@code SANPHALANG_FLEX_TEMPLATES_DIR}). Files found there win over
 *                     the packaged {@code classpath:flex-templates/} ones, file by file; a missing folder is fine.
 *                     Operators: give an absolute path. A relative one is converted by Spring's
 *                     {@code PathEditor}, which prefers a classpath folder of that name when one exists on disk
 *                     (so the default {@code flex-templates} resolves to {@code target/classes/flex-templates},
 *                     the build's copy of the top-level folder, under {@code mvn}) and otherwise takes it from
 *                     the working directory.
 */
@ConfigurationProperties("sanphalang.flex")
public record FlexSettings(@DefaultValue("flex-templates") Path templatesDir) {
}
