/**
 * The bot's Flex Messages as JSON templates, rendered safely.
 * <p>
 * Templates live in the top-level folder {@code flex-templates/} (packaged into the jar as
 * {@code classpath:flex-templates/}); an operator overrides any of them by pointing
 * {@code sanphalang.flex.templates-dir} at a folder holding files of the same names. Each file is a whole
 * Flex message object ({@code {"type":"flex","altText":…,"contents":…}}) with named placeholders.
 * {@link org.sanphalang.flex.FlexTemplates} fills them in on the JSON tree — never by string concatenation —
 * so whatever a villager typed comes out as text and cannot break or inject JSON, and then enforces LINE's
 * size limits. See {@link org.sanphalang.flex.FlexTemplates} for the placeholder rules.
 */
@org.springframework.modulith.ApplicationModule(displayName = "Flex templates")
package org.sanphalang.flex;
