package org.sanphalang.flex;

import java.nio.file.Path;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Where the Flex templates are read from.
 *
 * @param templatesDir an operator's folder of template files ({@code SANPHALANG_FLEX_TEMPLATES_DIR}), best given as
 *                     an absolute path. Files found there win over the packaged {@code classpath:flex-templates/}
 *                     ones (the repository's top-level {@code flex-templates/}), file by file. Unset: the packaged
 *                     templates only.
 */
@ConfigurationProperties("sanphalang.flex")
public record FlexSettings(Path templatesDir) {
}
